#!/usr/bin/env bash
# Measures async-relay against a direct connection and against HAProxy, in the same run, on
# loopback: TCP throughput (iperf3), UDP throughput (iperf3 -u), HTTP requests over kept-alive
# and over new connections (wrk against nginx). Prints ratios to the direct connection and writes
# them to benchmarks/results/latest.md. Every load runs for a fixed time and stops by itself.
#
# usage: benchmarks/run.sh [SECONDS_PER_RUN]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${1:-5}

need=()
for tool in iperf3:iperf3 wrk:wrk haproxy:haproxy nginx:nginx-light jq:jq; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || need+=("${tool#*:}")
done
if [ ${#need[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null \
        || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null; }
fi
[ -d /usr/lib/jvm/java-17-openjdk-amd64 ] && export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
RELAY=karaf-assembly/target/assembly/bin/relay
[ -x "$RELAY" ] || mvn -B -q -DskipTests install

work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# backends
IPERF=15201; HTTP=18088
# through async-relay
R_IPERF=25201; R_HTTP=28088
# through HAProxy (TCP only)
H_IPERF=35201; H_HTTP=38088

iperf3 -s -B 127.0.0.1 -p $IPERF >/dev/null 2>&1 &
pids+=($!)

mkdir -p "$work/nginx"
head -c 1024 /dev/urandom | base64 > "$work/nginx/index.html"
cat > "$work/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 1000000;
    server { listen 127.0.0.1:$HTTP; root $work/nginx; }
}
EOF
nginx -c "$work/nginx.conf" -g 'daemon off;' &
pids+=($!)

cat > "$work/haproxy.cfg" <<EOF
global
    maxconn 4000
defaults
    mode tcp
    timeout connect 5s
    timeout client 60s
    timeout server 60s
frontend iperf
    bind 127.0.0.1:$H_IPERF
    default_backend iperf
backend iperf
    server s1 127.0.0.1:$IPERF
frontend http
    bind 127.0.0.1:$H_HTTP
    default_backend http
backend http
    server s1 127.0.0.1:$HTTP
EOF
haproxy -f "$work/haproxy.cfg" -db >/dev/null 2>&1 &
pids+=($!)

cat > "$work/relay.yaml" <<EOF
services:
  - name: iperf
    protocol: both
    listen: {address: 127.0.0.1, port: $R_IPERF}
    backends: ["127.0.0.1:$IPERF"]
  - name: http
    protocol: tcp
    listen: {address: 127.0.0.1, port: $R_HTTP}
    backends: ["127.0.0.1:$HTTP"]
EOF
"$RELAY" -c "$work/relay.yaml" --log-level WARNING > "$work/relay.log" 2>&1 &
pids+=($!)

for port in $IPERF $HTTP $H_IPERF $H_HTTP $R_IPERF $R_HTTP; do
    for _ in $(seq 1 200); do
        (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break
        sleep 0.1
    done
done

iperf() { # port extra-args -> bits per second
    iperf3 -c 127.0.0.1 -p "$1" -t "$SECONDS_PER_RUN" -J "${@:2}" 2>/dev/null \
        | jq -r 'if .end.sum_received then .end.sum_received.bits_per_second
                 else .end.sum.bits_per_second * (1 - .end.sum.lost_percent / 100) end'
}
wrk_rps() { # port extra-args -> requests per second
    wrk -t 2 -c 64 -d "${SECONDS_PER_RUN}s" "${@:2}" "http://127.0.0.1:$1/" 2>/dev/null \
        | awk '/Requests\/sec/ {print $2}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
human() { awk -v v="$1" -v u="$2" 'BEGIN { if (u == "bps") printf "%.2f Gbit/s", v / 1e9; else printf "%.0f req/s", v }'; }

echo "warming up the relay's JIT ..." >&2
iperf3 -c 127.0.0.1 -p $R_IPERF -t 3 >/dev/null 2>&1 || true
wrk -t 2 -c 64 -d 3s "http://127.0.0.1:$R_HTTP/" >/dev/null 2>&1 || true

rows=()
measure() { # name unit direct-cmd relay-cmd [haproxy-cmd]
    local name=$1 unit=$2 d r h="" hr="-"
    d=$(eval "$3" || true); r=$(eval "$4" || true)
    if [ -n "${5:-}" ]; then h=$(eval "$5" || true); hr="$(human "$h" "$unit") ($(ratio "$h" "$d"))"; fi
    rows+=("| $name | $(human "$d" "$unit") | $(human "$r" "$unit") | **$(ratio "$r" "$d")** | $hr |")
    echo "${rows[-1]}" >&2
}
measure "TCP, 1 stream, client to server" bps "iperf $IPERF" "iperf $R_IPERF" "iperf $H_IPERF"
measure "TCP, 1 stream, server to client" bps "iperf $IPERF -R" "iperf $R_IPERF -R" "iperf $H_IPERF -R"
measure "TCP, 8 streams" bps "iperf $IPERF -P 8" "iperf $R_IPERF -P 8" "iperf $H_IPERF -P 8"
measure "UDP, 1400-byte datagrams offered at 1 Gbit/s, delivered" bps "iperf $IPERF -u -b 1G -l 1400" "iperf $R_IPERF -u -b 1G -l 1400"
measure "UDP, 8000-byte datagrams, unlimited rate, delivered" bps "iperf $IPERF -u -b 0 -l 8000" "iperf $R_IPERF -u -b 0 -l 8000"
measure "HTTP, 64 kept-alive connections" rps "wrk_rps $HTTP" "wrk_rps $R_HTTP" "wrk_rps $H_HTTP"
measure "HTTP, a new connection per request" rps "wrk_rps $HTTP -H 'Connection: close'" \
    "wrk_rps $R_HTTP -H 'Connection: close'" "wrk_rps $H_HTTP -H 'Connection: close'"

mkdir -p benchmarks/results
{
    echo "# async-relay benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
    echo
    echo "$(nproc) cores, $(java -version 2>&1 | head -1), $(haproxy -v | head -1 | cut -d' ' -f1-3);"
    echo "load generator, backend and proxy share the machine; ${SECONDS_PER_RUN} s per run; ratio = through the proxy / direct."
    echo
    echo "| load | direct | async-relay | relay/direct | HAProxy (HAProxy/direct) |"
    echo "|---|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
} | tee benchmarks/results/latest.md
