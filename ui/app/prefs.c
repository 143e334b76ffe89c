/* prefs.c — owns the settings of the running program: what the file held
 * (to write only a change, and to keep what the command line overrode),
 * the theme and meters chosen, and moving settings between the file and
 * the session's state. */
#define _GNU_SOURCE
#include "app/prefs.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "actions/create_form.h"
#include "base/i18n.h"
#include "config/settings_file.h"
#include "model/series.h"
#include "widgets/screen.h"

static struct {
	struct settings file; /* what the file holds (the defaults when none) */
	char path[PATH_MAX];  /* "" when not used */
	enum theme theme;
	unsigned meters;
	bool delay_set; /* the delay was changed in setup */
} pr;

const char *prefs_path(void)
{
	return pr.path;
}

enum theme prefs_theme(void)
{
	return pr.theme;
}

unsigned prefs_meters(void)
{
	return pr.meters;
}

void prefs_set_meters(unsigned meters)
{
	pr.meters = meters & METERS_ALL;
}

void prefs_set_theme(struct app *a, enum theme t)
{
	pr.theme = t;
	a->opt.projector = t == THEME_PROJECTOR;
	a->opt.no_color = t == THEME_MONOCHROME;
	screen_set_theme(!a->opt.no_color, a->opt.projector);
}

void prefs_set_delay(struct app *a, int tenths)
{
	a->opt.delay_tenths = tenths;
	pr.delay_set = true;
}

/* The file's settings over the session; the command line's win. */
static void apply(struct app *a, const struct settings *s)
{
	if (!a->opt.delay_given)
		a->opt.delay_tenths = s->delay_tenths;
	pr.theme = s->theme;
	pr.meters = s->meters;
	a->opt.projector |= s->theme == THEME_PROJECTOR;
	a->opt.no_color |= s->theme == THEME_MONOCHROME;
	for (int v = 0; v < VIEW_COUNT; v++) {
		const struct view_settings *vs = &s->view[v];
		table_set_layout((enum view)v, vs->cols, vs->ncols); /* parsed: valid */
		a->sort[v] = vs->sort;
		a->desc[v] = vs->desc;
	}
	if (series_set_len(&a->series, s->history) < 0)
		app_message(a, true, _("out of memory for the history of %u samples"), s->history);
	create_form_recall(s);
}

void prefs_start(struct app *a)
{
	char err[PATH_MAX + 256];
	settings_defaults(&pr.file);
	pr.path[0] = '\0';
	if (!a->opt.no_config) {
		if (settings_path(pr.path, sizeof(pr.path), err, sizeof(err)) < 0) {
			pr.path[0] = '\0';
			app_message(a, true, _("settings not used: %s"), err);
		} else {
			int rc = settings_load(&pr.file, pr.path, err, sizeof(err));
			if (rc < 0)
				app_message(a, true, _("settings ignored: %s"), err);
			else if (err[0])
				app_message(a, false, "%s", err);
		}
	}
	apply(a, &pr.file);
}

/* The session's settings, as they would be written. */
static void gather(const struct app *a, struct settings *s)
{
	*s = pr.file;
	s->delay_tenths = a->opt.delay_given && !pr.delay_set ? pr.file.delay_tenths : a->opt.delay_tenths;
	s->theme = pr.theme;
	s->meters = pr.meters;
	s->history = a->series.len;
	for (int v = 0; v < VIEW_COUNT; v++) {
		struct view_settings *vs = &s->view[v];
		vs->ncols = table_layout((enum view)v, vs->cols, COLUMN_COUNT);
		vs->sort = a->sort[v];
		vs->desc = a->desc[v];
	}
	create_form_remember(s);
}

int prefs_save(struct app *a, bool *wrote, char *msg, size_t len)
{
	struct settings now;
	*wrote = false;
	msg[0] = '\0';
	if (!pr.path[0])
		return 0;
	gather(a, &now);
	if (settings_equal(&now, &pr.file))
		return 0;
	if (settings_save(&now, pr.path, msg, len) < 0)
		return -1;
	pr.file = now;
	*wrote = true;
	return 0;
}
