#!/bin/bash
# fuzz.sh — the fuzz smoke test of `make test`: builds every libFuzzer target
# of tests/fuzz/ (make fuzz-build: clang, ASan + UBSan) and runs each for
# $FUZZ_E2E_SECONDS (10) of wall time with -seed=1 from its seed corpus,
# $FUZZ_E2E_JOBS (2 x nproc) at a time, so the whole script stays near one
# minute. A crash or a broken invariant is "not ok - fuzz <target>"; its
# input is kept in build/fuzz/e2e-crashes/ (replay: build/fuzz/fuzz_<target>
# FILE). Longer runs: make fuzz FUZZ_SECONDS=...
# e2e: alone
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tests/fuzz/lib.sh"
SECS=${FUZZ_E2E_SECONDS:-10}
JOBS=${FUZZ_E2E_JOBS:-$(($(nproc) * 2))}
# Not the caller's make: no jobserver, no BUILD=build-asan from `make asan`.
unset MAKEFLAGS MFLAGS MAKELEVEL
BIN_DIR=$ROOT/build/fuzz
KEEP=$BIN_DIR/e2e-crashes

start=$(date +%s)
if ! make -C "$ROOT" -s --no-print-directory -j"$(nproc)" fuzz-build >"$E2E_TMP/build.log" 2>&1; then
	echo "not ok - fuzz targets build (make fuzz-build)"
	tail -n 30 "$E2E_TMP/build.log"
	exit 1
fi
echo "ok - fuzz targets build ($(($(date +%s) - start)) s)"
targets=$(make -C "$ROOT" -s --no-print-directory fuzz-list)

fuzz_all "$SECS" "$BIN_DIR" "$E2E_TMP" "$JOBS" $targets

# fuzz_ok TARGET — libFuzzer exited 0; else shows the report and keeps the input.
fuzz_ok() {
	[ "$(cat "$E2E_TMP/$1.rc" 2>/dev/null)" = 0 ] && return 0
	mkdir -p "$KEEP"
	cp "$E2E_TMP"/crash-"$1"-* "$KEEP"/ 2>/dev/null
	grep -vE '^#[0-9]+' "$E2E_TMP/$1.log" | tail -n 25
	return 1
}
# check shows a tmux screen on failure; there is none here.
screen() { :; }
for t in $targets; do
	check "fuzz $t ($(fuzz_summary "$t" "$E2E_TMP"))" fuzz_ok "$t"
done
echo "# fuzz: $(echo $targets | wc -w) targets x ${SECS}s, $JOBS at a time, $(($(date +%s) - start)) s in all"
