#!/usr/bin/env bash
# The automation gauntlet (issue 14): every family of attack and of genuine browser, N sessions
# each (default 20), against the service as built here (Development: the demo procedure, default
# thresholds, the embedded store), each session judged by the service's own verdict log lines.
# Installs what it needs when missing: Debian's chromium, firefox-esr, xvfb, openbox, xdotool;
# the npm packages of package.json (the tools attackers use; test time only).
#   benchmarks/ByeByeRobots.Gauntlet/run.sh [--sessions N] [--families a,b,...]
# Results: benchmarks/results/gauntlet.md (the table) and gauntlet-results.json (every session).
source "$(dirname "$0")/../run-common.sh"
sessions=20; families=""
while [ $# -gt 0 ]; do case "$1" in --sessions) sessions=$2; shift 2;; --families) families=$2; shift 2;; *) echo "unknown $1" >&2; exit 2;; esac; done

missing=()
for p in chromium firefox-esr Xvfb openbox xdotool node npm; do command -v "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  pkgs=(); for p in "${missing[@]}"; do case "$p" in Xvfb) pkgs+=(xvfb);; node) pkgs+=(nodejs);; *) pkgs+=("$p");; esac; done
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${pkgs[@]}"
fi
(cd benchmarks/ByeByeRobots.Gauntlet && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --silent --no-audit --no-fund)

dotnet build src/ByeByeRobots.Api -c Release --nologo -v q >/dev/null
port=$(free_port)
(cd src/ByeByeRobots.Api/bin/Release/net10.0 && ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$port" \
  Logging__LogLevel__Default=Warning Logging__LogLevel__ByeByeRobots=Information \
  exec dotnet ByeByeRobots.Api.dll > "$work/service.log" 2>&1) &
pids+=($!)
wait_for "http://127.0.0.1:$port/readyz" "${pids[-1]}" "$work/service.log"

display=$((90 + RANDOM % 100))
Xvfb ":$display" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 & pids+=($!)
sleep 1
DISPLAY=":$display" openbox >/dev/null 2>&1 & pids+=($!)
sleep 1

DISPLAY=":$display" node benchmarks/ByeByeRobots.Gauntlet/gauntlet.mjs --service "http://127.0.0.1:$port" --log "$work/service.log" \
  --dataset "$(cd .. && pwd)/shared/datasets/delbot-dev.jsonl" --sessions "$sessions" ${families:+--families "$families"} \
  --out benchmarks/results/gauntlet-results.json | tee "$work/gauntlet.out"
{
  echo "# Automation gauntlet ($(date -u +%Y-%m-%d), $sessions sessions per family)"
  echo
  echo "Command: \`benchmarks/ByeByeRobots.Gauntlet/run.sh --sessions $sessions${families:+ --families $families}\`; Chromium $(chromium --version | awk '{print $2}'), Firefox ESR $(firefox-esr --version | awk '{print $3}'), tools as in package.json."
  echo "A session's outcome is read from the service's verdict log lines: a token at once (first verify passed), after a step-up, or refused (automation evidence at OnAutomation: fail)."
  echo
  sed -n '/^| family/,$p' "$work/gauntlet.out"
} > benchmarks/results/gauntlet.md
echo "Wrote benchmarks/results/gauntlet.md"
