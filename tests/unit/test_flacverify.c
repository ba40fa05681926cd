// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for tools/flacverify: the WAV parser and PCM comparison on
 * WAV files built here byte by byte, and an end-to-end run through the
 * flac(1) encoder and libFLAC.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "verify.h"
#include "wav.h"

#define RATE 44100

/* What build_wav() writes; zero fields take the CD defaults. */
struct wav_spec {
	uint16_t tag;		/* 0: PCM */
	uint16_t channels;	/* 0: 2 */
	uint32_t rate;		/* 0: 44100 */
	uint16_t bits;		/* 0: 16 */
	uint32_t frames;
	int extensible;		/* WAVE_FORMAT_EXTENSIBLE fmt chunk */
	uint32_t extra_len;	/* a "LIST" chunk of this size before data */
	int extra;		/* write the extra chunk at all */
	int trailing_odd;	/* an odd chunk after data, its pad byte left off */
	int no_fmt;
	int no_data;
};

static void put16(uint8_t **p, uint16_t v)
{
	(*p)[0] = (uint8_t)v;
	(*p)[1] = (uint8_t)(v >> 8);
	*p += 2;
}

static void put32(uint8_t **p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p, (uint16_t)(v >> 16));
}

static void put_id(uint8_t **p, const char *id)
{
	memcpy(*p, id, 4);
	*p += 4;
}

/* A deterministic, not too compressible test signal. */
static int16_t test_sample(uint32_t frame, unsigned int ch)
{
	uint32_t noise = (frame * 2654435761u + ch * 40503u) >> 20;
	int32_t period = ch ? 147 : 100;	/* 300 Hz and 441 Hz */
	int32_t phase = (int32_t)(frame % (uint32_t)period);
	int32_t tri = (phase < period / 2 ? phase : period - phase) * 400 - 10000;

	return (int16_t)(tri + (int32_t)(noise & 0x3ff) - 512);
}

/* Builds a WAV file in a malloc'ed buffer; *len gets its size. */
static uint8_t *build_wav(const struct wav_spec *s, size_t *len)
{
	uint16_t channels = s->channels ? s->channels : 2;
	uint16_t bits = s->bits ? s->bits : 16;
	uint32_t rate = s->rate ? s->rate : RATE;
	uint16_t align = (uint16_t)(channels * (bits / 8));
	uint32_t data_len = s->frames * align;
	size_t cap = 12 + 8 + 40 + 8 + s->extra_len + 1 + 8 + data_len + 8 + 3;
	uint8_t *buf = calloc(1, cap), *p = buf;

	assert_non_null(buf);
	put_id(&p, "RIFF");
	put32(&p, 0);		/* patched below */
	put_id(&p, "WAVE");

	if (!s->no_fmt) {
		put_id(&p, "fmt ");
		put32(&p, s->extensible ? 40 : 16);
		put16(&p, s->extensible ? 0xfffe : (s->tag ? s->tag : 1));
		put16(&p, channels);
		put32(&p, rate);
		put32(&p, rate * align);
		put16(&p, align);
		put16(&p, bits);
		if (s->extensible) {
			static const uint8_t guid_tail[14] = {
				0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00,
				0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71,
			};
			put16(&p, 22);		/* cbSize */
			put16(&p, bits);	/* valid bits */
			put32(&p, 3);		/* channel mask FL|FR */
			put16(&p, s->tag ? s->tag : 1);
			memcpy(p, guid_tail, sizeof(guid_tail));
			p += sizeof(guid_tail);
		}
	}

	if (s->extra) {
		put_id(&p, "LIST");
		put32(&p, s->extra_len);
		memset(p, 'x', s->extra_len);
		p += s->extra_len;
		if (s->extra_len & 1)
			*p++ = 0;	/* RIFF pad byte */
	}

	if (!s->no_data) {
		put_id(&p, "data");
		put32(&p, data_len);
		for (uint32_t f = 0; f < s->frames; f++)
			for (unsigned int ch = 0; ch < channels; ch++) {
				int16_t v = test_sample(f, ch);

				if (bits == 8) {	/* unsigned, as WAV has it */
					*p++ = (uint8_t)((v >> 8) + 128);
					continue;
				}
				/* wider samples: the 16-bit value, left-justified */
				for (int b = 0; b < bits / 8 - 2; b++)
					*p++ = 0;
				put16(&p, (uint16_t)v);
			}
	}

	if (s->trailing_odd) {
		put_id(&p, "junk");
		put32(&p, 3);
		memcpy(p, "abc", 3);
		p += 3;
	}

	*len = (size_t)(p - buf);
	p = buf + 4;
	put32(&p, (uint32_t)(*len - 8));
	return buf;
}

/* Runs wav_parse() and checks its status, printing the reason if it differs. */
static void expect_parse(const uint8_t *buf, size_t len, int want,
			 struct wav_info *info, const char *want_in_why)
{
	char why[256];
	int got = wav_parse(buf, len, info, why, sizeof(why));

	if (got != want)
		fail_msg("wav_parse: expected %s, got %s (%s)", wav_strerror(want),
			 wav_strerror(got), why);
	if (want_in_why && !strstr(why, want_in_why))
		fail_msg("wav_parse: expected the reason to mention \"%s\", got \"%s\"",
			 want_in_why, why);
}

static void test_valid_cd_wav(void **state)
{
	struct wav_spec spec = { .frames = 1000 };
	struct wav_info info;
	size_t len;
	uint8_t *buf = build_wav(&spec, &len);

	(void)state;
	assert_int_equal(len, 44 + 1000 * 4);
	expect_parse(buf, len, WAV_OK, &info, NULL);
	assert_int_equal(info.format_tag, 1);
	assert_int_equal(info.channels, 2);
	assert_int_equal(info.sample_rate, RATE);
	assert_int_equal(info.bits_per_sample, 16);
	assert_int_equal(info.block_align, 4);
	assert_int_equal(info.data_offset, 44);
	assert_int_equal(info.data_len, 4000);
	assert_int_equal(info.frames, 1000);
	free(buf);
}

static void test_extensible_pcm(void **state)
{
	struct wav_spec spec = { .frames = 10, .extensible = 1 };
	struct wav_info info;
	size_t len;
	uint8_t *buf = build_wav(&spec, &len);

	(void)state;
	expect_parse(buf, len, WAV_OK, &info, NULL);
	assert_int_equal(info.format_tag, 0xfffe);
	assert_int_equal(info.data_offset, 12 + 8 + 40 + 8);
	assert_int_equal(info.frames, 10);
	free(buf);

	spec.tag = 3;	/* IEEE float sub-format */
	buf = build_wav(&spec, &len);
	expect_parse(buf, len, WAV_EENCODING, &info, "sub-format");
	free(buf);
}

static void test_truncated_header(void **state)
{
	struct wav_spec spec = { .frames = 100 };
	struct wav_info info;
	size_t len;
	uint8_t *buf = build_wav(&spec, &len);
	uint8_t *p;

	(void)state;
	/* Cut anywhere before the end: the RIFF size no longer fits. */
	expect_parse(buf, 0, WAV_ETRUNC, &info, "shorter than the 12-byte");
	expect_parse(buf, 11, WAV_ETRUNC, &info, "shorter than the 12-byte");
	expect_parse(buf, 30, WAV_ETRUNC, &info, "file has only 30");
	expect_parse(buf, len - 1, WAV_ETRUNC, &info, "RIFF header says");

	/*
	 * Cut inside the fmt chunk with the RIFF size rewritten to match, as a
	 * careless tool would: the chunk walk must notice.
	 */
	p = buf + 4;
	put32(&p, 30 - 8);
	expect_parse(buf, 30, WAV_ETRUNC, &info, "'fmt ' chunk at offset 12 claims 16 bytes, only 10 remain");

	/* Data chunk claims more samples than there are. */
	p = buf + 4;
	put32(&p, (uint32_t)(len - 8 - 4));
	expect_parse(buf, len - 4, WAV_ETRUNC, &info, "'data' chunk at offset 36");

	/* Not a WAV at all. */
	memcpy(buf, "RIFX", 4);
	expect_parse(buf, len, WAV_ENOTWAV, &info, NULL);
	free(buf);
}

static void test_wrong_bit_depth(void **state)
{
	struct wav_spec spec = { .frames = 10, .bits = 24 };
	struct wav_info info;
	size_t len;
	uint8_t *buf = build_wav(&spec, &len);

	(void)state;
	expect_parse(buf, len, WAV_EBITS, &info, "24 bits per sample");
	free(buf);

	spec.bits = 8;
	buf = build_wav(&spec, &len);
	expect_parse(buf, len, WAV_EBITS, &info, "8 bits per sample");
	free(buf);

	spec.bits = 16;
	spec.tag = 3;	/* IEEE float */
	buf = build_wav(&spec, &len);
	expect_parse(buf, len, WAV_EENCODING, &info, "0x0003");
	free(buf);
}

static void test_missing_chunks(void **state)
{
	struct wav_spec spec = { .frames = 10, .no_data = 1 };
	struct wav_info info;
	size_t len;
	uint8_t *buf = build_wav(&spec, &len);

	(void)state;
	expect_parse(buf, len, WAV_ENODATA, &info, "no data chunk");
	free(buf);

	spec.no_data = 0;
	spec.no_fmt = 1;
	buf = build_wav(&spec, &len);
	expect_parse(buf, len, WAV_ENOFMT, &info, "no fmt chunk");
	free(buf);
}

static void test_odd_chunk_padding(void **state)
{
	struct wav_spec spec = { .frames = 50, .extra = 1, .extra_len = 5 };
	struct wav_info info;
	struct wav_cursor cur;
	struct wav_mismatch mm;
	int32_t left[50], right[50];
	const int32_t *chan[2] = { left, right };
	size_t len;
	uint8_t *buf = build_wav(&spec, &len);

	(void)state;
	/* fmt (12 + 24), LIST header 8 + 5 + 1 pad, data header 8 */
	expect_parse(buf, len, WAV_OK, &info, NULL);
	assert_int_equal(info.data_offset, 36 + 8 + 5 + 1 + 8);
	assert_int_equal(info.frames, 50);

	/* The samples found there are the ones written, not shifted by one. */
	for (uint32_t f = 0; f < 50; f++) {
		left[f] = test_sample(f, 0);
		right[f] = test_sample(f, 1);
	}
	wav_cursor_init(&cur, buf, &info);
	assert_int_equal(wav_compare_block(&cur, chan, 2, 50, &mm), WAV_CMP_SAME);
	free(buf);

	/* An odd chunk at the very end may lack its pad byte. */
	spec.extra = 0;
	spec.trailing_odd = 1;
	buf = build_wav(&spec, &len);
	expect_parse(buf, len, WAV_OK, &info, NULL);
	assert_int_equal(info.frames, 50);
	free(buf);
}

static void test_compare_blocks(void **state)
{
	struct wav_spec spec = { .frames = 64 };
	struct wav_info info;
	struct wav_cursor cur;
	struct wav_mismatch mm;
	int32_t left[64], right[64];
	const int32_t *chan[2] = { left, right };
	size_t len;
	uint8_t *buf = build_wav(&spec, &len);

	(void)state;
	expect_parse(buf, len, WAV_OK, &info, NULL);
	for (uint32_t f = 0; f < 64; f++) {
		left[f] = test_sample(f, 0);
		right[f] = test_sample(f, 1);
	}

	/* In two blocks, as a decoder delivers them. */
	wav_cursor_init(&cur, buf, &info);
	assert_int_equal(wav_compare_block(&cur, chan, 2, 32, &mm), WAV_CMP_SAME);
	chan[0] = left + 32;
	chan[1] = right + 32;
	assert_int_equal(wav_compare_block(&cur, chan, 2, 32, &mm), WAV_CMP_SAME);
	assert_int_equal(cur.pos, 64);

	/* One more frame than the WAV has. */
	chan[0] = left;
	chan[1] = right;
	assert_int_equal(wav_compare_block(&cur, chan, 2, 1, &mm), WAV_CMP_LONGER);
	assert_int_equal(mm.frame, 64);

	/* One sample off in the right channel of frame 40. */
	right[40] += 1;
	wav_cursor_init(&cur, buf, &info);
	assert_int_equal(wav_compare_block(&cur, chan, 2, 64, &mm), WAV_CMP_DIFFER);
	assert_int_equal(mm.frame, 40);
	assert_int_equal(mm.channel, 1);
	assert_int_equal(mm.expected, test_sample(40, 1));
	assert_int_equal(mm.got, test_sample(40, 1) + 1);

	wav_cursor_init(&cur, buf, &info);
	assert_int_equal(wav_compare_block(&cur, chan, 1, 64, &mm), WAV_CMP_CHANNELS);
	free(buf);
}

/* End to end, through flac(1) and libFLAC, in a scratch directory. */

struct e2e {
	char dir[64];
	char wav[96];
	char flac[96];
	char *log;		/* what fv_* wrote, for the assertions */
	size_t log_len;
};

static void write_file(const char *path, const uint8_t *buf, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		fail_msg("cannot create %s: %s", path, strerror(errno));
	assert_int_equal(fwrite(buf, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (!f)
		fail_msg("cannot open %s: %s", path, strerror(errno));
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static int have_flac_program(void)
{
	return system("command -v flac >/dev/null 2>&1") == 0;
}

/* flac -8 with the given extra option (or NULL); returns its exit status. */
static int run_flac(const char *in, const char *out, const char *extra)
{
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		char *argv[] = { "flac", "-s", "-f", "-8", "--no-padding",
				 "-o", (char *)out, (char *)(extra ? extra : in),
				 extra ? (char *)in : NULL, NULL };
		/* flac warns that --no-md5-sum leaves no MD5: expected here. */
		if (extra) {
			int null = open("/dev/null", O_WRONLY);

			if (null >= 0)
				dup2(null, STDERR_FILENO);
		}
		execvp("flac", argv);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* fv_verify() with its output captured in e->log. */
static int verify_captured(struct e2e *e, const char *flac, const char *wav)
{
	FILE *log;
	int ret;

	free(e->log);
	e->log = NULL;
	log = open_memstream(&e->log, &e->log_len);
	assert_non_null(log);
	ret = fv_verify(flac, wav, log, log);
	fclose(log);
	return ret;
}

static void expect_log(const struct e2e *e, const char *want)
{
	if (!strstr(e->log, want))
		fail_msg("expected output to contain \"%s\", got:\n%s", want, e->log);
}

static int e2e_setup(void **state)
{
	struct e2e *e = calloc(1, sizeof(*e));
	struct wav_spec spec = { .frames = RATE };	/* one second */
	uint8_t *buf;
	size_t len;

	if (!e)
		return -1;
	snprintf(e->dir, sizeof(e->dir), "%s", "/tmp/test_flacverify.XXXXXX");
	if (!mkdtemp(e->dir)) {
		free(e);
		return -1;
	}
	snprintf(e->wav, sizeof(e->wav), "%s/in.wav", e->dir);
	snprintf(e->flac, sizeof(e->flac), "%s/in.flac", e->dir);
	buf = build_wav(&spec, &len);
	write_file(e->wav, buf, len);
	free(buf);
	*state = e;
	return 0;
}

static int e2e_teardown(void **state)
{
	struct e2e *e = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", e->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", e->dir);
	free(e->log);
	free(e);
	return 0;
}

static void test_e2e_encode_verify_corrupt(void **state)
{
	struct e2e *e = *state;
	char bad[128], cmp_log[512];
	uint8_t *buf;
	size_t len, flip;
	FILE *log;
	int ret;

	if (!have_flac_program()) {
		print_message("SKIP: the flac program is not installed; apt-get install flac\n");
		skip();
	}
	assert_int_equal(run_flac(e->wav, e->flac, NULL), 0);

	ret = verify_captured(e, e->flac, e->wav);
	if (ret != FV_OK)
		fail_msg("fresh encode: expected FV_OK, got %d:\n%s", ret, e->log);
	expect_log(e, "OK, 44100 samples, 2 ch, 44100 Hz, 16 bit");
	expect_log(e, "every sample matches");

	/* Flip one byte three quarters in: inside an audio frame. */
	buf = read_file(e->flac, &len);
	assert_true(len > 20000);	/* the noise keeps it from compressing away */
	flip = len * 3 / 4;
	buf[flip] ^= 0xff;
	snprintf(bad, sizeof(bad), "%s/bad.flac", e->dir);
	write_file(bad, buf, len);
	free(buf);

	ret = verify_captured(e, bad, NULL);
	if (ret != FV_MISMATCH)
		fail_msg("flipped byte, no WAV: expected FV_MISMATCH, got %d:\n%s", ret, e->log);
	expect_log(e, "frame CRC mismatch");

	ret = verify_captured(e, bad, e->wav);
	if (ret != FV_MISMATCH)
		fail_msg("flipped byte, with WAV: expected FV_MISMATCH, got %d:\n%s", ret, e->log);
	expect_log(e, "does not match the stored MD5 signature");

	/*
	 * Change the stored signature instead (STREAMINFO's last 16 bytes, at
	 * file offset 26..41; metadata has no CRC): only the MD5 check can
	 * notice, and every sample still matches the WAV.
	 */
	buf = read_file(e->flac, &len);
	assert_memory_equal(buf, "fLaC", 4);
	buf[30] ^= 0x01;
	write_file(bad, buf, len);
	free(buf);
	ret = verify_captured(e, bad, e->wav);
	if (ret != FV_MISMATCH)
		fail_msg("altered MD5: expected FV_MISMATCH, got %d:\n%s", ret, e->log);
	expect_log(e, "does not match the stored MD5 signature");
	if (strstr(e->log, "decode error") || strstr(e->log, ", channel "))
		fail_msg("altered MD5: expected only the MD5 complaint, got:\n%s", e->log);

	/* Restore the byte-flipped copy for the comparison below. */
	buf = read_file(e->flac, &len);
	buf[flip] ^= 0xff;
	write_file(bad, buf, len);
	free(buf);

	/* -c names the byte that was flipped. */
	log = fmemopen(cmp_log, sizeof(cmp_log), "w");
	assert_non_null(log);
	ret = fv_compare_files(e->flac, bad, log, log);
	fclose(log);
	assert_int_equal(ret, FV_MISMATCH);
	{
		char want[64];

		snprintf(want, sizeof(want), "differ at byte offset %zu ", flip);
		if (!strstr(cmp_log, want))
			fail_msg("expected \"%s\", got: %s", want, cmp_log);
	}

	log = fmemopen(cmp_log, sizeof(cmp_log), "w");
	assert_non_null(log);
	ret = fv_compare_files(e->flac, e->flac, log, log);
	fclose(log);
	assert_int_equal(ret, FV_OK);
}

static void test_e2e_wrong_wav_and_no_md5(void **state)
{
	struct e2e *e = *state;
	char other[128], nomd5[128];
	struct wav_info info;
	uint8_t *buf;
	size_t len;
	int ret;

	if (!have_flac_program()) {
		print_message("SKIP: the flac program is not installed; apt-get install flac\n");
		skip();
	}
	assert_int_equal(run_flac(e->wav, e->flac, NULL), 0);

	/* The WAV with one sample changed: frame 30000, left channel. */
	buf = read_file(e->wav, &len);
	expect_parse(buf, len, WAV_OK, &info, NULL);
	buf[info.data_offset + 30000 * 4] ^= 0x01;
	snprintf(other, sizeof(other), "%s/other.wav", e->dir);
	write_file(other, buf, len);
	free(buf);

	ret = verify_captured(e, e->flac, other);
	if (ret != FV_MISMATCH)
		fail_msg("changed WAV: expected FV_MISMATCH, got %d:\n%s", ret, e->log);
	expect_log(e, "sample 30000 (0.680 s), channel 0");

	/* A bad reference is an input error, not a mismatch. */
	buf = read_file(e->wav, &len);
	write_file(other, buf, 40);
	free(buf);
	ret = verify_captured(e, e->flac, other);
	if (ret != FV_ERROR)
		fail_msg("truncated WAV: expected FV_ERROR, got %d:\n%s", ret, e->log);
	expect_log(e, "unusable WAV (truncated)");

	snprintf(nomd5, sizeof(nomd5), "%s/nomd5.flac", e->dir);
	assert_int_equal(run_flac(e->wav, nomd5, "--no-md5-sum"), 0);
	ret = verify_captured(e, nomd5, e->wav);
	if (ret != FV_MISMATCH)
		fail_msg("no MD5: expected FV_MISMATCH, got %d:\n%s", ret, e->log);
	expect_log(e, "no MD5 signature stored");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_cd_wav),
		cmocka_unit_test(test_extensible_pcm),
		cmocka_unit_test(test_truncated_header),
		cmocka_unit_test(test_wrong_bit_depth),
		cmocka_unit_test(test_missing_chunks),
		cmocka_unit_test(test_odd_chunk_padding),
		cmocka_unit_test(test_compare_blocks),
		cmocka_unit_test_setup_teardown(test_e2e_encode_verify_corrupt,
						e2e_setup, e2e_teardown),
		cmocka_unit_test_setup_teardown(test_e2e_wrong_wav_and_no_md5,
						e2e_setup, e2e_teardown),
	};

	return cmocka_run_group_tests_name("flacverify", tests, NULL, NULL);
}
