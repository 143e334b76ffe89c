/* help_view.c — the help screen, generated from the key table so it lists
 * every key. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "draw.h"
#include "base/i18n.h"
#include "keys.h"

void help_view_draw(struct app *a, int top, int height)
{
	size_t n;
	const struct key_binding *t = keys_table(&n);
	static char lines[160][320]; /* every binding fits; room for translated (3-byte UTF-8) text */
	int count = 0;
	snprintf(lines[count++], sizeof(lines[0]), _("ipctop %s: System V IPC objects of this IPC namespace, refreshed every %d.%ds."),
		 IPCTOP_VERSION, a->opt.delay_tenths / 10, a->opt.delay_tenths % 10);
	snprintf(lines[count++], sizeof(lines[0]), "%s", "");
	for (size_t i = 0; i < n && count < 160; i++) {
		if (!t[i].help)
			continue;
		char keys[48];
		snprintf(keys, sizeof(keys), "%s", t[i].label);
		for (size_t j = i + 1; j < n && !t[j].help; j++)
			if (!strstr(keys, t[j].label) && strlen(keys) + strlen(t[j].label) + 2 < sizeof(keys)) {
				strcat(keys, " ");
				strcat(keys, t[j].label);
			}
		char keycol[64];
		snprintf(lines[count++], sizeof(lines[0]), "  %s %s", draw_pad(keycol, sizeof(keycol), keys, -18),
			 _(t[i].help));
	}
	if (a->help_top > count - 1)
		a->help_top = count - 1 > 0 ? count - 1 : 0;
	draw_text(top, 0, COLS, screen_attr(ROLE_TITLE), true, _(" Help — keys"));
	for (int r = 0; r + 1 < height && a->help_top + r < count; r++)
		draw_text(top + 1 + r, 0, COLS, A_NORMAL, false, lines[a->help_top + r]);
}
