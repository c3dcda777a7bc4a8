#!/bin/bash
# End-to-end check of `meson install`: every file lands where it belongs, valid and pointing at the binary.
set -eu

if [ -z "${MB_BUILD_ROOT:-}" ]; then
    echo "FAIL: set MB_BUILD_ROOT to the meson build directory" >&2
    exit 1
fi
for tool in meson python3 desktop-file-validate man; do
    if ! command -v "$tool" >/dev/null; then
        echo "SKIP: $tool is not installed"
        exit 77
    fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mb-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

checks=0
fail() {
    echo "FAIL: $*" >&2
    exit 1
}
ok() {
    checks=$((checks + 1))
}

# Where this build installs to: an option that is not absolute is under the prefix.
eval "$(meson introspect --buildoptions "$MB_BUILD_ROOT" | python3 -c '
import json, os, sys
opts = {o["name"]: o["value"] for o in json.load(sys.stdin)}
prefix = opts["prefix"]
for name in ("bindir", "datadir", "sysconfdir", "mandir"):
    print(f"{name}={os.path.join(prefix, opts[name])}")
print(f"prefix={prefix}")
')"

out=$(meson install --destdir "$tmp" --no-rebuild -C "$MB_BUILD_ROOT" 2>&1) ||
    fail "meson install failed: $out"
ok

unit=$tmp$prefix/lib/systemd/user/movebreak.service
activation=$tmp$datadir/dbus-1/services/io.github.movebreak.Daemon.service
autostart=$tmp$sysconfdir/xdg/autostart/movebreak.desktop
app=$tmp$datadir/applications/movebreak.desktop
manpage=$tmp$mandir/man1/movebreak.1

for f in "$tmp$bindir/movebreak" "$unit" "$activation" "$autostart" "$app" "$manpage"; do
    [ -f "$f" ] || fail "not installed: ${f#"$tmp"}"
    ok
done
[ -x "$tmp$bindir/movebreak" ] || fail "the binary is not executable"
ok

# No template placeholder may survive, and each start command names the installed binary.
for f in "$unit" "$activation" "$autostart"; do
    if grep -q '@[a-z_]*@' "$f"; then
        fail "placeholder left in ${f#"$tmp"}"
    fi
    ok
done

has_line() {
    grep -qxF -- "$2" "$1" || fail "${1#"$tmp"} lacks the line '$2'"
    ok
}
has_line "$unit" "ExecStart=$bindir/movebreak daemon"
has_line "$unit" "Type=dbus"
has_line "$unit" "BusName=io.github.movebreak.Daemon"
has_line "$unit" "Restart=on-failure"
has_line "$unit" "WantedBy=graphical-session.target"
has_line "$unit" "PartOf=graphical-session.target"
has_line "$activation" "[D-BUS Service]"
has_line "$activation" "Name=io.github.movebreak.Daemon"
has_line "$activation" "Exec=$bindir/movebreak daemon"
has_line "$activation" "SystemdService=movebreak.service"
has_line "$autostart" "Exec=$bindir/movebreak daemon"
has_line "$autostart" "X-GNOME-Autostart-enabled=true"
has_line "$app" "Exec=movebreak app"
has_line "$app" "Terminal=false"

# systemd's own check of the unit, pointed at the staged binary and manual. It needs a
# user manager's runtime directory; where it cannot start one here, say so and go on.
if command -v systemd-analyze >/dev/null; then
    mkdir -m 700 "$tmp/run" "$tmp/unit"
    sed "s|^ExecStart=$bindir/|ExecStart=$tmp$bindir/|" "$unit" >"$tmp/unit/movebreak.service"
    if out=$(cd "$tmp/unit" && XDG_RUNTIME_DIR=$tmp/run MANPATH=$tmp$mandir \
        systemd-analyze verify --user movebreak.service 2>&1); then
        ok
    elif grep -q 'Failed to initialize manager\|Failed to lookup' <<<"$out"; then
        echo "note: systemd-analyze cannot run a user manager here: $out"
    else
        fail "systemd-analyze verify: $out"
    fi
fi

for f in "$autostart" "$app"; do
    out=$(desktop-file-validate "$f" 2>&1) || fail "desktop-file-validate ${f#"$tmp"}: $out"
    [ -z "$out" ] || fail "desktop-file-validate warns on ${f#"$tmp"}: $out"
    ok
done

# The manual renders, without groff warnings, and covers the daemon and its control commands.
page=$(MANWIDTH=80 man --warnings -l "$manpage" 2>"$tmp/man.err") || fail "man -l failed: $(cat "$tmp/man.err")"
[ ! -s "$tmp/man.err" ] || fail "man warns: $(cat "$tmp/man.err")"
ok
# Justified text pads spaces and wraps lines: compare words, not layout.
page=$(printf '%s' "$page" | tr -s ' \n' '  ')
for word in 'MOVEBREAK(1)' 'movebreak daemon' 'movebreak status' 'movebreak pause' 'movebreak app' \
    'movebreak postpone' 'movebreak skip' 'NO_COLOR' 'XDG_CONFIG_HOME' 'EXIT STATUS' \
    'systemctl --user enable --now movebreak'; do
    case "$page" in
    *"$word"*) ok ;;
    *) fail "the manual lacks '$word'" ;;
    esac
done

echo "ok: $checks install checks"
