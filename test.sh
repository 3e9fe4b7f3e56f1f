#!/usr/bin/env bash
# Runs every test of ByeByeRobots. Installs what the tests need when it is missing
# (redis-server, chromium, prometheus, python3-yaml for reading the deployment manifests, Node.js and
# npm for the widget's esbuild check, and for the backend samples php-cli and a JDK, from Debian's packages), then runs `dotnet test` on the solution.
# Extra arguments go to `dotnet test` (for example: ./test.sh --filter FullyQualifiedName~Verify).
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/prometheus ] || missing+=(prometheus)
command -v php >/dev/null 2>&1 || missing+=(php-cli)
command -v javac >/dev/null 2>&1 || missing+=(default-jdk-headless)
/usr/bin/python3 -c 'import yaml' >/dev/null 2>&1 || missing+=(python3-yaml)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing test dependencies: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test ByeByeRobots.sln --nologo "$@" 2>&1 | tee "$log" || status=$?

# One plain closing line for CI: the totals of every test assembly.
total() { grep -oE "$1: +[0-9]+" "$log" | awk '{ sum += $2 } END { print sum + 0 }'; }
echo "tests: $(total Passed) passed, $(total Failed) failed"
exit $status
