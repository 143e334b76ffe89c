#!/bin/bash
# adversarial_env.sh — issue 11, items 4 and 5: the environment of root's
# ipctop, attacked for real. uid 65534 plants, in a directory of its own:
#  1. a hostile message catalogue (msgfmt of a .po it writes): "%p %p %n
#     %s%s%s" and ESC/OSC sequences for the -d error text and for texts the
#     TUI draws (header, usage line, a tab, the waiters panel through
#     ngettext, the limits question), and one harmless translation ("Msg"
#     -> 消息) proving the catalogue is loaded. Root's ipctop with
#     LANG=zh_CN.UTF-8 IPCTOP_LOCALEDIR=there: `-d abc` prints the same
#     bytes as under C.UTF-8 (no pointer, no ESC) and exits 2, also with the
#     catalogue under C.UTF-8; the TUI shows the English for every hostile
#     text and 消息 for the good one, keeps the pane title, and q exits 0
#     with the terminal restored.
#  2. IPCTOP_SYSCTL_DIR naming a directory whose shmmax (and the other
#     limit files) are symlinks to a root-only victim: L, SHMMAX, e,
#     123456789, y leaves the victim byte-identical, /proc/sys/kernel/shmmax
#     of this private IPC namespace holds 123456789, and the question and
#     the result name /proc/sys/kernel/shmmax, never the planted directory.
#  3. IPCTOP_SYSVIPC_DIR with IPCTOP_SCAN=proc, its shm/msg/sem symlinks to
#     a root-only file of numbers: --once lists the real objects (as ipcs),
#     none of the file's; the header names IPCTOP_SCAN=proc and
#     IPCTOP_FAKE_TIME when they are set.
#  4. the check cannot be bypassed: no gettext()/ngettext() call in src/ or
#     ui/ outside src/base/i18n.c.
#  5. TERM holding an OSC sequence (curses cannot start): the error line
#     shows it as a C literal, exit 1, and the pane title is unchanged.
# When uid 65534 is out of reach (make test as a non-root user runs in a
# user namespace mapping only root) the same plants are made by the
# caller, and each check still runs.
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/../.." || exit 1
build_helper ipc_helper H
ZH=zh_CN.UTF-8

NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
if $NOBODY true 2>/dev/null; then
	AS_PLANTER=$NOBODY PLANTER="uid 65534"
else
	AS_PLANTER="" PLANTER="the caller (uid 65534 not mapped)"
fi
# The planter's directory (as a home or /tmp dir of its own); the victims
# in a directory of root's.
PLANT=$(mktemp -d /tmp/ipctop-adv-env.XXXXXX) && chmod 0755 "$PLANT"
VDIR=$(mktemp -d /tmp/ipctop-adv-env-victim.XXXXXX) && chmod 0711 "$VDIR"
[ -n "$AS_PLANTER" ] && chown 65534:65534 "$PLANT"
adv_cleanup() {
	e2e_cleanup
	rm -rf "$PLANT" "$VDIR"
}
trap adv_cleanup EXIT
plant() { $AS_PLANTER "$@"; }

# --- 4. one door for translations ----------------------------------------------------
bypass=$(grep -nE '\b(d|dc|n|dn|dcn)?gettext[[:space:]]*\(' $(find src ui -name '*.c') | grep -v '^src/base/i18n\.c:')
check "no gettext()/ngettext() call in src/ or ui/ bypasses src/base/i18n.c's check (${bypass:-none})" test -z "$bypass"

# --- 1. a hostile catalogue ---------------------------------------------------------------
has_zh() { locale -a 2>/dev/null | grep -qiE '^zh_CN\.utf-?8$'; }
if ! has_zh && [ "$(id -u)" = 0 ] && command -v localedef >/dev/null; then
	localedef -i zh_CN -f UTF-8 "$ZH" 2>/dev/null # needs the `locales` package
fi
has_zh || { echo "not ok - the $ZH locale is missing (install 'locales'; localedef -i zh_CN -f UTF-8 $ZH)"; exit 1; }

plant mkdir -p "$PLANT/locale/$ZH/LC_MESSAGES" "$PLANT/locale/C.UTF-8/LC_MESSAGES"
# Plain msgfmt, as an attacker would run it: without -c nothing compares
# the formats. \033 is ESC, \007 BEL.
plant tee "$PLANT/evil.po" >/dev/null <<'EOF'
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=1; plural=0;\n"

msgid "ipctop: -d '%s': %s\n"
msgstr "%p %p %n %s%s%s\033]0;pwned\007\n"

msgid "%s%srefresh %d.%ds"
msgstr "%s%s%s%s%n\033[2J刷新"

msgid "SHM %s/%s"
msgstr "%p%p%n"

msgid "shm mem %s/%s"
msgstr "%s%s%s%s%n\033[2J"

msgid "Shm"
msgstr "\033[31m共享\033[0m"

msgid "Msg"
msgstr "消息"

msgid " Waiters: %zu blocked"
msgid_plural " Waiters: %zu blocked"
msgstr[0] "%s%s%s%n"

#, c-format
msgid "Set %s to %<PRIu64> for this IPC namespace (%s)?"
msgstr "把 %s 设为 %<PRIu64>（/proc/sys/kernel）？%n"
EOF
plant msgfmt -o "$PLANT/locale/$ZH/LC_MESSAGES/ipctop.mo" "$PLANT/evil.po" &&
	plant cp "$PLANT/locale/$ZH/LC_MESSAGES/ipctop.mo" "$PLANT/locale/C.UTF-8/LC_MESSAGES/ipctop.mo"
check "$PLANTER compiled the hostile catalogue (msgfmt)" test -s "$PLANT/locale/C.UTF-8/LC_MESSAGES/ipctop.mo"
LOC=$PLANT/locale

LANG=C.UTF-8 LC_ALL=C.UTF-8 "$IPCTOP_BIN" -d abc >"$E2E_TMP/en.out" 2>&1
for loc in $ZH C.UTF-8; do
	LANG=$loc LC_ALL=$loc IPCTOP_LOCALEDIR=$LOC "$IPCTOP_BIN" -d abc >"$E2E_TMP/evil.out" 2>&1
	st=$?
	check "-d abc under $loc with the hostile catalogue: exit 2, not a crash (got $st)" test "$st" = 2
	check "... prints the English line, byte for byte (got: $(cat -v "$E2E_TMP/evil.out" | head -c 100))" \
		cmp -s "$E2E_TMP/en.out" "$E2E_TMP/evil.out"
	check "... no ESC byte and no pointer printed" \
		eval '! grep -q $'"'"'\x1b'"'"' "$E2E_TMP/evil.out" && ! grep -qE "0x[0-9a-f]{6,}|\(nil\)" "$E2E_TMP/evil.out"'
done
check "the English line is the -d error ($(cat "$E2E_TMP/en.out"))" grep -q "^ipctop: -d 'abc': " "$E2E_TMP/en.out"

IPCTOP_BIN="env LANG=$ZH LC_ALL=$ZH IPCTOP_LOCALEDIR=$LOC $IPCTOP_BIN" restart 80 24
title_before=$(tm display-message -p -t "$SESSION" '#{pane_title}')
check "the hostile catalogue is loaded: the Msg tab reads 消息" wait_re " 2 消息 [0-9]" 5
check "the header keeps the English 'refresh 1.0s' (hostile: %s on an int, %n, ESC[2J)" wait_re " refresh 1\.0s$" 3
check "the usage line is the English one (hostile: %p... %n)" wait_re "^SHM [0-9]+/[0-9.kMG]+  MSG .*  shm mem [0-9.]+[BKMGTPE]/" 3
check "the Shm tab is English (hostile: an ESC colour sequence)" wait_re "^ 1 Shm [0-9]" 3
keys w
check "the waiters panel title is English (hostile ngettext form %s%s%s%n)" wait_for " Waiters: 0 blocked  " 3
keys w
check "no pointer and no replacement '?' of an ESC on the screen" \
	eval 's=$(screen) && ! grep -qE "0x[0-9a-f]{6,}|\(nil\)|\?\[" <<<"$s"'
check "the pane title is unchanged (no OSC reached the terminal)" \
	test "$(tm display-message -p -t "$SESSION" '#{pane_title}')" = "$title_before"
keys q
exited_clean "hostile catalogue" 0

# --- 2. IPCTOP_SYSCTL_DIR: a planted symlink --------------------------------------------
VICTIM=$VDIR/shadow
printf 'root:$6$not-really-a-hash:19000:0:99999:7:::\n' >"$VICTIM"
chmod 0600 "$VICTIM"
cp -p "$VICTIM" "$E2E_TMP/victim.orig"
plant mkdir "$PLANT/sysctl"
for f in shmmax shmall shmmni msgmax msgmnb msgmni sem; do plant ln -s "$VICTIM" "$PLANT/sysctl/$f"; done
check "$PLANTER planted shmmax -> the root-only victim" test "$(readlink "$PLANT/sysctl/shmmax")" = "$VICTIM"
IPCTOP_BIN="env IPCTOP_SYSCTL_DIR=$PLANT/sysctl $IPCTOP_BIN" restart 80 24
wait_for "refresh" 5
keys L
wait_re "SHMMAX +[0-9]" 3
keys Down Down e
check "e on the third limit row opens SHMMAX's form" wait_for "Change SHMMAX" 3
type_field 123456789
keys Enter
check "the question names the file really written: /proc/sys/kernel/shmmax" \
	wait_for "Set SHMMAX to 123456789 for this IPC namespace (/proc/sys/kernel/shmmax)?" 3
keys y
check "the kernel got it: /proc/sys/kernel/shmmax of this IPC namespace is 123456789" \
	until_true 3 grep -qx 123456789 /proc/sys/kernel/shmmax
check "the result names the file written" status_has 'write(open("/proc/sys/kernel/shmmax", O_WRONLY)' 3
check "the planted directory appears nowhere on the screen" eval '! screen | grep -qF "$PLANT"'
check "the victim behind the symlink is byte-identical (content, mode, mtime)" \
	eval 'cmp -s "$VICTIM" "$E2E_TMP/victim.orig" &&
		[ "$(stat -c %a.%Y "$VICTIM")" = "$(stat -c %a.%Y "$E2E_TMP/victim.orig")" ]'
keys q
exited_clean "limit written" 0

# --- 3. IPCTOP_SYSVIPC_DIR: reading a root-only file -------------------------------------
SECRET=$VDIR/secret
printf '1581031 31337 600 4096 1 1 0 0 0 0 0 0 0 1 0 0\n' >"$SECRET"
chmod 0600 "$SECRET"
plant mkdir "$PLANT/sysvipc"
for k in shm msg sem; do plant ln -s "$SECRET" "$PLANT/sysvipc/$k"; done
SHM=$("$H" shm 0x1adf0001 4096 0600) || { echo "not ok - creating a segment"; exit 1; }
IPCTOP_SYSVIPC_DIR=$PLANT/sysvipc IPCTOP_SCAN=proc "$IPCTOP_BIN" --once -m >"$E2E_TMP/once" 2>&1
check "--once with IPCTOP_SYSVIPC_DIR + IPCTOP_SCAN=proc lists the real segment (shmid $SHM, as ipcs -m)" \
	eval 'ipcs -m | grep -qE "^0x1adf0001 +$SHM " && grep -qE "0x1adf0001 +$SHM " "$E2E_TMP/once"'
check "... and nothing read from the root-only file behind the symlink (id 31337)" \
	eval '! grep -qE "(^| )31337 " "$E2E_TMP/once"'
IPCTOP_BIN="env IPCTOP_SYSVIPC_DIR=$PLANT/sysvipc IPCTOP_SCAN=proc IPCTOP_FAKE_TIME=1764439331 $IPCTOP_BIN" restart 80 24
check "the header names the test knobs in effect (IPCTOP_FAKE_TIME, IPCTOP_SCAN=proc)" \
	wait_re "^ipctop .*  IPCTOP_FAKE_TIME  IPCTOP_SCAN=proc" 5
check "the list shows the real segment" wait_re "0x1adf0001 +$SHM " 3
check "... and not the file's numbers" eval '! screen | grep -qE "(^| )31337 "'
keys q
exited_clean "test knobs" 0
"$H" rm m "$SHM"

# --- 5. TERM with an escape sequence -----------------------------------------------------
IPCTOP_BIN="env TERM=\$(printf '\\033]0;pwned\\007x') $IPCTOP_BIN" restart 80 24
check "TERM with an OSC sequence: exit 1 (curses cannot start)" test "$(wait_exit 5)" = 1
check "... the error shows TERM as a C literal" \
	wait_for 'ipctop: cannot start curses on this terminal (TERM="\x1b]0;pwned\x07x")' 2
check "... and the pane title is not the OSC's 'pwned' (no escape reached the terminal)" \
	test "$(tm display-message -p -t "$SESSION" '#{pane_title}')" != pwned

# --- 6. an argument with escape sequences, echoed in the usage error ---------------------
for args in "-d" "--demo" "--size" "--seconds" "--bogus" "extra"; do
	case $args in
	--bogus) "$IPCTOP_BIN" $'--bo\e]0;pwned\agus' >"$E2E_TMP/arg.out" 2>&1 ;;
	extra) "$IPCTOP_BIN" --once $'ex\e[31mtra' >"$E2E_TMP/arg.out" 2>&1 ;;
	*) "$IPCTOP_BIN" "$args" $'\e]0;pwned\a\xc2\x9b1m' >"$E2E_TMP/arg.out" 2>&1 ;;
	esac
	st=$?
	check "$args with an escape sequence in the argument: exit 2, the message shows '?' for each control (got $st: $(tr -d '\033\007' <"$E2E_TMP/arg.out" | head -c 120))" \
		eval '[ $st = 2 ] && grep -q "?" "$E2E_TMP/arg.out" && ! LC_ALL=C grep -q "$(printf "[\033\007]")" "$E2E_TMP/arg.out" &&
			! LC_ALL=C grep -q "$(printf "\302\233")" "$E2E_TMP/arg.out"'
done
