#!/bin/bash
# cli.sh — ipctop's command line without a terminal: help and version, usage
# errors (exit 2, a clear message on stderr, nothing on stdout), the refusal
# to start the interactive view without a terminal, and --once/--json with
# the -m/-q/-s kind filters.
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
build_helper ipc_helper H
PY=$(python3 -c 'import sys; print(sys.executable)') # skips a slow pyenv shim

OUT=$E2E_TMP/out ERR=$E2E_TMP/err
# run ARGS... — runs ipctop with no terminal at all (stdin /dev/null, output
# to files, no controlling terminal); sets RC.
run() {
	setsid -w "$IPCTOP_BIN" "$@" </dev/null >"$OUT" 2>"$ERR"
	RC=$?
}

# --- help and version ---------------------------------------------------
# Every long option of the getopt table in src/config/cli.c must be in --help.
long_opts=$(sed -n '/long_opts\[\] = {/,/};/p' "$HERE/../../src/config/cli.c" | grep -oE '\{ "[a-z-]+"' | grep -oE '[a-z-]+')
check "cli.c long option table was found ($(echo $long_opts | wc -w) options)" \
	test "$(echo "$long_opts" | wc -w)" -ge 8

for h in -h --help; do
	run $h
	check "$h exits 0" test "$RC" -eq 0
	check "$h writes usage to stdout and nothing to stderr" \
		eval 'grep -q "^Usage: ipctop" "$OUT" && [ ! -s "$ERR" ]'
	missing=
	for o in $long_opts; do grep -qE -- "--$o([ =,[]|$)" "$OUT" || missing="$missing --$o"; done
	check "$h lists every long option (missing:${missing:- none})" test -z "$missing"
done
run -h; cp "$OUT" "$E2E_TMP/h.out"; run --help
check "-h and --help print the same text" cmp -s "$OUT" "$E2E_TMP/h.out"

for v in -V --version; do
	run $v
	check "$v exits 0 and prints 'ipctop <version>'" \
		eval '[ "$RC" -eq 0 ] && grep -qE "^ipctop [0-9]+\.[0-9]+" "$OUT" && [ "$(wc -l <"$OUT")" -eq 1 ]'
done

# --- usage errors ---------------------------------------------------------
# usage_error DESC PATTERN ARGS... — exit 2, stderr matches PATTERN (ERE,
# naming the bad input) and points at --help, stdout empty.
usage_error() {
	local desc=$1 pat=$2; shift 2
	run "$@"
	check "$desc: exits 2" test "$RC" -eq 2
	check "$desc: stderr says what is wrong ($(head -c 100 "$ERR"))" \
		eval 'grep -qE -- "$pat" "$ERR" && grep -q "ipctop" "$ERR"'
	check "$desc: nothing on stdout" test ! -s "$OUT"
}
usage_error "unknown long option --bogus" "unknown option.*--bogus" --bogus
usage_error "unknown short option -x" "unknown option.*-x" -x
usage_error "-d 0" "-d '0'.*(1\.\.|tenths)" -d 0
usage_error "-d -5" "-d '-5'.*(1\.\.|tenths)" -d -5
usage_error "-d abc" "-d 'abc'.*(number|tenths)" -d abc
usage_error "--delay=0" "'0'.*(1\.\.|tenths)" --delay=0
usage_error "stray argument" "unexpected argument 'foo'" foo
usage_error "stray argument after --once" "unexpected argument 'bar'" --once bar
usage_error "missing value for -d" "-d.*needs a value" -d
usage_error "missing value for --delay" "--delay.*needs a value" --delay
run -d 5 --once
check "-d 5 --once is accepted (exit 0)" test "$RC" -eq 0
run --delay=36000 --once
check "--delay=36000 --once is accepted (exit 0)" test "$RC" -eq 0

# --- interactive mode needs a terminal ---------------------------------------
"$IPCTOP_BIN" </dev/null 2>"$ERR" | cat >"$OUT"
RC=${PIPESTATUS[0]}
check "TUI with stdin and stdout not a terminal exits 2" test "$RC" -eq 2
check "... and suggests --once on stderr ($(head -c 100 "$ERR"))" grep -q -- "--once" "$ERR"
check "... and writes nothing to stdout (no curses garbage)" test ! -s "$OUT"
run -d 5
check "TUI without a controlling terminal (setsid) exits 2 and suggests --once" \
	eval '[ "$RC" -eq 2 ] && grep -q -- "--once" "$ERR" && [ ! -s "$OUT" ]'

# --- --once / --json without a terminal -----------------------------------------
shm=$("$H" shm 0x0c11a001 8192 0640) && msg=$("$H" msg 0x0c11a002 0600) && sem=$("$H" sem 0x0c11a003 4 0666) \
	|| { echo "not ok - creating objects"; exit 1; }
"$H" send "$msg" 1 33

env -u TERM setsid -w "$IPCTOP_BIN" --once </dev/null 2>"$ERR" | cat >"$OUT"
RC=${PIPESTATUS[0]}
check "--once with no terminal and no TERM exits 0 with an empty stderr" eval '[ "$RC" -eq 0 ] && [ ! -s "$ERR" ]'
check "--once prints all three sections" eval 'grep -q "^------ Shared Memory Segments (1)" "$OUT" &&
	grep -q "^------ Message Queues (1)" "$OUT" && grep -q "^------ Semaphore Arrays (1)" "$OUT"'
check "--once lists the shm, msg and sem objects by key" eval 'grep -q "^0x0c11a001 *$shm .* 8192 " "$OUT" &&
	grep -q "^0x0c11a002 *$msg .* 33 " "$OUT" && grep -q "^0x0c11a003 *$sem " "$OUT"'
check "--once emits no terminal escape sequences" eval '! grep -q $'"'"'\033'"'"' "$OUT"'

run --json
check "--json with no terminal exits 0 and is valid JSON with shm, msg, sem arrays" eval '[ "$RC" -eq 0 ] &&
	$PY -c "import json,sys; d=json.load(open(sys.argv[1])); assert all(isinstance(d[k], list) and len(d[k])==1 for k in (\"shm\",\"msg\",\"sem\"))" "$OUT"'

# kind_only OPTS EXPECT_SECTIONS — sections present in --once with OPTS
sections() { grep -oE '^------ [A-Za-z ]+' "$OUT" | sed 's/^------ //; s/ *$//' | paste -sd, -; }
json_keys() { $PY -c 'import json,sys; d=json.load(open(sys.argv[1])); print(",".join(k for k in ("shm","msg","sem") if k in d))' "$OUT"; }
for spec in "-m:Shared Memory Segments:shm:0x0c11a001" "-q:Message Queues:msg:0x0c11a002" \
	    "-s:Semaphore Arrays:sem:0x0c11a003" "--shmems:Shared Memory Segments:shm:0x0c11a001" \
	    "--queues:Message Queues:msg:0x0c11a002" "--semaphores:Semaphore Arrays:sem:0x0c11a003"; do
	IFS=: read -r opt title jkey key <<<"$spec"
	run --once "$opt"
	got=$(sections)
	check "--once $opt shows only '$title' (got '$got')" eval '[ "$RC" -eq 0 ] && [ "$got" = "$title" ]'
	check "--once $opt lists only that kind's object" eval '[ "$(grep -c "^0x0c11a00" "$OUT")" -eq 1 ] && grep -q "^$key " "$OUT"'
	run --json "$opt"
	got=$(json_keys)
	check "--json $opt has only the '$jkey' array (got '$got')" eval '[ "$RC" -eq 0 ] && [ "$got" = "$jkey" ]'
done
run --once -m -s
got=$(sections)
check "--once -m -s shows shm and sem only (got '$got')" test "$got" = "Shared Memory Segments,Semaphore Arrays"
run --json -qs
got=$(json_keys)
check "--json -qs has msg and sem only (got '$got')" test "$got" = "msg,sem"

"$H" rmall
