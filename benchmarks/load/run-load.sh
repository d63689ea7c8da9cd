#!/usr/bin/env bash
# Holds CONNECTIONS loopback connections to an echo server of '!I' frames in a -Xmx256m JVM and
# measures it (see io.jstruct.benchmarks.LoadDriver): connections held, the server's RSS, threads
# and heap, and p50/p99 round trips of a framed echo at that load. Not part of `mvn verify`.
#
#   mvn -B -q package -pl samples,benchmarks -am -DskipTests     # once: the two jars
#   benchmarks/load/run-load.sh netty 10000                      # chat-hub --echo on Netty
#   benchmarks/load/run-load.sh blocking 2000                    # a thread per connection
#
# Arguments: SERVER (netty|blocking) CONNECTIONS [ACTIVE=100] [SECONDS=20]. Loopback only; the
# whole run is bounded by `timeout`, and the server is killed on every exit path.
set -euo pipefail
cd "$(dirname "$0")/../.."
server=${1:?netty or blocking}
connections=${2:?number of connections}
active=${3:-100}
seconds=${4:-20}

# each connection is a descriptor in the server and one in the driver (two processes): raise the soft limit
ulimit -n "$(ulimit -Hn)"   # the hard limit; 10,000 connections need 10,000 descriptors per process

log=$(mktemp)
case "$server" in
  netty)
    java -Xmx256m -cp samples/target/jstruct-samples.jar io.jstruct.samples.Main chat-hub \
      --port 0 --echo --quiet --max-clients 1000000 >"$log" 2>&1 &
    ;;
  blocking)
    java -Xmx256m -cp benchmarks/target/benchmarks.jar io.jstruct.benchmarks.BlockingEchoServer \
      >"$log" 2>&1 &
    ;;
  *) echo "SERVER must be netty or blocking" >&2; exit 2 ;;
esac
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -f "$log"' EXIT

port=
for _ in $(seq 1 300); do
  port=$(sed -n 's/.* listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log" | head -1)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "server did not start:"; cat "$log"; exit 1; }
echo "server: $server, pid $pid, port $port, -Xmx256m; driver: $connections connections, $active active, ${seconds}s"

timeout 600 java -Xmx1g -Dio.netty.leakDetection.level=disabled \
  -cp benchmarks/target/benchmarks.jar io.jstruct.benchmarks.LoadDriver \
  --port "$port" --connections "$connections" --active "$active" --seconds "$seconds" \
  --server-pid "$pid"
echo "server still alive after the run: $(kill -0 $pid 2>/dev/null && echo yes || echo no)"
grep -v 'listening on' "$log" | head -20 || true
