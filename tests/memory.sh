#!/usr/bin/env bash
# Memory of a published portal alone (issue 26): RSS when ready, after 20 s of wrk (2 threads, 32 connections) on each
# signed-in page in turn (two rounds, a fresh sign-in each), and after the load. SQLite with the demo recipe.
#   bash tests/memory.sh <publish-dir>     e.g. after: dotnet publish src/PartnerCms.Web -c Release -r linux-x64 --self-contained false -o /tmp/r2r
set -u
dir=${1:?usage: bash tests/memory.sh <publish-dir>}; port=28995; base=http://127.0.0.1:$port; work=$(mktemp -d)
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)"; exit 1; }
(cd $dir && exec dotnet PartnerCms.Web.dll --urls $base "--Database:ConnectionString=Data Source=$work/db.sqlite" --Logging:LogLevel:Default=Warning \
  --Accounts:Mfa:Required=false --Accounts:Mfa:DemoKeys=false --Accounts:SignInAttemptsPerMinute=100000 --Customers:LookupsPerMinute=100000000) > $work/log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT
until [ "$(curl -s -o /dev/null -w '%{http_code}' $base/health/ready)" = 200 ]; do
  kill -0 $pid 2>/dev/null || { cat "$work/log"; exit 1; }
  sleep 0.2
done
rss() { awk '/VmRSS/ {print $2/1024 " MB"}' /proc/$pid/status; }
echo "ready: RSS $(rss)"
token() { curl -s -b "$1" -c "$1" "$base$2" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//'; }
sign_in() { rm -f $1; curl -s -o /dev/null -b $1 -c $1 --data-urlencode "UserName=$2" --data-urlencode "Password=$3" --data-urlencode "__RequestVerificationToken=$(token $1 /account/signin)" $base/account/signin; }
cookie() { awk '!/^# / && NF>=7 {print $6"="$7}' $1 | paste -sd';' -; }
load() { # jar path
  local c; c=$(cookie $1)
  wrk -t2 -c32 -d20s -H "Cookie: $c" "$base$2" | grep -E "Requests/sec|Non-2xx" | tr '\n' ' '; echo " $2 RSS $(rss)"
}
for round in 1 2; do
  sign_in $work/own admin@fabrikam.example Fabrikam-Admin-2026; load $work/own /portal/users
  sign_in $work/ob full@contosopartners.example Contoso-Full-2026
  curl -s -o /dev/null -b $work/ob -c $work/ob --data-urlencode "__RequestVerificationToken=$(token $work/ob /partner)" $base/partner/customers/fabrikam/administer
  load $work/ob /portal/users
  sign_in $work/lk full@contosopartners.example Contoso-Full-2026; load $work/lk "/partner/lookup?q=fabrikam.example"
  sign_in $work/sa sales@contosopartners.example Contoso-Sales-2026; load $work/sa /partner
  sign_in $work/sa sales@contosopartners.example Contoso-Sales-2026; load $work/sa /partner/commerce
done
sleep 5; echo "after the load, 5 s idle: RSS $(rss)"
