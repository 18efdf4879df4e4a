#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the tests, from the machine's PostgreSQL binaries (installed from
# Debian's packages when absent). Source it: it exports PORTAL_TEST_POSTGRES and registers its own teardown.
#   source scripts/postgres.sh && postgres_start
set -euo pipefail

postgres_bin_dir() {
  local initdb
  initdb=$(ls -1 /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$initdb" ]; then
    echo "PostgreSQL binaries not found; installing them from Debian's packages" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    initdb=$(ls -1 /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)
  fi
  dirname "$initdb"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || echo $(( 20000 + RANDOM % 20000 ))
}

# Runs a command as the cluster's owner: PostgreSQL refuses to run as root.
as_owner() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

postgres_start() {
  local bin port
  bin=$(postgres_bin_dir)
  port=$(free_port)
  PORTAL_PG_DIR=$(mktemp -d -t portal-pg-XXXXXX)
  if [ "$(id -u)" = "0" ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    chown postgres "$PORTAL_PG_DIR"
  fi
  as_owner "$bin/initdb" -D "$PORTAL_PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  as_owner "$bin/pg_ctl" -D "$PORTAL_PG_DIR/data" -l "$PORTAL_PG_DIR/server.log" -w -t 60 \
    -o "-p $port -k $PORTAL_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=200" start >/dev/null
  export PORTAL_PG_BIN="$bin"
  export PORTAL_PG_DIR
  export PORTAL_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') running on 127.0.0.1:$port (data in $PORTAL_PG_DIR)" >&2
}

postgres_stop() {
  if [ -n "${PORTAL_PG_DIR:-}" ] && [ -d "$PORTAL_PG_DIR/data" ]; then
    as_owner "$PORTAL_PG_BIN/pg_ctl" -D "$PORTAL_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PORTAL_PG_DIR"
  fi
}
