#!/usr/bin/env bash
# Starts a throwaway Redis server for the scale-out tests (the SignalR backplane), from Debian's redis-server
# (installed when absent), on a free local port. Source it: it exports PORTAL_TEST_REDIS.
#   source scripts/redis.sh && redis_start
set -euo pipefail

redis_start() {
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "redis-server not found; installing it from Debian's packages" >&2
    local sudo=""
    [ "$(id -u)" = "0" ] || sudo=sudo
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends redis-server >/dev/null
  fi
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || echo $(( 20000 + RANDOM % 20000 )))
  PORTAL_REDIS_DIR=$(mktemp -d -t portal-redis-XXXXXX)
  redis-server --port "$port" --bind 127.0.0.1 --dir "$PORTAL_REDIS_DIR" --save "" --appendonly no \
    --daemonize yes --pidfile "$PORTAL_REDIS_DIR/redis.pid" --logfile "$PORTAL_REDIS_DIR/redis.log" >/dev/null
  for _ in $(seq 1 50); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  export PORTAL_REDIS_DIR
  export PORTAL_TEST_REDIS="127.0.0.1:$port"
  echo "Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2) running on 127.0.0.1:$port" >&2
}

redis_stop() {
  if [ -n "${PORTAL_REDIS_DIR:-}" ] && [ -f "$PORTAL_REDIS_DIR/redis.pid" ]; then
    local pid
    pid=$(cat "$PORTAL_REDIS_DIR/redis.pid")
    kill "$pid" 2>/dev/null || true
    # Redis writes its log as it exits: removing its folder before then fails with "Directory not empty" (and under
    # set -e turned a green run red).
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    rm -rf "$PORTAL_REDIS_DIR" || true
  fi
}
