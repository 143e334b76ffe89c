#!/bin/bash
# valgrind.sh — `ipctop --once`, `--json`, `--prometheus` and `--json=lsipc`
# under valgrind --leak-check=full over a few hundred objects of every kind
# (with messages, values, an attached segment): no invalid access, no leak
# (exit code 1 otherwise).
# e2e: alone
. "$(dirname "$0")/lib.sh"
build_helper ipc_helper H
if ! command -v valgrind >/dev/null; then
	echo "not ok - valgrind is not installed (Debian package valgrind; make deps installs it)"
	exit 1
fi
"$H" mass 100 100 100 4096 >/dev/null || { echo "not ok - creating 300 objects"; exit 1; }
Q=$("$H" msg 0x7a1e0001 0600) && "$H" sendtext "$Q" 3 "hello valgrind" >/dev/null
S=$("$H" sem 0x7a1e0002 4 0600) && "$H" setall "$S" 1 2 3 4
M=$("$H" shm 0x7a1e0003 8192 0600)
"$H" attach "$M" > "$E2E_TMP/attached" &
ATT=$!
until_true 5 grep -q attached "$E2E_TMP/attached"
# Under make asan the binary carries ASan/LSan, which valgrind cannot run:
# the same checks (invalid access, leaks at exit) are then ASan's.
if [ -n "${ASAN_OPTIONS:-}" ]; then
	checker=(env ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=1:exitcode=1") tool=ASan
else
	checker=(valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible
		--errors-for-leak-kinds=definite,indirect,possible --error-exitcode=1) tool=valgrind
fi
for mode in --once --json --prometheus "--json=lsipc,creator,time -s"; do
	"${checker[@]}" "$IPCTOP_BIN" $mode >"$E2E_TMP/out" 2>"$E2E_TMP/vg"
	rc=$?
	check "$tool $mode: exit 0, no errors or leaks ($(head -c 300 "$E2E_TMP/vg" | tr '\n' ' '))" test "$rc" = 0 -a ! -s "$E2E_TMP/vg"
	check "$tool $mode: the output lists the objects" grep -q 0x7a1e0002 "$E2E_TMP/out"
done
kill "$ATT"
wait "$ATT" 2>/dev/null || true # it ends by our SIGTERM (143): not the script's status
