#!/bin/bash
# bad_input.sh — garbage, empty and overflowing input, table-driven: every
# option that takes a value (exit 2, a message naming the option and the
# reason on stderr, nothing on stdout; cli.sh has the basic usage errors),
# and the fields of the create form in the TUI (a reason next to the field,
# Enter creates nothing: ipcs unchanged). --read-only is enforced in the
# core: tests/unit/test_ops.c (ops_read_only) checks every modifying call.
. "$(dirname "$0")/lib.sh"
OUT=$E2E_TMP/out ERR=$E2E_TMP/err

# --- options ---------------------------------------------------------------------
# One row per case: EXIT|STDERR_ERE|ARG... (arguments separated by '|'; an
# empty field is an empty argument, also the last one: "-d|").
CLI_ROWS=(
	"2|-d '99999999999999999999': delay must be|-d|99999999999999999999"
	"2|-d '-99999999999999999999': delay must be|-d|-99999999999999999999"
	"2|-d '': delay must be a whole number|-d|"
	"2|-d 'abc': delay must be a whole number|--delay=abc"
	"2|-d '1\.5': delay must be a whole number|-d|1.5"
	"2|-d ' 5': delay must be a whole number|-d| 5"
	"2|-d '0x10': delay must be a whole number|-d|0x10"
	"2|-d '36001': delay must be 1\.\.36000|-d|36001"
	"2|--size '0': a payload of 1 byte to 16M|--bench-ipc|--size|0"
	"2|--size '1Q': a payload of 1 byte to 16M|--bench-ipc|--size|1Q"
	"2|--size '-1': a payload|--bench-ipc|--size|-1"
	"2|--size '': a payload|--bench-ipc|--size|"
	"2|--size '17M': a payload of 1 byte to 16M|--bench-ipc|--size=17M"
	"2|--size '99999999999999999999': a payload|--bench-ipc|--size|99999999999999999999"
	"2|--seconds '-1': a time in seconds, above 0 and at most 3600|--bench-ipc|--seconds|-1"
	"2|--seconds 'nan': a time in seconds|--bench-ipc|--seconds|nan"
	"2|--seconds 'inf': a time in seconds|--bench-ipc|--seconds|inf"
	"2|--seconds '1e999': a time in seconds|--bench-ipc|--seconds|1e999"
	"2|--seconds '0': a time in seconds|--bench-ipc|--seconds=0"
	"2|--seconds '': a time in seconds|--bench-ipc|--seconds|"
	"2|--seconds '3601': a time in seconds|--bench-ipc|--seconds|3601"
	"2|--seconds '2x': a time in seconds|--bench-ipc|--seconds|2x"
	"2|--size and --seconds are for --bench-ipc|--size|64"
	"2|--demo 'nope': no such scenario \(prodcons, chat|--demo|nope"
	"2|--demo '': no such scenario|--demo|"
	"2|--demo runs in the interactive view|--demo|prodcons|--once"
	"2|--ns needs a value|--ns|"
	"2|--ns needs a value|--ns="
	"2|--log needs a value|--watch|--log|"
	"2|--pidfile needs a value|--watch|--pidfile|"
	"2|--log-c needs a file name|--log-c|"
	"2|--log-c needs a file name|--log-c="
	"2|option '--log-c' needs a value|--log-c"
	"2|option '--demo' needs a value|--demo"
	"2|option '--seconds' needs a value|--bench-ipc|--seconds"
	"2|option '--once=1' takes no value|--once=1"
	"2|option '--read-only=yes' takes no value|--read-only=yes"
	"2|--daemon needs --log=FILE|--daemon"
	"2|--daemon and --foreground exclude each other|--daemon|--foreground|--log=x"
	"1|--ns /nonexistent: open /nonexistent: No such file or directory|--ns|/nonexistent|--once"
	"1|--ns 999999999: open /proc/999999999/ns/ipc: No such file or directory \(no process 999999999\)|--ns|999999999|--once"
)
for row in "${CLI_ROWS[@]}"; do
	IFS='|' read -r -a f <<<"$row|" # the '|' ends the last field, even an empty one
	want=${f[0]} pat=${f[1]} args=("${f[@]:2}")
	setsid -w timeout 10 "$IPCTOP_BIN" "${args[@]}" </dev/null >"$OUT" 2>"$ERR"
	rc=$?
	shown=$(printf "'%s' " "${args[@]}")
	check "ipctop ${shown% }: exit $want (got $rc), stderr says /$pat/ ($(head -c 120 "$ERR")), stdout empty" \
		eval '[ "$rc" -eq "$want" ] && grep -qE -- "$pat" "$ERR" && grep -q "^ipctop: " "$ERR" && [ ! -s "$OUT" ]'
done

check "--read-only is enforced in the core: tests/unit/test_ops.c has Test(ops_read_only, ...) over every modifying op" \
	eval 'grep -q "^Test(ops_read_only, refuses_every_modifying_op)" "$(dirname "$0")/../unit/test_ops.c"'

# --- the create form --------------------------------------------------------------
# One row per case: VIEW|KEYS|LABEL|VALUE|REASON_ERE. VIEW (1 shm, 2 msg,
# 3 sem) picks the kind the form starts with; KEYS (tmux key names) move
# from the kind field to the field LABEL, which gets VALUE.
FORM_ROWS=(
	"1|Down Down|perms|abc|not an octal number"
	"1|Down Down|perms|0999|not an octal number"
	"1|Down Down|perms|01000|permissions are at most 4 octal digits"
	"1|Down Down|perms||empty permissions"
	"1|Down Down Down Down|size|-1|size must start with a digit"
	"1|Down Down Down Down|size|1Q|bad size suffix"
	"1|Down Down Down Down|size|0|size 0 below SHMMIN"
	"1|Down Down Down Down|size|99999999999999999999|size too large"
	"1|Down Down Down Down|size|1.5M|bad size suffix"
	"3|Down Down Down Down|nsems|0|a whole number of semaphores, 1 to SEMMSL"
	"3|Down Down Down Down|nsems|99999999|nsems 99999999 is above SEMMSL"
	"3|Down Down Down Down|nsems|abc|a whole number of semaphores, 1 to SEMMSL"
	"3|Down Down Down Down Down|values|x|whole numbers 0\.\.SEMVMX"
	"3|Down Down Down Down Down|values|32768|whole numbers 0\.\.SEMVMX"
	"3|Down Down Down Down Down|values|-1|whole numbers 0\.\.SEMVMX"
	"3|Down Down Down Down Down|values|1 2|one value for all, or exactly nsems values"
	"3|Down Down Down Down Down|values||give one value for all"
	"2|Down Down Down Down|msg_qbytes|lots|size must start with a digit"
	"1|Down Right Right Down|key|0xZZ|not a hex key"
	"1|Down Right Right Down|key|0x123456789|does not fit in 32 bits"
	"1|Down Right Down Down|proj_id|0|proj_id must be 1\.\.255"
	"1|Down Right Down Down|proj_id|256|proj_id must be 1\.\.255"
)
FORM="Create a System V IPC object"
restart 80 24 -d 5
check "ipctop starts on an empty namespace" wait_for "No System V IPC objects" 5
before=$(ipcs)
for row in "${FORM_ROWS[@]}"; do
	IFS='|' read -r view nav label value reason <<<"$row"
	keys Escape "$view" c
	wait_for "$FORM" 2 || { check "row '$row': the form opens" false; continue; }
	# shellcheck disable=SC2086 # nav is a list of key names
	keys $nav
	type_field "$value"
	esc=$(sed 's/[][\.*^$+?(){}|/]/\\&/g' <<<"$value")
	# The note may be cut at the screen's edge; the form repeats a cut error
	# note in full below the fields ("LABEL: reason"). A limit checked by the
	# core (size 0 < SHMMIN, nsems > SEMMSL) marks the field with the core's
	# message ("shmget: ...", "semget: ...") and shows it in full below.
	check "form $label '$value': the reason, next to the field or below ('$(form_line "$label" | sed -E "s/^ $label +//")')" \
		eval 'wait_re "^ $label +$esc +[^ ]" 2 && wait_re "^ ($label +$esc +|$label: |shmget: |semget: ).*$reason" 1 &&
			wait_for "(fix the marked fields)" 1 && ! screen_matches "^ $label +$esc +bytes: "'
	# Keys are handled in order and a create is synchronous: once the '#'
	# typed after Enter shows in the field, Enter was handled and the form
	# stayed open.
	keys Enter; keys -l '#'
	check "form $label '$value': Enter creates nothing (the form stays, ipcs unchanged)" \
		eval 'wait_re "^ $label +$esc#" 2 && [ "$(ipcs)" = "$before" ]'
	keys Escape
	wait_gone "$FORM" 2
done
keys q
check "q quits (exit 0)" eval '[ "$(wait_exit 5)" = 0 ]'
