#!/bin/sh
# The one list of Debian 12 packages movebreak needs, and a no-op installer for them.
# Usage: tools/deps.sh run|test   (test includes everything run needs)
set -eu

RUN_PKGS="gcc make meson ninja-build pkg-config python3 libjansson-dev
libyaml-dev libncurses-dev libsqlite3-dev libinih-dev
libsystemd-dev libx11-dev libxext-dev
libwayland-dev wayland-protocols plasma-wayland-protocols libpipewire-0.3-dev
libgtk-4-dev libcairo2-dev libespeak-ng-dev espeak-ng-data libcanberra-dev"
TEST_PKGS="$RUN_PKGS libcmocka-dev clang clang-format libclang-rt-14-dev tmux procps sqlite3 time tzdata
xvfb xdotool x11-utils dbus libglib2.0-bin
python3-dbusmock desktop-file-utils man-db mutter sway wtype
pipewire pipewire-bin sox imagemagick faketime
python3-gi gir1.2-dbusmenu-glib-0.4 waybar grim librsvg2-bin hicolor-icon-theme xfce4-panel
python3-pyatspi at-spi2-core"

case "${1:-run}" in
run) pkgs=$RUN_PKGS ;;
test) pkgs=$TEST_PKGS ;;
list) echo $TEST_PKGS; exit 0 ;;
*) echo "usage: $0 run|test|list" >&2; exit 2 ;;
esac

missing=""
for p in $pkgs; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

echo "movebreak: installing missing Debian packages:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1; then
	sudo="sudo"
else
	echo "movebreak: need root or sudo to install:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have no package lists yet; update once if install fails.
$sudo apt-get install -y --no-install-recommends $missing ||
	{ $sudo apt-get update && $sudo apt-get install -y --no-install-recommends $missing; }
