#!/usr/bin/env bash
# Pipeline benchmark: the fleet on this machine against its own redis-server, the mock model at
# zero latency and zero failures, driven by the loadtest jar. Prints a markdown table of
#   1. saturation throughput (closed loop) and latency at half that rate (open loop),
#   2. Redis commands per completed job (INFO commandstats) at batch sizes 1, 8 and 32.
# Usage: bench/pipeline.sh [seconds per measurement, default 20]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. bin/use-jdk21.sh
secs="${1:-20}"
[ -f launcher/target/inferyx-launcher.jar ] && [ -f loadtest/target/inferyx-loadtest.jar ] \
  || mvn -B -q -DskipTests package
port=$((20000 + RANDOM % 10000))
redis_dir="$(mktemp -d)"
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$redis_dir" --daemonize yes \
  --logfile "$redis_dir/redis.log"
cli() { redis-cli -p "$port" "$@"; }
fleet_pid=""
cleanup() {
  [ -n "$fleet_pid" ] && kill "$fleet_pid" 2>/dev/null && wait "$fleet_pid" 2>/dev/null || true
  cli shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$redis_dir"
}
trap cleanup EXIT
export INFERYX_REDIS_URL="redis://127.0.0.1:$port" INFERYX_API_KEYS="bench-$RANDOM$RANDOM" INFERYX_API_KEY
INFERYX_API_KEY="$INFERYX_API_KEYS"

start_fleet() { # $1 = max batch size
  java -cp "launcher/target/inferyx-launcher.jar:launcher/target/lib/*" io.inferyx.launcher.LocalFleet \
    --inferyx.models.mock.base-latency=0ms --inferyx.models.mock.per-item-latency=0ms \
    --inferyx.models.mock.failure-rate=0 --inferyx.models.mock.capacity=1024 \
    --inferyx.batching.max-batch-size="$1" --inferyx.batching.max-wait=2ms \
    --inferyx.queue.max-size=100000 --inferyx.workers.min=2 --inferyx.workers.check-interval=1s \
    --inferyx.cache.enabled=false --inferyx.models.repository=/nonexistent \
    > "$redis_dir/fleet-$1.log" 2>&1 &
  fleet_pid=$!
  for _ in $(seq 1 120); do grep -q "Inferyx is up" "$redis_dir/fleet-$1.log" && return; sleep 1; done
  echo "fleet did not start; see $redis_dir/fleet-$1.log" >&2; exit 1
}
stop_fleet() { kill "$fleet_pid"; wait "$fleet_pid" 2>/dev/null || true; fleet_pid=""; cli flushall >/dev/null; }
load() { java -jar loadtest/target/inferyx-loadtest.jar "$@" 2>/dev/null; }
value() { grep "| $1 |" | awk -F'|' '{gsub(/ /,"",$3); print $3}'; }
completed_jobs() { cli get 'inferyx:backlog:{mock}' >/dev/null; cli --scan --pattern 'inferyx:job:*' | wc -l; }
commands() { cli info commandstats | awk -F'[=,:]' '/^cmdstat_/ {s += $3} END {print s}'; }

echo "## Pipeline benchmark ($(nproc) cores, $(date -u +%F))"
echo
start_fleet 32
load --concurrency 64 --duration 10s > /dev/null          # warm-up: JIT, pools
sat="$(load --concurrency 64 --duration "${secs}s")"
rate="$(echo "$sat" | value 'completed/s')"
half=$(( ${rate%.*} / 2 ))
lat="$(load --rate "$half" --duration "${secs}s")"
stop_fleet
echo "| measurement | value |"
echo "|---|---|"
echo "| saturation, closed loop 64 clients (completed jobs/s) | $rate |"
echo "| p50 / p99 at saturation (ms) | $(echo "$sat" | value 'latency p50 (ms)') / $(echo "$sat" | value 'latency p99 (ms)') |"
echo "| open loop at half rate ($half/s): p50 / p99 / max (ms) | $(echo "$lat" | value 'latency p50 (ms)') / $(echo "$lat" | value 'latency p99 (ms)') / $(echo "$lat" | value 'latency max (ms)') |"
echo
echo "| max batch size | completed jobs | Redis commands (incl. inside scripts) | per job |"
echo "|---|---|---|---|"
for size in 1 8 32; do
  start_fleet "$size"
  load --concurrency 64 --duration 5s > /dev/null
  cli config resetstat > /dev/null
  out="$(load --concurrency 64 --duration "${secs}s")"
  jobs="$(echo "$out" | value 'done')"
  cmds="$(commands)"
  stop_fleet
  echo "| $size | $jobs | $cmds | $(awk -v c="$cmds" -v j="$jobs" 'BEGIN { printf "%.1f", c / j }') |"
done
