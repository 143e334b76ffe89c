/* actions.h — the playground's key actions (create, attach, send, receive,
 * peek, semop, set, remove, marks, panels) and the mode handlers for forms,
 * confirmations and the hex view. Like every action they only change state
 * and return reaction flags (app.h). */
#ifndef IPCTOP_UI_ACTIONS_H
#define IPCTOP_UI_ACTIONS_H

#include "app.h"

/* The object an action applies to: the detail view's object, else the
 * list selection. NULL (with a message) when there is none. */
const struct ipc_object *action_target(struct app *a);
/* Same, and refuses (message, NULL) when it is not of kind k. */
const struct ipc_object *action_target_kind(struct app *a, enum ipc_kind k, const char *what);

/* create_form.c */
unsigned act_create(struct app *a, int key);

/* obj_actions.c */
unsigned act_edit(struct app *a, int key);
unsigned act_remove(struct app *a, int key);
unsigned act_mark(struct app *a, int key);
unsigned act_unmark_all(struct app *a, int key);
unsigned confirm_key(struct app *a, int key);
unsigned form_mode_key(struct app *a, int key);

/* msg_actions.c */
unsigned act_send(struct app *a, int key);
unsigned act_receive(struct app *a, int key);
unsigned act_peek(struct app *a, int key);
void peek_view_draw(struct app *a, int top, int height);

/* sem_actions.c */
unsigned act_sem_quick(struct app *a, int key); /* + - 0 */
unsigned act_semop_form(struct app *a, int key);
unsigned act_setval(struct app *a, int key);
unsigned act_setall(struct app *a, int key);

/* hex_actions.c */
unsigned act_attach(struct app *a, int key); /* a: read-only, A: read-write */
unsigned hex_mode_key(struct app *a, int key);
unsigned act_hex_goto(struct app *a, int key);
unsigned act_hex_write(struct app *a, int key);
unsigned act_hex_fill(struct app *a, int key);
unsigned act_hex_cancel_fill(struct app *a, int key);
unsigned act_hex_close(struct app *a, int key);
void hex_detach(struct app *a);
void hex_draw(struct app *a, int top, int height);

/* limits_view.c */
unsigned act_limits(struct app *a, int key);
unsigned act_limit_edit(struct app *a, int key);
void limits_view_draw(struct app *a, int top, int height);
size_t limits_view_rows(void);

/* ns_view.c */
unsigned act_namespaces(struct app *a, int key);
unsigned act_ns_enter(struct app *a, int key);
void ns_view_draw(struct app *a, int top, int height);
size_t ns_view_count(void);
void ns_view_free(void);

/* posix_view.c */
unsigned act_posix(struct app *a, int key);
unsigned act_posix_remove(struct app *a, int key);
void posix_view_draw(struct app *a, int top, int height);
void posix_view_refresh(struct app *a);
size_t posix_view_count(void);
void posix_view_free(void);
/* After ipctop entered an IPC namespace: the POSIX view shows the files of
 * pid's mount namespace (pid > 0; on failure the reason goes to the status
 * line and ipctop's own files are shown, removal refused), ipctop's own
 * with removal refused (pid 0: no process known, --ns PATH), or simply
 * ipctop's own (pid < 0: its own namespaces). */
void posix_view_follow(struct app *a, pid_t pid);

/* scenario_ui.c */
unsigned act_scenarios(struct app *a, int key);
unsigned act_scenario_start(struct app *a, int key);
unsigned act_scenario_stop(struct app *a, int key);
unsigned act_scenario_pause(struct app *a, int key);
unsigned act_scenario_speed(struct app *a, int key);
unsigned act_scenario_option(struct app *a, int key);
unsigned scenario_start_named(struct app *a, const char *name);
void scenario_menu_draw(struct app *a, int top, int height);
int scenario_pane_height(const struct app *a);
void scenario_pane_draw(int top, int height);
pid_t scenario_first_pid(struct app *a);
size_t scenario_menu_count(void);

/* signal_form.c */
unsigned act_signal(struct app *a, int key);

/* panels.c: waiters and action log panes */
unsigned act_toggle_waiters(struct app *a, int key);
unsigned act_toggle_log(struct app *a, int key);
unsigned act_toggle_events(struct app *a, int key);
unsigned act_save_log_c(struct app *a, int key);
unsigned workers_collect_one(struct app *a, int fd);
/* Rows the visible panels take at the bottom of the body. */
int panels_height(const struct app *a, int body_height);
void panels_draw(struct app *a, int top, int height);

#endif
