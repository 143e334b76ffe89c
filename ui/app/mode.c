/* mode.c — the mode stack: what is on screen, and "back to where I was". */
#include "app/mode.h"

#include "app/app.h"

void mode_init(struct app *a, const struct mode_class *base)
{
	a->modes.v[0] = base;
	a->modes.n = 1;
}

const struct mode_class *mode_top(const struct app *a)
{
	return a->modes.v[a->modes.n - 1];
}

const struct mode_class *mode_at(const struct app *a, size_t i)
{
	return i < a->modes.n ? a->modes.v[a->modes.n - 1 - i] : NULL;
}

void mode_draw_from(struct app *a, size_t i, int top, int height)
{
	for (const struct mode_class *m; (m = mode_at(a, i)); i++)
		if (m->draw) {
			m->draw(a, top, height);
			return;
		}
}

const struct mode_class *mode_shown(const struct app *a)
{
	size_t i = a->modes.n - 1;
	while (i > 0 && (a->modes.v[i]->flags & MODE_OVERLAY))
		i--;
	return a->modes.v[i];
}

void mode_pop(struct app *a)
{
	if (a->modes.n <= 1)
		return;
	const struct mode_class *m = a->modes.v[--a->modes.n];
	if (m->leave)
		m->leave(a);
}

void mode_push(struct app *a, const struct mode_class *m)
{
	if (a->modes.n == MODE_DEPTH) /* deeper than any way in: the top is replaced */
		mode_pop(a);
	a->modes.v[a->modes.n++] = m;
}

void mode_reset(struct app *a)
{
	while (a->modes.n > 1)
		mode_pop(a);
}

void mode_switch(struct app *a, const struct mode_class *m)
{
	mode_reset(a);
	if (m && m != a->modes.v[0])
		mode_push(a, m);
}

void mode_refresh(struct app *a)
{
	for (size_t i = a->modes.n; i > 0 && i <= a->modes.n; i--) {
		const struct mode_class *m = a->modes.v[i - 1];
		if (m->rescanned)
			m->rescanned(a); /* may close modes (its object is gone) */
		if (!(m->flags & MODE_OVERLAY))
			break;
	}
}

unsigned mode_cursor_step(size_t *cursor, size_t count, long delta)
{
	if (count == 0)
		return REACT_NONE;
	long n = (long)*cursor + delta;
	if (n < 0)
		n = 0;
	if (n >= (long)count)
		n = (long)count - 1;
	*cursor = (size_t)n;
	return REACT_REDRAW;
}

unsigned mode_snap_flags(const struct app *a)
{
	unsigned f = 0;
	for (size_t i = 0; i < a->modes.n; i++)
		if (a->modes.v[i]->snap_flags)
			f |= a->modes.v[i]->snap_flags(a);
	return f;
}

unsigned mode_snap_kinds(const struct app *a)
{
	unsigned k = 0;
	for (size_t i = 0; i < a->modes.n; i++)
		if (a->modes.v[i]->snap_kinds)
			k |= a->modes.v[i]->snap_kinds(a);
	return k;
}
