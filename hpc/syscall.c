// SPDX-License-Identifier: GPL-2.0-only
/*
 * The table of system call descriptions (x86_64 numbers).
 *
 * One entry per call a remote body may make without going home: either
 * it runs locally (memory management on anonymous memory, clocks and
 * sleeps, signal masks and actions, getrandom, a single-threaded futex,
 * exit) or it is forwarded to the deputy, with each argument described as
 * a value, a buffer read or written by the call (its length another
 * argument or a fixed size), or a path. A few calls depend on an argument
 * (ioctl's request, fcntl's command, mmap's flags) and are resolved in
 * code below the table. Anything else sends the body home.
 */
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/mman.h>
#include <linux/fcntl.h>
#include <linux/prctl.h>
#include <linux/string.h>
#include <asm/unistd.h>
#else
#include <errno.h>
#include <string.h>
#include <asm/unistd.h>
#include <linux/mman.h>
#include <linux/fcntl.h>
#include <linux/prctl.h>
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
#include "syscall.h"

/* an argument: kind, plus a fixed size or the index of the length arg */
struct hpc_sc_arg {
	u8	kind;
	u8	len_arg;	/* 0xff: fixed size */
	u16	size;		/* fixed size, or bytes per unit of len_arg */
	u8	nullable;
};

struct hpc_sc_desc {
	u32			nr;
	u8			action;
	const char		*name;
	struct hpc_sc_arg	arg[6];
};

#define V		{ HPC_ARG_VAL, 0xff, 0, 0 }
#define IN(a)		{ HPC_ARG_IN, (a), 1, 0 }
#define OUTR(a)		{ HPC_ARG_OUTR, (a), 1, 0 }
#define OUTRA(a, s)	{ HPC_ARG_OUTR, (a), (s), 0 }
#define OUTS(s)		{ HPC_ARG_OUT, 0xff, (s), 0 }
#define OUTRS(s)	{ HPC_ARG_OUTR, 0xff, (s), 0 }
#define OUTSN(s)	{ HPC_ARG_OUT, 0xff, (s), 1 }
#define INS(s)		{ HPC_ARG_IN, 0xff, (s), 0 }
#define INSN(s)		{ HPC_ARG_IN, 0xff, (s), 1 }
#define INOUTA(a, s)	{ HPC_ARG_INOUT, (a), (s), 0 }
#define INOUTSN(s)	{ HPC_ARG_INOUT, 0xff, (s), 1 }
#define P		{ HPC_ARG_PATH, 0xff, 0, 0 }
#define PN		{ HPC_ARG_PATH, 0xff, 0, 1 }

#define LOCAL(n)	{ __NR_##n, HPC_SC_LOCAL, #n, { V, V, V, V, V, V } }
#define FWD(n, ...)	{ __NR_##n, HPC_SC_FORWARD, #n, { __VA_ARGS__ } }
#define BOTH(n, ...)	{ __NR_##n, HPC_SC_BOTH, #n, { __VA_ARGS__ } }

#define HPC_SZ_STAT	144	/* struct stat */
#define HPC_SZ_STATX	256	/* struct statx */
#define HPC_SZ_STATFS	120	/* struct statfs */
#define HPC_SZ_RUSAGE	144	/* struct rusage */
#define HPC_SZ_ITIMERVAL	32	/* struct __kernel_old_itimerval */
#define HPC_SZ_TMS	32	/* struct tms */
#define HPC_SZ_UTSNAME	390	/* struct new_utsname */
#define HPC_SZ_TIMESPEC2	32	/* struct timespec[2] */
#define HPC_SZ_TIMEVAL	16
#define HPC_SZ_TIMESPEC	16
#define HPC_SZ_FDSET	128	/* fd_set: FD_SETSIZE bits */

static const struct hpc_sc_desc hpc_sc_table[] = {
	/* local on the body */
	LOCAL(brk), LOCAL(munmap), LOCAL(mprotect), LOCAL(mremap),
	LOCAL(madvise), LOCAL(clock_gettime), LOCAL(clock_getres),
	LOCAL(gettimeofday), LOCAL(time), LOCAL(nanosleep),
	LOCAL(clock_nanosleep), LOCAL(rt_sigprocmask), LOCAL(rt_sigpending),
	LOCAL(rt_sigreturn), LOCAL(sigaltstack), LOCAL(sched_yield),
	LOCAL(getrandom), LOCAL(futex), LOCAL(exit), LOCAL(exit_group),
	LOCAL(getrlimit), LOCAL(arch_prctl), LOCAL(set_robust_list),
	LOCAL(get_robust_list), LOCAL(rseq), LOCAL(set_tid_address),
	LOCAL(restart_syscall),
	/*
	 * both: the deputy must know which signals the process handles or
	 * ignores (a default action would kill it at home), the body runs
	 * the handlers
	 */
	BOTH(rt_sigaction, V, INSN(32), OUTSN(32), V),
	/* files */
	FWD(read, V, OUTR(2), V),
	FWD(write, V, IN(2), V),
	FWD(pread64, V, OUTR(2), V, V),
	FWD(pwrite64, V, IN(2), V, V),
	FWD(open, P, V, V),
	FWD(openat, V, P, V, V),
	FWD(creat, P, V),
	FWD(close, V),
	FWD(lseek, V, V, V),
	FWD(dup, V), FWD(dup2, V, V), FWD(dup3, V, V, V),
	FWD(fstat, V, OUTS(HPC_SZ_STAT)),
	FWD(stat, P, OUTS(HPC_SZ_STAT)),
	FWD(lstat, P, OUTS(HPC_SZ_STAT)),
	FWD(newfstatat, V, P, OUTS(HPC_SZ_STAT), V),
	FWD(statx, V, P, V, V, OUTS(HPC_SZ_STATX)),
	FWD(statfs, P, OUTS(HPC_SZ_STATFS)),
	FWD(fstatfs, V, OUTS(HPC_SZ_STATFS)),
	FWD(access, P, V),
	FWD(faccessat, V, P, V),
	FWD(faccessat2, V, P, V, V),
	FWD(getdents64, V, OUTR(2), V),
	FWD(unlink, P), FWD(unlinkat, V, P, V),
	FWD(rename, P, P), FWD(renameat, V, P, V, P),
	FWD(renameat2, V, P, V, P, V),
	FWD(mkdir, P, V), FWD(mkdirat, V, P, V), FWD(rmdir, P),
	FWD(link, P, P), FWD(symlink, P, P),
	FWD(readlink, P, OUTR(2), V),
	FWD(readlinkat, V, P, OUTR(3), V),
	FWD(chmod, P, V), FWD(fchmod, V, V), FWD(fchmodat, V, P, V),
	FWD(chown, P, V, V), FWD(fchown, V, V, V), FWD(lchown, P, V, V),
	FWD(utimensat, V, PN, INSN(HPC_SZ_TIMESPEC2), V),
	FWD(truncate, P, V), FWD(ftruncate, V, V),
	FWD(fsync, V), FWD(fdatasync, V), FWD(flock, V, V),
	FWD(fadvise64, V, V, V, V),
	/* copies between descriptors: the data never leaves home */
	FWD(sendfile, V, V, INOUTSN(8), V),
	FWD(copy_file_range, V, INOUTSN(8), V, INOUTSN(8), V, V),
	FWD(splice, V, INOUTSN(8), V, INOUTSN(8), V, V),
	FWD(tee, V, V, V, V),
	FWD(pipe, OUTS(8)), FWD(pipe2, OUTS(8), V),
	FWD(poll, INOUTA(1, 8), V, V),
	FWD(ppoll, INOUTA(1, 8), V, INOUTSN(HPC_SZ_TIMESPEC), V, V),
	FWD(select, V, INOUTSN(HPC_SZ_FDSET), INOUTSN(HPC_SZ_FDSET),
	    INOUTSN(HPC_SZ_FDSET), INOUTSN(HPC_SZ_TIMEVAL)),
	FWD(pselect6, V, INOUTSN(HPC_SZ_FDSET), INOUTSN(HPC_SZ_FDSET),
	    INOUTSN(HPC_SZ_FDSET), INOUTSN(HPC_SZ_TIMESPEC), V),
	/* cwd, identity, the process */
	FWD(getcwd, OUTR(1), V),
	FWD(chdir, P), FWD(fchdir, V),
	FWD(umask, V),
	FWD(getpid), FWD(getppid), FWD(gettid),
	FWD(getuid), FWD(geteuid), FWD(getgid), FWD(getegid),
	FWD(getgroups, V, OUTRA(0, 4)),
	FWD(sched_getaffinity, V, V, OUTR(1)),
	FWD(getpgrp), FWD(getpgid, V), FWD(getsid, V), FWD(setpgid, V, V),
	FWD(kill, V, V), FWD(tgkill, V, V, V),
	FWD(wait4, V, OUTSN(4), V, OUTSN(HPC_SZ_RUSAGE)),
	FWD(getrusage, V, OUTS(HPC_SZ_RUSAGE)),
	/* the real-time interval timer runs at home, SIGALRM comes from there */
	FWD(alarm, V),
	FWD(setitimer, V, INSN(HPC_SZ_ITIMERVAL), OUTSN(HPC_SZ_ITIMERVAL)),
	FWD(getitimer, V, OUTS(HPC_SZ_ITIMERVAL)),
	FWD(uname, OUTS(HPC_SZ_UTSNAME)),
	FWD(times, OUTSN(HPC_SZ_TMS)),
	FWD(sysinfo, OUTS(112)),
	FWD(prlimit64, V, V, INSN(16), OUTSN(16)),
	/* the deputy's own services */
	{ HPC_SYS_FDPATH, HPC_SC_FORWARD, "hpc_fdpath",
	  { V, OUTRS(HPC_PATH_MAX), OUTS(16) } },
	{ HPC_SYS_SIGMASK, HPC_SC_FORWARD, "hpc_sigmask", { V, OUTS(8) } },
};

static const struct hpc_sc_desc *hpc_sc_find(u32 nr)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(hpc_sc_table); i++)
		if (hpc_sc_table[i].nr == nr)
			return &hpc_sc_table[i];
	return NULL;
}

/**
 * hpc_syscall_name() - name of a described system call
 * @nr: its number
 *
 * Return: the name, or NULL for a call with no description.
 */
const char *hpc_syscall_name(u32 nr)
{
	const struct hpc_sc_desc *d = hpc_sc_find(nr);

	return d ? d->name : NULL;
}

static void hpc_sc_one(struct hpc_sc_layout *l, int i, u8 kind, u32 len)
{
	l->kind[i] = kind;
	l->len[i] = len;
}

/* ioctl: the requests programs make on ttys and files */
static int hpc_sc_ioctl(const u64 args[6], struct hpc_sc_layout *l)
{
	switch (args[1]) {
	case 0x5401:		/* TCGETS */
		hpc_sc_one(l, 2, HPC_ARG_OUT, 36);
		break;
	case 0x5402:		/* TCSETS */
	case 0x5403:		/* TCSETSW */
	case 0x5404:		/* TCSETSF */
		hpc_sc_one(l, 2, HPC_ARG_IN, 36);
		break;
	case 0x5413:		/* TIOCGWINSZ */
		hpc_sc_one(l, 2, HPC_ARG_OUT, 8);
		break;
	case 0x5414:		/* TIOCSWINSZ */
		hpc_sc_one(l, 2, HPC_ARG_IN, 8);
		break;
	case 0x540f:		/* TIOCGPGRP */
	case 0x541b:		/* FIONREAD */
		hpc_sc_one(l, 2, HPC_ARG_OUT, 4);
		break;
	case 0x5421:		/* FIONBIO */
		hpc_sc_one(l, 2, HPC_ARG_IN, 4);
		break;
	case 0x5450:		/* FIONCLEX */
	case 0x5451:		/* FIOCLEX */
		break;
	default:
		return HPC_SC_HOME;
	}
	return HPC_SC_FORWARD;
}

/**
 * hpc_syscall_classify() - what a remote body does with a system call
 * @nr: the call's number
 * @args: its six arguments
 * @l: filled with how each argument travels, for HPC_SC_FORWARD
 *
 * Buffer lengths come from the arguments; a call whose buffers exceed
 * HPC_FWD_MAX in either direction is not forwarded (HPC_SC_HOME).
 *
 * Return: HPC_SC_HOME, HPC_SC_LOCAL, HPC_SC_FORWARD or HPC_SC_BOTH.
 */
int hpc_syscall_classify(u32 nr, const u64 args[6], struct hpc_sc_layout *l)
{
	const struct hpc_sc_desc *d;
	u64 in = 0, out = 0;
	int i;

	for (i = 0; i < 6; i++) {
		l->kind[i] = HPC_ARG_VAL;
		l->len[i] = 0;
		l->unit[i] = 1;
	}
	if (nr == __NR_mmap)
		return args[3] & MAP_ANONYMOUS && !(args[3] & MAP_SHARED) ?
		       HPC_SC_LOCAL : HPC_SC_HOME;
	if (nr == __NR_ioctl)
		return hpc_sc_ioctl(args, l);
	if (nr == __NR_prctl) {
		switch (args[0]) {
		case PR_GET_NAME:	/* comm travels with the process */
			return HPC_SC_LOCAL;
		case PR_SET_NAME:	/* at home too, for ps and /proc */
			l->kind[1] = HPC_ARG_IN;
			l->len[1] = HPC_COMM_LEN;
			return HPC_SC_BOTH;
		default:
			return HPC_SC_HOME;
		}
	}
	if (nr == __NR_fcntl) {
		switch (args[1]) {
		case F_DUPFD: case F_DUPFD_CLOEXEC: case F_GETFD:
		case F_SETFD: case F_GETFL: case F_SETFL:
			return HPC_SC_FORWARD;
		default:
			return HPC_SC_HOME;
		}
	}
	if (nr == __NR_prlimit64 && args[2])
		return HPC_SC_HOME;	/* limits are changed at home */
	/*
	 * The process's own usage is the body's, whose CPU clocks start from
	 * what the process used before it came; its children's is at home.
	 * (RUSAGE_CHILDREN is -1 in an int.)
	 */
	if (nr == __NR_getrusage && (int)args[0] != -1)
		return HPC_SC_LOCAL;
	/*
	 * ITIMER_REAL (0) counts wall time, at home like alarm(); the CPU
	 * time timers would count the deputy's time there.
	 */
	if ((nr == __NR_setitimer || nr == __NR_getitimer) && args[0] != 0)
		return HPC_SC_HOME;
	/*
	 * More descriptors than an fd_set holds; a temporary signal mask,
	 * which must be the process's own, not the deputy's.
	 */
	if (((nr == __NR_select || nr == __NR_pselect6) && args[0] > 1024) ||
	    (nr == __NR_pselect6 && args[5]) || (nr == __NR_ppoll && args[3]))
		return HPC_SC_HOME;
	d = hpc_sc_find(nr);
	if (!d)
		return HPC_SC_HOME;
	if (d->action == HPC_SC_LOCAL)
		return d->action;
	for (i = 0; i < 6; i++) {
		const struct hpc_sc_arg *a = &d->arg[i];
		u64 len;

		if (a->kind == HPC_ARG_VAL)
			continue;
		if (a->nullable && !args[i])
			continue;
		if (a->kind == HPC_ARG_PATH) {
			len = HPC_PATH_MAX;
			in += len;
		} else {
			len = a->len_arg == 0xff ? a->size :
			      args[a->len_arg] * a->size;
			if (len > HPC_FWD_MAX)
				return HPC_SC_HOME;
			if (a->kind == HPC_ARG_OUTR && a->len_arg != 0xff)
				l->unit[i] = a->size;
			if (a->kind == HPC_ARG_IN || a->kind == HPC_ARG_INOUT)
				in += len;
			if (a->kind != HPC_ARG_IN)
				out += len;
		}
		l->kind[i] = a->kind;
		l->len[i] = len;
	}
	if (in > HPC_FWD_MAX + 2 * HPC_PATH_MAX || out > HPC_FWD_MAX)
		return HPC_SC_HOME;
	return d->action;
}

/* /proc files of a process that show its address space */
static const char *const hpc_proc_mm_files[] = {
	"clear_refs", "maps", "mem", "numa_maps", "pagemap", "smaps",
	"smaps_rollup", "statm", "status",
};

/* skip one component of @p and the slashes after it; NULL at the end */
static const char *hpc_path_next(const char *p)
{
	while (*p && *p != '/')
		p++;
	if (!*p)
		return NULL;
	while (*p == '/')
		p++;
	return p;
}

/* is the component at @p the decimal number @pid? */
static bool hpc_path_is_pid(const char *p, u32 pid)
{
	u64 n = 0;

	if (*p < '1' || *p > '9')
		return false;
	for (; *p && *p != '/'; p++) {
		if (*p < '0' || *p > '9')
			return false;
		n = n * 10 + (*p - '0');
		if (n > 0xffffffffULL)
			return false;
	}
	return n == pid;
}

static bool hpc_path_is(const char *p, const char *name)
{
	size_t len = strlen(name);

	return !strncmp(p, name, len) && (p[len] == '/' || !p[len]);
}

/**
 * hpc_proc_own_mm() - does @path name a /proc file of the calling
 * process's address space?
 * @path: an absolute path, as the process gave it
 * @pid: the process's PID at home (its thread ID too: one thread)
 *
 * /proc/self/maps and the like, by "self", "thread-self" or the PID,
 * directly or through task/PID. A remote body's own path calls are made
 * by its deputy, whose address space is an empty stand-in: the body goes
 * home to open these, where its memory then is.
 *
 * Return: true for such a file.
 */
bool hpc_proc_own_mm(const char *path, u32 pid)
{
	const char *p = path;
	size_t i;

	if (*p != '/')
		return false;
	while (*p == '/')
		p++;
	if (!hpc_path_is(p, "proc"))
		return false;
	p = hpc_path_next(p);
	if (!p)
		return false;
	if (hpc_path_is(p, "thread-self")) {
		p = hpc_path_next(p);
	} else if (hpc_path_is(p, "self") || hpc_path_is_pid(p, pid)) {
		p = hpc_path_next(p);
		if (p && hpc_path_is(p, "task")) {
			p = hpc_path_next(p);
			if (!p || !hpc_path_is_pid(p, pid))
				return false;
			p = hpc_path_next(p);
		}
	} else {
		return false;
	}
	if (!p)
		return false;
	for (i = 0; i < ARRAY_SIZE(hpc_proc_mm_files); i++)
		if (hpc_path_is(p, hpc_proc_mm_files[i]))
			return true;
	return false;
}
