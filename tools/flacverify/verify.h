/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The checks behind flacverify(1), as functions the unit tests call.
 */
#ifndef FLACVERIFY_VERIFY_H
#define FLACVERIFY_VERIFY_H

#include <stdio.h>

/* Also the exit status of flacverify(1). */
enum fv_result {
	FV_OK = 0,
	FV_MISMATCH = 1,	/* the files exist and are readable, and disagree */
	FV_ERROR = 2,		/* a file cannot be read, or the WAV is unusable */
};

/**
 * fv_verify() - decode a FLAC file, check its MD5 and optionally its samples
 * @flac_path: the FLAC file
 * @wav_path:  the WAV it was encoded from, or NULL
 * @out:       gets one "OK" line on success
 * @err:       gets one line per problem found
 *
 * Fails when the stream has no MD5 signature, the decoded audio does not
 * match it, a frame does not decode, or (with @wav_path) the format or any
 * sample differs from the WAV.  Decoding continues after a sample mismatch
 * so that the MD5 verdict is reported too.
 *
 * Return: an enum fv_result value.
 */
int fv_verify(const char *flac_path, const char *wav_path, FILE *out, FILE *err);

/**
 * fv_compare_files() - check that two files are byte for byte identical
 * @a, @b: the files
 * @out:   gets one line when they are identical
 * @err:   gets the first differing offset, or which file is shorter
 *
 * Return: an enum fv_result value.
 */
int fv_compare_files(const char *a, const char *b, FILE *out, FILE *err);

#endif /* FLACVERIFY_VERIFY_H */
