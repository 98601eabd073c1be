#!/bin/sh
# Makes sure the PostgreSQL server programs (initdb, pg_ctl) are installed for the PostgreSQL test run
# (`make test-postgresql`, `.ci/run`); the tests start their own throw-away cluster with them.
# Installs them with apt-get only when missing and run as root on Debian/Ubuntu: an unconditional
# install would upgrade packages. Otherwise says exactly what to install and exits 1.
set -eu

if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "ensure-postgresql: initdb not found; installing the postgresql package with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql
    exit 0
fi
cat >&2 <<'MESSAGE'
ensure-postgresql: the PostgreSQL server programs (initdb, pg_ctl) are not installed, and the
PostgreSQL test run needs them. Install them first, then run make test again:
    Debian/Ubuntu:  sudo apt-get install --no-install-recommends postgresql
    Fedora:         sudo dnf install postgresql-server
    macOS:          brew install postgresql
Or run only the SQLite tests: make test-sqlite
MESSAGE
exit 1
