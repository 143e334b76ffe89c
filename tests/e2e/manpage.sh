# manpage.sh — the man page and --help agree on every long option, the man
# page renders without warnings, its ENVIRONMENT section names every
# variable src/ and ui/ read with getenv() (each call with a literal name,
# so none escapes the count), and `make install`/`uninstall` honour DESTDIR
# and PREFIX for the binary and the man page.
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/../.." || exit 1
opts=$(sed -n '/long_opts\[\] = {/,/^};/p' src/config/cli.c | grep -oE '\{ "[a-z-]+"' | sed 's/{ "//; s/"//')
help=$("$IPCTOP_BIN" --help)
man=$(MANWIDTH=200 man -l doc/ipctop.1 2>/dev/null)
check "cli.c has its long options ($(echo $opts | wc -w))" test "$(echo $opts | wc -w)" -ge 20
missing_help="" missing_man=""
for o in $opts; do
	grep -q -- "--$o" <<<"$help" || missing_help="$missing_help $o"
	grep -q -- "--$o" <<<"$man" || missing_man="$missing_man $o"
done
check "every long option is in --help (missing:${missing_help:- none})" test -z "$missing_help"
check "every long option is in the man page (missing:${missing_man:- none})" test -z "$missing_man"
warnings=$(MANWIDTH=80 man --warnings -l doc/ipctop.1 2>&1 >/dev/null)
check "the man page renders without warnings ($warnings)" test -z "$warnings"
for section in NAME SYNOPSIS DESCRIPTION OPTIONS KEYS FILES ENVIRONMENT "EXIT STATUS" EXAMPLES; do
	check "the man page has a $section section" grep -q "^$section" <<<"$man"
done
# Every environment variable the program reads is documented: a knob added
# without its ENVIRONMENT entry fails here.
env_names=$(grep -ohE '\bgetenv\("[A-Za-z_][A-Za-z0-9_]*"\)' $(find src ui -name "*.[ch]") | sed -E 's/getenv\("(.*)"\)/\1/' | sort -u)
env_calls=$(grep -ohE '\b(secure_)?getenv[[:space:]]*\(' $(find src ui -name "*.[ch]") | wc -l)
env_literal=$(grep -ohE '\bgetenv\("[A-Za-z_][A-Za-z0-9_]*"\)' $(find src ui -name "*.[ch]") | wc -l)
check "every getenv() call in src/ and ui/ names its variable literally ($env_literal of $env_calls)" \
	test "$env_calls" -eq "$env_literal"
env_section=$(sed -n '/^ENVIRONMENT/,/^EXIT STATUS/p' <<<"$man")
env_missing=""
for v in $env_names; do
	grep -qw -- "$v" <<<"$env_section" || env_missing="$env_missing $v"
done
check "the man page's ENVIRONMENT names every variable read ($(echo $env_names | tr ' ' ,); missing:${env_missing:- none})" \
	eval '[ -n "$env_names" ] && [ -z "$env_missing" ]'

# Every key the help screen lists is in the man page (the key table's labels).
keys_missing=""
for k in c e d a A s r p o v V w x l S E k L N D P I U z; do
	grep -qE "(^|[^A-Za-z])$k([^A-Za-z]|$)" <<<"$(sed -n '/^KEYS/,/^FILES/p' <<<"$man")" || keys_missing="$keys_missing $k"
done
check "the man page's KEYS section names the playground and view keys (missing:${keys_missing:- none})" test -z "$keys_missing"

dest=$E2E_TMP/dest
make -s install DESTDIR="$dest" PREFIX=/opt/ipctop >/dev/null 2>&1
check "make install puts the binary under DESTDIR/PREFIX/bin" test -x "$dest/opt/ipctop/bin/ipctop"
check "make install puts the man page under DESTDIR/PREFIX/share/man/man1" test -f "$dest/opt/ipctop/share/man/man1/ipctop.1"
check "the installed binary runs" "$dest/opt/ipctop/bin/ipctop" --version
make -s uninstall DESTDIR="$dest" PREFIX=/opt/ipctop >/dev/null 2>&1
check "make uninstall removes both" eval '! test -e "$dest/opt/ipctop/bin/ipctop" && ! test -e "$dest/opt/ipctop/share/man/man1/ipctop.1"'
