/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Just enough of the kernel's API for the pure parts of hpc/ to build
 * unchanged in user space, under libFuzzer and the sanitizers.
 *
 * Force-included (-include kshim.h) before a file of hpc/; the headers
 * under kshim/include/linux/ then resolve that file's <linux/...>
 * includes to nothing (or to the uapi header of the same name), because
 * everything lives here. Semantics follow the kernel where a parser can
 * tell the difference: kstrtouint() and in4_pton() are the kernel's own
 * code (kshim.c), integer overflow wraps (the kernel builds with
 * -fno-strict-overflow, so build with -fwrapv), allocation failures can
 * be injected (kshim_fail_alloc_after).
 *
 * Only add what a file of hpc/ really uses; a missing name is a build
 * error, which is how we learn that a "pure" file grew a dependency.
 */
#ifndef _KSHIM_H
#define _KSHIM_H

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>	/* __u8 .. __be64 from the uapi */

#define __KERNEL__ 1

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
typedef unsigned int gfp_t;

#define U8_MAX		UINT8_MAX
#define U16_MAX		UINT16_MAX
#define U32_MAX		UINT32_MAX
#define U64_MAX		UINT64_MAX

/* Annotations and compiler helpers. */
#define __rcu
#define __force
#define __user
#define __must_check
#define __init
#define __exit
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#define EXPORT_SYMBOL(s)
#define EXPORT_SYMBOL_GPL(s)
#define READ_ONCE(x)	(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define min(a, b)	((a) < (b) ? (a) : (b))
#define max(a, b)	((a) > (b) ? (a) : (b))
#define min_t(t, a, b)	((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b)	((t)(a) > (t)(b) ? (t)(a) : (t)(b))

/* The kernel's static_assert takes an optional message. */
#undef static_assert
#define static_assert(expr, ...) __kshim_static_assert(expr, ##__VA_ARGS__, #expr)
#define __kshim_static_assert(expr, msg, ...) _Static_assert(expr, msg)

/* IS_ENABLED() as in <linux/kconfig.h> (built-in options only). */
#define __ARG_PLACEHOLDER_1 0,
#define __take_second_arg(__ignored, val, ...) val
#define __is_defined(x)			___is_defined(x)
#define ___is_defined(val)		____is_defined(__ARG_PLACEHOLDER_##val)
#define ____is_defined(arg1_or_junk)	__take_second_arg(arg1_or_junk 1, 0)
#define IS_ENABLED(option)		__is_defined(option)
#define IS_BUILTIN(option)		__is_defined(option)
#define CONFIG_HPC 1

/* Byte order (x86_64 and arm64 user space are little-endian). */
#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "kshim assumes a little-endian host"
#endif
#define be16_to_cpu(x)	((u16)__builtin_bswap16((__force u16)(x)))
#define be32_to_cpu(x)	((u32)__builtin_bswap32((__force u32)(x)))
#define be64_to_cpu(x)	((u64)__builtin_bswap64((__force u64)(x)))
#define cpu_to_be16(x)	((__force __be16)__builtin_bswap16(x))
#define cpu_to_be32(x)	((__force __be32)__builtin_bswap32(x))
#define cpu_to_be64(x)	((__force __be64)__builtin_bswap64(x))

/* Logging: checked like printf, printed only with KSHIM_VERBOSE set. */
__printf(1, 2) void kshim_printk(const char *fmt, ...);
#define pr_emerg(fmt, ...)	kshim_printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert(fmt, ...)	kshim_printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...)	kshim_printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...)	kshim_printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)	kshim_printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...)	kshim_printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	kshim_printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...)	kshim_printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err_ratelimited	pr_err
#define pr_warn_ratelimited	pr_warn
#define pr_info_ratelimited	pr_info
#define WARN_ON(c)		kshim_warn_on(!!(c), __FILE__, __LINE__)
#define WARN_ON_ONCE(c)		WARN_ON(c)
#define BUG_ON(c)		do { if (c) abort(); } while (0)
int kshim_warn_on(int cond, const char *file, int line);

/* Allocation: libc underneath, with failure injection for the fuzzers. */
#define GFP_KERNEL	0u
#define GFP_ATOMIC	1u
#define __GFP_NOWARN	2u
/* The next allocations succeed this many times, then fail; -1: never. */
extern long kshim_fail_alloc_after;
void *kmalloc(size_t size, gfp_t gfp);
void *kzalloc(size_t size, gfp_t gfp);
void *kcalloc(size_t n, size_t size, gfp_t gfp);
void *kvmalloc(size_t size, gfp_t gfp);
void *kvzalloc(size_t size, gfp_t gfp);
void kfree(const void *p);
void kvfree(const void *p);
/* struct_size() saturates at SIZE_MAX on overflow, as <linux/overflow.h>. */
size_t kshim_size_mul_add(size_t n, size_t each, size_t base);
#define struct_size(p, member, count) \
	kshim_size_mul_add((count), sizeof(*(p)->member), sizeof(*(p)))
#define array_size(a, b)	kshim_size_mul_add((a), (b), 0)

/* Locking and RCU: single-threaded here, so only the shapes remain. */
struct mutex { int held; };
#define DEFINE_MUTEX(name)	struct mutex name = { 0 }
void mutex_lock(struct mutex *m);
void mutex_unlock(struct mutex *m);
#define mutex_init(m)		((m)->held = 0)
#define lockdep_is_held(l)	((l)->held)
typedef struct { int locked; } spinlock_t;
#define spin_lock(l)		((void)(l))
#define spin_unlock(l)		((void)(l))
#define spin_lock_init(l)	((void)(l))

struct callback_head {
	struct callback_head *next;
	void (*func)(struct callback_head *head);
} __attribute__((aligned(sizeof(void *))));
#define rcu_head callback_head
typedef void (*task_work_func_t)(struct callback_head *);
#define rcu_read_lock()			do { } while (0)
#define rcu_read_unlock()		do { } while (0)
#define rcu_dereference(p)		(p)
#define rcu_dereference_protected(p, c)	((void)(c), (p))
#define rcu_access_pointer(p)		(p)
#define rcu_assign_pointer(p, v)	((p) = (v))
#define RCU_INIT_POINTER(p, v)		((p) = (v))
#define rcu_replace_pointer(rp, p, c)			\
	({ __typeof__(rp) __old = (rp); (void)(c); (rp) = (p); __old; })
#define kfree_rcu(p, field)		kfree(p)
#define synchronize_rcu()		do { } while (0)

typedef struct { int counter; } atomic_t;
typedef struct { long counter; } atomic64_t;
typedef struct { atomic_t refs; } refcount_t;
struct list_head { struct list_head *next, *prev; };

/* Types other files only point to. */
struct socket;
struct sock;
struct task_struct;
struct mm_struct;
struct pt_regs;
struct file;
struct file_operations;
struct seq_file;

#define HZ 100

/* lib/ functions the parsers call: the kernel's code, in kshim.c. */
int hex_to_bin(unsigned char ch);
int kstrtoull(const char *s, unsigned int base, unsigned long long *res);
int kstrtouint(const char *s, unsigned int base, unsigned int *res);
int kstrtou16(const char *s, unsigned int base, u16 *res);
int kstrtoint(const char *s, unsigned int base, int *res);
int in4_pton(const char *src, int srclen, u8 *dst, int delim,
	     const char **end);

#endif /* _KSHIM_H */
