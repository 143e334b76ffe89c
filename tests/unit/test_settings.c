/* test_settings.c — unit tests of src/config/settings.c and settings_file.c:
 * the defaults written and read back, every key parsed (columns, sort and
 * order per view, meters, theme, history, the create form's choices),
 * malformed texts refused whole with the line and s unchanged, unknown keys
 * skipped with a notice; the file's path from $XDG_CONFIG_HOME or $HOME;
 * loading a missing, unreadable (FIFO, too big, another user's symlink) or
 * malformed file; saving: the directories made (0700) and the file (0600)
 * read back, replaced by a rename (no temporary file left), refused into a
 * directory of another uid (the sudo case), through another user's
 * symlink, or over a symlink or FIFO, each time with the old file and the
 * link's target untouched. Runs as root (make test): chown. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/settings.h"
#include "config/settings_file.h"
#include "test_tmpdir.h"

static struct settings s;
static char err[512];

static void setup(void)
{
	tmpdir_make("settings");
	settings_defaults(&s);
	err[0] = '\0';
	umask(022);
}

static void teardown(void)
{
	tmpdir_remove();
}

TestSuite(settings, .init = setup, .fini = teardown, .timeout = 10);

/* A path in the test's directory. */
static const char *at(const char *name)
{
	return tmpdir_at(name);
}

static int parse(const char *text)
{
	return settings_parse(&s, text, strlen(text), err, sizeof(err));
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "%s", path);
	fputs(text, f);
	cr_assert_eq(fclose(f), 0);
}

static char *read_file(const char *path)
{
	static char buf[8192];
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* ---- the text form ---------------------------------------------------------------- */

Test(settings, defaults_round_trip)
{
	char *text = settings_format(&s);
	cr_assert_not_null(text);
	cr_assert(strstr(text, "\ndelay=10\n"), "%s", text);
	cr_assert(strstr(text, "\ntheme=normal\n"));
	cr_assert(strstr(text, "\nhistory=120\n"));
	cr_assert(strstr(text, "\nmeters=segments,queues,sets,shm-memory,semaphores\n"));
	cr_assert(strstr(text, "\ncolumns.shm=key,id,owner,perms,oct,size,nattch,procs,status,cpid,lpid,attached,"
			       "changed,group,creator,trend\n"), "%s", text);
	cr_assert(strstr(text, "\nsort.msg=id\norder.msg=ascending\n"));
	cr_assert_null(strstr(text, "create."), "no create choices by default");
	struct settings back;
	settings_defaults(&back);
	back.delay_tenths = 99;
	cr_assert_eq(settings_parse(&back, text, strlen(text), err, sizeof(err)), 0, "%s", err);
	cr_assert(settings_equal(&s, &back));
	cr_assert_str_eq(err, "");
	free(text);
}

Test(settings, every_key)
{
	cr_assert_eq(parse("# a comment\n"
			   "  delay = 25  \n"
			   "\n"
			   "theme=projector\r\n"
			   "history=300\n"
			   "meters=queues, semaphores\n"
			   "columns.msg=id,msgs,fill,received,trend\n"
			   "sort.msg=fill\n"
			   "order.msg=descending\n"
			   "columns.sem=key,nsems,cgroup\n"
			   "sort.sem=last-op\n"
			   "create.kind=sem\n"
			   "create.key_from=ftok\n"
			   "create.path=/tmp/x y\n"
			   "create.proj_id=a\n"
			   "create.excl=yes\n"
			   "create.nsems=32000\n"),
		     0, "%s", err);
	cr_assert_eq(s.delay_tenths, 25);
	cr_assert_eq(s.theme, THEME_PROJECTOR);
	cr_assert_eq(s.history, 300u);
	cr_assert_eq(s.meters, (1u << METER_QUEUES) | (1u << METER_SEMAPHORES));
	const struct view_settings *m = &s.view[VIEW_MSG];
	cr_assert_eq(m->ncols, 5u);
	cr_assert_eq(m->cols[0], COL_ID);
	cr_assert_eq(m->cols[1], COL_COUNT);
	cr_assert_eq(m->cols[2], COL_FILL);
	cr_assert_eq(m->cols[3], COL_RTIME);
	cr_assert_eq(m->cols[4], COL_TREND);
	cr_assert_eq(m->sort, COL_FILL);
	cr_assert(m->desc);
	cr_assert_eq(s.view[VIEW_SEM].cols[2], COL_CGROUP);
	cr_assert_eq(s.view[VIEW_SEM].sort, COL_ATIME);
	cr_assert_not(s.view[VIEW_SEM].desc);
	cr_assert_eq(s.view[VIEW_SHM].ncols, 16u, "a view not named keeps its layout");
	cr_assert_str_eq(s.create[CF_KIND], "sem");
	cr_assert_str_eq(s.create[CF_KEY_FROM], "ftok");
	cr_assert_str_eq(s.create[CF_PATH], "/tmp/x y");
	cr_assert_str_eq(s.create[CF_PROJ], "a");
	cr_assert_str_eq(s.create[CF_EXCL], "yes");
	cr_assert_str_eq(s.create[CF_NSEMS], "32000");
	cr_assert_str_eq(s.create[CF_SIZE], "");

	/* ... and written back the same way. */
	char *text = settings_format(&s);
	struct settings back;
	settings_defaults(&back);
	cr_assert_eq(settings_parse(&back, text, strlen(text), err, sizeof(err)), 0, "%s", err);
	cr_assert(settings_equal(&s, &back), "%s", text);
	cr_assert(strstr(text, "\nmeters=queues,semaphores\n"));
	cr_assert(strstr(text, "\ncreate.path=/tmp/x y\n"));
	free(text);
	cr_assert_eq(parse("meters=\n"), 0, "no meters at all");
	cr_assert_eq(s.meters, 0u);
}

/* A malformed text changes nothing and names its line. */
Test(settings, malformed_is_refused_whole)
{
	static const struct {
		const char *text, *why;
	} cases[] = {
		{ "delay=5\ndelay=abc\n", "line 2: delay 'abc'" },
		{ "delay=0\n", "line 1: delay '0'" },
		{ "theme=pink\n", "line 1: theme 'pink': one of normal, projector, monochrome" },
		{ "history=5\n", "line 1: history '5': samples 10..3600" },
		{ "meters=queues,cpu\n", "line 1: no meter 'cpu'" },
		{ "columns.shm=key,lrpid\n", "line 1: the shm view has no column 'lrpid'" },
		{ "columns.shm=key,key\n", "line 1: column 'key' twice" },
		{ "columns.all=\n", "line 1: a view needs at least one column" },
		{ "sort.sem=bytes\n", "line 1: the sem view has no column 'bytes'" },
		{ "order.shm=up\n", "line 1: order.shm 'up': one of ascending, descending" },
		{ "create.kind=pipe\n", "line 1: create.kind 'pipe': one of shm, msg, sem" },
		{ "create.excl=1\n", "line 1: create.excl '1': one of yes, no" },
		{ "\n\njust words\n", "line 3: 'just words' is not key=value" },
		{ "create.path=/tmp/\033[2J\n", "line 1: create.path: a control character" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		settings_defaults(&s);
		s.delay_tenths = 42;
		cr_assert_eq(parse(cases[i].text), -1, "%s", cases[i].text);
		cr_assert(strstr(err, cases[i].why), "case %zu: '%s' lacks '%s'", i, err, cases[i].why);
		cr_assert_eq(s.delay_tenths, 42, "case %zu: nothing applied", i);
	}
	char nul[] = "delay=5\n\0\n";
	cr_assert_eq(settings_parse(&s, nul, sizeof(nul) - 1, err, sizeof(err)), -1);
	cr_assert(strstr(err, "NUL"), "%s", err);
	char big[2048];
	memset(big, 'x', sizeof(big));
	memcpy(big, "create.path=", 12);
	big[sizeof(big) - 1] = '\0';
	cr_assert_eq(parse(big), -1, "a text longer than the form holds");
}

Test(settings, unknown_keys_skipped_with_a_notice)
{
	cr_assert_eq(parse("delay=7\nfuture.key=1\nsort.posix=id\nhistory=60\n"), 1);
	cr_assert_str_eq(err, "line 2: unknown setting 'future.key' (skipped)");
	cr_assert_eq(s.delay_tenths, 7);
	cr_assert_eq(s.history, 60u, "the keys after it apply");
	cr_assert_eq(parse("delay=8\n"), 0);
	cr_assert_str_eq(err, "");
}

Test(settings, names)
{
	cr_assert_str_eq(settings_theme_name(THEME_MONOCHROME), "monochrome");
	cr_assert_str_eq(settings_meter_name(METER_SHM_MEMORY), "shm-memory");
	cr_assert_str_eq(settings_view_name(VIEW_ALL), "all");
	cr_assert_str_eq(settings_theme_name(THEME_COUNT), "?");
}

/* ---- the file's path ---------------------------------------------------------------- */

Test(settings, path_from_the_environment)
{
	char p[256];
	setenv("XDG_CONFIG_HOME", "/x/conf", 1);
	setenv("HOME", "/home/u", 1);
	cr_assert_eq(settings_path(p, sizeof(p), err, sizeof(err)), 0);
	cr_assert_str_eq(p, "/x/conf/ipctop/ipctoprc");
	setenv("XDG_CONFIG_HOME", "relative/conf", 1); /* the spec: ignored */
	cr_assert_eq(settings_path(p, sizeof(p), err, sizeof(err)), 0);
	cr_assert_str_eq(p, "/home/u/.config/ipctop/ipctoprc");
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", "", 1);
	cr_assert_eq(settings_path(p, sizeof(p), err, sizeof(err)), 0);
	cr_assert_str_eq(p, "/root/.config/ipctop/ipctoprc", "the passwd entry's home (we run as root)");
	setenv("HOME", "/home/u", 1);
	cr_assert_eq(settings_path(p, 10, err, sizeof(err)), -1);
	cr_assert(strstr(err, "too long"));
}

/* ---- loading -------------------------------------------------------------------------- */

Test(settings, load_missing_malformed_and_unreadable)
{
	s.delay_tenths = 33;
	cr_assert_eq(settings_load(&s, at("none"), err, sizeof(err)), 0);
	cr_assert_str_eq(err, "");
	write_file(at("good"), "delay=20\n");
	cr_assert_eq(settings_load(&s, at("good"), err, sizeof(err)), 1);
	cr_assert_eq(s.delay_tenths, 20);
	write_file(at("bad"), "delay=20\ntheme=x\n");
	cr_assert_eq(settings_load(&s, at("bad"), err, sizeof(err)), -1);
	char want[256];
	snprintf(want, sizeof(want), "%s: line 2: theme 'x'", at("bad"));
	cr_assert(strstr(err, want), "%s", err);
	write_file(at("notice"), "x=1\n");
	cr_assert_eq(settings_load(&s, at("notice"), err, sizeof(err)), 1);
	cr_assert(strstr(err, "unknown setting 'x'"), "%s", err);

	cr_assert_eq(mkfifo(at("fifo"), 0644), 0);
	cr_assert_eq(settings_load(&s, at("fifo"), err, sizeof(err)), -1, "a FIFO is not read (nor waited on)");
	cr_assert(strstr(err, "not a regular file"), "%s", err);
	cr_assert_eq(truncate(at("good"), 100000), 0);
	cr_assert_eq(settings_load(&s, at("good"), err, sizeof(err)), -1);
	cr_assert(strstr(err, "64 KiB"), "%s", err);
	cr_assert_eq(s.delay_tenths, 20, "nothing applied");

	/* Another user's symlink is not followed; ours or root's is. */
	write_file(at("target"), "delay=44\n");
	cr_assert_eq(symlink(at("target"), at("link")), 0);
	cr_assert_eq(settings_load(&s, at("link"), err, sizeof(err)), 1);
	cr_assert_eq(s.delay_tenths, 44);
	cr_assert_eq(lchown(at("link"), 4321, 4321), 0);
	cr_assert_eq(settings_load(&s, at("link"), err, sizeof(err)), -1);
	cr_assert(strstr(err, "a symlink of uid 4321: not followed"), "%s", err);
}

/* ---- saving ------------------------------------------------------------------------------ */

static int count_entries(const char *path)
{
	DIR *d = opendir(path);
	int n = 0;
	cr_assert_not_null(d);
	for (struct dirent *e; (e = readdir(d));)
		n += e->d_name[0] != '.' || (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."));
	closedir(d);
	return n;
}

Test(settings, save_makes_the_directories_and_reads_back)
{
	cr_assert_eq(mkdir(at("home"), 0755), 0);
	const char *path = at("home/.config/ipctop/ipctoprc");
	char p[160];
	snprintf(p, sizeof(p), "%s", path);
	s.delay_tenths = 5;
	snprintf(s.create[CF_PATH], SETTINGS_TEXT_MAX, "/tmp/x");
	cr_assert_eq(settings_save(&s, p, err, sizeof(err)), 0, "%s", err);
	struct stat st;
	cr_assert_eq(stat(at("home/.config"), &st), 0);
	cr_assert_eq(st.st_mode & 07777, 0700u);
	cr_assert_eq(stat(at("home/.config/ipctop"), &st), 0);
	cr_assert_eq(st.st_mode & 07777, 0700u);
	cr_assert_eq(stat(p, &st), 0);
	cr_assert_eq(st.st_mode & 07777, 0600u);
	cr_assert_eq(count_entries(at("home/.config/ipctop")), 1, "no temporary file left");
	struct settings back;
	settings_defaults(&back);
	cr_assert_eq(settings_load(&back, p, err, sizeof(err)), 1, "%s", err);
	cr_assert(settings_equal(&s, &back));
	cr_assert_eq(back.delay_tenths, 5);

	/* Saved again: a new file renamed over the old one. */
	ino_t before = st.st_ino;
	s.delay_tenths = 6;
	cr_assert_eq(settings_save(&s, p, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(stat(p, &st), 0);
	cr_assert_neq(st.st_ino, before, "replaced by a rename, not rewritten in place");
	cr_assert(strstr(read_file(p), "\ndelay=6\n"));
	cr_assert_eq(count_entries(at("home/.config/ipctop")), 1);
}

Test(settings, save_makes_at_most_two_levels)
{
	char p[160];
	snprintf(p, sizeof(p), "%s", at("no/such/home/.config/ipctop/ipctoprc"));
	cr_assert_eq(settings_save(&s, p, err, sizeof(err)), -1);
	cr_assert(strstr(err, "its parent does not exist"), "%s", err);
	struct stat st;
	cr_assert_neq(stat(at("no"), &st), 0, "nothing made");
}

/* sudo with the user's $HOME: root writes nothing into the user's tree. */
Test(settings, save_refused_into_another_users_directory)
{
	cr_assert_eq(mkdir(at("user"), 0755), 0);
	cr_assert_eq(chown(at("user"), 4321, 4321), 0);
	char p[160];
	snprintf(p, sizeof(p), "%s", at("user/.config/ipctop/ipctoprc"));
	cr_assert_eq(settings_save(&s, p, err, sizeof(err)), -1);
	cr_assert(strstr(err, "owned by uid 4321, not by uid 0"), "%s", err);
	cr_assert_eq(count_entries(at("user")), 0, "no .config made in it");

	/* An existing ipctop directory of the user's: the same. */
	cr_assert_eq(mkdir(at("user/ipctop"), 0755), 0);
	cr_assert_eq(chown(at("user/ipctop"), 4321, 4321), 0);
	write_file(at("user/ipctop/ipctoprc"), "delay=1\n");
	snprintf(p, sizeof(p), "%s", at("user/ipctop/ipctoprc"));
	cr_assert_eq(settings_save(&s, p, err, sizeof(err)), -1);
	cr_assert(strstr(err, "owned by uid 4321"), "%s", err);
	cr_assert_str_eq(read_file(p), "delay=1\n", "the user's file untouched");
}

Test(settings, save_refuses_links_and_fifos)
{
	cr_assert_eq(mkdir(at("conf"), 0700), 0);
	write_file(at("victim"), "precious\n");
	char p[160];
	snprintf(p, sizeof(p), "%s", at("conf/ipctoprc"));
	cr_assert_eq(symlink(at("victim"), p), 0);
	cr_assert_eq(settings_save(&s, p, err, sizeof(err)), -1);
	cr_assert(strstr(err, "a symlink of uid 0 is there: not replaced"), "%s", err);
	cr_assert_str_eq(read_file(at("victim")), "precious\n");
	struct stat st;
	cr_assert_eq(lstat(p, &st), 0);
	cr_assert(S_ISLNK(st.st_mode), "the link stays");
	cr_assert_eq(unlink(p), 0);
	cr_assert_eq(mkfifo(p, 0600), 0);
	cr_assert_eq(settings_save(&s, p, err, sizeof(err)), -1);
	cr_assert(strstr(err, "a FIFO"), "%s", err);
	cr_assert_eq(unlink(p), 0);
	/* A file of another owner is not replaced either. */
	write_file(p, "theirs\n");
	cr_assert_eq(chown(p, 4321, 4321), 0);
	cr_assert_eq(settings_save(&s, p, err, sizeof(err)), -1);
	cr_assert_str_eq(read_file(p), "theirs\n");
	cr_assert_eq(count_entries(at("conf")), 1, "no temporary file left");

	/* A directory reached through another user's symlink. */
	cr_assert_eq(mkdir(at("real"), 0700), 0);
	cr_assert_eq(symlink(at("real"), at("via")), 0);
	cr_assert_eq(lchown(at("via"), 4321, 4321), 0);
	snprintf(p, sizeof(p), "%s", at("via/ipctoprc"));
	cr_assert_eq(settings_save(&s, p, err, sizeof(err)), -1);
	cr_assert(strstr(err, "a symlink of uid 4321"), "%s", err);
	cr_assert_eq(count_entries(at("real")), 0);
	/* ... while our own symlinked directory is fine (dotfile managers). */
	cr_assert_eq(lchown(at("via"), 0, 0), 0);
	cr_assert_eq(settings_save(&s, p, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(count_entries(at("real")), 1);
}
