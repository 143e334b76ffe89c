#!/bin/bash
# bench.sh BIN HELPERS OUTDIR — ipctop's benchmark (`make bench`), issue 7.
#
# For each size it enters a fresh private IPC namespace (`unshare --ipc`; the
# objects die with it), fills it with HELPERS/populate and times, with
# HELPERS/timeit (median of $BENCH_RUNS runs after one warm-up, output to
# /dev/null, peak RSS from wait4): ipctop --once, ipctop --json, ipcs -a,
# lsipc -m/-q/-s, cat /proc/sysvipc/* (all three, and shm and msg alone:
# the floor of a one-kind view), and the raw reference scan
# HELPERS/raw_scan (plus raw_scan -w, the reference for --json, which also
# reads GETNCNT/GETZCNT/GETPID per semaphore).
#
# Then the pass over /proc per refresh (issue 14: who waits, who is attached)
# with $BENCH_SCAN_PROCS sleeping processes (HELPERS/scan_cost: the median
# CPU time of one snapshot read without it, with the waiter scan, with every
# thread, and with the attach scan too).
#
# Unless BENCH_TUI=0 it then measures the interactive program (with
# --no-config: the defaults, not the settings file of whoever runs it) in
# tmux at 80x24 under `script`, side by side with `htop -d 10`:
#   idle CPU at 1 s refresh with 1000 objects over $BENCH_IDLE_SECONDS,
#   bytes written to the terminal per refresh when nothing changed,
#   key press -> updated screen with the largest size (script's timing log),
#   CPU per refresh (All view, then the Shm and Msg views, then the All view
#   with one queue changing) and peak RSS of the TUI with the largest size.
# Unless BENCH_TRACE=0 it measures tracing (issue 18; needs root and
# tracefs): the --bench-ipc ping-pong (64 B) without and with
# `ipctop --trace --ns` on its namespace, ipctop's CPU while it traces
# 10 000 semops/s, and whether it keeps up with 50 000 semops/s (calls made
# by HELPERS/trace_helper vs calls traced, events the kernel lost).
# Last, HELPERS/model_bench times the list model alone (no kernel) at 64 000
# objects: a full filter and sort against the update after a read.
# Writes OUTDIR/results.txt (raw numbers) and OUTDIR/report.md (machine and
# tables, the body of BENCHMARKS.md) and prints the report.
#
# Environment: BENCH_RUNS (7), BENCH_SIZES ("1000 10000 30000": N queues,
# N semaphore sets of 4, N*4/30 segments of 4 KiB), BENCH_SCAN_PROCS
# ("500 5000"), BENCH_TUI (1), BENCH_IDLE_SECONDS (30), BENCH_KEYS (10
# presses per key), BENCH_TRACE (1), BENCH_TRACE_SECONDS (10: each traced
# load; the ping-pong takes a fifth).
set -u

# ---------------------------------------------------------------- helpers
ns_cmd() {
	if [ "$(id -u)" -eq 0 ]; then echo "unshare --ipc"; else echo "unshare --user --map-root-user --ipc"; fi
}

in_private_ns() {
	[ "$(readlink /proc/self/ns/ipc)" != "$(readlink /proc/1/ns/ipc 2>/dev/null)" ]
}

# cpu_ticks PID — utime + stime of PID in clock ticks.
cpu_ticks() {
	local stat
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
	stat=${stat##*) }   # fields after "(comm) "; utime/stime are 14/15 overall
	set -- $stat
	echo $(( ${12} + ${13} ))
}

fsize() { stat -c %s "$1" 2>/dev/null || echo 0; }

# cpu_per_refresh PID SECONDS — PID's CPU time (ms) per second over SECONDS.
cpu_per_refresh() {
	local c0 c1
	c0=$(cpu_ticks "$1")
	sleep "$2"
	c1=$(cpu_ticks "$1")
	awk -v d=$((c1 - c0)) -v hz="$HZ" -v s="$2" 'BEGIN { printf "%.1f", d * 1000 / hz / s }'
}

TM_SOCK="ipctop-bench-$$"
tm() { tmux -L "$TM_SOCK" -f /dev/null "$@"; }

# The inner processes' scratch directory and tmux server go away on exit.
WORK=
work_dir() {
	echo "$WORK"
}
inner_setup() {
	WORK=$(mktemp -d /tmp/ipctop-bench.XXXXXX)
	trap 'tm kill-server 2>/dev/null; rm -rf "$WORK" "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$TM_SOCK"' EXIT
}

# tui_start NAME DIR CMD — runs CMD at 80x24 in tmux session NAME under
# script(1) with a timing log; CMD's pid ends up in DIR/NAME.pid.
tui_start() {
	local name=$1 dir=$2 cmd=$3
	local inner="echo \$\$ > $dir/$name.pid; exec $cmd"
	tm new-session -d -s "$name" -x 80 -y 24 \
		"script -q -f -m advanced -T $dir/$name.timing -I $dir/$name.in -O $dir/$name.ts -c '$inner'"
	local i
	for i in $(seq 100); do [ -s "$dir/$name.pid" ] && break; sleep 0.05; done
}

# wait_screen NAME TEXT — waits up to 15 s for TEXT on session NAME's screen.
wait_screen() {
	local i
	for i in $(seq 300); do
		tm capture-pane -p -t "$1" 2>/dev/null | grep -qF -- "$2" && return 0
		sleep 0.05
	done
	return 1
}

# tui_stop NAME DIR — ends the program started by tui_start (its own pid).
tui_stop() {
	local pid
	pid=$(cat "$2/$1.pid" 2>/dev/null) || return 0
	kill "$pid" 2>/dev/null
	local i
	for i in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
	kill -9 "$pid" 2>/dev/null
	tm kill-session -t "$1" 2>/dev/null
	return 0
}

# key_latencies TIMING KEYCOUNT — from script's advanced timing log: for each
# input entry, the time until the end of the output burst that follows it
# (output chunks less than 30 ms apart, before the next input). Prints one
# latency in ms per line.
key_latencies() {
	awk '
	$1 == "H" { next }
	{ t += $2 }
	$1 == "I" { if (have) print_pending(); tin = t; have = 1; seen = 0; next }
	$1 == "O" && have {
		if (!seen || t - tlast < 0.030) { tlast = t; seen = 1 }
		else { print_pending(); have = 0 }
	}
	function print_pending() { if (seen) printf "%.1f\n", (tlast - tin) * 1000; seen = 0 }
	END { if (have) print_pending() }' "$1"
}

median() { grep . | sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "-"; exit } m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f\n", m }'; }
maxof() { grep . | sort -n | tail -n 1 | grep . || echo -; }

# ------------------------------------------------------- inner: one size
run_size() {
	local n=$1 q=$2 s=$3 m=$4
	in_private_ns || { echo "bench.sh: not in a private IPC namespace" >&2; exit 2; }
	"$HELPERS/populate" -q "$q" -s "$s" -m "$m" >/dev/null || exit 1
	local counts
	counts=$("$HELPERS/raw_scan")
	echo "objects $n $counts" >>"$RESULTS"
	echo "size $n: $q queues, $s sets, $m segments ($counts)" >&2
	# Round robin: every tool once per round, so load from elsewhere on the
	# machine spreads over all tools instead of skewing one. Round 0 warms up.
	local round i
	for round in $(seq 0 "$RUNS"); do
		for i in "${!TOOL_LABELS[@]}"; do
			local r
			# shellcheck disable=SC2086 # the command is a word list on purpose
			r=$(TIMEIT_WARMUP=0 "$HELPERS/timeit" 1 ${TOOL_CMDS[$i]}) || r="- - - - -"
			[ "$round" -gt 0 ] && echo "run $n ${TOOL_LABELS[$i]} $r" >>"$RESULTS"
		done
	done
	# cli SIZE LABEL WALL_MEDIAN WALL_MIN WALL_MAX MAXRSS_KB CPU_MEDIAN
	local l times rss cpu
	for l in "${TOOL_LABELS[@]}"; do
		times=$(awk -v n="$n" -v l="$l" '$1 == "run" && $2 == n && $3 == l && $4 != "-" { print $4 }' "$RESULTS" | sort -n)
		rss=$(awk -v n="$n" -v l="$l" '$1 == "run" && $2 == n && $3 == l && $4 != "-" { print $7 }' "$RESULTS" | sort -n | tail -n 1)
		cpu=$(awk -v n="$n" -v l="$l" '$1 == "run" && $2 == n && $3 == l && $4 != "-" { print $8 }' "$RESULTS" | median)
		if [ -z "$times" ]; then
			echo "cli $n $l - - - - -" >>"$RESULTS"
		else
			echo "cli $n $l $(echo "$times" | median) $(echo "$times" | head -n 1) $(echo "$times" | tail -n 1) $rss $cpu" >>"$RESULTS"
		fi
		tail -n 1 "$RESULTS" | awk '{ printf "  %-22s median %s  min %s  max %s ms  rss %s KB  cpu %s ms\n", $3, $4, $5, $6, $7, $8 }' >&2
	done
	if [ "$n" = "$LARGEST" ] && [ "$TUI" = 1 ]; then
		tui_large "$n"
	fi
	return 0
}

# --------------------------------------------- inner: TUI with many objects
tui_large() {
	local n=$1 dir
	dir=$(work_dir)
	echo "TUI with size $n: key latency (refresh 30 s, no rescan during the keys)" >&2
	tui_start lat "$dir" "$BIN --no-config -d 300"
	wait_screen lat "ipctop" || echo "bench.sh: ipctop did not start" >&2
	sleep 1
	local i key
	for key in ">" "j"; do
		for i in $(seq "$KEYS"); do
			tm send-keys -t lat -l "$key"
			sleep 0.4
		done
	done
	sleep 0.5
	local lats
	lats=$(key_latencies "$dir/lat.timing")
	local sortl movel
	sortl=$(echo "$lats" | head -n "$KEYS")
	movel=$(echo "$lats" | sed -n "$((KEYS + 1)),$((KEYS * 2))p")
	echo "tui key_sort_median $(echo "$sortl" | median)" >>"$RESULTS"
	echo "tui key_sort_max $(echo "$sortl" | maxof)" >>"$RESULTS"
	echo "tui key_move_median $(echo "$movel" | median)" >>"$RESULTS"
	echo "tui key_move_max $(echo "$movel" | maxof)" >>"$RESULTS"
	echo "tui key_count $(echo "$lats" | grep -c .)" >>"$RESULTS"
	echo "  '>' (sort) ms: $(echo $sortl)" >&2
	echo "  'j' (move) ms: $(echo $movel)" >&2
	tui_stop lat "$dir"

	echo "TUI with size $n: CPU per refresh at 1 s (All view, then Shm, then Msg)" >&2
	tui_start big "$dir" "$BIN --no-config -d 10"
	wait_screen big "ipctop" || echo "bench.sh: ipctop did not start" >&2
	sleep 2
	local pid view key secs=10
	pid=$(cat "$dir/big.pid")
	for view in all:- shm:1 msg:2; do
		key=${view#*:}
		[ "$key" = - ] || { tm send-keys -t big -l "$key"; sleep 2; }
		echo "tui big_${view%:*}_cpu_ms_per_refresh $(cpu_per_refresh "$pid" "$secs")" >>"$RESULTS"
		tail -n 1 "$RESULTS" >&2
	done
	# Some objects changing: a message sent to and taken from one queue
	# ten times a second (its row changes at every refresh; the rest not).
	tm send-keys -t big -l 4
	local q churn
	q=$(ipcs -q | awk '$1 ~ /^0x/ { print $2; exit }')
	perl -e 'my $q = shift; while (1) { msgsnd($q, pack("l! a*", 7, "bench"), 0) or die;
		msgrcv($q, my $m, 64, 7, 0) or die; select(undef, undef, undef, 0.1) }' "$q" &
	churn=$!
	sleep 2
	echo "tui big_churn_cpu_ms_per_refresh $(cpu_per_refresh "$pid" "$secs")" >>"$RESULTS"
	tail -n 1 "$RESULTS" >&2
	kill "$churn" 2>/dev/null
	wait "$churn" 2>/dev/null
	echo "tui big_rss_kb $(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")" >>"$RESULTS"
	tui_stop big "$dir"
}

# ------------------------------------- inner: the pass over /proc, N processes
run_scan() {
	in_private_ns || { echo "bench.sh: not in a private IPC namespace" >&2; exit 2; }
	local n=$1 out
	echo "pass over /proc with $n more processes" >&2
	out=$("$HELPERS/scan_cost" "$n" "$((RUNS * 3))") || exit 1
	awk -v n="$n" '{ print "scan", n, $1, $2 }' <<<"$out" >>"$RESULTS"
	sed 's/^/  /' <<<"$out" >&2
}

# ------------------------------------------- inner: idle TUI vs htop -d 10
tui_idle() {
	in_private_ns || { echo "bench.sh: not in a private IPC namespace" >&2; exit 2; }
	"$HELPERS/populate" -q 470 -s 470 -m 60 >/dev/null || exit 1
	local dir
	dir=$(work_dir)
	mkdir -p "$dir/home"
	echo "TUI idle: 1000 objects, 1 s refresh, ${IDLE}s, ipctop and htop -d 10 side by side" >&2
	tui_start ipctop "$dir" "$BIN --no-config -d 10"
	tui_start htop "$dir" "env HOME=$dir/home htop -d 10"
	wait_screen ipctop "ipctop" || echo "bench.sh: ipctop did not start" >&2
	wait_screen htop "PID" || echo "bench.sh: htop did not start" >&2
	sleep 3
	local p
	declare -A pid c0 b0 c1 b1
	for p in ipctop htop; do
		pid[$p]=$(cat "$dir/$p.pid")
		c0[$p]=$(cpu_ticks "${pid[$p]}")
		b0[$p]=$(fsize "$dir/$p.ts")
	done
	sleep "$IDLE"
	for p in ipctop htop; do
		c1[$p]=$(cpu_ticks "${pid[$p]}")
		b1[$p]=$(fsize "$dir/$p.ts")
		awk -v p="$p" -v d=$((c1[$p] - c0[$p])) -v hz="$HZ" -v s="$IDLE" -v b=$((b1[$p] - b0[$p])) 'BEGIN {
			printf "tui idle_%s_cpu_pct %.2f\n", p, d * 100 / hz / s
			printf "tui idle_%s_cpu_ms_per_refresh %.2f\n", p, d * 1000 / hz / s
			printf "tui idle_%s_bytes_per_refresh %.0f\n", p, b / s
		}' >>"$RESULTS"
		echo "  $p: $((c1[$p] - c0[$p])) ticks, $((b1[$p] - b0[$p])) bytes in ${IDLE}s" >&2
	done
	tm capture-pane -p -t ipctop >"$OUTDIR/idle-ipctop.txt" 2>/dev/null
	tui_stop ipctop "$dir"
	tui_stop htop "$dir"
}

# ---------------------------------------------- inner: tracing (issue 18)
# trace_summary ERR FIELD — from ipctop --trace's summary on stderr: calls
# (traced) or lost (events the kernel dropped + returns lost).
trace_summary() {
	case $2 in
	calls) sed -nE 's/^ipctop: traced [0-9.]+ s: ([0-9]+) calls.*/\1/p' "$1" ;;
	lost) sed -nE 's/.*lost: ([0-9]+) events dropped.*, ([0-9]+) calls whose return.*/\1 \2/p' "$1" | awk '{ print $1 + $2 }' ;;
	esac
}

# trace_start_bg ERR ARGS... — ipctop --trace ARGS in the background, its
# JSON lines to /dev/null; waits until it traces. Sets TRACER.
trace_start_bg() {
	local err=$1 i; shift
	"$BIN" --trace "$@" >/dev/null 2>"$err" &
	TRACER=$!
	for i in $(seq 200); do grep -q "tracing the System V IPC calls" "$err" && return 0; sleep 0.05; done
	echo "bench.sh: ipctop --trace did not start: $(head -n 1 "$err")" >&2
	return 1
}

trace_bench() {
	in_private_ns || { echo "bench.sh: not in a private IPC namespace" >&2; exit 2; }
	local dir secs=$TRACE_SECS pp_secs c0 c1 bp
	dir=$(work_dir)
	pp_secs=$(awk -v s="$secs" 'BEGIN { printf "%g", s / 5 }')
	echo "Tracing: --bench-ipc 64 B, ${pp_secs} s per mechanism, without then with ipctop --trace --ns on it" >&2
	"$BIN" --bench-ipc --size 64 --seconds "$pp_secs" >"$dir/pp-off.txt" || return 1
	"$BIN" --bench-ipc --size 64 --seconds "$pp_secs" >"$dir/pp-on.txt" &
	bp=$!
	# --bench-ipc runs in an IPC namespace of its own: trace that one. The
	# pipe comes first, so tracing is on before the queue and semaphores.
	local i
	for i in $(seq 200); do
		[ "$(readlink "/proc/$bp/ns/ipc")" != "$(readlink /proc/self/ns/ipc)" ] && break
		sleep 0.01
	done
	trace_start_bg "$dir/pp-trace.err" --ns "$bp" || { wait "$bp"; return 1; }
	c0=$(cpu_ticks "$TRACER")
	local t0 t1
	t0=$(date +%s%N)
	wait "$bp"
	t1=$(date +%s%N)
	c1=$(cpu_ticks "$TRACER")
	kill -INT "$TRACER"; wait "$TRACER"
	local m
	for m in off on; do
		awk -v m="$m" '$1 == "msg" && $2 == "queue" { print "trace pp_" m "_msg " $5 } $1 == "shm+sem" { print "trace pp_" m "_shm " $4 }' \
			"$dir/pp-$m.txt" >>"$RESULTS"
	done
	echo "trace pp_traced_calls $(trace_summary "$dir/pp-trace.err" calls)" >>"$RESULTS"
	echo "trace pp_lost $(trace_summary "$dir/pp-trace.err" lost)" >>"$RESULTS"
	echo "trace pp_cpu_pct $(awk -v d=$((c1 - c0)) -v hz="$HZ" -v ns=$((t1 - t0)) 'BEGIN { printf "%.1f", d * 100 / hz / (ns / 1e9) }')" >>"$RESULTS"
	sed 's/^/  off: /' "$dir/pp-off.txt" | grep -E 'queue|shm' >&2
	sed 's/^/  on:  /' "$dir/pp-on.txt" | grep -E 'queue|shm' >&2

	"$HELPERS/populate" -s 1 >/dev/null || return 1
	local rate out made seen lost
	for rate in 10000 50000; do
		echo "Tracing: ipctop --trace while trace_helper makes $rate semops/s for ${secs} s" >&2
		trace_start_bg "$dir/load$rate.err" || return 1
		c0=$(cpu_ticks "$TRACER")
		out=$("$HELPERS/trace_helper" load 0 "$rate" "$secs")
		c1=$(cpu_ticks "$TRACER")
		sleep 0.5 # the last calls are read
		kill -INT "$TRACER"; wait "$TRACER"
		made=$(echo "$out" | awk '{ print $3 }')
		seen=$(trace_summary "$dir/load$rate.err" calls)
		lost=$(trace_summary "$dir/load$rate.err" lost)
		{
			echo "trace load${rate}_made $made"
			echo "trace load${rate}_rate $(awk -v n="$made" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')"
			echo "trace load${rate}_seen $seen"
			echo "trace load${rate}_lost $lost"
			awk -v d=$((c1 - c0)) -v hz="$HZ" -v s="$secs" -v n="$made" 'BEGIN {
				printf "trace load'"$rate"'_cpu_pct %.1f\n", d * 100 / hz / s
				printf "trace load'"$rate"'_us_per_call %.2f\n", (n > 0 ? d * 1e6 / hz / n : 0)
			}'
		} >>"$RESULTS"
		echo "  made $made calls, traced $seen, lost $lost, ipctop $((c1 - c0)) ticks" >&2
	done
}

# ------------------------------------------------------------- report
val() { awk -v k="$1" '$1 == "tui" && $2 == k { print $3 }' "$RESULTS"; }
mval() { awk -v k="$1" '$1 == "model" && $2 == k { print $3 }' "$RESULTS"; }
cli() { awk -v n="$1" -v l="$2" -v f="$3" '$1 == "cli" && $2 == n && $3 == l { print $(3 + f) }' "$RESULTS"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && a != "-" && b + 0 > 0) printf "%.2f", a / b; else print "-" }'; }

# tool_table FIELD — the per-tool table of cli FIELD (1 wall median, 5 CPU
# median) by size, with the ratios the targets use and ipctop's peak RSS.
tool_table() {
	local f=$1 r=$RESULTS
	local hdr="| tool |" sep="|---|" n o l
	for n in $SIZES; do
		o=$(awk -v n="$n" '$1 == "objects" && $2 == n { print $4 + $6 + $8 }' "$r")
		hdr="$hdr $n ($o objects) |"; sep="$sep---:|"
	done
	echo "$hdr"; echo "$sep"
	for l in "${TOOL_LABELS[@]}"; do
		local row="| \`${l//+/ }\` |"
		for n in $SIZES; do row="$row $(cli "$n" "$l" "$f") |"; done
		echo "$row"
	done
	# ratio rows: label, numerator tool, denominator tool
	local spec=("ipcs -a / ipctop --once|ipcs+-a|ipctop+--once"
		"ipctop --once / cat /proc/sysvipc/*|ipctop+--once|cat+/proc/sysvipc/*"
		"ipcs -a / ipctop --json|ipcs+-a|ipctop+--json"
		"ipctop --once / raw_scan|ipctop+--once|raw_scan"
		"ipctop --json / raw_scan -w|ipctop+--json|raw_scan+-w"
		"ipcs -a / ipctop --json, all tasks seen|ipcs+-a|ipctop+--json,+all+tasks+seen"
		"ipcs -a / raw_scan -w (the calls of every field, nothing else)|ipcs+-a|raw_scan+-w"
		"ipcs -a / raw_scan -p (the same when every task is seen)|ipcs+-a|raw_scan+-p") one a b
	for one in "${spec[@]}"; do
		IFS='|' read -r l a b <<<"$one"
		local row="| $l |"
		for n in $SIZES; do row="$row $(ratio "$(cli "$n" "$a" "$f")" "$(cli "$n" "$b" "$f")") |"; done
		echo "$row"
	done
	if [ "$f" = 1 ]; then
		for l in ipctop+--once ipctop+--json; do
			local row="| peak RSS ${l//+/ } (MB) |"
			for n in $SIZES; do row="$row $(awk -v k="$(cli "$n" "$l" 4)" 'BEGIN { printf "%.1f", k / 1024 }') |"; done
			echo "$row"
		done
	fi
	return 0
}

report() {
	local r=$RESULTS
	# verdict EXPR VALUE... — met / not met, or "not measured" when a value is missing
	verdict() {
		local e=$1 v; shift
		for v in "$@"; do case $v in ''|-) echo "**not measured**"; return;; esac; done
		if awk "BEGIN { exit !($e) }" 2>/dev/null; then echo "**met**"; else echo "**not met**"; fi
	}

	# reachable IPCS FLOOR — whether 4 × ipcs -a is within reach of a reader
	# that makes only the calls FLOOR makes
	reachable() {
		case "$1$2" in *-*|'') echo "**not measured**"; return;; esac
		if awk "BEGIN { exit !($1 >= 4 * $2) }"; then echo "4 × reachable"; else echo "**4 × out of reach**"; fi
	}

	echo "## Machine"
	echo
	local virt=""
	grep -qw hypervisor /proc/cpuinfo && virt=", a virtual machine (cpuinfo flag \`hypervisor\`)"
	echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //') (model name in /proc/cpuinfo), $(nproc) cores (nproc)$virt"
	echo "- Kernel: $(uname -sr)"
	echo "- Memory: $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "- ipctop $("$BIN" --version | awk '{ print $2 }'), $(ipcs -V 2>&1 | head -n 1), htop $(htop --version 2>/dev/null | head -n 1 | awk '{ print $2 }')"
	echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); each figure is the median of $RUNS runs after one warm-up, the tools taking turns (round robin)"
	echo "- Load average (1/5/15 min) at the start: $(awk '$1 == "load" && $2 == "start" { print $3, $4, $5 }' "$r"), at the end: $(awk '$1 == "load" && $2 == "end" { print $3, $4, $5 }' "$r") (other jobs on the machine make figures noisier); bench took $(awk '$1 == "took" { print $2 }' "$r") s"
	echo
	echo "## Command-line tools: median wall time in ms"
	echo
	tool_table 1
	echo
	echo "## Command-line tools: median CPU time (user + system) in ms"
	echo
	echo "CPU time does not grow while a process waits for a busy CPU, so on a shared machine it is the steadier figure."
	echo
	tool_table 5
	echo
	echo "raw_scan: *_INFO + *_STAT_ANY over every index + GETALL per set."
	echo "raw_scan -w: the same plus GETNCNT, GETZCNT and GETPID per semaphore (what --json reads when a task's wait cannot be seen: here, pid 1's)."
	echo "raw_scan -p: raw_scan plus GETPID per semaphore (what --json reads when every task is seen and none waits)."
	echo "ipctop --json, all tasks seen: \`unshare --pid --fork --mount-proc env IPCTOP_SEMWAIT=visible ipctop --json\` (same objects; the waiter scan sees every task, so no set needs GETNCNT/GETZCNT)."
	echo "Sizes: N queues (one 16-byte message each), N sets of 4 semaphores, N*4/30 segments of 4 KiB."
	echo
	local big=$LARGEST
	local once raw ipcs json rawj cat catshm catmsg rss
	local fonce fraw fipcs fjson frawj fcat fcatshm fcatmsg
	once=$(cli "$big" ipctop+--once 1); raw=$(cli "$big" raw_scan 1); ipcs=$(cli "$big" ipcs+-a 1)
	json=$(cli "$big" ipctop+--json 1); rawj=$(cli "$big" raw_scan+-w 1); cat=$(cli "$big" "cat+/proc/sysvipc/*" 1)
	scan_table
	fonce=$(cli "$big" ipctop+--once 5); fraw=$(cli "$big" raw_scan 5); fipcs=$(cli "$big" ipcs+-a 5)
	fjson=$(cli "$big" ipctop+--json 5); frawj=$(cli "$big" raw_scan+-w 5); fcat=$(cli "$big" "cat+/proc/sysvipc/*" 5)
	fcatshm=$(cli "$big" cat+/proc/sysvipc/shm 5); fcatmsg=$(cli "$big" cat+/proc/sysvipc/msg 5)
	rss=$(awk -v a="$(cli "$big" ipctop+--once 4)" -v b="$(cli "$big" ipctop+--json 4)" 'BEGIN { print (a > b ? a : b) }')
	local nobj
	nobj=$(awk -v n="$big" '$1 == "objects" && $2 == n { print $4 + $6 + $8 }' "$r")
	echo "## Targets (largest size, $big: $nobj objects)"
	echo
	echo "Issue 17 (the bulk reader). Verdicts on the medians of the same run; the CPU column is the steadier one on a shared machine."
	echo
	echo "| target | wall time (medians) | CPU time (medians) | verdict (wall medians) |"
	echo "|---|---|---|---|"
	echo "| ipctop --once ≥ 10 × faster than ipcs -a | $(ratio "$ipcs" "$once") × ($ipcs / $once ms) | $(ratio "$fipcs" "$fonce") × | $(verdict "$ipcs >= 10 * $once" "$ipcs" "$once") |"
	echo "| ipctop --once ≤ 1.6 × cat /proc/sysvipc/* | $(ratio "$once" "$cat") × ($once / $cat ms) | $(ratio "$fonce" "$fcat") × | $(verdict "$once <= 1.6 * $cat" "$once" "$cat") |"
	echo "| ipctop --json ≥ 4 × faster than ipcs -a (every field) | $(ratio "$ipcs" "$json") × ($ipcs / $json ms) | $(ratio "$fipcs" "$fjson") × | $(verdict "$ipcs >= 4 * $json" "$ipcs" "$json") |"
	local jseen rawp fjseen frawp
	jseen=$(cli "$big" "ipctop+--json,+all+tasks+seen" 1); rawp=$(cli "$big" raw_scan+-p 1)
	fjseen=$(cli "$big" "ipctop+--json,+all+tasks+seen" 5); frawp=$(cli "$big" raw_scan+-p 5)
	echo "| ipctop --json ≥ 4 × faster than ipcs -a, every task seen (in a pid namespace) | $(ratio "$ipcs" "$jseen") × ($ipcs / $jseen ms) | $(ratio "$fipcs" "$fjseen") × | $(verdict "$ipcs >= 4 * $jseen" "$ipcs" "$jseen") |"
	echo "| bound: could any reader of every field be 4 × faster than ipcs -a? ipcs -a / raw_scan -w (here) | $(ratio "$ipcs" "$rawj") × | $(ratio "$fipcs" "$frawj") × | $(reachable "$ipcs" "$rawj") |"
	echo "| bound, every task seen: ipcs -a / raw_scan -p | $(ratio "$ipcs" "$rawp") × | $(ratio "$fipcs" "$frawp") × | $(reachable "$ipcs" "$rawp") |"
	echo "| peak RSS < 16 MB (--once, --json) | $(awk -v k="$rss" 'BEGIN { printf "%.1f MB", k / 1024 }') | | $(verdict "$rss < 16384" "$rss") |"
	local ic hc ib hb ks km ksm kmm bc bcs bcm bcc brss
	if [ "$TUI" = 1 ]; then
		ic=$(val idle_ipctop_cpu_pct); hc=$(val idle_htop_cpu_pct)
		ib=$(val idle_ipctop_bytes_per_refresh); hb=$(val idle_htop_bytes_per_refresh)
		ks=$(val key_sort_median); ksm=$(val key_sort_max)
		km=$(val key_move_median); kmm=$(val key_move_max)
		bc=$(val big_all_cpu_ms_per_refresh); bcs=$(val big_shm_cpu_ms_per_refresh); bcm=$(val big_msg_cpu_ms_per_refresh)
		bcc=$(val big_churn_cpu_ms_per_refresh)
		brss=$(val big_rss_kb)
		echo "| TUI: CPU per 1 s refresh, All view ≤ 1.3 × CPU of one cat /proc/sysvipc/* | | $(ratio "$bc" "$fcat") × ($bc / $fcat ms) | $(verdict "$bc <= 1.3 * $fcat" "$bc" "$fcat") (CPU) |"
		echo "| TUI: CPU per 1 s refresh, Shm view ≤ 1.3 × CPU of cat /proc/sysvipc/shm (one kind, one file) | | $(ratio "$bcs" "$fcatshm") × ($bcs / $fcatshm ms) | $(verdict "$bcs <= 1.3 * $fcatshm" "$bcs" "$fcatshm") (CPU) |"
		echo "| TUI: CPU per 1 s refresh, Msg view (qbytes of the rows shown) ≤ 1.3 × CPU of cat /proc/sysvipc/msg | | $(ratio "$bcm" "$fcatmsg") × ($bcm / $fcatmsg ms) | $(verdict "$bcm <= 1.3 * $fcatmsg" "$bcm" "$fcatmsg") (CPU) |"
		echo "| TUI: idle CPU at 1000 objects ≤ htop -d 10's | $ic % / $hc % | | $(verdict "$ic <= $hc" "$ic" "$hc") |"
		echo "| TUI: key → screen < 50 ms with $nobj objects ('>' re-sort; verdict on the median, max shown) | $ks ms (max $ksm) | | $(verdict "$ks < 50" "$ks") |"
		echo "| TUI: peak RSS < 16 MB with $nobj objects | $(awk -v k="$brss" 'BEGIN { printf "%.1f MB", k / 1024 }') | | $(verdict "$brss < 16384" "$brss") |"
	fi
	echo
	echo "Issue 7 (kept):"
	echo
	echo "| target | wall time (medians) | CPU time (medians) | verdict (wall medians) |"
	echo "|---|---|---|---|"
	echo "| ipctop --once ≤ 1.5 × raw scan | $(ratio "$once" "$raw") × ($once / $raw ms) | $(ratio "$fonce" "$fraw") × | $(verdict "$once <= 1.5 * $raw" "$once" "$raw") |"
	echo "| ipctop --json ≤ 1.5 × its raw reference (raw_scan -w) | $(ratio "$json" "$rawj") × ($json / $rawj ms) | $(ratio "$fjson" "$frawj") × | $(verdict "$json <= 1.5 * $rawj" "$json" "$rawj") |"
	[ "$TUI" = 1 ] && echo "| TUI: bytes per idle refresh < 100 | $ib | | $(verdict "$ib < 100" "$ib") |"
	if [ "$TUI" = 1 ]; then
		echo
		echo "## Interactive program, tmux 80x24 under script(1)"
		echo
		echo "| measure | ipctop | htop -d 10 |"
		echo "|---|---:|---:|"
		echo "| idle CPU, 1000 objects, 1 s refresh, ${IDLE} s (% of one core) | $ic | $hc |"
		echo "| CPU per refresh (ms) | $(val idle_ipctop_cpu_ms_per_refresh) | $(val idle_htop_cpu_ms_per_refresh) |"
		echo "| bytes to the terminal per refresh, nothing changed | $ib | $hb |"
		echo "| key → screen, '>' (re-sort) with $big-size set: median / max ms | $ks / $ksm | |"
		echo "| key → screen, 'j' (move) with $big-size set: median / max ms | $km / $kmm | |"
		echo "| CPU per 1 s refresh with the $big-size set, All view (ms) | $bc | |"
		echo "| CPU per 1 s refresh with the $big-size set, Shm view (ms) | $bcs | |"
		echo "| CPU per 1 s refresh with the $big-size set, Msg view (ms) | $bcm | |"
		echo "| CPU per 1 s refresh with the $big-size set, All view, one queue changing 10 times a second (ms) | $bcc | |"
		echo "| peak RSS of the TUI with the $big-size set (MB) | $(awk -v k="$brss" 'BEGIN { printf "%.1f", k / 1024 }') | |"
		echo
		echo "The list model alone at 64 000 objects (\`model_bench\`, no kernel, medians of 9, ms): filtering and sorting the All view by KEY from scratch $(mval full); writing an unchanged read over the previous one $(mval merge); updating the rows after it $(mval same) (nothing to do); after a read with 2 objects changed $(mval changed) (their rows merged back in place)."
		echo
		echo "Key latency: time from script(1) reading the key tmux sent to the end of the output burst that follows (script's advanced timing log, µs resolution); refresh 30 s so no rescan falls inside. CPU: utime+stime from /proc/PID/stat over 10 s (1 s refresh, nothing changing). Bytes: growth of the output log over the idle period divided by the seconds."
	fi
}

# scan_table — the cost of the pass over /proc per refresh (scan_cost).
scan_table() {
	local r=$RESULTS n
	grep -q '^scan ' "$r" || return 0
	sv() { awk -v n="$1" -v k="$2" '$1 == "scan" && $2 == n && $3 == k { print $4 }' "$r"; }
	echo "## The pass over /proc: median CPU ms of one refresh's read"
	echo
	echo "One queue, one set and one segment in a private namespace; N sleeping processes more (every 100th blocked in semop). The waiter scan reads each process's /proc/PID/syscall once; threads: also a stat of /proc/PID/task and each extra thread's syscall; attach: also each /proc/PID/maps (only when some segment is attached)."
	echo
	echo "| processes in /proc | objects only | + waiter scan | + every thread | + attach scan | waiter scan per process (µs) |"
	echo "|---:|---:|---:|---:|---:|---:|"
	for n in $SCAN_PROCS; do
		local p w
		p=$(sv "$n" processes) w=$(sv "$n" waiters)
		echo "| $p | $(sv "$n" objects-only) | $w | $(sv "$n" waiters+threads) | $(sv "$n" waiters+attach) | $(awk -v w="$w" -v o="$(sv "$n" objects-only)" -v p="$p" 'BEGIN { if (p > 0) printf "%.1f", (w - o) * 1000 / p; else print "-" }') |"
	done
	echo
}

# trace_report — the tracing section of the report (issue 18).
trace_report() {
	local r=$RESULTS
	grep -q '^trace ' "$r" || return 0
	tv() { awk -v k="$1" '$1 == "trace" && $2 == k { print $3 }' "$r"; }
	local msg_off msg_on shm_off shm_on
	msg_off=$(tv pp_off_msg); msg_on=$(tv pp_on_msg); shm_off=$(tv pp_off_shm); shm_on=$(tv pp_on_shm)
	echo
	echo "## Tracing (ipctop --trace, issue 18)"
	echo
	echo "| measure | value | target | verdict |"
	echo "|---|---:|---|---|"
	echo "| ping-pong msg queue, round trips/s without / with tracing | $msg_off / $msg_on ($(ratio "$msg_off" "$msg_on") × slower) | < 2 × | $(verdict "$msg_off < 2 * $msg_on" "$msg_off" "$msg_on") |"
	echo "| ping-pong shm+sem, round trips/s without / with tracing | $shm_off / $shm_on ($(ratio "$shm_off" "$shm_on") × slower) | < 2 × | $(verdict "$shm_off < 2 * $shm_on" "$shm_off" "$shm_on") |"
	echo "| ping-pong traced: calls seen, events lost | $(tv pp_traced_calls), $(tv pp_lost) | | |"
	echo "| ipctop's CPU while tracing the ping-pong (% of one core) | $(tv pp_cpu_pct) | | |"
	echo "| ipctop's CPU while tracing $(tv load10000_rate) semops/s (% of one core) | $(tv load10000_cpu_pct) ($(tv load10000_us_per_call) µs per call) | | |"
	echo "| $(tv load10000_rate) semops/s: made / traced / lost | $(tv load10000_made) / $(tv load10000_seen) / $(tv load10000_lost) | all, none lost | $(verdict "$(tv load10000_made) == $(tv load10000_seen) && $(tv load10000_lost) == 0" "$(tv load10000_seen)" "$(tv load10000_lost)") |"
	echo "| ipctop's CPU while tracing $(tv load50000_rate) semops/s (% of one core) | $(tv load50000_cpu_pct) ($(tv load50000_us_per_call) µs per call) | | |"
	echo "| $(tv load50000_rate) semops/s: made / traced / lost | $(tv load50000_made) / $(tv load50000_seen) / $(tv load50000_lost) | all, none lost | $(verdict "$(tv load50000_made) == $(tv load50000_seen) && $(tv load50000_lost) == 0" "$(tv load50000_seen)" "$(tv load50000_lost)") |"
	echo
	echo "The ping-pong is \`ipctop --bench-ipc --size 64\` (each round trip is 2 msgsnd + 2 msgrcv, or 4 semops), run once without and once with \`ipctop --trace --ns\` on its namespace, its JSON lines going to /dev/null. The loads are \`trace_helper load\` (a V then a P, paced) in a private namespace. CPU: utime+stime of ipctop from /proc/PID/stat over the run."
}

# tools — the tools timed at every size: label (spaces as '+') and command.
tools() {
	# "--json, all tasks seen": in a pid namespace of its own (same IPC
	# namespace) every task is visible, as on a host where root may read
	# every /proc/PID/wchan; on this machine pid 1 hides it even from root,
	# so the plain --json must ask every semaphore for its wait counts.
	TOOL_LABELS=(raw_scan raw_scan+-p raw_scan+-w ipctop+--once ipctop+--json "ipctop+--json,+all+tasks+seen" ipcs+-a
		lsipc+-m lsipc+-q lsipc+-s "cat+/proc/sysvipc/*" cat+/proc/sysvipc/shm cat+/proc/sysvipc/msg)
	TOOL_CMDS=("$HELPERS/raw_scan" "$HELPERS/raw_scan -p" "$HELPERS/raw_scan -w" "$BIN --once" "$BIN --json"
		"unshare --pid --fork --mount-proc env IPCTOP_SEMWAIT=visible $BIN --json" "ipcs -a" "lsipc -m" "lsipc -q"
		"lsipc -s" "cat /proc/sysvipc/shm /proc/sysvipc/msg /proc/sysvipc/sem" "cat /proc/sysvipc/shm"
		"cat /proc/sysvipc/msg")
}

# --------------------------------------------------------------- main
case "${1:-}" in
--size) shift; inner_setup; tools; run_size "$@"; exit $? ;;
--scan) shift; run_scan "$@"; exit $? ;;
--idle) inner_setup; tui_idle; exit $? ;;
--trace) inner_setup; trace_bench; exit $? ;;
esac

REPORT_ONLY=0
if [ "${1:-}" = "--report" ]; then # rewrite OUT_DIR/report.md from its results.txt
	REPORT_ONLY=1
	shift
fi
[ $# -eq 3 ] || { echo "usage: bench.sh [--report] IPCTOP_BIN HELPERS_DIR OUT_DIR" >&2; exit 2; }
BIN=$(realpath "$1"); HELPERS=$(realpath "$2"); OUTDIR=$3
mkdir -p "$OUTDIR"; OUTDIR=$(realpath "$OUTDIR")
RESULTS=$OUTDIR/results.txt
RUNS=${BENCH_RUNS:-7}
SIZES=${BENCH_SIZES:-1000 10000 30000}
TUI=${BENCH_TUI:-1}
IDLE=${BENCH_IDLE_SECONDS:-30}
SCAN_PROCS=${BENCH_SCAN_PROCS:-500 5000}
KEYS=${BENCH_KEYS:-10}
TRACE=${BENCH_TRACE:-1}
TRACE_SECS=${BENCH_TRACE_SECONDS:-10}
HZ=$(getconf CLK_TCK)
LARGEST=$(echo $SIZES | tr ' ' '\n' | sort -n | tail -n 1)
export BIN HELPERS OUTDIR RESULTS RUNS SIZES TUI IDLE KEYS HZ LARGEST SCAN_PROCS TRACE TRACE_SECS
export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset TMUX

for tool in ipcs lsipc unshare awk; do
	command -v "$tool" >/dev/null || { echo "bench.sh: $tool is missing" >&2; exit 2; }
done
if [ "$TUI" = 1 ]; then
	for tool in tmux script htop; do
		command -v "$tool" >/dev/null || { echo "bench.sh: $tool is missing (or run with BENCH_TUI=0)" >&2; exit 2; }
	done
fi
tools
if [ "$REPORT_ONLY" = 1 ]; then
	SIZES=$(awk '$1 == "objects" { printf "%s ", $2 }' "$RESULTS")
	SCAN_PROCS=$(awk '$1 == "scan" && $3 == "processes" { printf "%s ", $2 }' "$RESULTS")
	LARGEST=$(echo $SIZES | tr ' ' '\n' | sort -n | tail -n 1)
	grep -q '^tui ' "$RESULTS" || TUI=0
	{ report; trace_report; } >"$OUTDIR/report.md"
	cat "$OUTDIR/report.md"
	exit 0
fi
: >"$RESULTS"
echo "load start $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RESULTS"
start=$(date +%s)
NS=$(ns_cmd)
for n in $SIZES; do
	$NS bash "$0" --size "$n" "$n" "$n" $((n * 4 / 30)) || { echo "bench.sh: size $n failed" >&2; exit 1; }
done
for n in $SCAN_PROCS; do
	$NS bash "$0" --scan "$n" || { echo "bench.sh: the scan with $n processes failed" >&2; exit 1; }
done
if [ "$TUI" = 1 ]; then
	$NS bash "$0" --idle || { echo "bench.sh: TUI idle run failed" >&2; exit 1; }
fi
# The list model alone (no kernel): medians of 9 in ms, at 64 000 objects.
"$HELPERS/model_bench" 64000 | awk '{ for (i = 1; i < NF; i += 2) print "model", $i, $(i + 1) }' >>"$RESULTS"
if [ "$TRACE" = 1 ]; then
	$NS bash "$0" --trace || { echo "bench.sh: tracing run failed" >&2; exit 1; }
fi
echo "load end $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RESULTS"
echo "took $(( $(date +%s) - start ))" >>"$RESULTS"
{ report; trace_report; } >"$OUTDIR/report.md"
cat "$OUTDIR/report.md"
echo
echo "(bench took $(( $(date +%s) - start )) s; raw numbers in $RESULTS, report in $OUTDIR/report.md)"
