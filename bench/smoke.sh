#!/usr/bin/env bash
# CI smoke test: the whole fleet (mock model) on this machine against its own redis-server, driven
# for a few seconds by the loadtest jar with the original traffic profile. Fails unless requests
# were accepted and finished, with no errors and nothing left unfinished.
#
# Needs the built jars (mvn -B verify, or mvn -B -DskipTests package): launcher/target/inferyx-launcher.jar
# with launcher/target/lib/, and loadtest/target/inferyx-loadtest.jar. The fleet takes the fixed ports
# 8000 and 8080-8083 and refuses to start while they are busy.
# Usage: bench/smoke.sh        env: SMOKE_SECONDS (default 5), SMOKE_SEED (default random),
#                              SMOKE_OUT (reports and logs, default target/smoke)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. bin/use-jdk21.sh
secs="${SMOKE_SECONDS:-5}"
seed="${SMOKE_SEED:-$RANDOM}"
out="${SMOKE_OUT:-$root/target/smoke}"
started=$SECONDS

fail() { echo "smoke: FAILED: $*" >&2; exit 1; }
for jar in launcher/target/inferyx-launcher.jar loadtest/target/inferyx-loadtest.jar; do
  [ -f "$jar" ] || fail "$jar is missing; build first: mvn -B -DskipTests package"
done
mkdir -p "$out"
rm -f "$out"/loadtest-report.json "$out"/loadtest-report.html
redis_dir="$(mktemp -d)"
redis_pid=""
fleet_pid=""

# Stops what this script started, by process id: the fleet (its shutdown hook stops the four
# services; any service still alive after the grace is killed), then redis-server.
cleanup() {
  if [ -n "$fleet_pid" ]; then
    local children
    children="$(pgrep -P "$fleet_pid" || true)"
    kill "$fleet_pid" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$fleet_pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$fleet_pid" 2>/dev/null; then
      echo "smoke: the fleet did not stop within 30 s; killing it and its services" >&2
      for pid in $fleet_pid $children; do kill -9 "$pid" 2>/dev/null || true; done
    fi
    wait "$fleet_pid" 2>/dev/null || true
  fi
  if [ -n "$redis_pid" ]; then
    kill "$redis_pid" 2>/dev/null || true
    wait "$redis_pid" 2>/dev/null || true
  fi
  rm -rf "$redis_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_redis() { # a random free loopback port; redis-server exits at once when it is taken
  for _ in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 20000))
    redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$redis_dir" \
      > "$out/redis.log" 2>&1 &
    redis_pid=$!
    for _ in $(seq 1 50); do
      redis-cli -p "$port" ping >/dev/null 2>&1 && return
      kill -0 "$redis_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill "$redis_pid" 2>/dev/null || true
    wait "$redis_pid" 2>/dev/null || true
    redis_pid=""
  done
  fail "could not start redis-server on a free port; see $out/redis.log"
}

# Retries are kept short (200ms backoff) so that jobs the mock fails still settle within the drain.
# C1-only JIT and the serial collector: four JVMs start on two cores in about half the CPU time.
start_fleet() {
  INFERYX_JAVA_OPTS="${INFERYX_JAVA_OPTS:--Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}" \
  java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "launcher/target/inferyx-launcher.jar:launcher/target/lib/*" io.inferyx.launcher.LocalFleet \
    --inferyx.models.repository=/nonexistent --inferyx.retry.backoff=200ms --inferyx.retry.max-backoff=1s \
    --inferyx.batching.max-wait=50ms > "$out/fleet.log" 2>&1 &
  fleet_pid=$!
  for _ in $(seq 1 900); do
    grep -q "Inferyx is up" "$out/fleet.log" && return
    kill -0 "$fleet_pid" 2>/dev/null || { tail -n 20 "$out/fleet.log" >&2; fail "the fleet exited; see $out/fleet.log"; }
    sleep 0.1
  done
  tail -n 20 "$out/fleet.log" >&2
  fail "the fleet was not up within 90 s; see $out/fleet.log"
}

# A number from the "totals" object of the loadtest's pretty-printed JSON report.
total() {
  awk -v key="\"$1\"" '
    /"totals" *: *\{/ { inside = 1; next }
    inside && /\}/    { exit }
    inside && $1 == key { gsub(/[ ,]/, "", $3); print $3; found = 1; exit }
    END { if (!found) exit 1 }' "$out/loadtest-report.json"
}

start_redis
export INFERYX_REDIS_URL="redis://127.0.0.1:$port" INFERYX_API_KEYS="smoke-$RANDOM$RANDOM" INFERYX_API_KEY
INFERYX_API_KEY="$INFERYX_API_KEYS"
start_fleet
echo "smoke: fleet up after $((SECONDS - started)) s; ${secs} s of the original profile, seed $seed"
java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar loadtest/target/inferyx-loadtest.jar --profile original --duration "${secs}s" --seed "$seed" \
  --drain 20s --report-json "$out/loadtest-report.json" --report-html "$out/loadtest-report.html" \
  2> "$out/loadtest.log" | tee "$out/summary.md" || fail "the load test exited with an error; see $out/loadtest.log"

[ -f "$out/loadtest-report.json" ] || fail "no JSON report was written"
for key in accepted done errors never_finished; do
  value="$(total "$key")" || fail "the JSON report has no totals.$key"
  declare "$key=$value"
done
problems=()
[ "$accepted" -gt 0 ] || problems+=("nothing was accepted")
[ "$done" -gt 0 ] || problems+=("nothing finished done")
[ "$errors" -eq 0 ] || problems+=("$errors requests ended in an error (not 2xx, not 429)")
[ "$never_finished" -eq 0 ] || problems+=("$never_finished requests never finished within the drain")
[ ${#problems[@]} -eq 0 ] || fail "$(IFS=';'; echo "${problems[*]}") (seed $seed; reports and logs in $out)"
echo "smoke: OK in $((SECONDS - started)) s: accepted=$accepted done=$done errors=0 never_finished=0; reports in $out"
