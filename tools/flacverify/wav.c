// SPDX-License-Identifier: GPL-2.0
/*
 * RIFF WAV parsing and PCM comparison for flacverify; see wav.h.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "wav.h"

#define RIFF_HEADER_LEN	12	/* "RIFF", size, "WAVE" */
#define CHUNK_HEADER_LEN 8	/* id, size */
#define FMT_MIN_LEN	16
#define FMT_EXT_LEN	40	/* WAVEFORMATEXTENSIBLE */
#define WAVE_FORMAT_PCM		0x0001
#define WAVE_FORMAT_EXTENSIBLE	0xfffe

/* KSDATAFORMAT_SUBTYPE_PCM after its first two bytes (the format tag). */
static const uint8_t pcm_guid_tail[14] = {
	0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00,
	0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71,
};

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 |
	       (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int fail(int status, char *why, size_t whylen, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(int status, char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (why && whylen) {
		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
	}
	return status;
}

/* A chunk id for messages: printable characters only. */
static void chunk_name(const uint8_t *id, char out[5])
{
	for (int i = 0; i < 4; i++)
		out[i] = id[i] >= 0x20 && id[i] < 0x7f ? (char)id[i] : '?';
	out[4] = '\0';
}

static int parse_fmt(const uint8_t *p, uint32_t size, size_t off,
		     struct wav_info *info, char *why, size_t whylen)
{
	if (size < FMT_MIN_LEN)
		return fail(WAV_EBADFMT, why, whylen,
			    "fmt chunk at offset %zu is %" PRIu32 " bytes, less than %d",
			    off, size, FMT_MIN_LEN);

	info->format_tag = le16(p);
	info->channels = le16(p + 2);
	info->sample_rate = le32(p + 4);
	info->block_align = le16(p + 12);
	info->bits_per_sample = le16(p + 14);

	if (info->format_tag == WAVE_FORMAT_EXTENSIBLE) {
		if (size < FMT_EXT_LEN)
			return fail(WAV_EBADFMT, why, whylen,
				    "extensible fmt chunk is %" PRIu32 " bytes, less than %d",
				    size, FMT_EXT_LEN);
		if (le16(p + 24) != WAVE_FORMAT_PCM ||
		    memcmp(p + 26, pcm_guid_tail, sizeof(pcm_guid_tail)))
			return fail(WAV_EENCODING, why, whylen,
				    "extensible fmt chunk's sub-format is not integer PCM");
		if (le16(p + 18) != info->bits_per_sample)
			return fail(WAV_EBITS, why, whylen,
				    "%u valid bits in %u-bit containers; only 16-bit PCM is supported",
				    le16(p + 18), info->bits_per_sample);
	} else if (info->format_tag != WAVE_FORMAT_PCM) {
		return fail(WAV_EENCODING, why, whylen,
			    "format tag 0x%04x is not integer PCM (0x0001)",
			    info->format_tag);
	}

	if (info->bits_per_sample != 16)
		return fail(WAV_EBITS, why, whylen,
			    "%u bits per sample; only 16-bit PCM is supported",
			    info->bits_per_sample);
	if (info->channels == 0)
		return fail(WAV_EBADFMT, why, whylen, "fmt chunk says 0 channels");
	if (info->sample_rate == 0)
		return fail(WAV_EBADFMT, why, whylen, "fmt chunk says 0 Hz");
	if (info->block_align != info->channels * 2u)
		return fail(WAV_EBADFMT, why, whylen,
			    "block align %u, expected %u for %u channels of 16 bits",
			    info->block_align, info->channels * 2u, info->channels);
	return WAV_OK;
}

int wav_parse(const void *file, size_t len, struct wav_info *info,
	      char *why, size_t whylen)
{
	const uint8_t *p = file;
	int have_fmt = 0, have_data = 0;
	size_t end, off, data_chunk = 0;
	uint64_t riff_end;
	char name[5];

	memset(info, 0, sizeof(*info));
	if (why && whylen)
		why[0] = '\0';

	if (len < RIFF_HEADER_LEN)
		return fail(WAV_ETRUNC, why, whylen,
			    "file is %zu bytes, shorter than the %d-byte RIFF header",
			    len, RIFF_HEADER_LEN);
	if (memcmp(p, "RIFF", 4) || memcmp(p + 8, "WAVE", 4))
		return fail(WAV_ENOTWAV, why, whylen,
			    "no RIFF/WAVE signature at the start");

	/* RIFF size counts from byte 8; a file cut short is caught here. */
	riff_end = (uint64_t)le32(p + 4) + 8;
	if (riff_end > len)
		return fail(WAV_ETRUNC, why, whylen,
			    "RIFF header says %" PRIu64 " bytes, file has only %zu",
			    riff_end, len);
	end = (size_t)riff_end;

	off = RIFF_HEADER_LEN;
	while (end - off >= CHUNK_HEADER_LEN) {
		const uint8_t *id = p + off;
		uint32_t size = le32(p + off + 4);
		size_t body = off + CHUNK_HEADER_LEN;

		chunk_name(id, name);
		if (size > end - body)
			return fail(WAV_ETRUNC, why, whylen,
				    "'%s' chunk at offset %zu claims %" PRIu32 " bytes, only %zu remain",
				    name, off, size, end - body);

		if (!memcmp(id, "fmt ", 4)) {
			int ret;

			if (have_fmt)
				return fail(WAV_EBADFMT, why, whylen,
					    "second fmt chunk at offset %zu", off);
			ret = parse_fmt(p + body, size, off, info, why, whylen);
			if (ret)
				return ret;
			have_fmt = 1;
		} else if (!memcmp(id, "data", 4)) {
			if (have_data)
				return fail(WAV_EBADFMT, why, whylen,
					    "second data chunk at offset %zu", off);
			info->data_offset = body;
			info->data_len = size;
			data_chunk = off;
			have_data = 1;
		}

		/* Odd-sized chunks are followed by a pad byte (RIFF rule). */
		off = body + size;
		if (size & 1) {
			if (off == end)
				break;	/* pad missing at the very end: harmless */
			off++;
		}
	}

	if (!have_fmt)
		return fail(WAV_ENOFMT, why, whylen, "no fmt chunk");
	if (!have_data)
		return fail(WAV_ENODATA, why, whylen, "no data chunk");
	if (info->data_len % info->block_align)
		return fail(WAV_EBADFMT, why, whylen,
			    "data chunk at offset %zu holds %zu bytes, not a whole number of %u-byte frames",
			    data_chunk, info->data_len, info->block_align);
	info->frames = info->data_len / info->block_align;
	return WAV_OK;
}

const char *wav_strerror(int status)
{
	switch (status) {
	case WAV_OK:		return "ok";
	case WAV_ETRUNC:	return "truncated";
	case WAV_ENOTWAV:	return "not a RIFF WAVE file";
	case WAV_ENOFMT:	return "missing fmt chunk";
	case WAV_ENODATA:	return "missing data chunk";
	case WAV_EENCODING:	return "not integer PCM";
	case WAV_EBITS:		return "not 16-bit";
	case WAV_EBADFMT:	return "inconsistent format";
	}
	return "unknown error";
}

void wav_cursor_init(struct wav_cursor *c, const void *file,
		     const struct wav_info *info)
{
	c->data = (const uint8_t *)file + info->data_offset;
	c->frames = info->frames;
	c->pos = 0;
	c->channels = info->channels;
}

int wav_compare_block(struct wav_cursor *c, const int32_t *const chan[],
		      unsigned int nchan, unsigned int nframes,
		      struct wav_mismatch *mm)
{
	memset(mm, 0, sizeof(*mm));
	if (nchan != c->channels)
		return WAV_CMP_CHANNELS;

	for (unsigned int i = 0; i < nframes; i++) {
		const uint8_t *frame;

		if (c->pos >= c->frames) {
			mm->frame = c->pos;
			return WAV_CMP_LONGER;
		}
		frame = c->data + c->pos * c->channels * 2;
		for (unsigned int ch = 0; ch < nchan; ch++) {
			int32_t expected = (int16_t)le16(frame + ch * 2);

			if (chan[ch][i] != expected) {
				mm->frame = c->pos;
				mm->channel = ch;
				mm->expected = expected;
				mm->got = chan[ch][i];
				return WAV_CMP_DIFFER;
			}
		}
		c->pos++;
	}
	return WAV_CMP_SAME;
}
