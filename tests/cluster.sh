#!/usr/bin/env bash
# Sourced by tests/several-nodes.sh and tests/soak.sh: three PartnerCms nodes behind nginx on one machine (loopback
# ports), sharing one PostgreSQL database and one Redis server, as docs/operator-guide.md describes; throw-away servers
# in a temp folder, stopped on exit (KEEP=1 leaves them running). PORTAL_DLL=… uses a built host instead of building.
# After cluster_start: $work, $base (nginx), ${ports[@]}, ${pids[@]}, $pg_port, $redis_port, $dll; psql_portal runs SQL.
# Needs: dotnet, nginx, redis-server, postgresql-15 (apt-get install -y nginx redis-server postgresql-15), curl.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d /tmp/partnercms-nodes.XXXXXX)
pgbin=/usr/lib/postgresql/15/bin
pids=()
node_args=()
# A port nothing listens on and no socket uses (these ports are in the ephemeral range, so a client connection may hold one).
port_busy() { (echo >/dev/tcp/127.0.0.1/$1) 2>/dev/null || { command -v ss >/dev/null && [ -n "$(ss -Htan "sport = :$1" 2>/dev/null)" ]; }; }
free_port() { local p=$1; while port_busy $p; do p=$((p + 1)); done; echo $p; }
run_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi; }
psql_portal() { "$pgbin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d partnercms -Atc "$1"; }
cluster_stop() {
  [ -f "$work/nginx.pid" ] && nginx -c "$work/nginx.conf" -p "$work" -s stop 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -n "${redis_port:-}" ] && redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
  run_pg "$pgbin/pg_ctl -D $work/pg -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$work"
}
[ "${KEEP:-0}" = 1 ] || trap cluster_stop EXIT

# Starts node $1 (0, 1 or 2) in the background with the cluster's settings and ${node_args[@]}; its pid is ${pids[$1]}.
cluster_start_node() {
  local i=$1
  (cd "$(dirname "$dll")" && exec dotnet "$dll" --urls "http://127.0.0.1:${ports[$i]}" \
    --Database:Provider=Postgres "--Database:ConnectionString=Host=127.0.0.1;Port=$pg_port;Database=partnercms;Username=postgres" \
    --Redis:Configuration="127.0.0.1:$redis_port" --ForwardedHeaders:KnownProxies:0=127.0.0.1 \
    --PartnerCms:PublicUrl="http://127.0.0.1:$proxy" --Logging:LogLevel:Default=Warning "${node_args[@]}") >>"$work/node$((i + 1)).log" 2>&1 &
  pids[$i]=$!
}

cluster_wait_ready() {
  local port=$1
  for _ in $(seq 1 120); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready")" = 200 ] && return 0
    sleep 0.5
  done
  echo "Node :$port did not start:"; cat "$work"/node*.log; exit 1
}

# Starts PostgreSQL, Redis, the three nodes (extra node settings as arguments) and nginx; waits until every node is ready.
cluster_start() {
  node_args=("$@")
  dll=${PORTAL_DLL:-}
  if [ -z "$dll" ]; then
    echo "Building (Release) ..."
    dotnet build "$root/src/PartnerCms.Web" -c Release -v q -nologo >/dev/null
    dll="$root/src/PartnerCms.Web/bin/Release/net10.0/PartnerCms.Web.dll"
  fi

  # Ports below Linux's ephemeral range (32768-60999): a readiness poll of a port inside it can self-connect.
  pg_port=$(free_port 25600)
  [ "$(id -u)" = 0 ] && chown postgres "$work"
  run_pg "$pgbin/initdb -D $work/pg -A trust -U postgres -E UTF8 --no-sync" >/dev/null
  run_pg "$pgbin/pg_ctl -D $work/pg -l $work/pg.log -w -o '-p $pg_port -k $work -c listen_addresses=127.0.0.1 -c fsync=off' start" >/dev/null
  redis_port=$(free_port 26600)
  redis-server --daemonize yes --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --dir "$work" --logfile "$work/redis.log"

  proxy=$(free_port 28080)
  ports=()
  local next=28101
  for i in 1 2 3; do ports+=("$(free_port $next)"); next=$((${ports[-1]} + 1)); done
  echo "PostgreSQL :$pg_port, Redis :$redis_port, nodes :${ports[*]}, nginx :$proxy"

  # All three at once on the empty database: one migrates and runs the setup recipes, the others wait for it.
  for i in 0 1 2; do cluster_start_node $i; done

  for attempt in 1 2 3 4 5; do
  cat >"$work/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/body; proxy_temp_path $work/proxy; fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
  upstream portal { server 127.0.0.1:${ports[0]}; server 127.0.0.1:${ports[1]}; server 127.0.0.1:${ports[2]}; }
  server {
    listen 127.0.0.1:$proxy;
    location / {
      proxy_pass http://portal;
      proxy_set_header Host \$host:\$server_port;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
    }
  }
}
EOF
    if nginx -c "$work/nginx.conf" -p "$work" 2>"$work/nginx-start.log"; then break; fi
    # The port was taken between the check and the bind: take the next one.
    [ "$attempt" = 5 ] && { cat "$work/nginx-start.log"; exit 1; }
    proxy=$(free_port $((proxy + 1)))
  done

  for port in "${ports[@]}"; do cluster_wait_ready "$port"; done
  base="http://127.0.0.1:$proxy"
  echo "Three nodes ready behind $base"
}

# The antiforgery token of a page, with the cookie jar $1.
token() { curl -s -b "$1" -c "$1" "$base$2" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//'; }

# Signs user $2 with password $3 in through the proxy into cookie jar $1.
sign_in() {
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' -b "$1" -c "$1" --data-urlencode "UserName=$2" \
    --data-urlencode "Password=$3" --data-urlencode "__RequestVerificationToken=$(token "$1" /account/signin)" "$base/account/signin")
  [ "$status" = 302 ] || { echo "Sign-in of $2 failed ($status)"; exit 1; }
}

# Contoso's sales user (jar $1) creates a trial offer of INTUNE-P1-TRIAL at RED-001; prints "quote path-of-its-link".
new_trial_offer() {
  local office location quote link
  office=$(psql_portal "SELECT \"ContentItemId\" FROM \"OfficeIndex\" WHERE \"LocationId\" = 'RED-001'")
  location=$(curl -s -o /dev/null -w '%{redirect_url}' -b "$1" -c "$1" \
    --data-urlencode "Step=4" --data-urlencode "OfficeId=$office" --data-urlencode "UsageLocation=US" \
    --data-urlencode "IncludesDelegatedAdministration=false" --data-urlencode "nav=create" --data-urlencode "Skus=INTUNE-P1-TRIAL" \
    --data-urlencode "Licences[INTUNE-P1-TRIAL]=0" --data-urlencode "__RequestVerificationToken=$(token "$1" /partner/offers/new/trial)" "$base/partner/offers/new/trial")
  quote=${location##*/}
  [ -n "$quote" ] || { echo "The offer was not created"; exit 1; }
  link=$(curl -s -b "$1" -c "$1" "$base/partner/offers/$quote" | grep -o 'id="offer-link" readonly value="[^"]*"' | sed 's/.*value="//; s/"$//; s/&amp;/\&/g')
  echo "$quote /${link#*://*/}"
}
