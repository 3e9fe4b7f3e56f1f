#!/usr/bin/env bash
# The dashboard run: the service (Development, embedded store, its demo site at PassScore 0.5 and
# StepUpScore 0.2) with its Prometheus listener, Debian's prometheus scraping it every 5 s, and
# recorded sessions replayed through the protocol; then the security team's panels drawn from
# Prometheus's answers into docs/images and the figures into benchmarks/results/dashboard-run.md.
# The demo site's proof of work is made cheap (sha256, 8 bits, step-ups 10 to 14) for the run: the
# replaying client solves every challenge on the cores the service runs on, and PBKDF2's calibrated
# cost would make the run measure the machine, not draw the panels.
#   benchmarks/ByeByeRobots.DashboardRun/run.sh [--phase-seconds 120 --rate 3 --sessions FILE]
source "$(dirname "$0")/../run-common.sh"

dotnet build -c Release src/ByeByeRobots.Api -v quiet -nologo >/dev/null
dotnet build -c Release benchmarks/ByeByeRobots.DashboardRun -v quiet -nologo >/dev/null

# Replay:Window 0: this run sends the same signals (or one corpus) again and again, which the
# service rightly takes for replayed sessions; the replay check's own cost is not measured here.
env ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:5190" Logging__LogLevel__Default=Warning \
  ByeByeRobots__Telemetry__PrometheusPort=9464 ByeByeRobots__Telemetry__PrometheusHost=127.0.0.1 \
  ByeByeRobots__Replay__Window=00:00:00 \
  ByeByeRobots__Sites__demo-site-key__Pow__Algorithm=sha256-lzb ByeByeRobots__Sites__demo-site-key__Pow__Difficulty=8 \
  ByeByeRobots__Sites__demo-site-key__Pow__StepUpDifficulty=10 ByeByeRobots__Sites__demo-site-key__Pow__MaxStepUpDifficulty=14 \
  ByeByeRobots__RateLimiting__PermitsPerMinute=0 ByeByeRobots__Challenge__MaxPerClient=0 ByeByeRobots__Challenge__MaxPerSite=0 \
  bash -c 'cd src/ByeByeRobots.Api/bin/Release/net10.0 && exec dotnet ByeByeRobots.Api.dll' >"$work/service.log" 2>&1 &
pids+=($!)
until curl -fs http://127.0.0.1:5190/readyz >/dev/null 2>&1; do sleep 0.2; done

cat >"$work/prometheus.yml" <<YAML
global: { scrape_interval: 5s, evaluation_interval: 5s }
scrape_configs:
  - job_name: byebyerobots
    static_configs: [ { targets: [ "127.0.0.1:9464" ] } ]
YAML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" --web.listen-address=127.0.0.1:9490 >"$work/prometheus.log" 2>&1 &
pids+=($!)
until curl -fs http://127.0.0.1:9490/-/ready >/dev/null 2>&1; do sleep 0.2; done

mkdir -p benchmarks/results docs/images
{
  echo "# Dashboard run ($(date -u +%Y-%m-%d))"
  echo
  echo 'Command: `benchmarks/ByeByeRobots.DashboardRun/run.sh '"$*"'`. The pictures it drew are in `docs/images/dashboard-*.png`;'
  echo 'how to read them: `docs/security-dashboard.md`.'
  echo
  dotnet benchmarks/ByeByeRobots.DashboardRun/bin/Release/net10.0/ByeByeRobots.DashboardRun.dll --url http://127.0.0.1:5190 --prometheus http://127.0.0.1:9490 "$@"
} | tee benchmarks/results/dashboard-run.md
