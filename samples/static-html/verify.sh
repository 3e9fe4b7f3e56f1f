#!/usr/bin/env bash
# A backend's token check with curl: the shape any language copies (one form POST).
# Usage: BBR_SECRET=… [BBR_SERVICE_URL=…] ./verify.sh TOKEN [REMOTE_IP]
# Prints the service's answer; exits 0 only when it says success.
set -euo pipefail
service="${BBR_SERVICE_URL:-http://localhost:5180}"
token="${1:?usage: verify.sh TOKEN [REMOTE_IP]}"
# One key for this check: curl's retries (--retry-all-errors: after a lost answer too) get the
# first answer back, not timeout-or-duplicate. The secret goes through standard input, not the
# command line, where other local users could read it.
key="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
answer="$(printf %s "${BBR_SECRET:?set BBR_SECRET to the secret of the site}" | curl --silent --show-error --max-time 5 --retry 2 --retry-all-errors \
  --data-urlencode "secret@-" \
  --data-urlencode "response=${token}" \
  --data-urlencode "remoteip=${2:-}" \
  --data-urlencode "idempotency_key=${key}" \
  "${service%/}/v1/siteverify")"
echo "$answer"
grep -q '"success":true' <<<"$answer"
