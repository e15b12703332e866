#!/usr/bin/env bash
# Start-up time of a Release build: from launching the process to the first 200 from /health/ready, on an empty
# SQLite database (migrations and the setup recipes) and on an existing one. Prints each run and the median.
#   bash tests/startup-time.sh [runs] [publish-dir]     (default: 5 runs of bin/Release; a publish dir, e.g. ReadyToRun)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
dir=${2:-}
if [ -z "$dir" ]; then
  dotnet build "$root/src/PartnerCms.Web" -c Release -v q -nologo >/dev/null
  dir="$root/src/PartnerCms.Web/bin/Release/net10.0"
fi
work=$(mktemp -d /tmp/partnercms-startup.XXXXXX)
trap 'rm -rf "$work"' EXIT
# Below Linux's ephemeral range (32768-60999): polling a port inside it, curl can be given that very port as its own
# and connect to itself (a TCP self-connect), which then keeps the portal from binding it.
port=28900
while (echo >/dev/tcp/127.0.0.1/$port) 2>/dev/null; do port=$((port + 1)); done

measure() { # $1: database file
  local started ended pid
  started=$(date +%s%N)
  (cd "$dir" && exec dotnet PartnerCms.Web.dll --urls "http://127.0.0.1:$port" "--Database:ConnectionString=Data Source=$1" --Logging:LogLevel:Default=Warning) >"$work/log" 2>&1 &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready" 2>/dev/null)" = 200 ]; do
    kill -0 $pid 2>/dev/null || { cat "$work/log"; exit 1; }
    sleep 0.01
  done
  ended=$(date +%s%N)
  kill $pid; wait $pid 2>/dev/null || true
  echo $(( (ended - started) / 1000000 ))
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

empty=(); existing=()
for i in $(seq 1 "$runs"); do
  rm -f "$work"/db*
  empty+=("$(measure "$work/db.sqlite")")
  existing+=("$(measure "$work/db.sqlite")")
done
echo "empty database:    ${empty[*]} ms   median $(printf '%s\n' "${empty[@]}" | median) ms"
echo "existing database: ${existing[*]} ms   median $(printf '%s\n' "${existing[@]}" | median) ms"
