# lib.sh — running the libFuzzer targets; sourced by tests/fuzz/run.sh
# (`make fuzz`) and tests/e2e/fuzz.sh (`make test`).
#
# fuzz_run TARGET SECONDS BIN_DIR WORK_DIR — runs BIN_DIR/fuzz_TARGET for
# SECONDS of wall time with -seed=1 over WORK_DIR/corpus/TARGET (new inputs
# go there) and the checked-in seeds tests/fuzz/corpus/TARGET (read only).
# Writes WORK_DIR/TARGET.log; a crash leaves its input as
# WORK_DIR/crash-TARGET-*. Returns libFuzzer's exit status.
FUZZ_SEEDS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/corpus

fuzz_max_len() {
	case $1 in
	parse_key) echo 4200 ;; # the ftok path limit is 4096
	*) echo 512 ;;
	esac
}

fuzz_run() {
	local t=$1 secs=$2 bin=$3 work=$4
	mkdir -p "$work/corpus/$t"
	ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1} \
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
	"$bin/fuzz_$t" -seed=1 -max_total_time="$secs" -max_len="$(fuzz_max_len "$t")" \
		-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$work/crash-$t-" \
		"$work/corpus/$t" "$FUZZ_SEEDS/$t" >"$work/$t.log" 2>&1
}

# fuzz_summary TARGET WORK_DIR — one line: runs and coverage, or the crash.
fuzz_summary() {
	local log=$2/$1.log
	local runs cov
	runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log" | tail -n 1)
	cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -n 1)
	if grep -qE '^(==[0-9]+==ERROR|SUMMARY: |.*runtime error:|.*invariant failed)' "$log"; then
		echo "$(grep -m1 -E 'ERROR: |runtime error:|invariant failed' "$log" | sed 's/^==[0-9]*==//') (input: $(ls "$2"/crash-"$1"-* 2>/dev/null | head -n 1))"
	else
		echo "${runs:-?} runs, ${cov:-cov: ?}"
	fi
}

# fuzz_all SECONDS BIN_DIR WORK_DIR JOBS TARGET... — runs the targets, JOBS
# at a time; leaves WORK_DIR/TARGET.rc with each exit status.
fuzz_all() {
	local secs=$1 bin=$2 work=$3 jobs=$4
	shift 4
	local t running=0
	for t in "$@"; do
		( fuzz_run "$t" "$secs" "$bin" "$work"; echo $? >"$work/$t.rc" ) &
		running=$((running + 1))
		if [ "$running" -ge "$jobs" ]; then
			wait -n
			running=$((running - 1))
		fi
	done
	wait
}
