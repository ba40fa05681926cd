// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the tools' command-line parsers and mmon's meters. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "../../userland/tools/migrate/migrate.h"
#include "../../userland/tools/mmon/mmon.h"
#include "../../userland/tools/mosctl/mosctl.h"
#include "../../userland/tools/mosrun/mosrun.h"
#include "../../userland/tools/mps/mps.h"
#include "../../userland/tools/runhome/runhome.h"
#include "../../userland/tools/setpe/setpe.h"

#define ARGV(...) ((char *[]){ __VA_ARGS__, NULL })
#define ARGC(...) ((int)(sizeof((char *[]){ __VA_ARGS__ }) / sizeof(char *)))
#define PARSE(fn, o, ...) fn(ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), o, err, sizeof(err))

static char err[256];

static void expect_err(int ret, const char *what)
{
	assert_int_equal(ret, -1);
	if (!strstr(err, what))
		fail_msg("expected an error about '%s', got '%s'", what, err);
}

static void test_mosrun_node(void **state)
{
	struct mosrun_opts o;

	(void)state;
	assert_int_equal(PARSE(mosrun_parse_args, &o, "mosrun", "-2", "ls", "-l"), 0);
	assert_int_equal(o.where, MOSRUN_NODE);
	assert_int_equal(o.node, 2);
	assert_int_equal(o.cmd, 2);
	assert_int_equal(o.lock, MOSRUN_LOCK_DEFAULT);

	assert_int_equal(PARSE(mosrun_parse_args, &o, "mosrun", "-N", "17", "-L", "x"), 0);
	assert_int_equal(o.node, 17);
	assert_int_equal(o.lock, MOSRUN_LOCK_PIN);
	assert_int_equal(o.cmd, 4);

	assert_int_equal(PARSE(mosrun_parse_args, &o, "mosrun", "-N5", "x"), 0);
	assert_int_equal(o.node, 5);

	expect_err(PARSE(mosrun_parse_args, &o, "mosrun", "-0", "x"), "not a node id");
	expect_err(PARSE(mosrun_parse_args, &o, "mosrun", "-65536", "x"), "not a node id");
	expect_err(PARSE(mosrun_parse_args, &o, "mosrun", "-2x", "x"), "not a node id");
	expect_err(PARSE(mosrun_parse_args, &o, "mosrun", "-2", "-h", "x"), "only one of");
	expect_err(PARSE(mosrun_parse_args, &o, "mosrun", "-2"), "no command");
	expect_err(PARSE(mosrun_parse_args, &o, "mosrun", "-N"), "needs an argument");
}

static void test_mosrun_flags(void **state)
{
	struct mosrun_opts o;

	(void)state;
	assert_int_equal(PARSE(mosrun_parse_args, &o, "mosrun", "-hFc", "--", "-x"), 0);
	assert_int_equal(o.where, MOSRUN_HOME);
	assert_true(o.fallback);
	assert_int_equal(o.hint, MOSRUN_HINT_CPU);
	assert_int_equal(o.cmd, 3);

	assert_int_equal(PARSE(mosrun_parse_args, &o, "mosrun", "-l", "-i", "-s", "cmd"), 0);
	assert_int_equal(o.lock, MOSRUN_LOCK_ALLOW);
	assert_int_equal(o.hint, MOSRUN_HINT_IO);
	assert_int_equal(o.decay, MOSRUN_DECAY_SLOW);

	assert_int_equal(PARSE(mosrun_parse_args, &o, "mosrun", "-k", "-n", "-f", "-S", "/s", "cmd"), 0);
	assert_int_equal(o.lock, MOSRUN_LOCK_KEEP);
	assert_int_equal(o.hint, MOSRUN_HINT_NONE);
	assert_int_equal(o.decay, MOSRUN_DECAY_FAST);
	assert_string_equal(o.socket, "/s");

	/* the command's own options are not ours */
	assert_int_equal(PARSE(mosrun_parse_args, &o, "mosrun", "sort", "-r"), 0);
	assert_int_equal(o.where, MOSRUN_ANYWHERE);
	assert_int_equal(o.cmd, 1);
	assert_int_equal(o.decay, MOSRUN_DECAY_KEEP);

	/* grouped, and repeated with the same meaning */
	assert_int_equal(PARSE(mosrun_parse_args, &o, "mosrun", "-Ls", "-s", "cmd"), 0);
	assert_int_equal(o.lock, MOSRUN_LOCK_PIN);
	assert_int_equal(o.decay, MOSRUN_DECAY_SLOW);

	assert_int_equal(PARSE(mosrun_parse_args, &o, "mosrun", "--help"), 0);
	assert_true(o.help);

	expect_err(PARSE(mosrun_parse_args, &o, "mosrun", "-l", "-L", "x"), "-l, -L and -k");
	expect_err(PARSE(mosrun_parse_args, &o, "mosrun", "-c", "-i", "x"), "-c, -i and -n");
	expect_err(PARSE(mosrun_parse_args, &o, "mosrun", "-s", "-f", "x"), "-s and -f");
	expect_err(PARSE(mosrun_parse_args, &o, "mosrun", "-fs", "x"), "-s and -f");
	expect_err(PARSE(mosrun_parse_args, &o, "mosrun", "-z", "x"), "unknown option -z");
}

static void test_mosrun_list(void **state)
{
	struct mosrun_opts o;

	(void)state;
	assert_int_equal(PARSE(mosrun_parse_args, &o, "mosrun", "-j", "1-4,7,9-10", "x"), 0);
	assert_int_equal(o.where, MOSRUN_LIST);
	assert_int_equal(o.nranges, 3);
	assert_int_equal(mosrun_list_count(&o), 7);
	assert_int_equal(mosrun_list_at(&o, 0), 1);
	assert_int_equal(mosrun_list_at(&o, 3), 4);
	assert_int_equal(mosrun_list_at(&o, 4), 7);
	assert_int_equal(mosrun_list_at(&o, 6), 10);

	assert_int_equal(PARSE(mosrun_parse_args, &o, "mosrun", "-j3", "x"), 0);
	assert_int_equal(mosrun_list_count(&o), 1);

	expect_err(PARSE(mosrun_parse_args, &o, "mosrun", "-j", "4-1", "x"), "backwards");
	expect_err(PARSE(mosrun_parse_args, &o, "mosrun", "-j", "1-x", "x"), "bad node list");
	expect_err(PARSE(mosrun_parse_args, &o, "mosrun", "-j", "0", "x"), "bad node list");
	expect_err(PARSE(mosrun_parse_args, &o, "mosrun", "-j", "1", "-3", "x"), "only one of");
}

static void test_runhome(void **state)
{
	struct runhome_opts o;

	(void)state;
	assert_int_equal(PARSE(runhome_parse_args, &o, "runhome", "make", "-j2"), 0);
	assert_int_equal(o.cmd, 1);
	assert_int_equal(PARSE(runhome_parse_args, &o, "runhome", "--", "-weird"), 0);
	assert_int_equal(o.cmd, 2);
	assert_int_equal(PARSE(runhome_parse_args, &o, "runhome", "--help"), 0);
	assert_true(o.help);
	expect_err(PARSE(runhome_parse_args, &o, "runhome"), "no command");
	expect_err(PARSE(runhome_parse_args, &o, "runhome", "-x", "y"), "unknown option");
}

static void test_migrate(void **state)
{
	struct migrate_opts o;

	(void)state;
	assert_int_equal(PARSE(migrate_parse_args, &o, "migrate", "123", "2"), 0);
	assert_int_equal(o.pid, 123);
	assert_int_equal(o.target, MIGRATE_NODE);
	assert_int_equal(o.node, 2);
	assert_int_equal(PARSE(migrate_parse_args, &o, "migrate", "9", "home"), 0);
	assert_int_equal(o.target, MIGRATE_HOME);
	assert_int_equal(PARSE(migrate_parse_args, &o, "migrate", "9", "balance"), 0);
	assert_int_equal(o.target, MIGRATE_BALANCE);
	expect_err(PARSE(migrate_parse_args, &o, "migrate", "0", "2"), "not a process id");
	expect_err(PARSE(migrate_parse_args, &o, "migrate", "12a", "2"), "not a process id");
	expect_err(PARSE(migrate_parse_args, &o, "migrate", "12", "away"), "not a node id");
	expect_err(PARSE(migrate_parse_args, &o, "migrate", "12", "70000"), "not a node id");
	expect_err(PARSE(migrate_parse_args, &o, "migrate", "12"), "expected a PID");
}

static void test_mosctl(void **state)
{
	struct mosctl_opts o;

	(void)state;
	assert_int_equal(PARSE(mosctl_parse_args, &o, "mosctl", "block"), 0);
	assert_int_equal(o.cmd->kind, MOSCTL_FLAG);
	assert_string_equal(o.cmd->file, "block");
	assert_int_equal(o.cmd->value, 1);
	assert_int_equal(PARSE(mosctl_parse_args, &o, "mosctl", "nolstay"), 0);
	assert_string_equal(o.cmd->file, "lstay");
	assert_int_equal(o.cmd->value, 0);
	assert_int_equal(PARSE(mosctl_parse_args, &o, "mosctl", "-S", "/x", "getload", "3"), 0);
	assert_int_equal(o.cmd->kind, MOSCTL_GET);
	assert_int_equal(o.cmd->field, MOSCTL_LOAD);
	assert_string_equal(o.arg, "3");
	assert_string_equal(o.socket, "/x");
	assert_int_equal(PARSE(mosctl_parse_args, &o, "mosctl", "getfree"), 0);
	assert_null(o.arg);
	assert_int_equal(PARSE(mosctl_parse_args, &o, "mosctl", "whois", "10.0.0.1"), 0);
	assert_int_equal(o.cmd->kind, MOSCTL_WHOIS);
	expect_err(PARSE(mosctl_parse_args, &o, "mosctl", "isup"), "needs one argument");
	expect_err(PARSE(mosctl_parse_args, &o, "mosctl", "setspeed"), "needs one argument");
	expect_err(PARSE(mosctl_parse_args, &o, "mosctl", "expel", "2"), "takes no argument");
	expect_err(PARSE(mosctl_parse_args, &o, "mosctl", "status", "1", "2"), "at most one");
	expect_err(PARSE(mosctl_parse_args, &o, "mosctl", "explode"), "unknown command 'explode'");
	expect_err(PARSE(mosctl_parse_args, &o, "mosctl"), "no command");
}

static void test_setpe(void **state)
{
	struct setpe_opts o;

	(void)state;
	assert_int_equal(PARSE(setpe_parse_args, &o, "setpe", "-w", "-f", "/etc/mosix.map"), 0);
	assert_int_equal(o.action, SETPE_WRITE);
	assert_string_equal(o.file, "/etc/mosix.map");
	assert_int_equal(o.self_id, 0);
	assert_int_equal(PARSE(setpe_parse_args, &o, "setpe", "-W", "-p", "3"), 0);
	assert_int_equal(o.self_id, 3);
	assert_null(o.file);
	assert_int_equal(PARSE(setpe_parse_args, &o, "setpe", "-r"), 0);
	assert_int_equal(o.action, SETPE_READ);
	assert_int_equal(PARSE(setpe_parse_args, &o, "setpe", "-off"), 0);
	assert_int_equal(o.action, SETPE_OFF);
	assert_int_equal(o.timeout_s, SETPE_OFF_TIMEOUT_DEFAULT);
	assert_int_equal(PARSE(setpe_parse_args, &o, "setpe", "-t", "0", "-off"), 0);
	assert_int_equal(o.timeout_s, 0);
	assert_int_equal(PARSE(setpe_parse_args, &o, "setpe", "-off", "-t", "86400"), 0);
	assert_int_equal(o.timeout_s, 86400);
	assert_int_equal(PARSE(setpe_parse_args, &o, "setpe", "-c", "-f", "m"), 0);
	assert_int_equal(o.action, SETPE_CHECK);
	expect_err(PARSE(setpe_parse_args, &o, "setpe", "-w", "-r"), "choose one");
	expect_err(PARSE(setpe_parse_args, &o, "setpe", "-w", "-p", "0"), "not a node id");
	expect_err(PARSE(setpe_parse_args, &o, "setpe", "-r", "-p", "2"), "-p only goes with -w");
	expect_err(PARSE(setpe_parse_args, &o, "setpe", "-w", "-f"), "needs an argument");
	expect_err(PARSE(setpe_parse_args, &o, "setpe", "-off", "-t"), "-t needs an argument");
	expect_err(PARSE(setpe_parse_args, &o, "setpe", "-off", "-t", "86401"), "not a number of seconds");
	expect_err(PARSE(setpe_parse_args, &o, "setpe", "-off", "-t", "-5"), "not a number of seconds");
	expect_err(PARSE(setpe_parse_args, &o, "setpe", "-r", "-t", "5"), "-t only goes with -off");
	expect_err(PARSE(setpe_parse_args, &o, "setpe"), "nothing to do");
	expect_err(PARSE(setpe_parse_args, &o, "setpe", "-of"), "unknown argument");
}

static void test_mps(void **state)
{
	struct mps_opts o;
	struct mps_stat st;
	char tty[16];

	(void)state;
	assert_int_equal(PARSE(mps_parse_args, &o, "mps"), 0);
	assert_false(o.migrated_only);
	assert_int_equal(PARSE(mps_parse_args, &o, "mps", "-mw", "-p", "1,22"), 0);
	assert_true(o.migrated_only);
	assert_true(o.wide);
	assert_int_equal(o.npids, 2);
	assert_int_equal(o.pids[1], 22);
	expect_err(PARSE(mps_parse_args, &o, "mps", "-p", "x"), "not a process id");
	expect_err(PARSE(mps_parse_args, &o, "mps", "aux"), "unexpected argument");
	expect_err(PARSE(mps_parse_args, &o, "mps", "-q"), "unknown option -q");

	assert_int_equal(mps_parse_stat(
		"42 (a (weird) name) R 1 42 42 34817 42 4194304 10 0 0 0 250 50 0 0 20 0 1 0",
		&st), 0);
	assert_string_equal(st.comm, "a (weird) name");
	assert_int_equal(st.state, 'R');
	assert_int_equal(st.ticks, 300);
	mps_tty_name(st.tty_nr, tty, sizeof(tty));
	assert_string_equal(tty, "pts/1");
	mps_tty_name(0, tty, sizeof(tty));
	assert_string_equal(tty, "?");
	mps_tty_name(0x401, tty, sizeof(tty));
	assert_string_equal(tty, "tty1");
	assert_int_equal(mps_parse_stat("garbage", &st), -22);
}

static void test_mmon_args(void **state)
{
	struct mmon_opts o;

	(void)state;
	assert_int_equal(PARSE(mmon_parse_args, &o, "mmon"), 0);
	assert_int_equal(o.view, MMON_LOAD);
	assert_int_equal(o.interval_ms, 1000);
	assert_int_equal(PARSE(mmon_parse_args, &o, "mmon", "-1", "-F", "snap", "-t", "0.5", "-v", "m"), 0);
	assert_true(o.once);
	assert_string_equal(o.file, "snap");
	assert_int_equal(o.interval_ms, 500);
	assert_int_equal(o.view, MMON_MEM);
	expect_err(PARSE(mmon_parse_args, &o, "mmon", "-t", "0"), "not an interval");
	expect_err(PARSE(mmon_parse_args, &o, "mmon", "-v", "x"), "not a view");
	expect_err(PARSE(mmon_parse_args, &o, "mmon", "-F", "a", "-S", "b"), "either -F or -S");
	expect_err(PARSE(mmon_parse_args, &o, "mmon", "--bogus"), "unknown argument");
}

static void test_mmon_meters(void **state)
{
	struct adminc_node v[3] = {
		{ .id = 1, .state = ADMINC_SELF, .load = 50, .speed = 1000,
		  .memtotal = 4096 * 1024, .memfree = 1024 * 1024, .util = 40 },
		{ .id = 2, .state = ADMINC_UP, .load = 300, .speed = 2000,
		  .memtotal = 8192 * 1024, .memfree = 8192 * 1024, .util = 100 },
		{ .id = 3, .state = ADMINC_DEAD, .load = 999, .speed = 1000 },
	};
	struct adminc_nodes ns = { .v = v, .n = 3, .cap = 3 };
	struct mmon_totals t;
	char buf[16];

	(void)state;
	assert_int_equal(mmon_value(&v[0], MMON_MEM), 3072);
	assert_int_equal(mmon_scale(&ns, MMON_MEM), 8192);
	assert_int_equal(mmon_scale(&ns, MMON_UTIL), 100);
	assert_int_equal(mmon_scale(&ns, MMON_SPEED), 2000);
	assert_int_equal(mmon_bar_rows(0, 100, 10), 0);
	assert_int_equal(mmon_bar_rows(1, 1000, 10), 1);	/* visible */
	assert_int_equal(mmon_bar_rows(50, 100, 10), 5);
	assert_int_equal(mmon_bar_rows(500, 100, 10), 10);	/* clipped */
	mmon_fmt_num(12345, buf, sizeof(buf), 5);
	assert_string_equal(buf, "12345");
	mmon_fmt_num(123456, buf, sizeof(buf), 5);
	assert_string_equal(buf, "123K");
	mmon_fmt_num(1234567890, buf, sizeof(buf), 5);
	assert_string_equal(buf, "1234M");
	mmon_totals(&ns, &t);
	assert_int_equal(t.up, 2);
	assert_int_equal(t.dead, 1);
	assert_int_equal(t.load, 350);	/* dead nodes do not count */
	assert_int_equal(t.util_avg, 70);
	assert_int_equal(mmon_columns(80), 12);
	assert_int_equal(mmon_columns(5), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mosrun_node),
		cmocka_unit_test(test_mosrun_flags),
		cmocka_unit_test(test_mosrun_list),
		cmocka_unit_test(test_runhome),
		cmocka_unit_test(test_migrate),
		cmocka_unit_test(test_mosctl),
		cmocka_unit_test(test_setpe),
		cmocka_unit_test(test_mps),
		cmocka_unit_test(test_mmon_args),
		cmocka_unit_test(test_mmon_meters),
	};

	return cmocka_run_group_tests_name("args", tests, NULL, NULL);
}
