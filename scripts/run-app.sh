#!/bin/sh
# Opens the clinic-desktop window: `scripts/run-app.sh .venv/bin/clinic-desktop [ARGS]` (used by `make run`).
# With a display (X11 or Wayland) the app runs directly. With none, on Linux, it runs under Xvfb
# (a virtual display), installing Xvfb and the two XCB libraries Qt needs when they are missing and
# this is run as root. Nothing is installed when a display is available.
set -eu

if [ "$#" -lt 1 ]; then
    echo "usage: $0 PATH/TO/clinic-desktop [ARGS...]" >&2
    exit 2
fi
APP="$1"
shift

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    echo "run-app: opening clinic-desktop on display ${WAYLAND_DISPLAY:-${DISPLAY:-}}"
    exec "$APP" "$@"
fi

if [ "$(uname -s)" != "Linux" ]; then
    # Windows and macOS always have a display; reaching here means a remote shell without one.
    echo "run-app: no display found; run this from a desktop session." >&2
    exit 1
fi

# Debian/Ubuntu package names; Qt's xcb plugin needs libxcb-icccm4 and libxcb-keysyms1 beyond the
# usual image (its own error message blames libxcb-cursor0, which is usually present already).
PACKAGES="xvfb xauth libxcb-icccm4 libxcb-keysyms1"

missing_libraries() {
    for library in libxcb-icccm.so.4 libxcb-keysyms.so.1; do
        if ! ldconfig -p 2>/dev/null | grep -q "$library"; then
            echo "$library"
        fi
    done
}

if ! command -v xvfb-run >/dev/null 2>&1 || ! command -v xauth >/dev/null 2>&1 || [ -n "$(missing_libraries)" ]; then
    echo "run-app: no display, and Xvfb or the XCB libraries Qt needs are missing."
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "run-app: installing $PACKAGES with apt-get (running as root)..."
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q
        # shellcheck disable=SC2086 # the package list is meant to split into words
        apt-get install -y -q --no-install-recommends $PACKAGES
    else
        echo "run-app: as root, install them with:" >&2
        echo "    apt-get update && apt-get install -y --no-install-recommends $PACKAGES" >&2
        echo "run-app: or run from a desktop session (with DISPLAY set)." >&2
        exit 1
    fi
fi

echo "run-app: no display; running clinic-desktop on a virtual display (Xvfb, 1280x800)."
echo "run-app: the window is invisible there; use --screenshot PATH to see it. Ctrl+C stops it."
exec xvfb-run -a -s '-screen 0 1280x800x24' "$APP" "$@"
