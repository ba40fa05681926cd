// SPDX-License-Identifier: GPL-2.0-only
/*
 * /proc/PID/{where,goto,lock,cantmove,migrate,hint,decay}: a process's
 * migration controls, as documented in Documentation/ABI/testing/procfs-hpc.
 */
#define pr_fmt(fmt) "hpc: " fmt

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include "../fs/proc/internal.h"
#include "internal.h"

#define HPC_HINT_NONE	0
#define HPC_HINT_CPU	1
#define HPC_HINT_IO	2
static const char *const hpc_hint_names[] = { "none", "cpu", "io" };

/* How fast the balancer forgets a process's past CPU use; 0 by default. */
#define HPC_DECAY_FAST	0
#define HPC_DECAY_SLOW	1
static const char *const hpc_decay_names[] = {
	[HPC_DECAY_FAST] = "fast",
	[HPC_DECAY_SLOW] = "slow",
};

static ssize_t hpc_read_string(struct file *file, char __user *ubuf,
			       size_t count, loff_t *ppos,
			       ssize_t (*fmt)(struct task_struct *, char *,
					      size_t))
{
	struct task_struct *task = get_proc_task(file_inode(file));
	char buf[80];
	ssize_t len;

	if (!task)
		return -ESRCH;
	len = fmt(task, buf, sizeof(buf));
	put_task_struct(task);
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

/* Writers: the owner of the process or root. */
static struct task_struct *hpc_write_task(struct file *file)
{
	struct task_struct *task = get_proc_task(file_inode(file));

	if (!task)
		return ERR_PTR(-ESRCH);
	if (!uid_eq(current_euid(), task_euid(task)) &&
	    !capable(CAP_SYS_ADMIN)) {
		put_task_struct(task);
		return ERR_PTR(-EPERM);
	}
	return task;
}

static int hpc_copy_word(const char __user *ubuf, size_t count, char *buf,
			 size_t size)
{
	if (count >= size)
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	strim(buf);
	return 0;
}

/* The index in @names of the word written, or a negative errno. */
static int hpc_copy_choice(const char __user *ubuf, size_t count,
			   const char *const *names, size_t n)
{
	char buf[8];
	int err;

	err = hpc_copy_word(ubuf, count, buf, sizeof(buf));
	if (err)
		return err;
	return match_string(names, n, buf);
}

/* The name of @v in @names, @names[0] if out of range. */
static const char *hpc_choice_name(u8 v, const char *const *names, size_t n)
{
	return v < n ? names[v] : names[0];
}

/* where */

static ssize_t where_fmt(struct task_struct *t, char *buf, size_t size)
{
	u16 node = t->hpc.role == HPC_ROLE_DEPUTY ? READ_ONCE(t->hpc.where) :
						     hpc_node_id();

	return scnprintf(buf, size, "%u\n", node);
}

static ssize_t where_read(struct file *f, char __user *u, size_t n,
			  loff_t *pos)
{
	return hpc_read_string(f, u, n, pos, where_fmt);
}

const struct file_operations hpc_proc_where_operations = {
	.read	= where_read,
	.llseek	= generic_file_llseek,
};

void hpc_proc_sigblk(struct task_struct *p, sigset_t *blocked)
{
	if (READ_ONCE(p->hpc.role) == HPC_ROLE_DEPUTY)
		blocked->sig[0] = READ_ONCE(p->hpc.body_blocked) &
				  ~(sigmask(SIGKILL) | sigmask(SIGSTOP));
}

/* goto */

static ssize_t goto_write(struct file *file, const char __user *ubuf,
			  size_t count, loff_t *ppos)
{
	struct task_struct *task;
	bool on_exec = false;
	char buf[32], *p = buf;
	u16 node;
	int err;

	err = hpc_copy_word(ubuf, count, buf, sizeof(buf));
	if (err)
		return err;
	if (!strncmp(p, "exec ", 5)) {
		on_exec = true;
		p = skip_spaces(p + 5);
	}
	if (!strcmp(p, "home"))
		node = 0;
	else if (kstrtou16(p, 10, &node))
		return -EINVAL;
	task = hpc_write_task(file);
	if (IS_ERR(task))
		return PTR_ERR(task);
	if (on_exec) {
		bool known;

		rcu_read_lock();
		known = hpc_config_map() &&
			hpc_map_contains(hpc_config_map(), node);
		rcu_read_unlock();
		if (node && !known)
			err = -EINVAL;
		else if (task->hpc.lock)
			err = -EPERM;
		else
			WRITE_ONCE(task->hpc.exec_target,
				   node == hpc_node_id() ? 0 : node);
	} else {
		err = hpc_request_move(task, node);
	}
	put_task_struct(task);
	return err ? err : count;
}

const struct file_operations hpc_proc_goto_operations = {
	.write	= goto_write,
	.llseek	= noop_llseek,
};

/* lock */

static ssize_t lock_fmt(struct task_struct *t, char *buf, size_t size)
{
	return scnprintf(buf, size, "%u\n", READ_ONCE(t->hpc.lock));
}

static ssize_t lock_read(struct file *f, char __user *u, size_t n,
			 loff_t *pos)
{
	return hpc_read_string(f, u, n, pos, lock_fmt);
}

static ssize_t lock_write(struct file *file, const char __user *ubuf,
			  size_t count, loff_t *ppos)
{
	struct task_struct *task;
	char buf[8];
	bool v;
	int err;

	err = hpc_copy_word(ubuf, count, buf, sizeof(buf));
	if (err)
		return err;
	if (kstrtobool(buf, &v))
		return -EINVAL;
	task = hpc_write_task(file);
	if (IS_ERR(task))
		return PTR_ERR(task);
	WRITE_ONCE(task->hpc.lock, v);
	put_task_struct(task);
	return count;
}

const struct file_operations hpc_proc_lock_operations = {
	.read	= lock_read,
	.write	= lock_write,
	.llseek	= generic_file_llseek,
};

/* cantmove */

static ssize_t cantmove_fmt(struct task_struct *t, char *buf, size_t size)
{
	const char *why = hpc_cantmove_reason(t);

	return scnprintf(buf, size, "%s\n", why ?: "movable");
}

static ssize_t cantmove_read(struct file *f, char __user *u, size_t n,
			     loff_t *pos)
{
	return hpc_read_string(f, u, n, pos, cantmove_fmt);
}

const struct file_operations hpc_proc_cantmove_operations = {
	.read	= cantmove_read,
	.llseek	= generic_file_llseek,
};

/* migrate */

static ssize_t migrate_fmt(struct task_struct *t, char *buf, size_t size)
{
	return scnprintf(buf, size, "%u\n", READ_ONCE(t->hpc.migrations));
}

static ssize_t migrate_read(struct file *f, char __user *u, size_t n,
			    loff_t *pos)
{
	return hpc_read_string(f, u, n, pos, migrate_fmt);
}

const struct file_operations hpc_proc_migrate_operations = {
	.read	= migrate_read,
	.llseek	= generic_file_llseek,
};

/* hint */

static ssize_t hint_fmt(struct task_struct *t, char *buf, size_t size)
{
	return scnprintf(buf, size, "%s\n",
			 hpc_choice_name(READ_ONCE(t->hpc.hint), hpc_hint_names,
					 ARRAY_SIZE(hpc_hint_names)));
}

static ssize_t hint_read(struct file *f, char __user *u, size_t n,
			 loff_t *pos)
{
	return hpc_read_string(f, u, n, pos, hint_fmt);
}

static ssize_t hint_write(struct file *file, const char __user *ubuf,
			  size_t count, loff_t *ppos)
{
	struct task_struct *task;
	int h;

	h = hpc_copy_choice(ubuf, count, hpc_hint_names,
			    ARRAY_SIZE(hpc_hint_names));
	if (h < 0)
		return h;
	task = hpc_write_task(file);
	if (IS_ERR(task))
		return PTR_ERR(task);
	WRITE_ONCE(task->hpc.hint, h);
	put_task_struct(task);
	return count;
}

const struct file_operations hpc_proc_hint_operations = {
	.read	= hint_read,
	.write	= hint_write,
	.llseek	= generic_file_llseek,
};

/* decay: read by the balancer (mosixd), which does the averaging */

static ssize_t decay_fmt(struct task_struct *t, char *buf, size_t size)
{
	return scnprintf(buf, size, "%s\n",
			 hpc_choice_name(READ_ONCE(t->hpc.decay),
					 hpc_decay_names,
					 ARRAY_SIZE(hpc_decay_names)));
}

static ssize_t decay_read(struct file *f, char __user *u, size_t n,
			  loff_t *pos)
{
	return hpc_read_string(f, u, n, pos, decay_fmt);
}

static ssize_t decay_write(struct file *file, const char __user *ubuf,
			   size_t count, loff_t *ppos)
{
	struct task_struct *task;
	int v;

	v = hpc_copy_choice(ubuf, count, hpc_decay_names,
			    ARRAY_SIZE(hpc_decay_names));
	if (v < 0)
		return v;
	task = hpc_write_task(file);
	if (IS_ERR(task))
		return PTR_ERR(task);
	WRITE_ONCE(task->hpc.decay, v);
	put_task_struct(task);
	return count;
}

const struct file_operations hpc_proc_decay_operations = {
	.read	= decay_read,
	.write	= decay_write,
	.llseek	= generic_file_llseek,
};
