#!/usr/bin/env bash
# A backend's token check with curl: the shape any language copies (one form POST).
# Usage: BBR_SECRET=… [BBR_SERVICE_URL=…] ./verify.sh TOKEN [REMOTE_IP]
# Prints the service's answer; exits 0 only when it says success.
set -euo pipefail
service="${BBR_SERVICE_URL:-http://localhost:5180}"
token="${1:?usage: verify.sh TOKEN [REMOTE_IP]}"
# One key for this check: curl's retries (after a lost answer) get the first answer back,
# not timeout-or-duplicate.
key="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
answer="$(curl --silent --show-error --max-time 5 --retry 2 \
  --data-urlencode "secret=${BBR_SECRET:?set BBR_SECRET to the secret of the site}" \
  --data-urlencode "response=${token}" \
  --data-urlencode "remoteip=${2:-}" \
  --data-urlencode "idempotency_key=${key}" \
  "${service%/}/v1/siteverify")"
echo "$answer"
grep -q '"success":true' <<<"$answer"
