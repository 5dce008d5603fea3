#!/usr/bin/env bash
# Provides a real ZooKeeper server (standalone) on loopback, for an active/passive pair (CLUSTER_ZOOKEEPER):
# its tests and trying a pair by hand.
#
#   scripts/zookeeper.sh ensure                 print the class path of the ZooKeeper server (fetched once
#                                               from Maven Central's org.apache.zookeeper:zookeeper with ./mvnw)
#   scripts/zookeeper.sh start [options]        start a fresh server; print eval-able lines
#   scripts/zookeeper.sh restart --data-dir D   start again a server of D whose process ended (same port,
#                                               same data); print its ZOOKEEPER_PID
#   scripts/zookeeper.sh stop  [--data-dir D]   stop it and remove its data directory
#
# start options:
#   --port N        loopback client port (default: a free one)
#   --data-dir D    data directory (default: a new temporary one); removed by `stop`
#   --watch-pid P   stop the server and remove its data when process P ends (e.g. a test JVM that was killed
#                   before it could stop the server itself); the server's own process may end and be
#                   restarted meanwhile (a test of an outage)
#
# Environment:
#   ZOOKEEPER_VERSION  the server's version (default below: the one camel-zookeeper 4.17.0's client uses)
#   XDG_CACHE_HOME     the jars are cached in ${XDG_CACHE_HOME:-$HOME/.cache}/energy-correlator
set -euo pipefail

ZOOKEEPER_VERSION=${ZOOKEEPER_VERSION:-3.9.4}
PROJECT_DIR=$(cd "$(dirname "$0")/.." && pwd)
CACHE_DIR=${XDG_CACHE_HOME:-$HOME/.cache}/energy-correlator
JAR_DIR=$CACHE_DIR/zookeeper-$ZOOKEEPER_VERSION

die() { echo "zookeeper.sh: $*" >&2; exit 1; }
log() { echo "zookeeper.sh: $*" >&2; }

# --- ensure -----------------------------------------------------------------------------------

# The server jar and its dependencies, copied by Maven from the registry into the cache (made afresh when
# missing). metrics-core and snappy-java are marked "provided" in ZooKeeper's POM but the server needs them;
# slf4j-simple gives its log lines a place (zookeeper.log in the data directory).
ensure() {
  if [ -f "$JAR_DIR/.complete" ]; then echo "$JAR_DIR/*"; return; fi
  mkdir -p "$CACHE_DIR"
  exec 9>"$CACHE_DIR/zookeeper-$ZOOKEEPER_VERSION.lock"
  flock 9
  if [ ! -f "$JAR_DIR/.complete" ]; then
    local work; work=$(mktemp -d "${TMPDIR:-/tmp}/energy-correlator-zookeeper-fetch.XXXXXX")
    cat >"$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>io.energycorrelator</groupId><artifactId>zookeeper-server</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.zookeeper</groupId><artifactId>zookeeper</artifactId><version>$ZOOKEEPER_VERSION</version></dependency>
    <dependency><groupId>io.dropwizard.metrics</groupId><artifactId>metrics-core</artifactId><version>4.2.40</version></dependency>
    <dependency><groupId>org.xerial.snappy</groupId><artifactId>snappy-java</artifactId><version>1.1.10.8</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>2.0.17</version></dependency>
  </dependencies>
</project>
POM
    rm -rf "$JAR_DIR.tmp"
    "$PROJECT_DIR/mvnw" -B -q -f "$work/pom.xml" dependency:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$JAR_DIR.tmp" >"$work/maven.log" 2>&1 \
      || { tail -n 30 "$work/maven.log" >&2; rm -rf "$work"; die "./mvnw could not fetch org.apache.zookeeper:zookeeper:$ZOOKEEPER_VERSION"; }
    # The server's logging is ZooKeeper's choice of logback where it is there; one slf4j binding only.
    rm -f "$JAR_DIR.tmp"/logback-*.jar
    rm -rf "$work" "$JAR_DIR"
    touch "$JAR_DIR.tmp/.complete"
    mv "$JAR_DIR.tmp" "$JAR_DIR"
  fi
  echo "$JAR_DIR/*"
}

# --- start / restart / stop -------------------------------------------------------------------

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# ruok PORT: ZooKeeper's own liveness word ("imok"), as its four-letter-word interface answers it.
ruok() {
  local answer
  answer=$( (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf ruok >&3 && timeout 2 cat <&3) 2>/dev/null) || return 1
  [ "$answer" = imok ]
}

start() {
  local port="" data_dir="" watch_pid=""
  while [ $# -gt 0 ]; do
    case $1 in
      --port) port=${2:?--port needs a value}; shift 2 ;;
      --data-dir) data_dir=${2:?--data-dir needs a value}; shift 2 ;;
      --watch-pid) watch_pid=${2:?--watch-pid needs a value}; shift 2 ;;
      *) die "start: unknown option $1" ;;
    esac
  done
  local classpath; classpath=$(ensure)
  [ -n "$port" ] || port=$(free_port)
  if [ -z "$data_dir" ]; then data_dir=$(mktemp -d "${TMPDIR:-/tmp}/energy-correlator-zookeeper.XXXXXX")
  else [ -e "$data_dir/zookeeper.pid" ] && die "$data_dir already holds a server (zookeeper.pid)"; mkdir -p "$data_dir"; fi
  data_dir=$(cd "$data_dir" && pwd)

  # Sessions of 2 to 60 s may be negotiated (2 and 20 ticks by default would cap them at 40 s).
  cat >"$data_dir/zoo.cfg" <<CFG
tickTime=1000
minSessionTimeout=2000
maxSessionTimeout=60000
dataDir=$data_dir/data
clientPort=$port
clientPortAddress=127.0.0.1
admin.enableServer=false
4lw.commands.whitelist=ruok,srvr
CFG
  echo "$port" >"$data_dir/zookeeper.port"
  launch "$classpath" "$data_dir" "$port" || { rm -rf "$data_dir"; die "ZooKeeper did not start (port $port)"; }
  local pid; pid=$(cat "$data_dir/zookeeper.pid")

  if [ -n "$watch_pid" ]; then
    # A watchdog in its own session: when the owner dies, however it dies, the server goes too (whichever
    # process the data directory's zookeeper.pid names then: the server may have been restarted meanwhile).
    setsid bash -c 'while kill -0 "$1" 2>/dev/null && [ -d "$2" ]; do sleep 1; done
                    [ -d "$2" ] || exit 0
                    pid=$(cat "$2/zookeeper.pid" 2>/dev/null) && kill -CONT "$pid" 2>/dev/null && kill "$pid" 2>/dev/null
                    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
                    kill -9 "$pid" 2>/dev/null; rm -rf "$2"' _ "$watch_pid" "$data_dir" \
      >/dev/null 2>&1 </dev/null &
  fi

  echo "CLUSTER_ZOOKEEPER=127.0.0.1:$port"
  echo "ZOOKEEPER_DATA_DIR=$data_dir"
  echo "ZOOKEEPER_PID=$pid"
}

# launch CLASSPATH DATA_DIR PORT: runs the server on the data directory and waits until it answers ruok.
launch() {
  local classpath=$1 data_dir=$2 port=$3
  # setsid: the server outlives this script and is not killed with the caller's process group.
  setsid java -Xmx128m -cp "$classpath" -Dzookeeper.jmx.log4j.disable=true \
      org.apache.zookeeper.server.quorum.QuorumPeerMain "$data_dir/zoo.cfg" \
      >>"$data_dir/zookeeper.log" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$data_dir/zookeeper.pid"
  local waited=0
  until ruok "$port"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$data_dir/zookeeper.log" >&2; log "ZooKeeper exited during start-up (port $port)"; return 1
    fi
    (( waited++ < 300 )) || { kill -9 "$pid" 2>/dev/null; log "ZooKeeper did not answer ruok on 127.0.0.1:$port within 30 s"; return 1; }
    sleep 0.1
  done
}

restart() {
  local data_dir=""
  while [ $# -gt 0 ]; do
    case $1 in
      --data-dir) data_dir=${2:?--data-dir needs a value}; shift 2 ;;
      *) die "restart: unknown option $1" ;;
    esac
  done
  [ -n "$data_dir" ] && [ -f "$data_dir/zookeeper.port" ] || die "restart: --data-dir D of a server started by this script"
  local pid; pid=$(cat "$data_dir/zookeeper.pid")
  ! kill -0 "$pid" 2>/dev/null || die "restart: the server of $data_dir is still running (pid $pid)"
  launch "$(ensure)" "$data_dir" "$(cat "$data_dir/zookeeper.port")" || die "restart of the server of $data_dir failed"
  echo "ZOOKEEPER_PID=$(cat "$data_dir/zookeeper.pid")"
}

stop_dir() {
  local data_dir=$1 pid
  [ -d "$data_dir" ] || die "stop: no data directory $data_dir"
  if [ -f "$data_dir/zookeeper.pid" ]; then
    pid=$(cat "$data_dir/zookeeper.pid")
    if kill -0 "$pid" 2>/dev/null; then
      kill -CONT "$pid" 2>/dev/null || true
      kill "$pid"
      for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  fi
  rm -rf "$data_dir"
}

stop() {
  local data_dir=${ZOOKEEPER_DATA_DIR:-}
  while [ $# -gt 0 ]; do
    case $1 in
      --data-dir) data_dir=${2:?--data-dir needs a value}; shift 2 ;;
      *) die "stop: unknown option $1" ;;
    esac
  done
  [ -n "$data_dir" ] || die "stop: say which server: --data-dir D (or ZOOKEEPER_DATA_DIR from start)"
  stop_dir "$data_dir"
}

case ${1:-} in
  ensure) shift; ensure "$@" ;;
  start) shift; start "$@" ;;
  restart) shift; restart "$@" ;;
  stop) shift; stop "$@" ;;
  *) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
