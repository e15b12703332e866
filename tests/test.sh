#!/usr/bin/env bash
# Runs every PartnerCms test: unit, integration (SQLite and a real PostgreSQL server) and browser (Chromium).
# Installs what the tests need when it is missing (Debian: chromium, postgresql-15, redis-server, nginx, curl; needs root), starts a
# throw-away PostgreSQL cluster and Redis server, and prints "N passed, N failed, N skipped" on a line of its own.
# Extra arguments go to 'dotnet test', e.g.:  bash tests/test.sh --filter "Rule=R1"
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v curl >/dev/null || missing+=(curl)
command -v npm >/dev/null || missing+=(nodejs npm)
{ [ -x /usr/lib/postgresql/15/bin/postgres ] && [ -x /usr/lib/postgresql/15/bin/initdb ] && id postgres >/dev/null 2>&1; } || missing+=(postgresql-15)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing ${missing[*]} ..."
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || { echo "Could not install ${missing[*]}"; exit 1; }
  else
    echo "The tests need: ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}"; exit 1
  fi
fi

# A throw-away PostgreSQL cluster on a free loopback port.
pgbin=/usr/lib/postgresql/15/bin
pgdir=$(mktemp -d /tmp/partnercms-pg.XXXXXX)
results=$(mktemp -d /tmp/partnercms-results.XXXXXX)
run_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$pgdir"
cleanup() {
  run_pg "$pgbin/pg_ctl -D $pgdir/data -m immediate stop" >/dev/null 2>&1
  [ -n "${redis_port:-}" ] && redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1
  rm -rf "$pgdir" "$results"
}
trap cleanup EXIT
# A port nothing listens on and no socket uses (a client connection may hold a port in the ephemeral range).
port_busy() { (echo >/dev/tcp/127.0.0.1/$1) 2>/dev/null || { command -v ss >/dev/null && [ -n "$(ss -Htan "sport = :$1" 2>/dev/null)" ]; }; }
port=55432
while port_busy $port; do port=$((port + 1)); done
run_pg "$pgbin/initdb -D $pgdir/data -A trust -U postgres -E UTF8 --no-sync" >/dev/null || { echo "initdb failed"; exit 1; }
run_pg "$pgbin/pg_ctl -D $pgdir/data -l $pgdir/log -w -o '-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300' start" >/dev/null \
  || { echo "PostgreSQL did not start:"; cat "$pgdir/log"; exit 1; }
export PARTNERCMS_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres"
export PARTNERCMS_CHROMIUM=/usr/bin/chromium

# A throw-away Redis server (the shared cache of several nodes) on a free loopback port.
redis_port=56379
while port_busy $redis_port; do redis_port=$((redis_port + 1)); done
redis-server --daemonize yes --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --dir "$pgdir" --logfile "$pgdir/redis.log" >/dev/null \
  || { echo "Redis did not start"; exit 1; }
export PARTNERCMS_TEST_REDIS="127.0.0.1:$redis_port"

dotnet test PartnerCms.sln --logger "trx;LogFileName=results.trx" --results-directory "$results" --blame-hang-timeout 5m "$@"
status=$?

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(get passed))); failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -gt 0 ]; then exit 1; fi
if [ "$passed" -eq 0 ]; then echo "No test ran."; exit 1; fi
exit 0
