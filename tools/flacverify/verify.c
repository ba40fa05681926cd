// SPDX-License-Identifier: GPL-2.0
/*
 * flacverify's checks: decode with libFLAC (MD5 checking on) and compare
 * against the original WAV; compare two files byte for byte.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <FLAC/stream_decoder.h>

#include "verify.h"
#include "wav.h"

/* Report at most this many decode errors; a damaged file can make many. */
#define MAX_DECODE_ERRORS_SHOWN 5

struct verify_ctx {
	const char *flac_path;
	const char *wav_path;
	FILE *err;

	bool have_streaminfo;
	unsigned int channels;
	unsigned int sample_rate;
	unsigned int bits_per_sample;
	uint64_t total_samples;		/* 0: unknown */
	uint8_t md5[16];

	const uint8_t *wav_map;
	size_t wav_len;
	struct wav_info wav;
	struct wav_cursor cursor;
	bool comparing;			/* WAV given and still in step */

	uint64_t decoded;		/* frames (inter-channel samples) */
	unsigned int decode_errors;
	bool failed;
};

static void problem(struct verify_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void problem(struct verify_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	fprintf(ctx->err, "flacverify: %s: ", ctx->flac_path);
	va_start(ap, fmt);
	vfprintf(ctx->err, fmt, ap);
	va_end(ap);
	fputc('\n', ctx->err);
	ctx->failed = true;
}

static void md5_hex(const uint8_t md5[16], char out[33])
{
	for (int i = 0; i < 16; i++)
		snprintf(out + 2 * i, 3, "%02x", md5[i]);
}

static bool md5_is_zero(const uint8_t md5[16])
{
	for (int i = 0; i < 16; i++)
		if (md5[i])
			return false;
	return true;
}

/* Seconds into the track, for humans looking for the spot in an editor. */
static double at_seconds(uint64_t frame, unsigned int rate)
{
	return rate ? (double)frame / rate : 0.0;
}

static void check_format_against_wav(struct verify_ctx *ctx)
{
	const struct wav_info *w = &ctx->wav;

	if (ctx->channels != w->channels || ctx->sample_rate != w->sample_rate ||
	    ctx->bits_per_sample != w->bits_per_sample) {
		problem(ctx, "stream is %u ch, %u Hz, %u bit; %s is %u ch, %u Hz, %u bit",
			ctx->channels, ctx->sample_rate, ctx->bits_per_sample,
			ctx->wav_path, w->channels, w->sample_rate,
			w->bits_per_sample);
		ctx->comparing = false;
		return;
	}
	if (ctx->total_samples && ctx->total_samples != w->frames)
		problem(ctx, "stream info says %" PRIu64 " samples; %s has %" PRIu64,
			ctx->total_samples, ctx->wav_path, w->frames);
}

static void metadata_cb(const FLAC__StreamDecoder *dec,
			const FLAC__StreamMetadata *md, void *data)
{
	struct verify_ctx *ctx = data;
	const FLAC__StreamMetadata_StreamInfo *si;

	(void)dec;
	if (md->type != FLAC__METADATA_TYPE_STREAMINFO)
		return;
	si = &md->data.stream_info;
	ctx->have_streaminfo = true;
	ctx->channels = si->channels;
	ctx->sample_rate = si->sample_rate;
	ctx->bits_per_sample = si->bits_per_sample;
	ctx->total_samples = si->total_samples;
	memcpy(ctx->md5, si->md5sum, sizeof(ctx->md5));
	if (ctx->wav_path)
		check_format_against_wav(ctx);
}

static FLAC__StreamDecoderWriteStatus write_cb(const FLAC__StreamDecoder *dec,
					       const FLAC__Frame *frame,
					       const FLAC__int32 *const buffer[],
					       void *data)
{
	struct verify_ctx *ctx = data;
	unsigned int n = frame->header.blocksize;
	struct wav_mismatch mm;

	(void)dec;
	if (ctx->comparing) {
		switch (wav_compare_block(&ctx->cursor, buffer,
					  frame->header.channels, n, &mm)) {
		case WAV_CMP_SAME:
			break;
		case WAV_CMP_DIFFER:
			problem(ctx, "sample %" PRIu64 " (%.3f s), channel %u: %s has %" PRId32 ", FLAC decodes to %" PRId32,
				mm.frame, at_seconds(mm.frame, ctx->sample_rate),
				mm.channel, ctx->wav_path, mm.expected, mm.got);
			ctx->comparing = false;
			break;
		case WAV_CMP_LONGER:
			problem(ctx, "FLAC goes on past the %" PRIu64 " samples of %s",
				mm.frame, ctx->wav_path);
			ctx->comparing = false;
			break;
		case WAV_CMP_CHANNELS:
			problem(ctx, "frame at sample %" PRIu64 " has %u channels; %s has %u",
				ctx->decoded, frame->header.channels,
				ctx->wav_path, ctx->wav.channels);
			ctx->comparing = false;
			break;
		}
	}
	ctx->decoded += n;
	return FLAC__STREAM_DECODER_WRITE_STATUS_CONTINUE;
}

static const char *decode_error_text(FLAC__StreamDecoderErrorStatus status)
{
	switch (status) {
	case FLAC__STREAM_DECODER_ERROR_STATUS_LOST_SYNC:
		return "lost sync (garbage between frames)";
	case FLAC__STREAM_DECODER_ERROR_STATUS_BAD_HEADER:
		return "corrupt frame header";
	case FLAC__STREAM_DECODER_ERROR_STATUS_FRAME_CRC_MISMATCH:
		return "frame CRC mismatch (corrupt frame)";
	case FLAC__STREAM_DECODER_ERROR_STATUS_UNPARSEABLE_STREAM:
		return "unparseable stream";
	default:
		return FLAC__StreamDecoderErrorStatusString[status];
	}
}

static void error_cb(const FLAC__StreamDecoder *dec,
		     FLAC__StreamDecoderErrorStatus status, void *data)
{
	struct verify_ctx *ctx = data;

	(void)dec;
	/* Before STREAMINFO it is not FLAC at all; final_checks() says so. */
	if (ctx->have_streaminfo &&
	    ctx->decode_errors++ < MAX_DECODE_ERRORS_SHOWN)
		problem(ctx, "decode error after sample %" PRIu64 ": %s",
			ctx->decoded, decode_error_text(status));
	ctx->failed = true;
}

static int map_wav(struct verify_ctx *ctx, FILE *err)
{
	char why[256];
	struct stat st;
	void *map = NULL;
	int fd, ret;

	fd = open(ctx->wav_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(err, "flacverify: %s: %s\n", ctx->wav_path, strerror(errno));
		return FV_ERROR;
	}
	if (fstat(fd, &st) < 0) {
		fprintf(err, "flacverify: %s: %s\n", ctx->wav_path, strerror(errno));
		close(fd);
		return FV_ERROR;
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(err, "flacverify: %s: not a regular file\n", ctx->wav_path);
		close(fd);
		return FV_ERROR;
	}
	if (st.st_size > 0) {
		map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map == MAP_FAILED) {
			fprintf(err, "flacverify: %s: mmap: %s\n", ctx->wav_path,
				strerror(errno));
			close(fd);
			return FV_ERROR;
		}
	}
	close(fd);
	ctx->wav_map = map;
	ctx->wav_len = (size_t)st.st_size;

	ret = wav_parse(ctx->wav_map, ctx->wav_len, &ctx->wav, why, sizeof(why));
	if (ret != WAV_OK) {
		fprintf(err, "flacverify: %s: unusable WAV (%s): %s\n",
			ctx->wav_path, wav_strerror(ret), why);
		return FV_ERROR;
	}
	wav_cursor_init(&ctx->cursor, ctx->wav_map, &ctx->wav);
	ctx->comparing = true;
	return FV_OK;
}

static void unmap_wav(struct verify_ctx *ctx)
{
	if (ctx->wav_map)
		munmap((void *)ctx->wav_map, ctx->wav_len);
}

/* Everything that can only be judged once the whole stream is decoded. */
static void final_checks(struct verify_ctx *ctx, bool md5_ok)
{
	char hex[33];

	if (!ctx->have_streaminfo) {
		problem(ctx, "no FLAC stream info found; not a FLAC file?");
		return;
	}
	if (ctx->decode_errors > MAX_DECODE_ERRORS_SHOWN)
		problem(ctx, "%u decode errors in all", ctx->decode_errors);
	if (md5_is_zero(ctx->md5)) {
		problem(ctx, "no MD5 signature stored (encoded with --no-md5-sum?)");
	} else if (!md5_ok) {
		md5_hex(ctx->md5, hex);
		problem(ctx, "decoded audio does not match the stored MD5 signature %s",
			hex);
	}
	if (ctx->total_samples && ctx->decoded != ctx->total_samples)
		problem(ctx, "stream info says %" PRIu64 " samples, decoded %" PRIu64,
			ctx->total_samples, ctx->decoded);
	if (ctx->comparing && ctx->cursor.pos < ctx->wav.frames)
		problem(ctx, "FLAC ends after %" PRIu64 " samples; %s has %" PRIu64,
			ctx->cursor.pos, ctx->wav_path, ctx->wav.frames);
}

int fv_verify(const char *flac_path, const char *wav_path, FILE *out, FILE *err)
{
	struct verify_ctx ctx = {
		.flac_path = flac_path,
		.wav_path = wav_path,
		.err = err,
	};
	FLAC__StreamDecoder *dec;
	FLAC__StreamDecoderInitStatus init;
	FLAC__StreamDecoderState state;
	bool md5_ok;
	char hex[33];
	FILE *f;
	int ret;

	if (wav_path) {
		ret = map_wav(&ctx, err);
		if (ret != FV_OK)
			goto out_unmap;
	}

	f = fopen(flac_path, "rb");
	if (!f) {
		fprintf(err, "flacverify: %s: %s\n", flac_path, strerror(errno));
		ret = FV_ERROR;
		goto out_unmap;
	}

	dec = FLAC__stream_decoder_new();
	if (!dec) {
		fprintf(err, "flacverify: out of memory\n");
		fclose(f);
		ret = FV_ERROR;
		goto out_unmap;
	}
	FLAC__stream_decoder_set_md5_checking(dec, true);

	/* On success the decoder owns f and closes it in _finish(). */
	init = FLAC__stream_decoder_init_FILE(dec, f, write_cb, metadata_cb,
					      error_cb, &ctx);
	if (init != FLAC__STREAM_DECODER_INIT_STATUS_OK) {
		/*
		 * Not fclose(f): libFLAC has already recorded f and may close
		 * it when the decoder is deleted; a leak on this path is the
		 * lesser evil.
		 */
		fprintf(err, "flacverify: %s: cannot start decoder: %s\n",
			flac_path, FLAC__StreamDecoderInitStatusString[init]);
		ret = FV_ERROR;
		goto out_delete;
	}

	if (!FLAC__stream_decoder_process_until_end_of_stream(dec)) {
		state = FLAC__stream_decoder_get_state(dec);
		if (state == FLAC__STREAM_DECODER_MEMORY_ALLOCATION_ERROR) {
			fprintf(err, "flacverify: %s: out of memory\n", flac_path);
			FLAC__stream_decoder_finish(dec);
			ret = FV_ERROR;
			goto out_delete;
		}
		/* A stream cut short inside metadata ends this way. */
		if (state != FLAC__STREAM_DECODER_END_OF_STREAM)
			problem(&ctx, "decoding stopped: %s",
				FLAC__StreamDecoderStateString[state]);
	}
	md5_ok = FLAC__stream_decoder_finish(dec);
	final_checks(&ctx, md5_ok);

	if (ctx.failed) {
		ret = FV_MISMATCH;
	} else {
		md5_hex(ctx.md5, hex);
		fprintf(out, "%s: OK, %" PRIu64 " samples, %u ch, %u Hz, %u bit, MD5 %s%s%s\n",
			flac_path, ctx.decoded, ctx.channels, ctx.sample_rate,
			ctx.bits_per_sample, hex,
			wav_path ? ", every sample matches " : "",
			wav_path ? wav_path : "");
		ret = FV_OK;
	}

out_delete:
	FLAC__stream_decoder_delete(dec);
out_unmap:
	unmap_wav(&ctx);
	return ret;
}

int fv_compare_files(const char *a, const char *b, FILE *out, FILE *err)
{
	static uint8_t buf_a[65536], buf_b[65536];
	uint64_t offset = 0;
	FILE *fa, *fb = NULL;
	int ret = FV_ERROR;

	fa = fopen(a, "rb");
	if (!fa) {
		fprintf(err, "flacverify: %s: %s\n", a, strerror(errno));
		return FV_ERROR;
	}
	fb = fopen(b, "rb");
	if (!fb) {
		fprintf(err, "flacverify: %s: %s\n", b, strerror(errno));
		goto out_close;
	}

	for (;;) {
		/* fread() only comes back short at end of file or on error. */
		size_t na = fread(buf_a, 1, sizeof(buf_a), fa);
		size_t nb = fread(buf_b, 1, sizeof(buf_b), fb);
		size_t n = na < nb ? na : nb;

		if (ferror(fa) || ferror(fb)) {
			fprintf(err, "flacverify: %s: read error\n", ferror(fa) ? a : b);
			goto out_close;
		}
		for (size_t i = 0; i < n; i++) {
			if (buf_a[i] != buf_b[i]) {
				offset += i;
				fprintf(err, "flacverify: %s and %s differ at byte offset %" PRIu64 " (0x%" PRIx64 "): 0x%02x vs 0x%02x\n",
					a, b, offset, offset, buf_a[i], buf_b[i]);
				ret = FV_MISMATCH;
				goto out_close;
			}
		}
		offset += n;
		if (na != nb) {
			fprintf(err, "flacverify: %s and %s differ at byte offset %" PRIu64 " (0x%" PRIx64 "): %s ends there, %s goes on\n",
				a, b, offset, offset, na < nb ? a : b, na < nb ? b : a);
			ret = FV_MISMATCH;
			goto out_close;
		}
		if (na < sizeof(buf_a))
			break;
	}
	fprintf(out, "%s and %s are identical, %" PRIu64 " bytes\n", a, b, offset);
	ret = FV_OK;

out_close:
	if (fb)
		fclose(fb);
	fclose(fa);
	return ret;
}
