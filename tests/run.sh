#!/bin/bash
# run.sh BUILD_DIR IPCTOP_BIN [unit [FILTER] | e2e [NAME...]] — runs every
# suite (criterion unit tests, then each tests/e2e/*.sh), or only the unit
# tests (FILTER: a criterion --filter pattern such as 'snapshot/*'), or only
# the e2e scripts (NAMEs: tests/e2e/NAME.sh); ends with one summary line
# "N passed, N failed". Called by `make test`, `make unit`, `make e2e` and
# `make asan` inside a private IPC namespace. E2E_JOBS (2) scripts run at a
# time.
set -u
build=$1
bin=$(realpath "$2")
part=${3:-all}
shift $(( $# < 3 ? $# : 3 ))
case $part in
all | unit | e2e) ;;
*) echo "run.sh: the part is unit or e2e, not '$part'" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.." || exit 2
export IPCTOP_BIN=$bin LANG=C.UTF-8 LC_ALL=C.UTF-8
unset TMUX
passed=0 failed=0
log_dir=$(mktemp -d /tmp/ipctop-test.XXXXXX)

# Refuse to run against the host's IPC objects.
if [ "$(readlink /proc/self/ns/ipc)" = "$(readlink /proc/1/ns/ipc 2>/dev/null)" ] && [ -z "${IPCTOP_TEST_ANY_NS:-}" ]; then
	echo "run.sh: not in a private IPC namespace (use make test)" >&2
	exit 2
fi

run_unit() {
	echo "== unit tests (criterion)"
	"$build/unit-tests" --jobs 1 ${1:+--filter "$1"} >"$log_dir/unit.log" 2>&1
	unit_rc=$?
	cat "$log_dir/unit.log" | grep -vE '^\[----\]' | tail -n 40
	synth=$(grep -E 'Synthesis:' "$log_dir/unit.log" | tail -n 1)
	if [ -n "$synth" ]; then
		p=$(echo "$synth" | sed -nE 's/.*Passing: ([0-9]+).*/\1/p')
		f=$(echo "$synth" | sed -nE 's/.*Failing: ([0-9]+).*/\1/p')
		c=$(echo "$synth" | sed -nE 's/.*Crashing: ([0-9]+).*/\1/p')
		passed=$((passed + p)); failed=$((failed + f + c))
	fi
	if [ "${f:-0}${c:-0}" != "00" ]; then
		echo "--- the failed assertions:"; grep -A3 -E "Assertion Failed|CRASH|runtime error" "$log_dir/unit.log" | head -n 60
	fi
	if [ -z "$synth" ] || { [ $unit_rc -ne 0 ] && [ "${f:-0}${c:-0}" = "00" ]; }; then
		echo "unit tests: runner failed (exit $unit_rc)"; failed=$((failed + 1))
	fi
}

e2e_scripts() {
	if [ $# -gt 0 ]; then
		for n in "$@"; do echo "tests/e2e/${n%.sh}.sh"; done
	else
		ls tests/e2e/*.sh
	fi
}

# run_one SCRIPT — runs one e2e script; its block of output (checks, the log
# tail on failure, the time) goes to $log_dir/NAME.out, its counts to
# $log_dir/NAME.count ("passed failed").
run_one() {
	local t=$1 name start rc p f
	name=$(basename "$t" .sh)
	{
		echo "== e2e $name"
		start=$(date +%s)
		timeout -k 5 300 bash "$t" >"$log_dir/$name.log" 2>&1
		rc=$?
		p=$(grep -c '^ok ' "$log_dir/$name.log")
		f=$(grep -c '^not ok ' "$log_dir/$name.log")
		grep -E '^(ok|not ok) ' "$log_dir/$name.log"
		if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
			echo "not ok $name: script exited with $rc"; f=1
			tail -n 20 "$log_dir/$name.log"
		elif [ "$f" -ne 0 ]; then
			echo "--- log of $name:"; tail -n 40 "$log_dir/$name.log"
		fi
		echo "   ($(( $(date +%s) - start ))s)"
	} >"$log_dir/$name.out"
	echo "$p $f" >"$log_dir/$name.count.tmp" && mv "$log_dir/$name.count.tmp" "$log_dir/$name.count"
}

# start_e2e SCRIPT NAME JOBS — starts run_one in the background once fewer
# than JOBS are running (a missing script is a failure at once).
start_e2e() {
	if [ ! -e "$1" ]; then
		echo "not ok $1: no such script" >"$log_dir/$2.out"; echo "0 1" >"$log_dir/$2.count"
		return
	fi
	while [ "$(jobs -rp | wc -l)" -ge "$3" ]; do wait -n; done
	run_one "$1" &
}

# show_e2e NAME — waits for the script's block, prints it, adds its counts.
show_e2e() {
	local p f
	while [ ! -e "$log_dir/$1.count" ]; do wait -n 2>/dev/null || sleep 0.2; done
	cat "$log_dir/$1.out"
	read -r p f <"$log_dir/$1.count"
	passed=$((passed + p)); failed=$((failed + f))
}

# run_e2e [NAME...] — the scripts, $E2E_JOBS (2) at a time: each runs in an
# IPC namespace, a tmux server and a temporary directory of its own, and most
# of their time is spent waiting for a screen. A script with the line
# "# e2e: alone" (it keeps the CPUs busy, or times itself) runs after them,
# by itself. Blocks are printed in that order, each as soon as it and those
# before it are done.
run_e2e() {
	local t name
	local -a shared=() alone=()
	for t in $(e2e_scripts "$@"); do
		name=$(basename "$t" .sh)
		[ "$name" = lib ] && continue # the helpers the scripts source
		if grep -qx '# e2e: alone' "$t" 2>/dev/null; then alone+=("$t"); else shared+=("$t"); fi
	done
	for t in "${shared[@]}"; do start_e2e "$t" "$(basename "$t" .sh)" "${E2E_JOBS:-2}"; done
	for t in "${shared[@]}"; do show_e2e "$(basename "$t" .sh)"; done
	for t in "${alone[@]}"; do
		start_e2e "$t" "$(basename "$t" .sh)" 1
		show_e2e "$(basename "$t" .sh)"
	done
	wait
}

case $part in
all) run_unit; run_e2e ;;
unit) run_unit "${1:-}" ;;
e2e) run_e2e "$@" ;;
esac
rm -rf "$log_dir"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
