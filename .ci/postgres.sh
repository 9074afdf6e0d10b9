# Sourced by .ci/run (with `set -euo pipefail`): start a throwaway PostgreSQL server on loopback
# for the loader tests and export GOVEXTRACT_TEST_PG_URL. Installs the Debian `postgresql`
# package when no server binaries are found. The cluster lives in a temp dir and is stopped
# when the calling shell exits. If GOVEXTRACT_TEST_PG_URL is already set, nothing is done.
# shellcheck shell=bash

_govextract_pg_bindir() {
    # Prefer the newest Debian versioned bin dir, then whatever is on PATH.
    local d found=""
    for d in /usr/lib/postgresql/*/bin; do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then found="$d"; fi
    done
    if [ -z "$found" ] && command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        found="$(dirname "$(command -v initdb)")"
    fi
    printf '%s' "$found"
}

_govextract_pg_start() {
    local bindir sudo="" runas=() datadir port url logfile
    bindir="$(_govextract_pg_bindir)"
    if [ -z "$bindir" ]; then
        echo "postgres.sh: no PostgreSQL binaries found; installing the Debian package" >&2
        if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql >&2
        bindir="$(_govextract_pg_bindir)"
        if [ -z "$bindir" ]; then
            echo "postgres.sh: postgresql installed but initdb/pg_ctl not found" >&2
            return 1
        fi
    fi

    # initdb refuses to run as root: run the server as an unprivileged user.
    if [ "$(id -u)" -eq 0 ]; then
        if ! id postgres >/dev/null 2>&1; then
            useradd --system --no-create-home --shell /usr/sbin/nologin postgres
        fi
        runas=(runuser -u postgres --)
    fi

    # /tmp, not $TMPDIR: the server user must be able to reach the folder.
    datadir="$(mktemp -d /tmp/govextract-pg.XXXXXX)"
    logfile="$datadir/server.log"
    mkdir "$datadir/data"
    if [ "$(id -u)" -eq 0 ]; then chown -R postgres "$datadir"; fi
    chmod 700 "$datadir" "$datadir/data"

    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"

    "${runas[@]}" "$bindir/initdb" -D "$datadir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$datadir/initdb.log" 2>&1 \
        || { cat "$datadir/initdb.log" >&2; return 1; }
    "${runas[@]}" "$bindir/pg_ctl" -D "$datadir/data" -l "$logfile" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $datadir" start >/dev/null \
        || { cat "$logfile" >&2; return 1; }
    "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres govextract_test

    url="postgresql://postgres@127.0.0.1:$port/govextract_test"
    export GOVEXTRACT_TEST_PG_URL="$url"
    _GOVEXTRACT_PG_STOP="${runas[*]} $bindir/pg_ctl -D $datadir/data -m fast stop"
    # Stop the server when the calling shell exits, unless the caller already has an EXIT trap.
    if [ -z "$(trap -p EXIT)" ]; then
        trap 'eval "$_GOVEXTRACT_PG_STOP" >/dev/null 2>&1 || true' EXIT
    fi
    echo "postgres.sh: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on $url (data in $datadir)" >&2
}

if [ -z "${GOVEXTRACT_TEST_PG_URL:-}" ]; then
    _govextract_pg_start
fi
