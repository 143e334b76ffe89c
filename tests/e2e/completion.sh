#!/bin/bash
# completion.sh — the shell completions (completion/): the bash one called
# the way bash calls it (COMP_WORDS, COMP_CWORD, _ipctop, COMPREPLY) offers
# exactly the options of src/config/cli.c's getopt tables, the scenario names
# of src/classroom/scn_*.c for --demo (asked from the real binary), for --ns
# the pid of a process this test starts in another IPC namespace and not
# those in ours, values that ipctop accepts; `make install` puts both where
# bash-completion and zsh look (bash-completion's own loader finds the
# bash one) and `make uninstall` removes them; the zsh one parses, names
# every long option, and completes --demo= and --ns= in a real zsh in tmux.
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/../.." || exit 1

# --- what ipctop has: the getopt tables and the scenario registry -----------------
table=$(sed -n '/long_opts\[\] = {/,/^};/p' src/config/cli.c)
long_opts=$(grep -oE '\{ "[a-z-]+", [a-z_]+' <<<"$table" | sed -E 's/\{ "([a-z-]+)", required_argument/--\1=/; s/\{ "([a-z-]+)", .*/--\1/')
shortstr=$(grep -oE 'getopt_long\(argc, argv, "[^"]*"' src/config/cli.c | sed -E 's/.*"(.*)"/\1/')
short_opts=$(grep -oE '[A-Za-z]' <<<"${shortstr#:}" | sed 's/^/-/')
check "cli.c's long option table was found ($(echo $long_opts | wc -w) options, $(grep -c = <<<"$long_opts") with a value)" \
	test "$(echo $long_opts | wc -w)" -ge 20
check "cli.c's short options were found ($(echo $short_opts))" test "$(echo $short_opts | wc -w)" -ge 5
demos=$(grep -hoE '^[[:space:]]*\.name = "[a-z]+"' src/classroom/scn_*.c | sed -E 's/.*"(.*)"/\1/' | sort)
check "the scenario names were found in src/classroom/scn_*.c ($(echo $demos))" test "$(echo $demos | wc -w)" -ge 6

# --- bash, called as bash calls it ------------------------------------------------
# shellcheck source=../../completion/ipctop.bash
. completion/ipctop.bash
check "sourcing completion/ipctop.bash registers _ipctop for ipctop" \
	eval '[ "$(complete -p ipctop)" = "complete -F _ipctop ipctop" ]'
# offered WORD... — what _ipctop offers, sorted, one a line, for a command
# line of those words with the cursor at the end of the last one.
offered() {
	COMP_WORDS=("$@") COMP_CWORD=$(($# - 1))
	COMPREPLY=()
	_ipctop
	printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort
}
sorted() { tr ' ' '\n' <<<"$*" | sed '/^$/d' | sort; }

got=$(offered "$IPCTOP_BIN" --)
check "'ipctop --<Tab>' offers exactly cli.c's long options, '=' after those that take a value (diff: $(diff <(sorted $long_opts) <(echo "$got") | grep '^[<>]' | tr '\n' ' '))" \
	test "$got" = "$(sorted $long_opts)"
got=$(offered "$IPCTOP_BIN" "")
check "'ipctop <Tab>' offers the short options too (missing: $(comm -23 <(sorted $short_opts) <(echo "$got") | tr '\n' ' '))" \
	test -z "$(comm -23 <(sorted $short_opts) <(echo "$got"))"
check "... and nothing ipctop does not know" test "$(echo "$got" | wc -l)" -eq $(($(echo $long_opts $short_opts | wc -w)))
check "'ipctop --de<Tab>' offers --delay= and --demo=" test "$(offered ipctop --de | paste -sd' ')" = "--delay= --demo="
check "'ipctop --once --js<Tab>' offers --json" test "$(offered ipctop --once --js)" = "--json"

# --demo: "=" is in COMP_WORDBREAKS by default, so bash passes "--demo" "=" "pr".
check "'ipctop --demo=<Tab>' offers every scenario, asked from the binary (got: $(offered "$IPCTOP_BIN" --demo = | paste -sd' '))" \
	test "$(offered "$IPCTOP_BIN" --demo =)" = "$demos"
check "'ipctop --demo=pr<Tab>' offers prodcons" test "$(offered "$IPCTOP_BIN" --demo = pr)" = prodcons
check "'ipctop --demo d<Tab>' offers daemon and deadlock" test "$(offered "$IPCTOP_BIN" --demo d | paste -sd' ')" = "daemon deadlock"
check "'--demo=ch' as one word (no '=' in COMP_WORDBREAKS) offers --demo=chat" \
	test "$(offered "$IPCTOP_BIN" --demo=ch)" = "--demo=chat"
refused=
for d in $(offered "$IPCTOP_BIN" --demo =); do "$IPCTOP_BIN" --demo "$d" --version >/dev/null || refused="$refused $d"; done
check "ipctop --demo accepts every scenario offered (refused:${refused:- none})" test -z "$refused"
check "with no ipctop to ask, --demo offers nothing" test -z "$(offered "$E2E_TMP/no-such-ipctop" --demo =)"

# --ns: processes in another IPC namespace are offered, ours are not; with
# nothing typed one per namespace (its lowest pid), with a pid begun all.
unshare --ipc sleep 300 &
other=$!
sleep 300 &
same=$!
until_true 3 eval '[ "$(readlink /proc/$other/ns/ipc)" != "$(readlink /proc/self/ns/ipc)" ]'
nsenter --ipc --target "$other" sleep 300 &
second=$!
until_true 3 eval '[ "$(readlink /proc/$second/ns/ipc)" = "$(readlink /proc/$other/ns/ipc)" ]'
check "the test's sleepers $other and $second share another IPC namespace" eval \
	'[ "$(readlink /proc/$other/ns/ipc)" != "$(readlink /proc/self/ns/ipc)" ] && [ "$(readlink /proc/$second/ns/ipc)" = "$(readlink /proc/$other/ns/ipc)" ] && [ "$second" -gt "$other" ]'
ns_of() { for p in "$@"; do readlink "/proc/$p/ns/ipc" 2>/dev/null || echo gone; done; }
pids=$(offered ipctop --ns "")
check "'ipctop --ns <Tab>' offers pid $other, the lowest in its namespace" grep -qx "$other" <<<"$pids"
check "... not $second (the same namespace), this shell ($$) nor $same (ours)" eval '! grep -qxE "$second|$$|$same" <<<"$pids"'
wrong=$(for p in $pids; do [ "$(ns_of "$p")" = "$(readlink /proc/self/ns/ipc)" ] && echo "$p"; done)
check "no pid offered is in our namespace (wrong: ${wrong:-none})" test -z "$wrong"
check "one pid per namespace ($(echo $pids | wc -w) offered)" \
	eval '[ "$(ns_of $pids | sort | uniq -d | grep -vx gone)" = "" ]'
check "'ipctop --ns $second<Tab>' (a pid begun) offers every process in another namespace: $second" \
	test "$(offered ipctop --ns "$second")" = "$second"
check "'ipctop --ns $$<Tab>' offers nothing: this shell is in our namespace" eval '! offered ipctop --ns "$$" | grep -qx "$$"'
check "'ipctop --ns=<Tab>' offers $other too" grep -qx "$other" <<<"$(offered ipctop --ns =)"
check "'ipctop --ns=/proc/<Tab>' offers /proc/$other/ns/ipc" \
	grep -qx "/proc/$other/ns/ipc" <<<"$(offered ipctop --ns = /proc/)"
check "... and only namespace files" eval '! offered ipctop --ns = /proc/ | grep -vqE "^/proc/[0-9]+/ns/ipc$"'
check "'ipctop --ns=/proc/$second<Tab>' offers /proc/$second/ns/ipc" \
	test "$(offered ipctop --ns = "/proc/$second")" = "/proc/$second/ns/ipc"
touch "$E2E_TMP/nsfile"
check "'ipctop --ns $E2E_TMP/ns<Tab>' completes a file name" test "$(offered ipctop --ns "$E2E_TMP/ns")" = "$E2E_TMP/nsfile"
# The pid offered works: ipctop --ns shows that namespace's objects.
qid=$(nsenter --ipc --target "$other" ipcmk -Q -p 0600 | grep -oE '[0-9]+$')
check "ipctop --ns=$other (the completed pid) lists the queue created in that namespace (id $qid)" \
	eval '[ -n "$qid" ] && "$IPCTOP_BIN" --ns="$other" --once -q | grep -qE "^0x[0-9a-f]+ +$qid "'
check "... which is not in ours" eval '! "$IPCTOP_BIN" --once -q | grep -qE "^0x[0-9a-f]+ +$qid "'
kill "$other" "$same" "$second"
wait "$other" "$same" "$second" 2>/dev/null

# Values for the other options: ipctop accepts each one offered.
bad=
for d in $(offered ipctop -d ""); do "$IPCTOP_BIN" -d "$d" --version >/dev/null || bad="$bad -d$d"; done
for s in $(offered ipctop --size =); do "$IPCTOP_BIN" --bench-ipc --size="$s" --help >/dev/null || bad="$bad --size=$s"; done
check "-d and --size offer values ($(offered ipctop -d "" | paste -sd,); $(offered ipctop --size = | paste -sd,)) ipctop accepts (refused:${bad:- none})" \
	eval '[ -z "$bad" ] && [ -n "$(offered ipctop -d "")" ] && [ -n "$(offered ipctop --size =)" ]'
touch "$E2E_TMP/events.log"
check "'ipctop --log=$E2E_TMP/ev<Tab>' completes the file name" test "$(offered ipctop --log = "$E2E_TMP/ev")" = "$E2E_TMP/events.log"
check "'ipctop --pidfile $E2E_TMP/ev<Tab>' completes the file name" test "$(offered ipctop --pidfile "$E2E_TMP/ev")" = "$E2E_TMP/events.log"
check "'ipctop --once=<Tab>' (no value taken) offers nothing" test -z "$(offered ipctop --once =)"

# --- make install / uninstall ----------------------------------------------------
dest=$E2E_TMP/dest
make -s install DESTDIR="$dest" PREFIX=/usr >"$E2E_TMP/install.log" 2>&1 ||
	{ echo "# make install failed (exit $?):"; tail -n 20 "$E2E_TMP/install.log" | sed 's/^/#   /'; }
bashfile=$dest/usr/share/bash-completion/completions/ipctop zshfile=$dest/usr/share/zsh/vendor-completions/_ipctop
check "make install puts the bash completion at PREFIX/share/bash-completion/completions/ipctop" cmp -s completion/ipctop.bash "$bashfile"
check "make install puts the zsh completion at PREFIX/share/zsh/vendor-completions/_ipctop" cmp -s completion/_ipctop "$zshfile"
check "bash-completion's own loader finds the installed file (XDG_DATA_DIRS=DESTDIR/usr/share)" \
	eval '[ "$(XDG_DATA_DIRS=$dest/usr/share bash -c ". /usr/share/bash-completion/bash_completion; __load_completion ipctop && complete -p ipctop")" = "complete -F _ipctop ipctop" ]'
make -s uninstall DESTDIR="$dest" PREFIX=/usr >/dev/null 2>&1
check "make uninstall removes both" eval '[ ! -e "$bashfile" ] && [ ! -e "$zshfile" ]'

# --- zsh ---------------------------------------------------------------------------
check "completion/_ipctop parses (zsh -n)" zsh -n completion/_ipctop
missing=
for o in $long_opts; do
	# "--demo=[" for an option that takes a value, "--once[" for one that
	# does not; "--delay=}'[" in a brace pair such as {-d+,--delay=}'[...]'.
	grep -qF -e "${o}[" -e "${o}}'[" completion/_ipctop || missing="$missing $o"
done
check "completion/_ipctop names every long option of cli.c, '=' for those that take a value (missing:${missing:- none})" test -z "$missing"

# A real interactive zsh in tmux with only our completion added to fpath.
zdot=$E2E_TMP/zdot
mkdir -p "$zdot" "$E2E_TMP/bin"
ln -s "$IPCTOP_BIN" "$E2E_TMP/bin/ipctop"
cat >"$zdot/.zshrc" <<EOF
fpath=($PWD/completion \$fpath)
autoload -Uz compinit && compinit -u -D
PATH=$E2E_TMP/bin:\$PATH
PS1='zsh%% '
LISTMAX=1000
EOF
unshare --ipc sleep 300 &
other=$!
until_true 3 eval '[ "$(readlink /proc/$other/ns/ipc)" != "$(readlink /proc/self/ns/ipc)" ]'
nsenter --ipc --target "$other" sleep 300 &
second=$!
tm -f /dev/null new-session -d -s "$SESSION" -x 120 -y 40 "ZDOTDIR=$zdot zsh -i"
wait_for "zsh%" 5
# zline KEYS... — clears the line and types KEYS: Tab completes, C-d at the
# end of the line lists the matches without inserting a common prefix.
# capture-pane drops the trailing space zsh adds after a unique match.
zline() { keys C-c; wait_re '^zsh% $' 3; keys C-l; wait_gone 'ipctop' 3; keys "$@"; }
zline 'ipctop --demo=' C-d
check "zsh: 'ipctop --demo=<C-d>' lists every scenario with its summary" \
	until_true 5 eval 'for d in $demos; do screen_matches "^$d +-- "; done'
check "zsh: prodcons is described as the registry says" wait_for "prodcons  -- producer/consumer: ring buffer in shm"
zline 'ipctop --demo=pr' Tab
check "zsh: 'ipctop --demo=pr<Tab>' completes to --demo=prodcons" wait_re '^zsh% ipctop --demo=prodcons *$'
zline 'ipctop --ns=' C-d
check "zsh: 'ipctop --ns=<C-d>' lists pid $other with its command, namespace and 2 processes" \
	wait_re "^$other +-- sleep ipc:\\[[0-9]+\\], 2 processes"
check "zsh: ... and neither $second (the same namespace) nor this test's shell ($$)" \
	eval '! screen_matches "^($second|$$) +--"'
zline "ipctop --ns=$second" Tab
check "zsh: 'ipctop --ns=$second<Tab>' (a pid begun) completes that pid" wait_re "^zsh% ipctop --ns=$second *$"
zline "ipctop --ns=/proc/$other/" Tab
check "zsh: 'ipctop --ns=/proc/$other/<Tab>' completes to its ns/ipc file" wait_re "^zsh% ipctop --ns=/proc/$other/ns/ipc *$"
zline 'ipctop --sema' Tab
check "zsh: 'ipctop --sema<Tab>' completes to --semaphores" wait_re '^zsh% ipctop --semaphores *$'
kill "$other" "$second"
wait "$other" "$second" 2>/dev/null || : # they end by SIGTERM: not the script's status
