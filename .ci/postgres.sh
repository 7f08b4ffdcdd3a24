#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for the tests.
#
#   bash .ci/postgres.sh start   # prints the server's URL
#   bash .ci/postgres.sh stop    # stops it and removes its data
#
# The data folder is SPASMBOT_TEST_PG_DATA (default /tmp/spasmbot-test-pg); a
# server already running there is reused, so a developer can call `start` as
# often as they like. A folder left behind by a server that is gone (a killed
# session, a machine restored from a snapshot) is wiped and made anew rather
# than trusted. The port is a free one chosen at start, unless
# SPASMBOT_TEST_PG_PORT names one. Installs Debian's postgresql when missing.
set -euo pipefail
ACTION="${1:-start}"
DATA="${SPASMBOT_TEST_PG_DATA:-/tmp/spasmbot-test-pg}"

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    { $SUDO apt-get install -y -q --no-install-recommends postgresql \
        || { $SUDO apt-get update -q && \
             $SUDO apt-get install -y -q --no-install-recommends postgresql; }; } >&2
fi
BIN="$(dirname "$(ls /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -1)")"

# PostgreSQL refuses to run as root: run it as the postgres user then.
as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
url_of_running() {
    # Line 4 of postmaster.pid is the port the running server listens on.
    echo "postgresql://spasmbot@127.0.0.1:$(sed -n 4p "$DATA/postmaster.pid")/postgres"
}
is_up() {
    [ -f "$DATA/postmaster.pid" ] && [ -f "$DATA/PG_VERSION" ] \
        && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1 \
        && as_owner "$BIN/pg_isready" -q -h 127.0.0.1 -p "$(sed -n 4p "$DATA/postmaster.pid")"
}

case "$ACTION" in
stop)
    if [ -f "$DATA/PG_VERSION" ]; then
        as_owner "$BIN/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$DATA"
    exit 0
    ;;
start) ;;
*) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
esac

if is_up; then
    url_of_running
    exit 0
fi

# Whatever is here belongs to no live server: start from nothing.
rm -rf "$DATA"
if [ "$(id -u)" = 0 ]; then
    install -d -m 700 -o postgres -g postgres "$DATA"
else
    install -d -m 700 "$DATA"
fi
PORT="${SPASMBOT_TEST_PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
as_owner "$BIN/initdb" -D "$DATA" -U spasmbot --auth=trust -E UTF8 >/dev/null
if ! as_owner "$BIN/pg_ctl" -D "$DATA" -w -t 60 -l "$DATA/server.log" \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$DATA -c fsync=off" \
        start >&2; then
    echo "PostgreSQL did not start; its log:" >&2
    cat "$DATA/server.log" >&2 || true
    exit 1
fi
url_of_running
