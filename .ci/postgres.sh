#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on loopback for the tests and print its URL.
# Installs Debian's postgresql package when it is missing. Usage:
#   export SPASMBOT_TEST_DATABASE_URL="$(bash .ci/postgres.sh)"
set -euo pipefail
PORT="${SPASMBOT_TEST_PG_PORT:-55432}"
DATA="${SPASMBOT_TEST_PG_DATA:-/tmp/spasmbot-ci-pg}"

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
if [ "$(id -u)" = 0 ]; then install -d -o postgres -g postgres "$DATA"; else mkdir -p "$DATA"; fi
if [ ! -f "$DATA/PG_VERSION" ]; then
    as_owner "$BIN/initdb" -D "$DATA" -U spasmbot --auth=trust -E UTF8 >&2
fi
if ! as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    as_owner "$BIN/pg_ctl" -D "$DATA" -w -l "$DATA/server.log" \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$DATA -c fsync=off" \
        start >&2
fi
echo "postgresql://spasmbot@127.0.0.1:$PORT/postgres"
