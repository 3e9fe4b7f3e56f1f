# Sourced by the benchmark scripts (benchmarks/*/run*.sh): strict mode, the repository root as the
# working directory, a scratch directory, and the processes a run starts, all stopped on exit.
#   pids+=($!)                 a process to stop when the script ends
#   wait_for URL PID LOG       until URL answers 2xx; stops the script with LOG if PID ends first
#   free_port                  a loopback TCP port nothing listens on
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() {
  until curl -fs "$1" >/dev/null 2>&1; do
    kill -0 "$2" 2>/dev/null || { echo "process $2 ended before $1 answered:" >&2; cat "$3" >&2; exit 1; }
    sleep 0.2
  done
}
