#!/usr/bin/env bash
# The same load run against one or three service instances, on one Redis or on a three-master
# Redis Cluster, all on this machine's loopback (so the instances share its cores):
#   benchmarks/ByeByeRobots.LoadTest/run-instances.sh 1 single
#   benchmarks/ByeByeRobots.LoadTest/run-instances.sh 3 single
#   benchmarks/ByeByeRobots.LoadTest/run-instances.sh 1 cluster
# Extra arguments go to the load run (for example --sessions 4000 --concurrency 32).
# The walkthrough site's difficulty is lowered to 2 bits: the load run's own solving (outside the
# measured phases) is then quick, and the service's check of a solution costs the same at any
# difficulty (one hash per puzzle).
source "$(dirname "$0")/../run-common.sh"
instances=${1:-1}
redis=${2:-single}
shift $(( $# > 2 ? 2 : $# ))

[ -n "${KEEP_LOGS:-}" ] && trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; cp "$work"/instance-*.log /tmp/ 2>/dev/null; rm -rf "$work"' EXIT

start_redis() { # port [cluster]
  mkdir -p "$work/$1"
  (cd "$work/$1" && exec redis-server --port "$1" --bind 127.0.0.1 --save "" --appendonly no --protected-mode no \
      --maxmemory-policy noeviction ${2:+--cluster-enabled yes --cluster-config-file nodes.conf} >/dev/null) &
  pids+=($!)
}

if [ "$redis" = cluster ]; then
  for port in 7201 7202 7203; do start_redis "$port" cluster; done
  sleep 1
  redis-cli --cluster create 127.0.0.1:7201 127.0.0.1:7202 127.0.0.1:7203 --cluster-replicas 0 --cluster-yes >/dev/null
  until redis-cli -p 7201 cluster info | grep -q cluster_state:ok; do sleep 0.2; done
  configuration="127.0.0.1:7201,127.0.0.1:7202,127.0.0.1:7203"
else
  start_redis 7200
  until redis-cli -p 7200 ping >/dev/null 2>&1; do sleep 0.1; done
  configuration="127.0.0.1:7200"
fi

dotnet build -c Release src/ByeByeRobots.Api -v quiet -nologo >/dev/null
dotnet build -c Release benchmarks/ByeByeRobots.LoadTest -v quiet -nologo >/dev/null
key=$(head -c 32 /dev/urandom | base64)
urls=()
for i in $(seq 1 "$instances"); do
  port=$((5180 + i))
# Replay:Window 0: this run sends the same signals (or one corpus) again and again, which the
# service rightly takes for replayed sessions; the replay check's own cost is not measured here.
  env ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$port" Logging__LogLevel__Default=Warning \
  ByeByeRobots__Redis__Configuration="$configuration" ByeByeRobots__Redis__KeyPrefix="load:" \
  ByeByeRobots__Replay__Window=00:00:00 \
  ByeByeRobots__Token__SigningKeys__load="$key" ByeByeRobots__Token__ActiveKeyId=load \
  "ByeByeRobots__Sites__walkthrough-site-key__Pow__Difficulty=2" \
  ByeByeRobots__RateLimiting__PermitsPerMinute=0 ByeByeRobots__Challenge__MaxPerClient=0 ByeByeRobots__Challenge__MaxPerSite=0 \
    bash -c 'cd src/ByeByeRobots.Api/bin/Release/net10.0 && exec dotnet ByeByeRobots.Api.dll' >"$work/instance-$i.log" 2>&1 &
  pids+=($!)
  urls+=("http://127.0.0.1:$port")
  until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do sleep 0.2; done
done

echo "$instances instance(s), Redis: $redis ($configuration)"
dotnet benchmarks/ByeByeRobots.LoadTest/bin/Release/net10.0/ByeByeRobots.LoadTest.dll --url "$(IFS=,; echo "${urls[*]}")" "$@"
