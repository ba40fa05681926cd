// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for the table of system call descriptions (hpc/syscall.c).
 */
#include <kunit/test.h>
#include <linux/fcntl.h>
#include <linux/mman.h>
#include <linux/string.h>
#include <asm/unistd.h>
#include "internal.h"

static int classify(u32 nr, u64 a0, u64 a1, u64 a2, u64 a3,
		    struct hpc_sc_layout *l)
{
	const u64 args[6] = { a0, a1, a2, a3, 0, 0 };

	return hpc_syscall_classify(nr, args, l);
}

static void hpc_sc_read_write(struct kunit *test)
{
	struct hpc_sc_layout l;

	KUNIT_EXPECT_EQ(test, classify(__NR_read, 3, 0x1000, 100, 0, &l),
			HPC_SC_FORWARD);
	KUNIT_EXPECT_EQ(test, l.kind[0], HPC_ARG_VAL);
	KUNIT_EXPECT_EQ(test, l.kind[1], HPC_ARG_OUTR);
	KUNIT_EXPECT_EQ(test, l.len[1], 100u);
	KUNIT_EXPECT_EQ(test, classify(__NR_write, 1, 0x1000, 5, 0, &l),
			HPC_SC_FORWARD);
	KUNIT_EXPECT_EQ(test, l.kind[1], HPC_ARG_IN);
	KUNIT_EXPECT_EQ(test, l.len[1], 5u);
	/* too big to forward in one piece: the body splits or goes home */
	KUNIT_EXPECT_EQ(test, classify(__NR_write, 1, 0x1000,
				       HPC_FWD_MAX + 1, 0, &l), HPC_SC_HOME);
}

/* copies between descriptors: only the offsets travel, the data stays */
static void hpc_sc_copies(struct kunit *test)
{
	const u64 cfr[6] = { 3, 0x1000, 4, 0x2000, 1 << 30, 0 };
	struct hpc_sc_layout l;

	KUNIT_EXPECT_EQ(test, classify(__NR_sendfile, 1, 3, 0x1000, 1 << 30,
				       &l), HPC_SC_FORWARD);
	KUNIT_EXPECT_EQ(test, l.kind[2], HPC_ARG_INOUT);
	KUNIT_EXPECT_EQ(test, l.len[2], 8u);
	KUNIT_EXPECT_EQ(test, l.kind[3], HPC_ARG_VAL);
	KUNIT_EXPECT_EQ(test, classify(__NR_sendfile, 1, 3, 0, 4096, &l),
			HPC_SC_FORWARD);
	KUNIT_EXPECT_EQ(test, l.kind[2], HPC_ARG_VAL);	/* no offset */
	KUNIT_EXPECT_EQ(test, hpc_syscall_classify(__NR_copy_file_range, cfr,
						   &l), HPC_SC_FORWARD);
	KUNIT_EXPECT_EQ(test, l.kind[1], HPC_ARG_INOUT);
	KUNIT_EXPECT_EQ(test, l.kind[3], HPC_ARG_INOUT);
	KUNIT_EXPECT_EQ(test, l.len[3], 8u);
	KUNIT_EXPECT_EQ(test, hpc_syscall_classify(__NR_splice, cfr, &l),
			HPC_SC_FORWARD);
	KUNIT_EXPECT_EQ(test, classify(__NR_tee, 3, 4, 65536, 0, &l),
			HPC_SC_FORWARD);
}

/* the groups and the CPU mask stay at home; gids are counted, not bytes */
static void hpc_sc_identity(struct kunit *test)
{
	struct hpc_sc_layout l;

	KUNIT_EXPECT_EQ(test, classify(__NR_getgroups, 0, 0, 0, 0, &l),
			HPC_SC_FORWARD);
	KUNIT_EXPECT_EQ(test, l.len[1], 0u);
	KUNIT_EXPECT_EQ(test, classify(__NR_getgroups, 16, 0x1000, 0, 0, &l),
			HPC_SC_FORWARD);
	KUNIT_EXPECT_EQ(test, l.kind[1], HPC_ARG_OUTR);
	KUNIT_EXPECT_EQ(test, l.len[1], 64u);
	KUNIT_EXPECT_EQ(test, l.unit[1], 4);
	KUNIT_EXPECT_EQ(test, classify(__NR_sched_getaffinity, 0, 64, 0x1000,
				       0, &l), HPC_SC_FORWARD);
	KUNIT_EXPECT_EQ(test, l.kind[2], HPC_ARG_OUTR);
	KUNIT_EXPECT_EQ(test, l.unit[2], 1);
}

static void hpc_sc_paths_and_structs(struct kunit *test)
{
	struct hpc_sc_layout l;

	KUNIT_EXPECT_EQ(test, classify(__NR_openat, AT_FDCWD, 0x1000, 0, 0,
				       &l), HPC_SC_FORWARD);
	KUNIT_EXPECT_EQ(test, l.kind[1], HPC_ARG_PATH);
	KUNIT_EXPECT_EQ(test, l.len[1], (u32)HPC_PATH_MAX);
	KUNIT_EXPECT_EQ(test, classify(__NR_fstat, 3, 0x1000, 0, 0, &l),
			HPC_SC_FORWARD);
	KUNIT_EXPECT_EQ(test, l.kind[1], HPC_ARG_OUT);
	KUNIT_EXPECT_EQ(test, l.len[1], 144u);
	KUNIT_EXPECT_EQ(test, classify(__NR_statx, AT_FDCWD, 0x1000, 0,
				       0x7ff, &l), HPC_SC_FORWARD);
	KUNIT_EXPECT_EQ(test, l.len[4], 256u);
	/* nullable: utimensat(fd, NULL, NULL, 0) carries nothing */
	KUNIT_EXPECT_EQ(test, classify(__NR_utimensat, 3, 0, 0, 0, &l),
			HPC_SC_FORWARD);
	KUNIT_EXPECT_EQ(test, l.kind[1], HPC_ARG_VAL);
	KUNIT_EXPECT_EQ(test, l.kind[2], HPC_ARG_VAL);
}

static void hpc_sc_by_argument(struct kunit *test)
{
	struct hpc_sc_layout l;

	KUNIT_EXPECT_EQ(test, classify(__NR_ioctl, 0, 0x5401, 0x1000, 0, &l),
			HPC_SC_FORWARD);		/* TCGETS */
	KUNIT_EXPECT_EQ(test, l.kind[2], HPC_ARG_OUT);
	KUNIT_EXPECT_EQ(test, l.len[2], 36u);
	KUNIT_EXPECT_EQ(test, classify(__NR_ioctl, 0, 0x5413, 0x1000, 0, &l),
			HPC_SC_FORWARD);		/* TIOCGWINSZ */
	KUNIT_EXPECT_EQ(test, l.len[2], 8u);
	KUNIT_EXPECT_EQ(test, classify(__NR_ioctl, 0, 0x1234, 0x1000, 0, &l),
			HPC_SC_HOME);
	KUNIT_EXPECT_EQ(test, classify(__NR_mmap, 0, 4096, 3,
				       MAP_PRIVATE | MAP_ANONYMOUS, &l),
			HPC_SC_LOCAL);
	KUNIT_EXPECT_EQ(test, classify(__NR_mmap, 0, 4096, 3, MAP_PRIVATE,
				       &l), HPC_SC_HOME);
	KUNIT_EXPECT_EQ(test, classify(__NR_fcntl, 3, F_GETFL, 0, 0, &l),
			HPC_SC_FORWARD);
	KUNIT_EXPECT_EQ(test, classify(__NR_fcntl, 3, F_SETLK, 0x1000, 0,
				       &l), HPC_SC_HOME);
}

/* the deputy's own services: a path with its file's identity, a mask */
static void hpc_sc_pseudo(struct kunit *test)
{
	struct hpc_sc_layout l;

	KUNIT_EXPECT_EQ(test, classify(HPC_SYS_FDPATH, 3, 0x1000, 0x2000, 0,
				       &l), HPC_SC_FORWARD);
	KUNIT_EXPECT_EQ(test, l.kind[1], HPC_ARG_OUTR);
	KUNIT_EXPECT_EQ(test, l.len[1], (u32)HPC_PATH_MAX);
	KUNIT_EXPECT_EQ(test, l.kind[2], HPC_ARG_OUT);
	KUNIT_EXPECT_EQ(test, l.len[2], 16u);
	/* the mask goes as a value, the signals held at home come back */
	KUNIT_EXPECT_EQ(test, classify(HPC_SYS_SIGMASK, 1ULL << 14, 0x1000,
				       0x2000, 0, &l), HPC_SC_FORWARD);
	KUNIT_EXPECT_EQ(test, l.kind[0], HPC_ARG_VAL);
	KUNIT_EXPECT_EQ(test, l.kind[1], HPC_ARG_OUT);
	KUNIT_EXPECT_EQ(test, l.len[1], 8u);
	KUNIT_EXPECT_EQ(test, l.kind[2], HPC_ARG_VAL);
	KUNIT_EXPECT_EQ(test, l.len[2], 0u);
	/* the next number is not one of them */
	KUNIT_EXPECT_EQ(test, classify(HPC_SYS_SIGMASK + 1, 0, 0, 0, 0, &l),
			HPC_SC_HOME);
}

static void hpc_sc_local_and_home(struct kunit *test)
{
	struct hpc_sc_layout l;

	KUNIT_EXPECT_EQ(test, classify(__NR_brk, 0, 0, 0, 0, &l),
			HPC_SC_LOCAL);
	KUNIT_EXPECT_EQ(test, classify(__NR_clock_gettime, 1, 0x1000, 0, 0,
				       &l), HPC_SC_LOCAL);
	KUNIT_EXPECT_EQ(test, classify(__NR_exit_group, 0, 0, 0, 0, &l),
			HPC_SC_LOCAL);
	KUNIT_EXPECT_EQ(test, classify(__NR_rt_sigaction, 10, 0x1000, 0, 8,
				       &l), HPC_SC_BOTH);
	/* these use the caller's own registers: never forwarded */
	KUNIT_EXPECT_EQ(test, classify(__NR_clone, 0, 0, 0, 0, &l),
			HPC_SC_HOME);
	KUNIT_EXPECT_EQ(test, classify(__NR_execve, 0, 0, 0, 0, &l),
			HPC_SC_HOME);
	KUNIT_EXPECT_EQ(test, classify(__NR_fork, 0, 0, 0, 0, &l),
			HPC_SC_HOME);
	KUNIT_EXPECT_EQ(test, classify(__NR_rt_sigreturn, 0, 0, 0, 0, &l),
			HPC_SC_LOCAL);
	KUNIT_EXPECT_EQ(test, classify(9999, 0, 0, 0, 0, &l), HPC_SC_HOME);
	/* its own usage is the body's; its children's (-1) is at home */
	KUNIT_EXPECT_EQ(test, classify(__NR_getrusage, 0, 0x1000, 0, 0, &l),
			HPC_SC_LOCAL);
	KUNIT_EXPECT_EQ(test, classify(__NR_getrusage, 0xffffffff, 0x1000, 0,
				       0, &l), HPC_SC_FORWARD);
	KUNIT_EXPECT_EQ(test, l.kind[1], HPC_ARG_OUT);
	KUNIT_EXPECT_EQ(test, l.len[1], 144u);
	KUNIT_EXPECT_EQ(test, classify(__NR_getrusage, (u64)-1, 0x1000, 0, 0,
				       &l), HPC_SC_FORWARD);
	/* the real-time interval timer is home's; the CPU-time ones go home */
	KUNIT_EXPECT_EQ(test, classify(__NR_alarm, 5, 0, 0, 0, &l),
			HPC_SC_FORWARD);
	KUNIT_EXPECT_EQ(test, classify(__NR_setitimer, 0, 0x1000, 0, 0, &l),
			HPC_SC_FORWARD);
	KUNIT_EXPECT_EQ(test, l.kind[1], HPC_ARG_IN);
	KUNIT_EXPECT_EQ(test, l.len[1], 32u);
	KUNIT_EXPECT_EQ(test, l.kind[2], HPC_ARG_VAL);	/* no old value */
	KUNIT_EXPECT_EQ(test, classify(__NR_getitimer, 0, 0x1000, 0, 0, &l),
			HPC_SC_FORWARD);
	KUNIT_EXPECT_EQ(test, classify(__NR_setitimer, 2, 0x1000, 0, 0, &l),
			HPC_SC_HOME);
	KUNIT_EXPECT_STREQ(test, hpc_syscall_name(__NR_openat), "openat");
	KUNIT_EXPECT_NULL(test, hpc_syscall_name(__NR_execve));
}

static void hpc_sc_waiting(struct kunit *test)
{
	const u64 sel[6] = { 5, 0x1000, 0, 0x2000, 0x3000, 0 };
	struct hpc_sc_layout l;
	u64 args[6];

	KUNIT_EXPECT_EQ(test, hpc_syscall_classify(__NR_select, sel, &l),
			HPC_SC_FORWARD);
	KUNIT_EXPECT_EQ(test, l.kind[1], HPC_ARG_INOUT);
	KUNIT_EXPECT_EQ(test, l.len[1], 128u);
	KUNIT_EXPECT_EQ(test, l.kind[2], HPC_ARG_VAL);	/* NULL set */
	KUNIT_EXPECT_EQ(test, l.kind[4], HPC_ARG_INOUT);	/* timeout */
	memcpy(args, sel, sizeof(args));
	args[0] = 1025;			/* beyond an fd_set: at home */
	KUNIT_EXPECT_EQ(test, hpc_syscall_classify(__NR_select, args, &l),
			HPC_SC_HOME);
	memcpy(args, sel, sizeof(args));
	KUNIT_EXPECT_EQ(test, hpc_syscall_classify(__NR_pselect6, args, &l),
			HPC_SC_FORWARD);
	args[5] = 0x4000;		/* a signal mask: at home */
	KUNIT_EXPECT_EQ(test, hpc_syscall_classify(__NR_pselect6, args, &l),
			HPC_SC_HOME);
	KUNIT_EXPECT_EQ(test, classify(__NR_ppoll, 0x1000, 3, 0, 0, &l),
			HPC_SC_FORWARD);
	KUNIT_EXPECT_EQ(test, l.len[0], 24u);
	KUNIT_EXPECT_EQ(test, classify(__NR_ppoll, 0x1000, 3, 0, 0x2000, &l),
			HPC_SC_HOME);
}

static struct kunit_case hpc_sc_cases[] = {
	KUNIT_CASE(hpc_sc_read_write),
	KUNIT_CASE(hpc_sc_copies),
	KUNIT_CASE(hpc_sc_identity),
	KUNIT_CASE(hpc_sc_paths_and_structs),
	KUNIT_CASE(hpc_sc_by_argument),
	KUNIT_CASE(hpc_sc_pseudo),
	KUNIT_CASE(hpc_sc_local_and_home),
	KUNIT_CASE(hpc_sc_waiting),
	{}
};

static struct kunit_suite hpc_sc_suite = {
	.name = "hpc_syscall",
	.test_cases = hpc_sc_cases,
};

kunit_test_suite(hpc_sc_suite);
