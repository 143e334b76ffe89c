#!/bin/bash
# exports.sh BIN HELPERS OUTDIR — what the wait counts cost the exports
# (`make bench-exports`, issue 15 item 4), before and after. In a private
# IPC and PID namespace with its own /proc (so every task is visible and
# IPCTOP_SEMWAIT=visible is true), filled by HELPERS/populate with N queues,
# N sets of 4 semaphores and N*4/30 segments, and a few processes blocked in
# semop, it measures for each variant
#   before  $BENCH_BEFORE (an ipctop built from the tree before the change:
#           GETNCNT, GETZCNT and GETPID per semaphore), when given;
#   all     IPCTOP_SEMWAIT=all: GETNCNT and GETZCNT per semaphore, no GETPID
#           (what ipctop does where it cannot vouch for every task);
#   scan    IPCTOP_SEMWAIT=visible, true here: what ipctop does by itself as
#           root in the initial PID namespace, GETNCNT/GETZCNT only for the
#           sets a task sleeps in semop on;
# the median wall and CPU time of `--prometheus` (tests/bench/timeit), the
# semctl calls it makes (strace -c), and the CPU of `--watch -d 10` per
# refresh over $BENCH_WATCH_SECONDS. raw_scan (no counts) and raw_scan -w
# (every count) give the floor and the old ceiling. Writes OUTDIR/exports.md.
# Environment: BENCH_SIZE (10000), BENCH_RUNS (7), BENCH_WATCH_SECONDS (20),
# BENCH_BEFORE.
set -u

if [ "${1:-}" = --inner ]; then
	shift
	BIN=$1 HELPERS=$2 OUT=$3 N=$4
	"$HELPERS/populate" -q "$N" -s "$N" -m $((N * 4 / 30)) >/dev/null || exit 1
	# three waiters: two on one set for an increase, one for zero
	ids=$(awk 'NR > 1 { print $2 }' /proc/sysvipc/sem | head -n 3)
	set -- $ids
	for spec in "$1 0 -1" "$1 1 -1" "$2 2 0"; do
		set -- $spec
		perl -e 'use IPC::SysV; semop($ARGV[0], pack("s!3", $ARGV[1], $ARGV[2], 0))' $spec &
	done
	sleep 0.5
	variants=(scan all)
	[ -n "${BENCH_BEFORE:-}" ] && variants=(before "${variants[@]}")
	run_variant() { # VARIANT CMD... — the command as that variant
		local v=$1; shift
		case $v in
		before) exec "$BENCH_BEFORE" "$@" ;;
		all) IPCTOP_SEMWAIT=all exec "$BIN" "$@" ;;
		scan) IPCTOP_SEMWAIT=visible exec "$BIN" "$@" ;;
		esac
	}
	export -f run_variant
	export BIN BENCH_BEFORE
	for v in "${variants[@]}"; do
		# shellcheck disable=SC2016
		echo "prom $v $("$HELPERS/timeit" "${BENCH_RUNS:-7}" bash -c 'run_variant "$0" --prometheus' "$v")" >>"$OUT"
		strace -f -qq -c -e trace=semctl -o "$OUT.strace" bash -c 'run_variant "$0" --prometheus >/dev/null' "$v"
		echo "calls $v $(awk '$NF == "semctl" { print $4 }' "$OUT.strace")" >>"$OUT"
	done
	echo "prom raw_scan $("$HELPERS/timeit" "${BENCH_RUNS:-7}" "$HELPERS/raw_scan")" >>"$OUT"
	echo "prom raw_scan-w $("$HELPERS/timeit" "${BENCH_RUNS:-7}" "$HELPERS/raw_scan" -w)" >>"$OUT"
	hz=$(getconf CLK_TCK)
	for v in "${variants[@]}"; do
		run_variant "$v" --watch -d 10 >/dev/null 2>&1 &
		wpid=$!
		sleep 2 # the start and its baseline read
		t0=$(awk '{ print $14 + $15 }' "/proc/$wpid/stat")
		sleep "${BENCH_WATCH_SECONDS:-20}"
		t1=$(awk '{ print $14 + $15 }' "/proc/$wpid/stat")
		kill -TERM "$wpid"; wait "$wpid" 2>/dev/null
		echo "watch $v $(awk -v a="$t0" -v b="$t1" -v hz="$hz" -v s="${BENCH_WATCH_SECONDS:-20}" \
			'BEGIN { printf "%.1f %.1f", (b - a) * 1000 / hz / s, (b - a) * 100 / hz / s }')" >>"$OUT"
	done
	kill $(jobs -p) 2>/dev/null
	exit 0
fi

[ $# -eq 3 ] || { echo "usage: exports.sh BIN HELPERS OUTDIR" >&2; exit 2; }
BIN=$(realpath "$1") HELPERS=$(realpath "$2") OUTDIR=$3
mkdir -p "$OUTDIR"
R=$(realpath "$OUTDIR")/exports.txt
: >"$R"
N=${BENCH_SIZE:-10000}
[ -n "${BENCH_BEFORE:-}" ] && BENCH_BEFORE=$(realpath "$BENCH_BEFORE")
export BENCH_BEFORE="${BENCH_BEFORE:-}"
unshare --ipc --pid --fork --mount-proc bash "$0" --inner "$BIN" "$HELPERS" "$R" "$N" || exit 1
sets=$N sems=$((N * 4)) objs=$((N + N + N * 4 / 30))
{
	echo "## Exports: the cost of the wait counts ($objs objects: $sets sets of 4 semaphores, three waiters)"
	echo
	echo "Kernel $(uname -r), $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC'); load $(cut -d' ' -f1-3 /proc/loadavg);"
	echo "medians of ${BENCH_RUNS:-7} runs; \`--watch -d 10\` over ${BENCH_WATCH_SECONDS:-20} s."
	echo
	echo "| variant | --prometheus wall ms | --prometheus CPU ms | semctl calls | --watch -d 10 CPU ms per s | % of a core |"
	echo "|---|---:|---:|---:|---:|---:|"
	for v in before all scan; do
		p=$(awk -v v="$v" '$1 == "prom" && $2 == v { print $3, $7 }' "$R")
		[ -z "$p" ] && continue
		c=$(awk -v v="$v" '$1 == "calls" && $2 == v { print $3 }' "$R")
		w=$(awk -v v="$v" '$1 == "watch" && $2 == v { print $3, $4 }' "$R")
		set -- $p $w
		case $v in
		before) label="before: GETNCNT, GETZCNT, GETPID per semaphore" ;;
		all) label="after, every set (IPCTOP_SEMWAIT=all; where tasks are hidden)" ;;
		scan) label="after, the task scan (every task visible: root in the initial PID namespace)" ;;
		esac
		echo "| $label | $1 | $2 | $c | $3 | $4 |"
	done
	for v in raw_scan raw_scan-w; do
		p=$(awk -v v="$v" '$1 == "prom" && $2 == v { print $3, $7 }' "$R")
		set -- $p
		echo "| \`${v/-/ -}\` (reference) | $1 | $2 | | | |"
	done
} >"$OUTDIR/exports.md"
cat "$OUTDIR/exports.md"
