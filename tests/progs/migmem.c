// SPDX-License-Identifier: GPL-2.0
/*
 * migmem: memory, FPU registers and TLS survive migration mid-computation.
 *
 *   migmem ROUNDS NODE
 *
 * Each round a child asks (through /proc/PPID/goto) for the parent to
 * move to NODE while the parent spins in a loop that keeps values live in
 * xmm8-xmm15, then it checks (still away) its registers, a floating-point
 * series, its TLS, and memory patterns: 8 MiB dense, a sparse 64 MiB
 * mapping, .data/.bss and the stack; then it asks to go home, waits until
 * it is there, and checks everything again. Prints one line per round and
 * PASS or FAIL.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DENSE	(8u << 20)
#define SPARSE	(64u << 20)
#define PG	4096u

static __thread uint64_t tls_word = 0x7715deadbeef0001ull;
static uint64_t data_words[512] = { 1, 2, 3 };
static uint64_t bss_words[128 * 1024];		/* 1 MiB */
static int failures;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);	/* vDSO: no system call */
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t pat(uint64_t i, unsigned int round)
{
	return (i * 0x9e3779b97f4a7c15ull) ^ ((uint64_t)round << 56);
}

static void fail(const char *what, unsigned int round)
{
	printf("round %u: FAIL %s\n", round, what);
	failures++;
}

/* n iterations of xmm8 += xmm9 ... xmm14 += xmm15 (integer adds) */
static void spin_xmm(uint64_t regs[16], uint64_t n)
{
	__asm__ volatile(
		"movdqu   0(%0), %%xmm8\n\t"
		"movdqu  16(%0), %%xmm9\n\t"
		"movdqu  32(%0), %%xmm10\n\t"
		"movdqu  48(%0), %%xmm11\n\t"
		"movdqu  64(%0), %%xmm12\n\t"
		"movdqu  80(%0), %%xmm13\n\t"
		"movdqu  96(%0), %%xmm14\n\t"
		"movdqu 112(%0), %%xmm15\n\t"
		"1:\n\t"
		"paddq %%xmm9, %%xmm8\n\t"
		"paddq %%xmm11, %%xmm10\n\t"
		"paddq %%xmm13, %%xmm12\n\t"
		"paddq %%xmm15, %%xmm14\n\t"
		"dec %1\n\t"
		"jnz 1b\n\t"
		"movdqu %%xmm8,    0(%0)\n\t"
		"movdqu %%xmm9,   16(%0)\n\t"
		"movdqu %%xmm10,  32(%0)\n\t"
		"movdqu %%xmm11,  48(%0)\n\t"
		"movdqu %%xmm12,  64(%0)\n\t"
		"movdqu %%xmm13,  80(%0)\n\t"
		"movdqu %%xmm14,  96(%0)\n\t"
		"movdqu %%xmm15, 112(%0)\n\t"
		: "+r"(regs), "+r"(n)
		:
		: "memory", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13",
		  "xmm14", "xmm15");
}

static double series(unsigned int from, unsigned int to)
{
	double s = 0;

	for (unsigned int i = from; i < to; i++)
		s += (double)i * 1.000000119 / (1.0 + i % 7);
	return s;
}

static void fill(uint64_t *dense, unsigned char *sparse, uint64_t *stackbuf,
		 unsigned int round)
{
	for (uint64_t i = 0; i < DENSE / 8; i++)
		dense[i] = pat(i, round);
	for (uint64_t off = 0; off < SPARSE; off += 16 * PG)
		memset(sparse + off, (int)(off / PG + round) & 0xff, 64);
	for (uint64_t i = 0; i < 512; i++)
		data_words[i] = pat(i + 7, round);
	for (uint64_t i = 0; i < 128 * 1024; i += 8)
		bss_words[i] = pat(i + 99, round);
	for (uint64_t i = 0; i < 8192; i++)
		stackbuf[i] = pat(i + 5, round);
	tls_word = pat(42, round);
}

static void check(uint64_t *dense, unsigned char *sparse, uint64_t *stackbuf,
		  unsigned int round)
{
	for (uint64_t i = 0; i < DENSE / 8; i++)
		if (dense[i] != pat(i, round)) {
			fail("dense memory", round);
			break;
		}
	for (uint64_t off = 0; off < SPARSE; off += PG) {
		unsigned char want = off % (16 * PG) ? 0 :
				     (unsigned char)(off / PG + round);

		if (sparse[off] != want) {
			fail("sparse memory", round);
			break;
		}
	}
	for (uint64_t i = 0; i < 512; i++)
		if (data_words[i] != pat(i + 7, round)) {
			fail(".data", round);
			break;
		}
	for (uint64_t i = 0; i < 128 * 1024; i += 8)
		if (bss_words[i] != pat(i + 99, round)) {
			fail(".bss", round);
			break;
		}
	for (uint64_t i = 0; i < 8192; i++)
		if (stackbuf[i] != pat(i + 5, round)) {
			fail("stack", round);
			break;
		}
	if (tls_word != pat(42, round))
		fail("TLS", round);
}

static unsigned int read_uint(const char *path)
{
	FILE *f = fopen(path, "r");
	unsigned int n = 0;

	if (f) {
		if (fscanf(f, "%u", &n) != 1)
			n = 0;
		fclose(f);
	}
	return n;
}

static void go_home(void)
{
	unsigned int here = read_uint("/proc/hpc/admin/mospe");
	FILE *f = fopen("/proc/self/goto", "w");

	if (!f || fputs("home\n", f) < 0 || fclose(f))
		perror("goto home");
	while (read_uint("/proc/self/where") != here)
		usleep(100000);
}

static unsigned int read_migrations(void)
{
	FILE *f = fopen("/proc/self/migrate", "r");
	unsigned int n = 0;

	if (f) {
		if (fscanf(f, "%u", &n) != 1)
			n = 0;
		fclose(f);
	}
	return n;
}

int main(int argc, char **argv)
{
	unsigned int rounds = argc > 1 ? atoi(argv[1]) : 3;
	const char *node = argc > 2 ? argv[2] : "2";
	uint64_t stackbuf[8192];
	uint64_t *dense;
	unsigned char *sparse;
	uint64_t per_sec, calib = 1000000;
	unsigned int m0 = read_migrations();

	setvbuf(stdout, NULL, _IOLBF, 0);
	dense = malloc(DENSE);
	sparse = mmap(NULL, SPARSE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!dense || sparse == MAP_FAILED) {
		printf("FAIL: no memory\n");
		return 1;
	}
	{
		uint64_t r[16] = { 0 };
		double t = now();

		spin_xmm(r, calib);
		per_sec = calib / (now() - t + 1e-9);
	}

	for (unsigned int round = 1; round <= rounds; round++) {
		uint64_t regs[16], want[16], n = per_sec * 4;	/* ~4 s */
		double ref = series(0, 100000) + series(100000, 200000), got;
		pid_t child;

		fill(dense, sparse, stackbuf, round);
		for (int i = 0; i < 16; i++)
			regs[i] = want[i] = pat(i, round) >> (i & 1 ? 40 : 0);
		/* xmm8 += xmm9 etc.: two quadwords per register */
		for (int j = 0; j < 16; j += 4) {
			want[j] += n * want[j + 2];
			want[j + 1] += n * want[j + 3];
		}
		child = fork();
		if (child == 0) {
			char path[64];
			FILE *f;

			usleep(500000);
			snprintf(path, sizeof(path), "/proc/%d/goto",
				 (int)getppid());
			f = fopen(path, "w");
			if (!f || fprintf(f, "%s\n", node) < 0 || fclose(f)) {
				perror("goto");
				_exit(1);
			}
			_exit(0);
		}
		/* from here on, no system call until the spin is over */
		got = series(0, 100000);
		spin_xmm(regs, n);
		got += series(100000, 200000);
		waitpid(child, NULL, 0);	/* the first call: back home */
		if (memcmp(regs, want, sizeof(regs)))
			fail("xmm registers", round);
		if (memcmp(&got, &ref, sizeof(got)) && got != ref)
			fail("floating-point series", round);
		check(dense, sparse, stackbuf, round);
		go_home();
		check(dense, sparse, stackbuf, round);
		printf("round %u: migrations %u\n", round,
		       read_migrations() - m0);
	}
	{
		unsigned int m = read_migrations() - m0;

		if (m < 2 * rounds)
			printf("FAIL: only %u migrations in %u rounds\n", m,
			       rounds);
		else if (!failures)
			printf("PASS: %u rounds, %u migrations\n", rounds, m);
		return failures || m < 2 * rounds;
	}
}
