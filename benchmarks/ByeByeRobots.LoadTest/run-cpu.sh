#!/usr/bin/env bash
# The CPU run: requests per server CPU-second of an ASP.NET Core hello (the runtime's ceiling) and
# of challenge, verify and siteverify at 0, 100, 500 and 2,000 mouse events, in the same run.
# The service and the hello are pinned to core 1, the load client and Redis to core 0; the
# server's CPU is read from /proc (all threads, user + system) around each phase.
# The proof of work is made cheap (sha256, 8 bits, 4 puzzles: a few µs to check) so verify
# measures signals, model, token and store; rate limits and challenge quotas are off (one
# client address would hit them). Every challenge and every token is fresh.
#   benchmarks/ByeByeRobots.LoadTest/run-cpu.sh [--sessions 20000 --concurrency 64 --warmup 3000 --warmup-seconds 120 --hello-requests 100000 --mouse 0,100,500,2000]
source "$(dirname "$0")/../run-common.sh"

dotnet build -c Release src/ByeByeRobots.Api -v quiet -nologo >/dev/null
dotnet build -c Release benchmarks/ByeByeRobots.HelloCeiling -v quiet -nologo >/dev/null
dotnet build -c Release benchmarks/ByeByeRobots.LoadTest -v quiet -nologo >/dev/null

redis_port=$(free_port); service_port=$(free_port); hello_port=$(free_port)
taskset -c 0 redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --maxmemory-policy noeviction >"$work/redis.log" 2>&1 &
pids+=($!)
until redis-cli -p "$redis_port" ping >/dev/null 2>&1; do sleep 0.1; done

# Production, as deployed: the site and a signing key from the environment, Redis without eviction.
# LIMITS=on keeps the per-client rate limit (counted in Redis) and the challenge quotas on, with
# bounds one client address cannot reach in this run; by default they are off, as in the issue's
# measure of the endpoints themselves.
site=ByeByeRobots__Sites__walkthrough-site-key
if [ "${LIMITS:-off}" = on ]; then
  limits=(ByeByeRobots__RateLimiting__PermitsPerMinute=1000000 ByeByeRobots__Challenge__MaxPerClient=10000000 ByeByeRobots__Challenge__MaxPerSite=100000000)
else
  limits=(ByeByeRobots__RateLimiting__PermitsPerMinute=0 ByeByeRobots__Challenge__MaxPerClient=0 ByeByeRobots__Challenge__MaxPerSite=0)
fi
# Replay:Window 0: this run sends the same signals (or one corpus) again and again, which the
# service rightly takes for replayed sessions; the replay check's own cost is not measured here.
env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$service_port" Logging__LogLevel__Default=Warning \
  ByeByeRobots__Redis__Configuration="127.0.0.1:$redis_port" \
  ByeByeRobots__Replay__Window=00:00:00 \
  ByeByeRobots__Token__SigningKeys__k1="$(openssl rand -base64 32)" ByeByeRobots__Token__ActiveKeyId=k1 \
  ${site}__Secret=walkthrough-secret-for-development-only-0123 ${site}__Hostnames__0=localhost \
  ${site}__PassScore=0 ${site}__StepUpScore=0 \
  ${site}__Pow__Algorithm=sha256-lzb ${site}__Pow__Difficulty=8 ${site}__Pow__Puzzles=4 \
  "${limits[@]}" \
  bash -c 'cd src/ByeByeRobots.Api/bin/Release/net10.0 && exec taskset -c 1 dotnet ByeByeRobots.Api.dll' >"$work/service.log" 2>&1 &
service_pid=$!
pids+=($service_pid)
env ASPNETCORE_URLS="http://127.0.0.1:$hello_port" Logging__LogLevel__Default=Warning \
  taskset -c 1 dotnet benchmarks/ByeByeRobots.HelloCeiling/bin/Release/net10.0/ByeByeRobots.HelloCeiling.dll >"$work/hello.log" 2>&1 &
hello_pid=$!
pids+=($hello_pid)
wait_for "http://127.0.0.1:$service_port/readyz" "$service_pid" "$work/service.log"
wait_for "http://127.0.0.1:$hello_port/hello" "$hello_pid" "$work/hello.log"

echo "CPU run $(date -u +%Y-%m-%dT%H:%MZ), limits ${LIMITS:-off}, commit $(git rev-parse --short HEAD), $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
taskset -c 0 dotnet benchmarks/ByeByeRobots.LoadTest/bin/Release/net10.0/ByeByeRobots.LoadTest.dll \
  --url "http://127.0.0.1:$service_port" --service-pid "$service_pid" \
  --hello "http://127.0.0.1:$hello_port" --hello-pid "$hello_pid" \
  --sessions 20000 --concurrency 64 --warmup 3000 --warmup-seconds 120 --hello-requests 100000 --mouse 0,100,500,2000 "$@"
