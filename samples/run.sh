#!/usr/bin/env bash
# Runs one sample with the ByeByeRobots service beside it, in one command:
#   samples/run.sh razorpages | minimalapi | static-html
# Starts the service (its Development defaults, embedded store) on http://localhost:5180 unless
# one already answers there, then the sample in the foreground; Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
sample="${1:-}"
case "$sample" in
  razorpages)  run=(dotnet run --project samples/ByeByeRobots.Samples.RazorPages);  url=http://localhost:5181/ ;;
  minimalapi)  run=(dotnet run --project samples/ByeByeRobots.Samples.MinimalApi);  url=http://localhost:5182/ ;;
  static-html) run=(php -S localhost:5183 -t samples/static-html);                  url=http://localhost:5183/index.html ;;
  *) echo "usage: samples/run.sh razorpages | minimalapi | static-html" >&2; exit 2 ;;
esac

service_pid=""
if ! curl -fsS http://localhost:5180/healthz >/dev/null 2>&1; then
  echo "Starting the ByeByeRobots service on http://localhost:5180 (log: /tmp/byebyerobots-service.log)"
  dotnet run --project src/ByeByeRobots.Api >/tmp/byebyerobots-service.log 2>&1 &
  service_pid=$!
  trap '[ -n "$service_pid" ] && kill "$service_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do
    curl -fsS http://localhost:5180/healthz >/dev/null 2>&1 && break
    kill -0 "$service_pid" 2>/dev/null || { cat /tmp/byebyerobots-service.log; exit 1; }
    sleep 1
  done
fi
echo "Sample: open $url"
"${run[@]}"
