#!/bin/sh
# deps.sh PKG... — installs the missing Debian packages among PKG (as root
# with apt-get), or prints the exact command to run and fails (not root).
missing=""
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
	echo "ipctop needs:$missing (Debian package names); install them with your package manager." >&2
	exit 1
fi
if [ "$(id -u)" != 0 ]; then
	echo "ipctop needs packages that are not installed. Run:" >&2
	echo "  sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "Installing build dependencies:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q $missing </dev/null || { apt-get update -q </dev/null && apt-get install -y -q $missing </dev/null; }
