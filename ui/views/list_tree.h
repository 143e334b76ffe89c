/* list_tree.h — F5 in the list: the tree, rows grouped under a header line
 * per running creator process (pid and command line), then per owner
 * (model/tree.h groups them). The list draws display lines: with the tree
 * on, a group's header line comes before its rows. */
#ifndef IPCTOP_UI_LIST_TREE_H
#define IPCTOP_UI_LIST_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"

bool list_tree_on(void);
/* F5: turns the tree on or off (the rows are rebuilt). */
unsigned list_tree_toggle(struct app *a, int key);
/* The list's arrange hook (mode.h): groups a->rows when the tree is on. */
void list_tree_arrange(struct app *a);
/* How many display lines a->rows take: rows, plus a header per group. */
size_t list_tree_lines(const struct app *a);
/* The display line of row `row`. */
size_t list_tree_line_of(size_t row);
/* The rows display lines [line, line + n) show: the first into *first,
 * and how many (group headers among the lines are not rows). */
size_t list_tree_rows_shown(const struct app *a, size_t line, size_t n, size_t *first);
/* What display line `line` shows: a row (true, *row set) or a group's
 * header (false, its text in buf). */
bool list_tree_at(const struct app *a, size_t line, size_t *row, char *buf, size_t len);
void list_tree_free(void);

#endif
