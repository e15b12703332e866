#!/usr/bin/env bash
# Three PartnerCms nodes behind nginx (tests/cluster.sh starts them: one PostgreSQL database, one Redis server), as
# docs/operator-guide.md describes. Signs a partner in through the proxy, creates an offer, opens its landing page on
# every node (each caches it), withdraws the offer through the proxy, and checks that the link is dead (410) on every
# node within a second. Exits non-zero if not.
#   bash tests/several-nodes.sh     # KEEP=1 leaves it running to try in a browser; PORTAL_DLL=… uses a built host
# The test suite runs it (SeveralNodesScriptTests) against the host it built.
set -euo pipefail
source "$(dirname "$0")/cluster.sh"
cluster_start

# A partner's sales user, through the proxy: requests go round-robin to the nodes (shared keys keep the session).
jar="$work/cookies"
sign_in "$jar" sales@contosopartners.example Contoso-Sales-2026
read -r quote path < <(new_trial_offer "$jar") || true
[ -n "${path:-}" ] || { echo "The offer was not created"; exit 1; }
echo "Offer $quote: $base$path"

for port in "${ports[@]}"; do
  for _ in 1 2; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$path")
    [ "$code" = 200 ] || { echo "Node :$port answered $code before the withdrawal"; exit 1; }
  done
done
echo "The landing page is open (and cached) on every node."

status=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" --data-urlencode "__RequestVerificationToken=$(token "$jar" "/partner/offers/$quote")" "$base/partner/offers/$quote/withdraw")
[ "$status" = 302 ] || { echo "Withdrawing failed ($status)"; exit 1; }
withdrawn=$(date +%s%N)

worst=0
for port in "${ports[@]}"; do
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$path")
    elapsed=$(( ($(date +%s%N) - withdrawn) / 1000000 ))
    [ "$code" = 410 ] && break
    [ "$elapsed" -gt 1000 ] && { echo "FAIL: node :$port still answers $code ${elapsed} ms after the withdrawal"; exit 1; }
    sleep 0.02
  done
  echo "Node :$port: the link is dead (410) ${elapsed} ms after the withdrawal"
  [ "$elapsed" -gt "$worst" ] && worst=$elapsed
done
echo "OK: a withdrawn offer is dead on all three nodes within ${worst} ms (limit 1000 ms)."
[ "${KEEP:-0}" = 1 ] && echo "Still running (KEEP=1): $base — stop with: kill ${pids[*]}; nginx -c $work/nginx.conf -p $work -s stop"
exit 0
