#!/bin/bash
# deb.sh — the Debian package: debian/changelog's version is ipctop's;
# `make deb` builds it (dpkg-buildpackage in a copy: the tree and its parent
# stay as they were) within a time budget; the package holds the binary,
# man page, translation, both completions, the example systemd unit with
# the package's paths and the copyright file; apt would install it here
# with nothing else (its dependencies are met); unpacked with `dpkg -x` in a
# scratch root its binary runs, prints the version and finds its
# translation at /usr/share/locale (that directory replaced by the
# package's in a private mount namespace); lintian reports no error and no
# warning.
# e2e: alone
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/../.." || exit 1
BUDGET=180 # seconds for `make deb` on 2 busy cores (about 80 s measured)

version=$(sed -nE 's/.*IPCTOP_VERSION "([^"]*)".*/\1/p' src/config/cli.h)
deb_version=$(dpkg-parsechangelog -l debian/changelog -SVersion)
check "debian/changelog's version ($deb_version) is src/config/cli.h's IPCTOP_VERSION ($version)" \
	eval '[ -n "$version" ] && [ "$deb_version" = "$version" ]'

# --- build ------------------------------------------------------------------------
before=$(git status --porcelain --ignored=no; echo ../ipctop*)
out=$E2E_TMP/deb
start=$(date +%s)
# As a user runs it, not as a sub-make of `make test` (whose MAKEFLAGS and
# MAKELEVEL would add jobserver flags and "Leaving directory" lines).
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL nice -n 5 make deb DEB_DIR="$out" >"$E2E_TMP/build.log" 2>&1
rc=$? took=$(($(date +%s) - start))
deb=$out/ipctop_${version}_$(dpkg-architecture -qDEB_HOST_ARCH).deb
check "make deb succeeds and builds $(basename "$deb") (exit $rc)" eval '[ "$rc" -eq 0 ] && [ -f "$deb" ]' ||
	{ tail -n 30 "$E2E_TMP/build.log"; exit 1; }
check "make deb prints the .deb's path last" test "$(tail -n 1 "$E2E_TMP/build.log")" = "$deb"
check "make deb took ${took}s (budget ${BUDGET}s)" test "$took" -le "$BUDGET"
check "make deb leaves the tree and its parent as they were (git status, ../ipctop*)" \
	test "$(git status --porcelain --ignored=no; echo ../ipctop*)" = "$before"
check "make deb removes its copy of the source ($out holds only the results: $(ls "$out" | paste -sd' '))" \
	eval '[ -z "$(ls "$out" | grep -vE "^ipctop(-dbgsym)?_${version}_[a-z0-9]+\.(deb|changes|buildinfo)$")" ]'
check "the build used dpkg-buildflags (-D_FORTIFY_SOURCE from CPPFLAGS, -z now from LDFLAGS)" \
	eval 'grep -q -- "-D_FORTIFY_SOURCE=2 .* -c -o build/src/" "$E2E_TMP/build.log" &&
		grep -q -- "-o ipctop.tmp .*-Wl,-z,now" "$E2E_TMP/build.log"'

# --- contents ----------------------------------------------------------------------
files=$(dpkg -c "$deb" | awk '{ print $6 }')
missing=
for f in ./usr/bin/ipctop ./usr/share/man/man1/ipctop.1.gz ./usr/share/locale/zh_CN/LC_MESSAGES/ipctop.mo \
	./usr/share/bash-completion/completions/ipctop ./usr/share/zsh/vendor-completions/_ipctop \
	./usr/share/doc/ipctop/examples/ipctop-watch.service ./usr/share/doc/ipctop/copyright; do
	grep -qxF -- "$f" <<<"$files" || missing="$missing $f"
done
check "dpkg -c: binary, man page, zh_CN catalogue, completions, example unit, copyright (missing:${missing:- none})" \
	test -z "$missing"
check "nothing under /usr/local or /etc" eval '! grep -qE "^\./(usr/local|etc)/" <<<"$files"'
depends=$(dpkg-deb -f "$deb" Depends)
check "Depends lists the libraries the binary links (libc6, ncurses: $depends)" \
	eval 'grep -q "libc6" <<<"$depends" && grep -qE "libncursesw6|libtinfo6" <<<"$depends"'

sim=$(apt-get -s -o Debug::NoLocking=1 install "$deb" 2>&1)
check "installable here: apt-get -s install plans to install ipctop $version and nothing else" \
	eval 'grep -q "^Inst ipctop ($version " <<<"$sim" && [ "$(grep -c "^Inst " <<<"$sim")" -eq 1 ]'

root=$E2E_TMP/root
dpkg -x "$deb" "$root"
check "the unpacked binary runs: $root/usr/bin/ipctop --version says 'ipctop $version'" \
	test "$("$root/usr/bin/ipctop" --version)" = "ipctop $version"
check "the unpacked binary reads this namespace's objects (--once exits 0)" eval '"$root/usr/bin/ipctop" --once >/dev/null'
check "the packaged completions are completion/'s" eval 'cmp -s completion/ipctop.bash "$root/usr/share/bash-completion/completions/ipctop" &&
	cmp -s completion/_ipctop "$root/usr/share/zsh/vendor-completions/_ipctop"'
check "the packaged man page renders and is doc/ipctop.1" \
	eval 'zcat "$root/usr/share/man/man1/ipctop.1.gz" | cmp -s - doc/ipctop.1 &&
		MANWIDTH=80 man -l "$root/usr/share/man/man1/ipctop.1.gz" 2>/dev/null | grep -q "^NAME"'
unit=$root/usr/share/doc/ipctop/examples/ipctop-watch.service
check "the example unit runs the package's /usr/bin/ipctop (every ExecStart, also those commented out)" \
	eval 'grep -q "^ExecStart=/usr/bin/ipctop --foreground" "$unit" && ! grep "ExecStart=" "$unit" | grep -q /usr/local'

# The translation: the binary looks in /usr/share/locale (LOCALEDIR built
# with PREFIX=/usr). In a mount namespace of its own, that directory is the
# package's; outside, this host has no ipctop.mo there and --help is English.
ZH=zh_CN.UTF-8
has_zh() { locale -a 2>/dev/null | grep -qiE '^zh_CN\.utf-?8$'; }
has_zh || localedef -i zh_CN -f UTF-8 "$ZH" 2>/dev/null
check "the $ZH locale exists (package locales)" has_zh
# pkg_help_zh [bind] — the first line of the unpacked binary's --help under
# zh_CN, with /usr/share/locale replaced by the package's when "bind".
pkg_help_zh() {
	unshare --mount sh -c '[ "$3" != bind ] || mount --bind "$1/usr/share/locale" /usr/share/locale || exit 1
		exec env -u IPCTOP_LOCALEDIR -u LANGUAGE LC_ALL="$2" "$1/usr/bin/ipctop" --help' - "$root" "$ZH" "${1:-}" |
		head -n 1
}
with=$(pkg_help_zh bind) without=$(pkg_help_zh)
check "the unpacked binary finds its catalogue at /usr/share/locale: --help is Chinese ($with)" \
	eval '[[ $with == 用法：ipctop* ]]'
check "... which is where it looks: without it (this host's /usr/share/locale) --help is English ($without)" \
	eval '[ ! -e /usr/share/locale/zh_CN/LC_MESSAGES/ipctop.mo ] && [[ $without == "Usage: ipctop"* ]]'

# --- lintian ------------------------------------------------------------------------
# Every tag is fixed; none is overridden. Info and pedantic tags are shown.
lintian --display-info --fail-on error,warning "$out/ipctop_${version}_"*.changes >"$E2E_TMP/lintian" 2>&1
rc=$?
sed 's/^/# /' "$E2E_TMP/lintian"
check "lintian: no error and no warning (exit $rc; $(grep -cE '^[EW]: ' "$E2E_TMP/lintian") E/W tags)" \
	eval '[ "$rc" -eq 0 ] && ! grep -qE "^[EW]: " "$E2E_TMP/lintian"'
