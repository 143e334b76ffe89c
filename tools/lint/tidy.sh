#!/bin/bash
# tidy.sh [FILE...] — `make lint`'s clang-tidy half: runs $CLANG_TIDY
# (clang-tidy-14) with the checked-in .clang-tidy over src/*/*.c, ui/*.c and ui/*/*.c (or
# the FILEs), $LINT_JOBS at a time, ui/ files with pkg-config's ncursesw
# flags. Findings listed in tools/lint/tidy-known.txt (check, file and the
# text of the flagged line, with the reason it stays) are reported as known;
# any other finding, or a file clang cannot compile, fails (exit 1).
set -u
cd "$(dirname "$0")/../.." || exit 2
TIDY=${CLANG_TIDY:-clang-tidy-14}
JOBS=${LINT_JOBS:-$(nproc)}
KNOWN=tools/lint/tidy-known.txt
command -v "$TIDY" >/dev/null || { echo "tidy.sh: $TIDY not found (apt-get install clang-tidy-14)" >&2; exit 2; }
NCURSES=$(pkg-config --cflags ncursesw 2>/dev/null)
export TIDY NCURSES
[ $# -gt 0 ] && files=("$@") || files=(src/*/*.c ui/*.c ui/*/*.c)
out=$(mktemp -d /tmp/ipctop-tidy.XXXXXX)
trap 'rm -rf "$out"' EXIT

printf '%s\n' "${files[@]}" | xargs -P "$JOBS" -I{} sh -c '
	f={}; extra=; case $f in ui/*) extra="-Iui $NCURSES";; esac
	"$TIDY" --quiet "$f" -- -std=c11 -Isrc $extra >"'"$out"'/$(echo "$f" | tr / _).log" 2>&1
	echo $? >"'"$out"'/$(echo "$f" | tr / _).rc"'

# One line per finding: FILE:LINE:COL: LEVEL: MESSAGE [CHECK]
cat "$out"/*.log | sed -nE "s|^$PWD/||; /^[^ ]+:[0-9]+:[0-9]+: (warning|error): /p" | sort -u >"$out/all"

new=0 known=0
while IFS= read -r d; do
	file=${d%%:*}; rest=${d#*:}; line=${rest%%:*}
	check=$(echo "$d" | sed -nE 's/,-warnings-as-errors\]$/]/; s/.*\[([A-Za-z0-9.,-]+)\]$/\1/p')
	text=$(sed -n "${line}p" "$file" 2>/dev/null | sed -E 's/^[[:space:]]+//; s/[[:space:]]+$//')
	# ENVIRON, not -v: awk would expand the backslashes of C code in -v values
	hit=$(C=$check F=$file T=$text awk -F' *@@ *' '
		/^#/ || NF < 3 { next }
		{ n = split(ENVIRON["C"], cs, ",")
		  for (i = 1; i <= n; i++)
			if ($1 == cs[i] && $2 == ENVIRON["F"] && $3 == ENVIRON["T"]) { print NR; exit } }' "$KNOWN")
	if [ -n "$hit" ]; then
		echo "$hit" >>"$out/hits"
		known=$((known + 1))
	else
		echo "$d"
		echo "    $text"
		new=$((new + 1))
	fi
done <"$out/all"

# clang failing on a file without a diagnostic line (crash, missing header)
bad=0
for rc in "$out"/*.rc; do
	if [ "$(cat "$rc")" != 0 ] && ! grep -qE ': (warning|error): ' "${rc%.rc}.log"; then
		echo "tidy.sh: clang-tidy failed on $(basename "${rc%.rc}" | sed 's|_|/|'):"; tail -n 5 "${rc%.rc}.log"
		bad=$((bad + 1))
	fi
done
# Entries that matched nothing (the code was fixed or moved): say so, so
# the list shrinks; only meaningful over every file.
if [ $# -eq 0 ]; then
	touch "$out/hits"
	awk -F' *@@ *' 'NR == FNR { hit[$1] = 1; next } /^#/ || NF < 3 { next }
		!(FNR in hit) { printf "note: %s:%d matches nothing any more; remove it: %s %s\n", FILENAME, FNR, $1, $2 }' \
		"$out/hits" "$KNOWN"
fi
echo "clang-tidy: ${#files[@]} files, $new new finding(s), $known known (tools/lint/tidy-known.txt)"
[ "$new" -eq 0 ] && [ "$bad" -eq 0 ]
