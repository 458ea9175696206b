#!/usr/bin/env bash
# Pipeline benchmark: the fleet on this machine against its own redis-server, the mock model at
# zero latency and zero failures, driven by the loadtest jar. Prints a markdown table of
#   1. saturation throughput (closed loop), latency at half that rate (open loop), and the four
#      service JVMs' resident memory at saturation,
#   2. Redis commands per completed job at batch sizes 1, 8 and 32: every command (INFO
#      commandstats, commands inside scripts included) and the round trips the services make
#      (a MONITOR sample tells the two apart),
#   3. the minilm served-vs-raw ratio (bench/minilm-throughput; BENCH_MODELS=0 skips it).
# Usage: bench/pipeline.sh [seconds per measurement, default 15]. WARM_UP=seconds (default 20) of
# load before each measured fleet: four fresh JVMs keep C2 busy for a while. Needs redis-server,
# redis-cli and jq.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. bin/use-jdk21.sh
secs="${1:-15}"
warm="${WARM_UP:-20}"
for tool in redis-server redis-cli jq; do
  command -v "$tool" > /dev/null || { echo "bench/pipeline.sh needs $tool" >&2; exit 1; }
done
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
# runs the loadtest jar; prints the path of its JSON report
load() {
  local report="$redis_dir/report-$RANDOM.json"
  java -jar loadtest/target/inferyx-loadtest.jar --report-json "$report" --drain 10s "$@" > /dev/null 2>&1
  echo "$report"
}
json() { jq -r "$1" "$2"; }
ms() { jq -r "$1 * 10 | round / 10" "$2"; }   # milliseconds to one decimal
commands() { cli info commandstats | awk -F'[=,:]' '/^cmdstat_/ {s += $3} END {print s}'; }
# the largest sum of the service JVMs' resident memory (MiB) seen until the file $1 appears
rss_peak() {
  local peak=0 sum
  while [ ! -e "$1" ]; do
    sum=0
    for pid in $(pgrep -P "$fleet_pid"); do
      sum=$((sum + $(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)))
    done
    [ "$sum" -gt "$peak" ] && peak=$sum
    sleep 1
  done
  echo $((peak / 1024))
}
# CPU ticks so far of each service JVM, of redis-server and of the whole machine (busy time)
cpu_snapshot() {
  local pid name
  for pid in $(pgrep -P "$fleet_pid"); do
    name="$(tr '\0' '\n' < "/proc/$pid/cmdline" | grep -m1 -oE 'io\.inferyx\.(api|batcher|worker|retry)\.' | cut -d. -f3)"
    echo "$name $(awk '{print $14 + $15}' "/proc/$pid/stat")"
  done
  pid="$(cli info server | awk -F: '/^process_id/ {print $2+0}')"
  echo "redis $(awk '{print $14 + $15}' "/proc/$pid/stat")"
  echo "machine $(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat)"
}
# "name share%" of the machine's busy CPU between two snapshots; the rest is the load generator and the OS
cpu_shares() {
  join <(sort "$1") <(sort "$2") | awk '{d[$1] = $3 - $2} END {
    for (k in d) if (k != "machine") { printf "%s %.0f%%, ", k, 100 * d[k] / d["machine"]; s += d[k] }
    printf "load generator and the rest %.0f%% (of %.1f busy cores)", 100 * (d["machine"] - s) / d["machine"], d["machine"] / ENVIRON["TICKS"] }'
}
# share of the commands Redis ran in a MONITOR sample that a service sent itself (not a script)
client_share() {
  timeout 3 redis-cli -p "$port" monitor > "$redis_dir/monitor" 2>/dev/null || true
  awk '/^[0-9]/ {all++; if ($0 !~ / \[[0-9]+ lua\] /) own++} END {printf "%.4f", own / all}' "$redis_dir/monitor"
}

echo "## Pipeline benchmark ($(nproc) cores, $(date -u +%F))"
echo
start_fleet 32
load --concurrency 64 --duration "${warm}s" > /dev/null
done_flag="$redis_dir/saturation-done"
rss_peak "$done_flag" > "$redis_dir/rss" &
sampler=$!
cpu_snapshot > "$redis_dir/cpu0"
t0=$(date +%s%N)
sat="$(load --concurrency 64 --duration "${secs}s")"
cpu_snapshot > "$redis_dir/cpu1"
elapsed_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
touch "$done_flag"
wait "$sampler"
rate="$(jq -r '.totals.completed_per_s | round' "$sat")"
half=$(( rate / 2 ))
lat="$(load --rate "$half" --duration "${secs}s")"
stop_fleet
echo "| measurement | value |"
echo "|---|---|"
echo "| saturation, closed loop 64 clients (completed jobs/s) | $rate |"
echo "| p50 / p99 at saturation (ms) | $(ms .latency_ms.p50 "$sat") / $(ms .latency_ms.p99 "$sat") |"
echo "| open loop at half rate ($half/s): p50 / p99 / max (ms) | $(ms .latency_ms.p50 "$lat") / $(ms .latency_ms.p99 "$lat") / $(ms .latency_ms.max "$lat") |"
echo "| open loop at half rate: errors / never finished | $(json .totals.errors "$lat") / $(json .totals.never_finished "$lat") |"
echo "| four service JVMs, resident memory at saturation (MiB, peak of the sum) | $(cat "$redis_dir/rss") |"
echo "| CPU at saturation, share of the busy time | $(TICKS=$(( $(getconf CLK_TCK) * elapsed_ms / 1000 )) cpu_shares "$redis_dir/cpu0" "$redis_dir/cpu1") |"
echo
echo "| max batch size | completed jobs | Redis commands (incl. inside scripts) | per job | sent by the services, per job |"
echo "|---|---|---|---|---|"
for size in 1 8 32; do
  start_fleet "$size"
  load --concurrency 64 --duration "$((warm / 2))s" > /dev/null
  cli config resetstat > /dev/null
  ( sleep $((secs / 2)); client_share > "$redis_dir/share" ) &
  sampler=$!
  out="$(load --concurrency 64 --duration "${secs}s")"
  wait "$sampler"
  jobs="$(json .totals.done "$out")"
  cmds="$(commands)"
  stop_fleet
  echo "| $size | $jobs | $cmds | $(awk -v c="$cmds" -v j="$jobs" 'BEGIN { printf "%.1f", c / j }') | $(awk -v c="$cmds" -v j="$jobs" -v s="$(cat "$redis_dir/share")" 'BEGIN { printf "%.1f", c * s / j }') |"
done
if [ "${BENCH_MODELS:-1}" != 0 ]; then
  echo
  echo "minilm, raw in process vs served through the API (bench/minilm-throughput):"
  echo
  INFERYX_REDIS_URL="redis://127.0.0.1:$port" BENCH_SECONDS="${BENCH_SECONDS:-8}" bench/minilm-throughput 2>/dev/null \
    | grep -E '^(raw|served|ratio) ' | sed 's/^/    /'
fi
