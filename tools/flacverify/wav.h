/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RIFF WAV parsing and PCM comparison for flacverify.
 *
 * The parser works on a whole file in memory (flacverify maps it) and never
 * trusts a size field before checking it against the bytes that are there.
 * Only what the FLAC demo produces is accepted: integer PCM, 16 bits per
 * sample, little-endian, in a plain or WAVE_FORMAT_EXTENSIBLE fmt chunk.
 */
#ifndef FLACVERIFY_WAV_H
#define FLACVERIFY_WAV_H

#include <stddef.h>
#include <stdint.h>

enum wav_status {
	WAV_OK = 0,
	WAV_ETRUNC,	/* a header or chunk runs past the end of the file */
	WAV_ENOTWAV,	/* no "RIFF....WAVE" at the start */
	WAV_ENOFMT,	/* no fmt chunk */
	WAV_ENODATA,	/* no data chunk */
	WAV_EENCODING,	/* not integer PCM */
	WAV_EBITS,	/* integer PCM, but not 16 bits per sample */
	WAV_EBADFMT,	/* fields that contradict each other */
};

struct wav_info {
	uint16_t format_tag;	/* 1, or 0xfffe with a PCM sub-format */
	uint16_t channels;
	uint32_t sample_rate;
	uint16_t bits_per_sample;
	uint16_t block_align;	/* bytes per frame: channels * 2 */
	size_t data_offset;	/* first byte of the samples in the file */
	size_t data_len;	/* bytes of samples */
	uint64_t frames;	/* data_len / block_align */
};

/**
 * wav_parse() - find and check the fmt and data chunks of a WAV file
 * @file:  the whole file
 * @len:   its length in bytes
 * @info:  filled in on success
 * @why:   on failure, a one-line explanation with offsets (may be NULL)
 * @whylen: size of @why
 *
 * Chunks are walked in order, skipping unknown ones and the pad byte after
 * an odd-sized chunk.  Bytes after the length given in the RIFF header are
 * ignored.
 *
 * Return: WAV_OK or one of the other enum wav_status values.
 */
int wav_parse(const void *file, size_t len, struct wav_info *info,
	      char *why, size_t whylen);

/** wav_strerror() - a short name for an enum wav_status value */
const char *wav_strerror(int status);

/*
 * Walks the samples of a parsed WAV file in step with a decoder that
 * delivers planar blocks (one array per channel, as libFLAC does).
 */
struct wav_cursor {
	const uint8_t *data;
	uint64_t frames;
	uint64_t pos;		/* next frame to compare */
	unsigned int channels;
};

enum wav_cmp {
	WAV_CMP_SAME = 0,
	WAV_CMP_DIFFER,		/* a sample differs; see the mismatch */
	WAV_CMP_LONGER,		/* the decoder has frames past the WAV's end */
	WAV_CMP_CHANNELS,	/* the block has a different channel count */
};

struct wav_mismatch {
	uint64_t frame;		/* frame index from the start of the data */
	unsigned int channel;
	int32_t expected;	/* sample in the WAV */
	int32_t got;		/* sample from the decoder */
};

/** wav_cursor_init() - start comparing at the first frame of @info's data */
void wav_cursor_init(struct wav_cursor *c, const void *file,
		     const struct wav_info *info);

/**
 * wav_compare_block() - compare one planar block against the next WAV frames
 * @c:      cursor; advanced by the frames that matched
 * @chan:   @nchan arrays of @nframes samples each
 * @nchan:  channels in the block
 * @nframes: frames in the block
 * @mm:     on WAV_CMP_DIFFER, the first differing sample; on
 *          WAV_CMP_LONGER, the frame that has no counterpart
 *
 * Return: an enum wav_cmp value.
 */
int wav_compare_block(struct wav_cursor *c, const int32_t *const chan[],
		      unsigned int nchan, unsigned int nframes,
		      struct wav_mismatch *mm);

#endif /* FLACVERIFY_WAV_H */
