/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the fuzz targets (Documentation/fuzzing.rst): the fixed test
 * key and a check that turns a broken property into a crash libFuzzer
 * records.
 */
#ifndef HPC_FUZZ_H
#define HPC_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Cluster key of the fuzzers and their corpus generator: 00 01 .. 1f.
 * Public on purpose: it lets the fuzzer make tags that verify. */
static inline void fuzz_test_key(uint8_t key[32])
{
	for (int i = 0; i < 32; i++)
		key[i] = (uint8_t)i;
}

#define FUZZ_CHECK(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: property broken: %s: ",	\
				__FILE__, __LINE__, #cond);		\
			fprintf(stderr, __VA_ARGS__);			\
			fputc('\n', stderr);				\
			abort();					\
		}							\
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#endif
