# ipctop.bash — bash completion for ipctop, installed by `make install` as
# $(PREFIX)/share/bash-completion/completions/ipctop (loaded on first use by
# the bash-completion package; `. completion/ipctop.bash` works as well).
# Completes the options; --demo with the scenario names, asked from the
# binary being completed (`ipctop --demo=help`, first word of each line);
# --ns with processes whose IPC namespace differs from the shell's — with
# nothing typed the lowest pid of each such namespace, once a pid is begun
# every process there whose pid starts so (the shell's own namespace is left
# out: --ns into it changes nothing; so are the namespaces the shell may not
# read, i.e. other users' processes unless root) — after "/proc/" the same
# as /proc/PID/ns/ipc files, and file names for any other path (a bind
# mount of a namespace); -d with typical delays; --size with the three
# payloads; --log, --log-c and --pidfile with file names.
# Self-contained (none of bash-completion's helpers), so
# tests/e2e/completion.sh calls _ipctop in a plain non-interactive bash.

# Every long option of src/config/cli.c's long_opts ("=" when it takes a
# value) and every short one: tests/e2e/completion.sh fails when one is
# missing or one is here that ipctop does not know.
_ipctop_opts='--help --version --delay= --once --json --prometheus --watch --log= --daemon --foreground
	--pidfile= --ns= --demo= --bench-ipc --size= --seconds= --trace --activity --shmems --queues --semaphores --read-only
	--log-c= --projector --no-color --no-config -h -V -d -m -q -s -P'

# _ipctop_ns_pids ALL — pids of the processes whose IPC namespace we can
# read and is not the shell's, lowest first, one a line: with ALL not empty
# every such process, else the lowest pid of each namespace (its oldest
# process as a rule: a container's init, the host's pid 1).
_ipctop_ns_pids() {
	local self file link pid
	local -A seen=()
	self=$(readlink "/proc/$$/ns/ipc" 2>/dev/null) || return 0
	# One find for all processes (no readlink per pid); an unreadable link
	# prints an empty %l, which leaves link empty below.
	while read -r file link; do
		[[ -n $link && $link != "$self" ]] || continue
		[[ -n $1 || -z ${seen[$link]} ]] || continue
		seen[$link]=1
		pid=${file#/proc/}
		printf '%s\n' "${pid%%/*}"
	done < <(find /proc/[0-9]*/ns/ipc -maxdepth 0 -printf '%p %l\n' 2>/dev/null | sort -t/ -k3,3n)
}

# _ipctop_values OPTION CUR — sets COMPREPLY to the values of OPTION that
# start with CUR; returns 1 when OPTION takes no value.
_ipctop_values() {
	local cmd=${COMP_WORDS[0]} words=
	case $1 in
	-d | --delay) words='5 10 20 50' ;;
	--size) words='64 4k 64k' ;;
	--seconds) ;;
	--demo)
		# The word as typed: "~/bin/ipctop" holds a literal tilde.
		# shellcheck disable=SC2088
		[[ $cmd == "~/"* ]] && cmd=$HOME/${cmd#"~/"}
		words=$("$cmd" --demo=help </dev/null 2>/dev/null | while read -r name _; do printf '%s ' "$name"; done)
		;;
	--ns)
		# Nothing typed yet: one process per namespace; a pid begun:
		# every process in another namespace.
		if [[ $2 == /proc/* ]]; then
			words=$(_ipctop_ns_pids "${2#/proc/}" | sed 's,.*,/proc/&/ns/ipc,')
		elif [[ $2 == /* || $2 == .* || $2 == "~"* ]]; then
			compopt -o filenames 2>/dev/null
			mapfile -t COMPREPLY < <(compgen -f -- "$2")
			return 0
		else
			words=$(_ipctop_ns_pids "$2")
		fi
		;;
	--log | --log-c | --pidfile)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$2")
		return 0
		;;
	*) return 1 ;;
	esac
	mapfile -t COMPREPLY < <(compgen -W "$words" -- "$2")
	return 0
}

# _ipctop — the completion function: bash sets COMP_WORDS and COMP_CWORD.
# "--demo=pr" arrives as "--demo" "=" "pr" when "=" is in COMP_WORDBREAKS
# (the default) and as one word otherwise; both are handled.
_ipctop() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	COMPREPLY=()
	if [[ $cur == = ]]; then
		_ipctop_values "$prev" ""
	elif [[ $prev == = ]] && ((COMP_CWORD >= 2)); then
		_ipctop_values "${COMP_WORDS[COMP_CWORD - 2]}" "$cur"
	elif [[ $cur == --*=* ]]; then
		_ipctop_values "${cur%%=*}" "${cur#*=}" && COMPREPLY=("${COMPREPLY[@]/#/${cur%%=*}=}")
	elif [[ $prev == -* ]] && _ipctop_values "$prev" "$cur"; then
		:
	else
		mapfile -t COMPREPLY < <(compgen -W "$_ipctop_opts" -- "$cur")
		# "--demo=": the value follows without a space.
		[[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
	fi
	return 0
}
complete -F _ipctop ipctop
