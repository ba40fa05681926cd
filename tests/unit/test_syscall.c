// SPDX-License-Identifier: GPL-2.0
/*
 * The table of system call descriptions (hpc/syscall.c), built in user
 * space: what a remote body runs locally, forwards or takes home, and the
 * buffers a forwarded call carries.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <asm/unistd.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/prctl.h>

#include "../../hpc/syscall.h"

static int classify(uint32_t nr, uint64_t a0, uint64_t a1, uint64_t a2,
		    uint64_t a3, uint64_t a4, uint64_t a5,
		    struct hpc_sc_layout *l)
{
	const uint64_t args[6] = { a0, a1, a2, a3, a4, a5 };

	memset(l, 0xa5, sizeof(*l));
	return hpc_syscall_classify(nr, args, l);
}

static void test_files(void **state)
{
	struct hpc_sc_layout l;

	(void)state;
	assert_int_equal(classify(__NR_read, 3, 0x1000, 4096, 0, 0, 0, &l),
			 HPC_SC_FORWARD);
	assert_int_equal(l.kind[1], HPC_ARG_OUTR);
	assert_int_equal(l.len[1], 4096);
	assert_int_equal(classify(__NR_write, 1, 0x1000, 7, 0, 0, 0, &l),
			 HPC_SC_FORWARD);
	assert_int_equal(l.kind[1], HPC_ARG_IN);
	assert_int_equal(l.len[1], 7);
	assert_int_equal(classify(__NR_write, 1, 0x1000, HPC_FWD_MAX + 1, 0, 0,
				  0, &l), HPC_SC_HOME);
	assert_int_equal(classify(__NR_openat, AT_FDCWD, 0x1000, O_RDONLY, 0,
				  0, 0, &l), HPC_SC_FORWARD);
	assert_int_equal(l.kind[1], HPC_ARG_PATH);
	assert_int_equal(l.len[1], HPC_PATH_MAX);
	assert_int_equal(classify(__NR_fcntl, 3, F_GETFL, 0, 0, 0, 0, &l),
			 HPC_SC_FORWARD);
	assert_int_equal(classify(__NR_fcntl, 3, F_SETLKW, 0x1000, 0, 0, 0,
				  &l), HPC_SC_HOME);
}

static void test_local(void **state)
{
	struct hpc_sc_layout l;

	(void)state;
	assert_int_equal(classify(__NR_brk, 0, 0, 0, 0, 0, 0, &l),
			 HPC_SC_LOCAL);
	assert_int_equal(classify(__NR_rt_sigpending, 0x1000, 8, 0, 0, 0, 0,
				  &l), HPC_SC_LOCAL);
	assert_int_equal(classify(__NR_mmap, 0, 4096, PROT_READ,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, &l),
			 HPC_SC_LOCAL);
	assert_int_equal(classify(__NR_mmap, 0, 4096, PROT_READ, MAP_SHARED,
				  3, 0, &l), HPC_SC_HOME);
	/* no description: home, never ENOSYS */
	assert_int_equal(classify(__NR_fork, 0, 0, 0, 0, 0, 0, &l),
			 HPC_SC_HOME);
	assert_int_equal(classify(__NR_execve, 0x1000, 0x2000, 0x3000, 0, 0,
				  0, &l), HPC_SC_HOME);
	assert_int_equal(classify(100000, 0, 0, 0, 0, 0, 0, &l), HPC_SC_HOME);
	/* prctl: the name travels with the process; anything else is home's */
	assert_int_equal(classify(__NR_prctl, PR_GET_NAME, 0x1000, 0, 0, 0, 0,
				  &l), HPC_SC_LOCAL);
	assert_int_equal(classify(__NR_prctl, PR_SET_NAME, 0x1000, 0, 0, 0, 0,
				  &l), HPC_SC_BOTH);
	assert_int_equal(l.kind[1], HPC_ARG_IN);
	assert_int_equal(l.len[1], 16);
	assert_int_equal(classify(__NR_prctl, PR_SET_PDEATHSIG, 9, 0, 0, 0, 0,
				  &l), HPC_SC_HOME);
	/* getrusage: RUSAGE_SELF and _THREAD are the body's, _CHILDREN home's */
	assert_int_equal(classify(__NR_getrusage, 0, 0x1000, 0, 0, 0, 0, &l),
			 HPC_SC_LOCAL);
	assert_int_equal(classify(__NR_getrusage, 1, 0x1000, 0, 0, 0, 0, &l),
			 HPC_SC_LOCAL);
	assert_int_equal(classify(__NR_getrusage, 0xffffffffu, 0x1000, 0, 0, 0,
				  0, &l), HPC_SC_FORWARD);
	assert_int_equal(l.kind[1], HPC_ARG_OUT);
	assert_int_equal(l.len[1], 144);
	/* ITIMER_REAL and alarm() at home; ITIMER_VIRTUAL, _PROF go home */
	assert_int_equal(classify(__NR_alarm, 1, 0, 0, 0, 0, 0, &l),
			 HPC_SC_FORWARD);
	assert_int_equal(classify(__NR_setitimer, 0, 0x1000, 0x2000, 0, 0, 0,
				  &l), HPC_SC_FORWARD);
	assert_int_equal(l.kind[2], HPC_ARG_OUT);
	assert_int_equal(l.len[2], 32);
	assert_int_equal(classify(__NR_getitimer, 1, 0x1000, 0, 0, 0, 0, &l),
			 HPC_SC_HOME);
}

static void test_waiting(void **state)
{
	struct hpc_sc_layout l;

	(void)state;
	assert_int_equal(classify(__NR_select, 5, 0x1000, 0, 0x2000, 0x3000,
				  0, &l), HPC_SC_FORWARD);
	assert_int_equal(l.kind[1], HPC_ARG_INOUT);
	assert_int_equal(l.len[1], 128);
	assert_int_equal(l.kind[2], HPC_ARG_VAL);
	assert_int_equal(l.kind[4], HPC_ARG_INOUT);
	assert_int_equal(classify(__NR_select, 1025, 0x1000, 0, 0, 0, 0, &l),
			 HPC_SC_HOME);
	assert_int_equal(classify(__NR_pselect6, 5, 0x1000, 0, 0, 0, 0, &l),
			 HPC_SC_FORWARD);
	assert_int_equal(classify(__NR_pselect6, 5, 0x1000, 0, 0, 0, 0x4000,
				  &l), HPC_SC_HOME);
	assert_int_equal(classify(__NR_poll, 0x1000, 4, 100, 0, 0, 0, &l),
			 HPC_SC_FORWARD);
	assert_int_equal(l.len[0], 32);
	assert_int_equal(classify(__NR_ppoll, 0x1000, 4, 0x2000, 0, 8, 0, &l),
			 HPC_SC_FORWARD);
	assert_int_equal(classify(__NR_ppoll, 0x1000, 4, 0, 0x3000, 8, 0, &l),
			 HPC_SC_HOME);
}

/*
 * The groups and the CPU mask are the process's, kept at home (the body
 * runs with none of its privileges): the deputy answers, and only the
 * entries the call filled come back.
 */
static void test_identity(void **state)
{
	struct hpc_sc_layout l;

	(void)state;
	assert_int_equal(classify(__NR_getgroups, 0, 0, 0, 0, 0, 0, &l),
			 HPC_SC_FORWARD);
	assert_int_equal(l.kind[1], HPC_ARG_OUTR);
	assert_int_equal(l.len[1], 0);
	assert_int_equal(classify(__NR_getgroups, 32, 0x1000, 0, 0, 0, 0, &l),
			 HPC_SC_FORWARD);
	assert_int_equal(l.len[1], 128);
	assert_int_equal(l.unit[1], 4);		/* the result counts gids */
	assert_int_equal(classify(__NR_getgroups, 65536, 0x1000, 0, 0, 0, 0,
				  &l), HPC_SC_HOME);
	assert_int_equal(classify(__NR_sched_getaffinity, 0, 128, 0x1000, 0, 0,
				  0, &l), HPC_SC_FORWARD);
	assert_int_equal(l.kind[2], HPC_ARG_OUTR);
	assert_int_equal(l.len[2], 128);
	assert_int_equal(l.unit[2], 1);		/* the result counts bytes */
	assert_int_equal(classify(__NR_read, 3, 0x1000, 100, 0, 0, 0, &l),
			 HPC_SC_FORWARD);
	assert_int_equal(l.unit[1], 1);
	assert_int_equal(classify(__NR_sched_setaffinity, 0, 128, 0x1000, 0, 0,
				  0, &l), HPC_SC_HOME);
}

/* Whatever the arguments, a forwarded call fits in one message. */
static void test_bounds(void **state)
{
	static const uint64_t vals[] = { 0, 1, 4096, HPC_FWD_MAX,
					 HPC_FWD_MAX + 1, 1u << 31,
					 UINT64_MAX };
	struct hpc_sc_layout l;

	(void)state;
	for (uint32_t nr = 0; nr < 512; nr++)
		for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
			uint64_t v = vals[i];
			size_t in = 0, out = 0;
			int c = classify(nr, v, 0x1000, v, v, v, 0, &l);

			if (c != HPC_SC_FORWARD && c != HPC_SC_BOTH)
				continue;
			for (int a = 0; a < 6; a++) {
				if (l.kind[a] == HPC_ARG_VAL)
					continue;
				if (l.kind[a] != HPC_ARG_OUT &&
				    l.kind[a] != HPC_ARG_OUTR)
					in += l.len[a];
				if (l.kind[a] != HPC_ARG_IN &&
				    l.kind[a] != HPC_ARG_PATH)
					out += l.len[a];
			}
			assert_true(in <= HPC_FWD_MAX + 2 * HPC_PATH_MAX);
			assert_true(out <= HPC_FWD_MAX);
		}
}

/* the /proc files a body goes home to open: its own address space */
static void test_proc_own_mm(void **state)
{
	static const char *const own[] = {
		"/proc/self/maps", "/proc/self/smaps_rollup",
		"/proc/self/status", "/proc/thread-self/smaps",
		"/proc/321/statm", "//proc//self///pagemap",
		"/proc/self/task/321/mem", "/proc/321/task/321/numa_maps",
		"/proc/self/clear_refs",
	};
	static const char *const other[] = {
		"/proc/self/fd/3", "/proc/self/stat", "/proc/self/cmdline",
		"/proc/self/where", "/proc/3210/maps", "/proc/32/maps",
		"/proc/0321/maps", "/proc/self/task/322/maps",
		"/proc/self/mapsx", "/proc/self/task/maps", "/proc/maps",
		"/proc/self", "/proc/", "proc/self/maps", "/procx/self/maps",
		"/tmp/proc/self/maps", "/proc/selfish/maps", "",
		"/proc/99999999999999999999/maps",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		if (!hpc_proc_own_mm(own[i], 321))
			fail_msg("%s: expected its own memory", own[i]);
	for (i = 0; i < sizeof(other) / sizeof(other[0]); i++)
		if (hpc_proc_own_mm(other[i], 321))
			fail_msg("%s: not its own memory, taken as such",
				 other[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_local),
		cmocka_unit_test(test_waiting),
		cmocka_unit_test(test_identity),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_proc_own_mm),
	};

	return cmocka_run_group_tests_name("syscall table", tests, NULL, NULL);
}
