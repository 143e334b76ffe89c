#!/bin/bash
# run.sh SECONDS BIN_DIR TARGET... — `make fuzz`: runs each libFuzzer target
# for SECONDS ($FUZZ_JOBS at a time, default nproc), keeping the grown corpus
# in BIN_DIR/corpus/TARGET for the next run. Prints "ok - fuzz TARGET ..." or
# "not ok - fuzz TARGET: <crash>" per target; exits 1 if any target failed.
set -u
[ $# -ge 3 ] || { echo "usage: run.sh SECONDS BIN_DIR TARGET..." >&2; exit 2; }
. "$(dirname "$0")/lib.sh"
secs=$1 bin=$(realpath "$2")
shift 2
work=$bin
rm -f "$work"/*.rc
fuzz_all "$secs" "$bin" "$work" "${FUZZ_JOBS:-$(nproc)}" "$@"
failed=0
for t in "$@"; do
	if [ "$(cat "$work/$t.rc" 2>/dev/null)" = 0 ]; then
		echo "ok - fuzz $t ($(fuzz_summary "$t" "$work"))"
	else
		echo "not ok - fuzz $t: $(fuzz_summary "$t" "$work")"
		echo "--- $work/$t.log:"; grep -vE '^#[0-9]+' "$work/$t.log" | tail -n 30
		failed=$((failed + 1))
	fi
done
echo "$(($# - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
