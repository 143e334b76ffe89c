#!/bin/sh
# check_layers.sh BUILD_DIR — `make all`'s layer check, from the objects
# (nm): every global symbol a file uses and the file that defines it give
# the graph "file A calls (or takes the address of) something of file B".
# Fails (exit 1) when
#   - a file of src/ uses anything defined in ui/ (the core never calls the
#     interface; the #include check is check-core), or
#   - a folder of src/ calls one at its own level or above in the order
#     base < proc < model < ops < trace < export, classroom < config (HACKING.md), or
#   - the files of src/, or those of ui/, call each other in a cycle: tsort
#     (coreutils) orders the graph, and prints the files of a loop when
#     there is one.
# Function pointers in a table (a mode's hooks, a key's action) count where
# the table is defined, so a layer below may call one above only through
# such a table handed down to it, never by name.
set -eu
build=${1:-build}
# Objects of sources that still exist (a moved file leaves its old object).
objs=$(find "$build/src" "$build/ui" -name '*.o' | sort | while read -r o; do
	src=${o#"$build"/}; [ -f "${src%.o}.c" ] && echo "$o"; done)
[ -n "$objs" ] || { echo "check-layers: no objects under $build" >&2; exit 2; }

# "FILE TYPE SYMBOL" for every global symbol of every object; FILE as the
# source path (build/ui/app/mode.o -> ui/app/mode.c).
# shellcheck disable=SC2086 # one word per object
nm -A -g $objs | awk -v b="$build/" '
	{ file = $1; sub(/:.*/, "", file); sub("^" b, "", file); sub(/\.o$/, ".c", file)
	  print file, $(NF - 1), $NF }' >"$build/layers.syms"

# "USER DEFINER" pairs: U symbols resolved to the file that defines them.
awk '$2 != "U" { def[$3] = $1; next } { use[NR] = $1 " " $3 }
	END { for (i in use) { split(use[i], u, " "); if (u[2] in def && def[u[2]] != u[1]) print u[1], def[u[2]] } }' \
	"$build/layers.syms" "$build/layers.syms" | sort -u >"$build/layers.edges"

bad=$(awk '$1 ~ /^src\// && $2 ~ /^ui\//' "$build/layers.edges")
if [ -n "$bad" ]; then
	echo "error: src/ calls into ui/ (the core must not know the interface):" >&2
	echo "$bad" | sed 's/ / -> /; s/^/  /' >&2
	exit 1
fi

bad=$(awk 'BEGIN { split("base proc model ops trace export classroom config", f, " ")
		for (i in f) rank[f[i]] = i; rank["classroom"] = rank["export"]; rank["config"] = rank["export"] + 1 }
	$1 ~ /^src\// && $2 ~ /^src\// { split($1, a, "/"); split($2, b, "/")
		if (a[2] != b[2] && (!(a[2] in rank) || !(b[2] in rank) || rank[b[2]] >= rank[a[2]])) print }' \
	"$build/layers.edges")
if [ -n "$bad" ]; then
	echo "error: a folder of src/ calls one at its level or above (base < proc < model < ops < trace < export, classroom < config):" >&2
	echo "$bad" | sed 's/ / -> /; s/^/  /' >&2
	exit 1
fi

# no_cycle LAYER: the calls between files of LAYER/ have no loop.
no_cycle() {
	awk -v l="^$1/" '$1 ~ l && $2 ~ l' "$build/layers.edges" >"$build/layers.$1"
	tsort "$build/layers.$1" >/dev/null 2>"$build/layers.loop" && return 0
	# tsort prints each loop it breaks: "input contains a loop:", then its files.
	loops=$(awk '/input contains a loop/ { if (l != "") print l " -> " first; l = ""; next }
		{ f = $2; if (l == "") { l = f; first = f } else l = l " -> " f }
		END { if (l != "") print l " -> " first }' "$build/layers.loop")
	echo "error: call cycles in $1/ ($(echo "$loops" | wc -l) found by tsort; each file calls a function of the next):" >&2
	echo "$loops" | head -n 8 | sed 's/^/  /' >&2
	echo "  (every call between $1/ files: $build/layers.$1)" >&2
	exit 1
}
no_cycle src
no_cycle ui
count() { awk '{ print $1; print $2 }' "$build/layers.$1" | sort -u | wc -l; }
echo "check-layers: no call cycle in src/ ($(count src) files, $(wc -l <"$build/layers.src") calls) nor in ui/ ($(count ui) files, $(wc -l <"$build/layers.ui") calls); src/ folders call only those below; src/ calls nothing in ui/"
