#!/usr/bin/env bash
# Starts and stops a local OpenSearch cluster of real nodes, each its own JVM,
# home folder and loopback ports (HTTP 9200+i, transport 9300+i), built from the
# Maven Central artifacts by the launcher beside this script.
#
#   deploy/opensearch/cluster.sh up      build the launcher, start the nodes, wait for green
#   deploy/opensearch/cluster.sh down    stop the nodes, remove their data
#   deploy/opensearch/cluster.sh status  cluster health
#
# NODES (3), HEAP (512m), CLUSTER_DIR (data/opensearch-cluster) and
# WAIT_SECONDS (240) can be set in the environment.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
NODES="${NODES:-3}"
HEAP="${HEAP:-512m}"
CLUSTER_DIR="${CLUSTER_DIR:-$root/data/opensearch-cluster}"
WAIT_SECONDS="${WAIT_SECONDS:-240}"
JAVA="${JAVA:-java}"

health() { curl -fsS --max-time 5 "http://127.0.0.1:9200/_cluster/health" 2>/dev/null; }

build() {
  if [ ! -d "$here/target/lib" ] || [ "$here/pom.xml" -nt "$here/target/lib" ] ||
     [ -n "$(find "$here/src" -newer "$here/target/lib" -name '*.java' 2>/dev/null)" ]; then
    echo "building the OpenSearch launcher (Maven)"
    (cd "$here" && mvn -q -B package)
    touch "$here/target/lib"
  fi
}

up() {
  if health >/dev/null; then
    echo "something already answers on 127.0.0.1:9200: $(health)" >&2
    exit 1
  fi
  build
  mkdir -p "$CLUSTER_DIR"
  local seeds="" managers=""
  for ((i = 0; i < NODES; i++)); do
    seeds+="${seeds:+,}127.0.0.1:$((9300 + i))"
    managers+="${managers:+,}node-$i"
  done
  for ((i = 0; i < NODES; i++)); do
    start_node "$i" "$seeds" "$managers"
  done
  wait_green
}

# start_node I SEEDS MANAGERS starts node-I in the background; its pid goes to
# CLUSTER_DIR/node-I.pid and its output to CLUSTER_DIR/node-I.log.
start_node() {
  local i="$1" seeds="$2" managers="$3"
  local name="node-$i"
  local extra=()
  [ "$NODES" -gt 1 ] && extra=(--seeds "$seeds" --managers "$managers")
  nohup "$JAVA" "-Xms$HEAP" "-Xmx$HEAP" -XX:+UseSerialGC -Dfile.encoding=UTF-8 \
    -cp "$here/target/classes:$here/target/lib/*" sitrep.opensearch.Launcher \
    --name "$name" --home "$CLUSTER_DIR/$name" \
    --http "$((9200 + i))" --transport "$((9300 + i))" "${extra[@]}" \
    >"$CLUSTER_DIR/$name.log" 2>&1 &
  echo $! >"$CLUSTER_DIR/$name.pid"
  echo "started $name (pid $!, http 127.0.0.1:$((9200 + i)))"
}

wait_green() {
  local deadline=$((SECONDS + WAIT_SECONDS)) h=""
  while ((SECONDS < deadline)); do
    h="$(curl -fsS --max-time 5 "http://127.0.0.1:9200/_cluster/health?wait_for_status=green&wait_for_nodes=$NODES&timeout=5s" 2>/dev/null || true)"
    if [[ "$h" == *'"status":"green"'* && "$h" != *'"timed_out":true'* ]]; then
      echo "cluster green: $h"
      return 0
    fi
    for pidfile in "$CLUSTER_DIR"/node-*.pid; do
      if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
        echo "$(basename "$pidfile" .pid) exited; its log:" >&2
        tail -40 "${pidfile%.pid}.log" >&2
        exit 1
      fi
    done
    sleep 2
  done
  echo "cluster not green after ${WAIT_SECONDS}s: ${h:-no answer}" >&2
  exit 1
}

down() {
  local pids=()
  for pidfile in "$CLUSTER_DIR"/node-*.pid; do
    [ -e "$pidfile" ] || continue
    local pid
    pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" && pids+=("$pid")
    fi
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
  done
  rm -rf "$CLUSTER_DIR"
  echo "cluster stopped (${#pids[@]} nodes), data removed"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) health || { echo "no cluster on 127.0.0.1:9200" >&2; exit 1; } ;;
  start-node) # start-node I: restart one node of a running cluster (fail-over tests)
    seeds="" managers=""
    for ((i = 0; i < NODES; i++)); do seeds+="${seeds:+,}127.0.0.1:$((9300 + i))"; managers+="${managers:+,}node-$i"; done
    start_node "$2" "$seeds" "$managers" ;;
  *) echo "usage: $0 up|down|status|start-node I" >&2; exit 2 ;;
esac
