#!/bin/bash
# deb.sh OUTDIR — builds the Debian package (`make deb`): copies the files
# git knows (tracked, and untracked ones not ignored: what a commit of the
# tree would hold) to OUTDIR/deb-src.XXXXXX/ipctop-VERSION, runs
# `dpkg-buildpackage -us -uc -b` there, and leaves the .deb, .changes and
# .buildinfo in OUTDIR; the copy is removed (also on failure). Prints the .deb's path last.
set -eu -o pipefail
out=${1:?usage: deb.sh OUTDIR}
cd "$(dirname "$0")/.."
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	echo "deb.sh: not a git checkout; in an unpacked source tree run: dpkg-buildpackage -us -uc -b" >&2
	exit 1
fi
version=$(dpkg-parsechangelog -SVersion)
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
mkdir -p "$out"
work=$(mktemp -d "$out/deb-src.XXXXXX") # never a directory of the caller's
trap 'rm -rf "$work"' EXIT
src=$work/ipctop-$version
mkdir "$src"
# Files deleted in the work tree but still tracked are skipped.
git ls-files -z --cached --others --exclude-standard |
	while IFS= read -r -d '' f; do if [ -e "$f" ]; then printf '%s\0' "$f"; fi; done |
	tar --null -T - -cf - | tar -xf - -C "$src"
(cd "$src" && dpkg-buildpackage -us -uc -b -Jauto)
for f in "$work"/ipctop*_"$version"_*; do mv -f "$f" "$out/"; done
echo "$out/ipctop_${version}_$arch.deb"
