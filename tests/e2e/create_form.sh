#!/bin/bash
# create_form.sh — regressions of the `c` and `e` forms found by a new user
# (issue 16), checked against the kernel: the preview and the status line
# show an ftok key as `ftok("path", 'a')`, not its number; the form opens
# on the last choices sent, also after a restart (the settings file);
# nsems above the old cap of 4096 makes a set that size, above SEMMSL the
# form says so naming the limit and nothing is made; IPC_SET takes a user
# name and ids of 2^31 and above.
. "$(dirname "$0")/lib.sh"
build_helper ipc_helper H
FORM="Create a System V IPC object"
P=$E2E_TMP/ftok-file
touch "$P"
KEY=$("$H" ftok "$P" 97) # 'a'
CALL="shmget(ftok(\"$P\", 'a'), 4096, IPC_CREAT|0644)"

restart 120 30 -d 5
check "ipctop starts on an empty namespace" wait_for "No System V IPC objects" 5
keys 1 c; wait_for "$FORM" 2
keys Down Right Down; type_field "$P"; keys Down; type_field a
check "the preview shows the key as its ftok call: $CALL" wait_for "$CALL" 3
keys Enter
check "Enter creates the segment under ftok's key $KEY (ipcs -m)" \
	eval 'wait_gone "$FORM" 2 && ipcs -m | awk -v k="$KEY" "\$1 == k" | grep -q .'
SHM=$(ipcs -m | awk -v k="$KEY" '$1 == k {print $2}')
check "the status line shows '$CALL = $SHM'" status_has "$CALL = $SHM"

keys c; wait_for "$FORM" 2
check "c again: the form opens on the last choices (ftok, the path, proj_id a), not IPC_PRIVATE" \
	eval 'form_line "key from" | grep -qF "< ftok(path, proj_id) >" && wait_for "$CALL" 1 &&
		form_line proj_id | grep -qE "^ proj_id +a( |$)"'
keys Escape; wait_gone "$FORM" 2

# --- nsems: above 4096, up to SEMMSL -------------------------------------------------------
SEMMSL=$(awk '{print $1}' /proc/sys/kernel/sem)
keys 3 c; wait_for "$FORM" 2
keys Down Right Right Down Down Down; type_field 5000 # key from: ftok, explicit, IPC_PRIVATE
check "nsems 5000 is accepted (the preview is the call)" wait_for "semget(IPC_PRIVATE, 5000, IPC_CREAT|0644)" 3
keys Enter
check "Enter makes a set of 5000 semaphores (ipcs -s)" \
	eval 'wait_gone "$FORM" 2 && ipcs -s | awk "\$5 == 5000" | grep -q .'
before=$(ipcs -s)
keys c; wait_for "$FORM" 2
keys Down Down Down Down; type_field $((SEMMSL + 1)); keys Enter
check "nsems $((SEMMSL + 1)): the form says it is above SEMMSL ($SEMMSL) and stays open" \
	eval 'wait_for "nsems $((SEMMSL + 1)) is above SEMMSL ($SEMMSL semaphores a set" 3 && screen | grep -qF "$FORM"'
check "... nothing was made (ipcs -s unchanged)" test "$(ipcs -s)" = "$before"
keys Escape; wait_gone "$FORM" 2
keys q
check "q exits 0" eval '[ "$(wait_exit 5)" = 0 ]'
check "the settings file keeps the form's last choices (create.path=$P)" \
	grep -qxF "create.path=$P" "$XDG_CONFIG_HOME/ipctop/ipctoprc"

restart 120 30 -d 5
wait_for "0x" 5
keys 1 c; wait_for "$FORM" 2
keys Down Left # the last key source sent was IPC_PRIVATE: Left gives explicit, again ftok
keys Left
check "after a restart, ftok's path and proj_id are the ones typed before" \
	eval 'wait_re "^ key from +< ftok" 2 && wait_for "$CALL" 1 && form_line proj_id | grep -qE "^ proj_id +a( |$)"'
keys Escape; wait_gone "$FORM" 2

# --- IPC_SET: user names, ids of 2^31 and above ---------------------------------------------
uid_gid() { awk -v id="$SHM" '$2 == id {print $8, $9}' /proc/sysvipc/shm; }
NOBODY=$(id -u nobody)
keys 1 e; wait_for "IPC_SET on shm $SHM" 2
keys Down; type_field nobody; keys Down; type_field 3000000000
check "the uid field takes 'nobody': 'nobody ($NOBODY); was 0'" wait_re "^ uid +nobody +nobody \($NOBODY\); was 0" 2
keys Enter
check "IPC_SET: /proc/sysvipc/shm has uid $NOBODY, gid 3000000000 ($(uid_gid))" \
	eval 'until_true 2 eval "[ \"\$(uid_gid)\" = \"$NOBODY 3000000000\" ]"'
keys e; wait_for "IPC_SET on shm $SHM" 2
keys Down; type_field 2147483648; keys Down; type_field root; keys Enter
check "IPC_SET: uid 2147483648 (2^31) and gid root ($(uid_gid))" \
	eval 'until_true 2 eval "[ \"\$(uid_gid)\" = \"2147483648 0\" ]"'
keys e; wait_for "IPC_SET on shm $SHM" 2
keys Down; type_field no-such-user-ipctop
check "an unknown user name: 'no such user' next to the field" wait_re "^ uid +no-such-user-ipctop +no such user" 2
keys Escape; wait_gone "IPC_SET on shm" 2
keys q; wait_exit 5 >/dev/null
"$H" rmall
