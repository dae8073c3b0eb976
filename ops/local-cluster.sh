#!/usr/bin/env bash
# A Gleitzeit cluster on this machine: Redis (one server, or a 3-master/3-replica Redis Cluster), N orchestrator
# replicas, the function service and, when GLEITZEIT_OLLAMA_ENDPOINTS is set, the LLM service. Every process logs
# to and keeps its pid under one folder ($GLEITZEIT_CLUSTER_DIR, default ./.gleitzeit/local-cluster).
#
#   ops/local-cluster.sh up N [--redis-cluster]   start (N replicas, 1..9)
#   ops/local-cluster.sh status                   what runs, each replica's /health
#   ops/local-cluster.sh down                     SIGTERM everything (replicas finish what they hold), then Redis
#
# Ports: replica i (1..N) has its hub on $((BASE + i)) and /metrics, /health, the dashboard on $((BASE + 100 + i));
# BASE is $GLEITZEIT_CLUSTER_BASE_PORT (default 8100). Redis: $GLEITZEIT_CLUSTER_REDIS_PORT (default 6391), the
# Redis Cluster on 7101..7106. A configuration file for every process: GLEITZEIT_CONFIG (see docs/operations.md).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${GLEITZEIT_CLUSTER_DIR:-$root/.gleitzeit/local-cluster}"
base="${GLEITZEIT_CLUSTER_BASE_PORT:-8100}"
redis_port="${GLEITZEIT_CLUSTER_REDIS_PORT:-6391}"
cluster_ports=(7101 7102 7103 7104 7105 7106)
stop_timeout="${GLEITZEIT_CLUSTER_STOP_TIMEOUT:-40}"
gleitzeit="$root/gleitzeit"

usage() {
  sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

die() { echo "local-cluster: $*" >&2; exit 1; }

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# start NAME COMMAND...: runs COMMAND in the background, output to NAME.log, pid in NAME.pid
start() {
  local name="$1"; shift
  if alive "$dir/$name.pid"; then die "$name already runs (pid $(cat "$dir/$name.pid")); run 'down' first"; fi
  nohup "$@" >"$dir/$name.log" 2>&1 &
  echo $! >"$dir/$name.pid"
}

# wait_for NAME TEXT: until NAME.log contains TEXT (the process must stay alive)
wait_for() {
  local name="$1" text="$2" i
  for i in $(seq 1 240); do
    grep -q -- "$text" "$dir/$name.log" 2>/dev/null && return 0
    alive "$dir/$name.pid" || { tail -n 20 "$dir/$name.log" >&2; die "$name exited; log: $dir/$name.log"; }
    sleep 0.5
  done
  die "$name did not report '$text' within 120 s; log: $dir/$name.log"
}

start_redis() {
  command -v redis-server >/dev/null || die "redis-server is needed (apt-get install redis-server)"
  mkdir -p "$dir/redis"
  redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$dir/redis" --appendonly yes --appendfsync everysec \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
  for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.2; done
  redis_url="redis://127.0.0.1:$redis_port"
}

start_redis_cluster() {
  command -v redis-cli >/dev/null || die "redis-cli is needed (apt-get install redis-tools)"
  local port seeds=()
  for port in "${cluster_ports[@]}"; do
    mkdir -p "$dir/redis-$port"
    redis-server --port "$port" --bind 127.0.0.1 --dir "$dir/redis-$port" --cluster-enabled yes \
      --cluster-config-file nodes.conf --appendonly yes --appendfsync everysec --daemonize yes \
      --pidfile "$dir/redis-$port.pid" --logfile "$dir/redis-$port.log"
    seeds+=("127.0.0.1:$port")
  done
  for port in "${cluster_ports[@]}"; do
    for _ in $(seq 1 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.2; done
  done
  if ! redis-cli -p "${cluster_ports[0]}" cluster info | grep -q 'cluster_state:ok'; then
    redis-cli --cluster create "${seeds[@]}" --cluster-replicas 1 --cluster-yes >"$dir/redis-cluster-create.log"
    for _ in $(seq 1 100); do
      redis-cli -p "${cluster_ports[0]}" cluster info | grep -q 'cluster_state:ok' && break; sleep 0.2
    done
  fi
  redis_url="redis-cluster://$(IFS=,; echo "${seeds[*]:0:3}")"
}

up() {
  local n="${1:-}" mode="${2:-}"
  [[ "$n" =~ ^[1-9]$ ]] || usage
  [ -z "$mode" ] || [ "$mode" = "--redis-cluster" ] || usage
  mkdir -p "$dir"
  if [ "$mode" = "--redis-cluster" ]; then start_redis_cluster; else start_redis; fi
  echo "$redis_url" >"$dir/redis.url"
  local i hubs=()
  for i in $(seq 1 "$n"); do hubs+=("http://127.0.0.1:$((base + i))"); done
  local hub_list; hub_list="$(IFS=,; echo "${hubs[*]}")"
  for i in $(seq 1 "$n"); do
    start "replica-$i" "$gleitzeit" orchestrator --redis "$redis_url" --replica-id "replica-$i" \
      --host 127.0.0.1 --port "$((base + i))" --http-port "$((base + 100 + i))" --shutdown-timeout 30
    # The first start builds the distribution; let it finish before starting more launchers.
    [ "$i" -gt 1 ] || wait_for "replica-1" "running: hub on"
  done
  for i in $(seq 2 "$n"); do wait_for "replica-$i" "running: hub on"; done
  start functions "$gleitzeit" service functions --hub "$hub_list"
  if [ -n "${GLEITZEIT_OLLAMA_ENDPOINTS:-}" ]; then
    start llm "$gleitzeit" service llm --hub "$hub_list"
  fi
  echo "$hub_list" >"$dir/hubs"
  echo "local cluster up: $n replica(s) on $redis_url; hubs $hub_list"
  echo "dashboard http://127.0.0.1:$((base + 101))/ ; logs and pids in $dir"
  echo "submit with: ./gleitzeit submit WORKFLOW.json --hub $hub_list --follow"
}

status() {
  [ -d "$dir" ] || { echo "local cluster: not started ($dir does not exist)"; return 3; }
  local pidfile name down=0
  for pidfile in "$dir"/*.pid; do
    [ -e "$pidfile" ] || continue
    name="$(basename "$pidfile" .pid)"
    if alive "$pidfile"; then
      local health=""
      if [[ "$name" =~ ^replica-([0-9])$ ]]; then
        health="$(curl -s -m 2 "http://127.0.0.1:$((base + 100 + BASH_REMATCH[1]))/health" || echo 'no answer')"
      fi
      printf '%-12s running (pid %s) %s\n' "$name" "$(cat "$pidfile")" "$health"
    else
      printf '%-12s stopped\n' "$name"; down=1
    fi
  done
  return "$down"
}

# stop NAME: SIGTERM, then wait up to the stop timeout
stop() {
  local pidfile="$dir/$1.pid" pid
  alive "$pidfile" || { rm -f "$pidfile"; return 0; }
  pid="$(cat "$pidfile")"
  kill -TERM "$pid"
  for _ in $(seq 1 $((stop_timeout * 5))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "local-cluster: $1 (pid $pid) still runs after ${stop_timeout} s; killing it" >&2
    kill -KILL "$pid"
  fi
  rm -f "$pidfile"
}

down() {
  [ -d "$dir" ] || return 0
  local pidfile name
  stop llm; stop functions
  for pidfile in "$dir"/replica-*.pid; do
    [ -e "$pidfile" ] || continue
    stop "$(basename "$pidfile" .pid)"
  done
  for pidfile in "$dir"/redis*.pid; do
    [ -e "$pidfile" ] || continue
    name="$(basename "$pidfile" .pid)"
    stop "$name"
  done
  echo "local cluster down (logs kept in $dir)"
}

case "${1:-}" in
  up) shift; up "$@" ;;
  down) down ;;
  status) status ;;
  *) usage ;;
esac
