// SPDX-License-Identifier: GPL-2.0-only
/*
 * /proc/hpc: the administrator's interface.
 *
 * File names follow openMosix (/proc/hpc/admin/mospe, config, ...); every
 * file is documented in Documentation/ABI/testing/procfs-hpc.
 */
#define pr_fmt(fmt) "hpc: " fmt

#include <linux/capability.h>
#include <linux/ctype.h>
#include <linux/hex.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "internal.h"

#define HPC_RELEASE	"0.1"

static struct proc_dir_entry *hpc_proc_admin;

/* /proc/hpc/admin/mospe: this node's id */

static int mospe_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%u\n", hpc_node_id());
	return 0;
}

static int mospe_open(struct inode *inode, struct file *file)
{
	return single_open(file, mospe_show, NULL);
}

static ssize_t mospe_write(struct file *file, const char __user *ubuf,
			   size_t count, loff_t *ppos)
{
	u16 id;
	int err;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	err = kstrtou16_from_user(ubuf, count, 10, &id);
	if (err)
		return err;
	err = hpc_config_set_node(id);
	return err ? err : count;
}

static const struct proc_ops mospe_ops = {
	.proc_open	= mospe_open,
	.proc_read	= seq_read,
	.proc_lseek	= seq_lseek,
	.proc_release	= single_release,
	.proc_write	= mospe_write,
};

/* /proc/hpc/admin/config: the cluster map */

static int config_show(struct seq_file *m, void *v)
{
	const struct hpc_map *map;
	unsigned int i;

	rcu_read_lock();
	map = hpc_config_map();
	for (i = 0; map && i < map->nr; i++) {
		__be32 addr = cpu_to_be32(map->range[i].addr);

		seq_printf(m, "%u %pI4 %u\n", map->range[i].first, &addr,
			   map->range[i].count);
	}
	rcu_read_unlock();
	return 0;
}

static int config_open(struct inode *inode, struct file *file)
{
	return single_open(file, config_show, NULL);
}

static ssize_t config_write(struct file *file, const char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	struct hpc_map *map;
	unsigned int bad_line;
	char *text;
	int err;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (*ppos != 0)
		return -EINVAL;		/* the whole map in one write */
	if (count > HPC_MAP_MAX_TEXT)
		return -E2BIG;
	text = memdup_user(ubuf, count);
	if (IS_ERR(text))
		return PTR_ERR(text);
	err = hpc_map_parse(text, count, &map, &bad_line);
	kfree(text);
	if (err) {
		pr_warn("cluster map rejected: error %d at line %u\n",
			err, bad_line);
		return err;
	}
	hpc_config_install(map);
	*ppos = count;
	return count;
}

static const struct proc_ops config_ops = {
	.proc_open	= config_open,
	.proc_read	= seq_read,
	.proc_lseek	= seq_lseek,
	.proc_release	= single_release,
	.proc_write	= config_write,
};

/*
 * /proc/hpc/admin/{block,stay,lstay,quiet,speed}: integers read by the
 * kernel and the balancer; plain READ_ONCE/WRITE_ONCE, no lock needed.
 */
int hpc_admin_block, hpc_admin_stay, hpc_admin_lstay, hpc_admin_quiet;
int hpc_admin_speed = 1000;

struct hpc_admin_int {
	const char	*name;
	int		*val;
	int		min, max;
};

static const struct hpc_admin_int hpc_admin_ints[] = {
	{ "block", &hpc_admin_block, 0, 1 },
	{ "stay",  &hpc_admin_stay,  0, 1 },
	{ "lstay", &hpc_admin_lstay, 0, 1 },
	{ "quiet", &hpc_admin_quiet, 0, 1 },
	{ "speed", &hpc_admin_speed, 1, 1000000 },
	{ "encrypt", &hpc_admin_encrypt, 0, 1 },
};

static int admin_int_show(struct seq_file *m, void *v)
{
	const struct hpc_admin_int *a = m->private;

	seq_printf(m, "%d\n", READ_ONCE(*a->val));
	return 0;
}

static int admin_int_open(struct inode *inode, struct file *file)
{
	return single_open(file, admin_int_show, pde_data(inode));
}

static ssize_t admin_int_write(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	const struct hpc_admin_int *a = pde_data(file_inode(file));
	int v, err;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	err = kstrtoint_from_user(ubuf, count, 10, &v);
	if (err)
		return err;
	if (v < a->min || v > a->max)
		return -EINVAL;
	WRITE_ONCE(*a->val, v);
	return count;
}

static const struct proc_ops admin_int_ops = {
	.proc_open	= admin_int_open,
	.proc_read	= seq_read,
	.proc_lseek	= seq_lseek,
	.proc_release	= single_release,
	.proc_write	= admin_int_write,
};

/* /proc/hpc/admin/expel and bring: write "1" */
static ssize_t admin_recall_write(struct file *file, const char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	enum hpc_role role = (uintptr_t)pde_data(file_inode(file));
	bool v;
	int err;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	err = kstrtobool_from_user(ubuf, count, &v);
	if (err)
		return err;
	if (v)
		pr_info("%s: %d processes asked\n",
			role == HPC_ROLE_BODY ? "expel" : "bring",
			hpc_recall_all(role));
	return count;
}

static const struct proc_ops admin_recall_ops = {
	.proc_write	= admin_recall_write,
	.proc_lseek	= noop_llseek,
};

/*
 * /proc/hpc/admin/key: write-only, the cluster key as HPC_KEY_SIZE raw
 * bytes or twice as many hex digits (trailing white space ignored), in
 * one write. Nothing can read it back.
 */
static ssize_t key_write(struct file *file, const char __user *ubuf,
			 size_t count, loff_t *ppos)
{
	u8 text[2 * HPC_KEY_SIZE + 2], key[HPC_KEY_SIZE];
	size_t n = count;
	int err;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (*ppos != 0 || count > sizeof(text))
		return -EINVAL;
	if (copy_from_user(text, ubuf, count))
		return -EFAULT;
	while (n > HPC_KEY_SIZE && isspace(text[n - 1]))
		n--;
	if (n == 2 * HPC_KEY_SIZE && !hex2bin(key, (const char *)text, HPC_KEY_SIZE))
		err = hpc_auth_set_key(key);
	else if (count == HPC_KEY_SIZE)
		err = hpc_auth_set_key(text);
	else
		err = -EINVAL;
	memzero_explicit(text, sizeof(text));
	memzero_explicit(key, sizeof(key));
	if (err)
		return err;
	pr_info("cluster key installed\n");
	*ppos = count;
	return count;
}

static const struct proc_ops key_ops = {
	.proc_write	= key_write,
	.proc_lseek	= noop_llseek,
};

/* /proc/hpc/admin/stats: channel and security counters */
static int stats_show(struct seq_file *m, void *v)
{
	const struct hpc_sec_stats *s = &hpc_sec_stats;

	seq_printf(m, "key %d\n", hpc_auth_keyed());
	seq_printf(m, "channels_sealed %ld\n", atomic_long_read(&s->sealed));
	seq_printf(m, "channels_plain %ld\n", atomic_long_read(&s->plain));
	seq_printf(m, "auth_failed %ld\n", atomic_long_read(&s->auth_failed));
	seq_printf(m, "no_key %ld\n", atomic_long_read(&s->no_key));
	seq_printf(m, "bad_handshake %ld\n",
		   atomic_long_read(&s->bad_handshake));
	seq_printf(m, "bad_frames %ld\n", atomic_long_read(&s->bad_frames));
	seq_printf(m, "channel_errors %ld\n",
		   atomic_long_read(&s->channel_errors));
	seq_printf(m, "moves_sent %lld\n",
		   atomic64_read(&hpc_move_stats.moves));
	seq_printf(m, "move_kib_sent %lld\n",
		   atomic64_read(&hpc_move_stats.kib));
	seq_printf(m, "move_usecs_sent %lld\n",
		   atomic64_read(&hpc_move_stats.usecs));
	return 0;
}

#ifdef CONFIG_HPC_FAULT_INJECTION
/* /proc/hpc/admin/tamper: spoil the Nth frame this node sends from now */
static int tamper_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%d\n", atomic_read(&hpc_tamper_countdown));
	return 0;
}

static int tamper_open(struct inode *inode, struct file *file)
{
	return single_open(file, tamper_show, NULL);
}

static ssize_t tamper_write(struct file *file, const char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	unsigned int n;
	int err;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	err = kstrtouint_from_user(ubuf, count, 10, &n);
	if (err)
		return err;
	if (n > INT_MAX)
		return -EINVAL;
	atomic_set(&hpc_tamper_countdown, n);
	pr_warn("test hook: frame %u from now will be spoiled\n", n);
	return count;
}

static const struct proc_ops tamper_ops = {
	.proc_open	= tamper_open,
	.proc_read	= seq_read,
	.proc_lseek	= seq_lseek,
	.proc_release	= single_release,
	.proc_write	= tamper_write,
};
#endif

/* /proc/hpc/admin/version */

static int version_show(struct seq_file *m, void *v)
{
	seq_printf(m, "hpc %s proto %u\n", HPC_RELEASE, HPC_PROTO_VERSION);
	return 0;
}

/**
 * hpc_proc_init() - create /proc/hpc and its admin files
 *
 * Return: 0 or -ENOMEM.
 */
int hpc_proc_init(void)
{
	struct proc_dir_entry *root;
	unsigned int i;

	root = proc_mkdir("hpc", NULL);
	if (!root)
		return -ENOMEM;
	hpc_proc_admin = proc_mkdir("admin", root);
	if (!hpc_proc_admin)
		goto fail;
	if (!proc_create("mospe", 0644, hpc_proc_admin, &mospe_ops) ||
	    !proc_create("config", 0644, hpc_proc_admin, &config_ops) ||
	    !proc_create_single("version", 0444, hpc_proc_admin,
				version_show))
		goto fail;
	if (!proc_create("key", 0200, hpc_proc_admin, &key_ops) ||
	    !proc_create_single("stats", 0444, hpc_proc_admin, stats_show))
		goto fail;
#ifdef CONFIG_HPC_FAULT_INJECTION
	if (!proc_create("tamper", 0600, hpc_proc_admin, &tamper_ops))
		goto fail;
#endif
	if (!proc_create_data("expel", 0200, hpc_proc_admin, &admin_recall_ops,
			      (void *)(uintptr_t)HPC_ROLE_BODY) ||
	    !proc_create_data("bring", 0200, hpc_proc_admin, &admin_recall_ops,
			      (void *)(uintptr_t)HPC_ROLE_DEPUTY))
		goto fail;
	for (i = 0; i < ARRAY_SIZE(hpc_admin_ints); i++)
		if (!proc_create_data(hpc_admin_ints[i].name, 0644,
				      hpc_proc_admin, &admin_int_ops,
				      (void *)&hpc_admin_ints[i]))
			goto fail;
	return 0;
fail:
	remove_proc_subtree("hpc", NULL);
	return -ENOMEM;
}

static int __init hpc_init(void)
{
	int err;

	err = hpc_proc_init();
	if (err) {
		pr_err("cannot create /proc/hpc: %d\n", err);
		return err;
	}
	err = hpc_auth_init();
	if (err) {
		pr_err("no HMAC-SHA256 for channel authentication: %d\n", err);
		return err;
	}
	err = hpc_transport_init();
	if (err) {
		pr_err("cannot listen on port %u: %d\n", HPC_PORT, err);
		return err;
	}
	pr_info("process migration ready (protocol %u)\n", HPC_PROTO_VERSION);
	return 0;
}
late_initcall(hpc_init);
