#!/usr/bin/env bash
# Measures async-relay with its defaults (what users run; splice: false as extra rows) against a
# direct connection, HAProxy (one thread) and nginx's stream module (one worker), in the same run, on loopback: TCP bulk (iperf3, 1 and 8 streams), HTTP over kept-alive
# and over new connections with p99 latency (wrk against nginx), UDP request/response at a fixed
# rate with loss and latency (benchmarks/UdpLoad.java), and TCP and UDP on one port at once.
# Then the cost of the access log and of /metrics (the same relay with both on and both off,
# alternated), the cost of traffic control (PROXY protocol v2 to the backend, an allow list of 1,000
# networks and every limit on, against the same service without them, alternated) and start-up
# time and memory of bin/relay with its defaults (benchmarks/Startup.java).
# Writes benchmarks/RESULTS.md. Every load runs for a fixed time and stops by itself.
#
# usage: benchmarks/run.sh [SECONDS_PER_RUN]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${1:-5}

need=()
for tool in iperf3:iperf3 wrk:wrk haproxy:haproxy nginx:nginx-light jq:jq; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || need+=("${tool#*:}")
done
[ -f /usr/lib/nginx/modules/ngx_stream_module.so ] || need+=(libnginx-mod-stream)
if [ ${#need[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null \
        || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null; }
fi
[ -d /usr/lib/jvm/java-17-openjdk-amd64 ] && export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
[ -x karaf-assembly/target/assembly/bin/relay ] || mvn -B -q -DskipTests install

work=$(mktemp -d)
# a copy of the distribution, with its defaults (#17: users get the defaults; the benchmark ran
# one event-loop thread until then). RELAY_THREADS=N runs N event loops instead of the
# default (one per two cores); RELAY_NATIVE_TRANSPORT=false measures NIO instead of the default epoll transport.
cp -r karaf-assembly/target/assembly "$work/relay-home"
[ -n "${RELAY_THREADS:-}" ] && echo "threads = $RELAY_THREADS" >> "$work/relay-home/etc/org.asyncrelay.engine.cfg"
[ -n "${RELAY_NATIVE_TRANSPORT:-}" ] && echo "native.transport = $RELAY_NATIVE_TRANSPORT" >> "$work/relay-home/etc/org.asyncrelay.engine.cfg"
RELAY="$work/relay-home/bin/relay"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# backends; SHARED is nginx on TCP and a UDP echo on UDP, one port number
IPERF=15201; HTTP=18088; SHARED=18090
# nginx again, reading a PROXY protocol header first (the traffic-control service's backend)
HTTP_PP=18089
# through async-relay; R_IPERF is a service with the defaults (splice after 64 KiB), R_IPERF_COPY
# the same with splice: false (every byte through the JVM)
R_IPERF=25201; R_IPERF_COPY=25202; R_HTTP=28088; R_SHARED=28090; R_WEB=28099
# the same as R_HTTP with traffic control on (#19)
R_HTTP_TC=28089
# through HAProxy (TCP only)
H_IPERF=21201; H_HTTP=21088
# through nginx's stream module (TCP, and UDP on N_SHARED)
N_IPERF=22201; N_HTTP=22088; N_SHARED=22090
# UDP through a relay and an nginx started just before the load (#17: right after a start)
R_FRESH=28092; N_FRESH=22092
# every port stays below the ephemeral range (32768-60999 here): a relay's outgoing connection in
# TIME_WAIT on 38088 once kept HAProxy from binding there

# a server left over from another run would answer in place of this run's own, silently
for port in $IPERF $HTTP $HTTP_PP $SHARED $H_IPERF $H_HTTP $N_IPERF $N_HTTP $N_SHARED $R_IPERF $R_IPERF_COPY $R_HTTP $R_HTTP_TC $R_SHARED $R_WEB $R_FRESH $N_FRESH; do
    if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then
        echo "127.0.0.1:$port is already in use: stop what listens there (ss -ltnp) and run again" >&2
        exit 1
    fi
done

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
    server { listen 127.0.0.1:$HTTP; listen 127.0.0.1:$SHARED; root $work/nginx; }
    server { listen 127.0.0.1:$HTTP_PP proxy_protocol; root $work/nginx; }
}
EOF
nginx -c "$work/nginx.conf" -g 'daemon off;' &
pids+=($!)

java benchmarks/UdpLoad.java echo $SHARED &
pids+=($!)

cat > "$work/haproxy.cfg" <<EOF
global
    maxconn 4000
    nbthread 1
defaults
    mode tcp
    timeout connect 5s
    timeout client 60s
    timeout server 60s
frontend iperf
    bind 127.0.0.1:$H_IPERF
    default_backend iperf
backend iperf
    option splice-auto
    server s1 127.0.0.1:$IPERF
frontend http
    bind 127.0.0.1:$H_HTTP
    default_backend http
backend http
    server s1 127.0.0.1:$HTTP
EOF
haproxy -f "$work/haproxy.cfg" -db >/dev/null 2>&1 &
pids+=($!)

# nginx as an L4 proxy (its stream module), a process of its own beside the HTTP backend
mkdir -p "$work/nginx-stream"
cat > "$work/nginx-stream.conf" <<EOF
load_module /usr/lib/nginx/modules/ngx_stream_module.so;
worker_processes 1;
pid $work/nginx-stream/nginx.pid;
error_log $work/nginx-stream/error.log;
events { worker_connections 4096; }
stream {
    server { listen 127.0.0.1:$N_IPERF; proxy_pass 127.0.0.1:$IPERF; }
    server { listen 127.0.0.1:$N_HTTP; proxy_pass 127.0.0.1:$HTTP; }
    server { listen 127.0.0.1:$N_SHARED; proxy_pass 127.0.0.1:$SHARED; }
    server { listen 127.0.0.1:$N_SHARED udp; proxy_pass 127.0.0.1:$SHARED; proxy_timeout 60s; }
}
EOF
nginx -c "$work/nginx-stream.conf" -g 'daemon off;' &
pids+=($!)

# 1,000 networks that the load's client (127.0.0.1) is the last to match: 999 others, then loopback
allow_list=$(awk 'BEGIN { srand(19); for (i = 0; i < 999; i++) printf "\"%d.%d.%d.0/24\", ", 11 + int(rand() * 200), int(rand() * 256), int(rand() * 256); printf "\"127.0.0.0/8\"" }')
relay_yaml() { # web-ui and access-log switches (true|false) -> the relay's file
cat <<EOF
web_ui: {enabled: $1, port: $R_WEB}
access_log: {enabled: $2}
services:
  - name: iperf
    protocol: both
    listen: {address: 127.0.0.1, port: $R_IPERF}
    backends: ["127.0.0.1:$IPERF"]
  - name: iperf-copy
    protocol: tcp
    splice: false
    listen: {address: 127.0.0.1, port: $R_IPERF_COPY}
    backends: ["127.0.0.1:$IPERF"]
  - name: http
    protocol: tcp
    listen: {address: 127.0.0.1, port: $R_HTTP}
    backends: ["127.0.0.1:$HTTP"]
  - name: shared
    protocol: both
    listen: {address: 127.0.0.1, port: $R_SHARED}
    backends: ["127.0.0.1:$SHARED"]
  - name: http-traffic-control
    protocol: tcp
    listen: {address: 127.0.0.1, port: $R_HTTP_TC}
    backends: ["127.0.0.1:$HTTP_PP"]
    proxy_protocol: v2
    allow: [$allow_list]
    deny: ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"]
    max_connections: 100000
    max_connections_per_client: 100000
    max_new_connections_per_client: 1000000
EOF
}
# the defaults: the access log on, the web UI (and with it /metrics) off
relay_yaml false true > "$work/relay.yaml"
"$RELAY" -c "$work/relay.yaml" --log-level WARNING --reload-delay 1 > "$work/relay.log" 2>&1 &
pids+=($!)

for port in $IPERF $HTTP $HTTP_PP $SHARED $H_IPERF $H_HTTP $N_IPERF $N_HTTP $N_SHARED $R_IPERF $R_IPERF_COPY $R_HTTP $R_HTTP_TC $R_SHARED; do
    for _ in $(seq 1 200); do
        (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && continue 2
        sleep 0.1
    done
    echo "nothing listens on 127.0.0.1:$port after 20 s (port in use? a server that failed to start?)" >&2
    exit 1
done

iperf() { # port extra-args -> bits per second
    # iperf3's server takes one test at a time, and through a proxy the sockets of the run before may
    # still be closing when this one starts ("the server is busy": the run gives no figure)
    local i
    for i in $(seq 1 50); do
        [ -z "$(ss -Htn state established state close-wait "( sport = :$IPERF )")" ] && break
        sleep 0.1
    done
    iperf3 -c 127.0.0.1 -p "$1" -t "$SECONDS_PER_RUN" -J "${@:2}" 2>/dev/null \
        | jq -r 'if .error then empty elif .end.sum_received then .end.sum_received.bits_per_second
                 else .end.sum.bits_per_second * (1 - .end.sum.lost_percent / 100) end'
}
wrk_run() { # port extra-args -> "requests-per-second p99-ms"
    wrk -t 2 -c 64 -d "${SECONDS_PER_RUN}s" --latency "${@:2}" "http://127.0.0.1:$1/" 2>/dev/null \
        | awk '/Requests\/sec/ {rps=$2}
               / 99%/ {v=$2; if (v ~ /us$/) {sub("us","",v); v=v/1000} else if (v ~ /ms$/) {sub("ms","",v)} else if (v ~ /s$/) {sub("s","",v); v=v*1000}; p99=v}
               END {print rps, p99}'
}
udp_sockets() { # -> "inode local-port remote-port drops" per UDP socket
    awk 'NR > 1 && $1 != "sl" { split($2, l, ":"); split($3, r, ":"); print $10, l[2], r[2], $NF }' \
        /proc/net/udp /proc/net/udp6
}
udp_drops() { # relay-port backend-port before-file after-file -> "listener backend-sockets elsewhere":
    # datagrams dropped on full receive buffers between the two snapshots; a socket counts from zero
    # when it is new (a session's backend socket) and not at all when it has closed since
    awk -v lp="$(printf '%04X' "$1")" -v rp="$(printf '%04X' "$2")" \
        'FNR == NR { before[$1] = $4; next }
         { d = $4 - before[$1]; if ($2 == lp) a += d; else if ($3 == rp) b += d; else c += d }
         END { print a + 0, b + 0, c + 0 }' "$3" "$4"
}
udp_run() { # port rate size -> "sent received lost% answered/s mean-ms p99-ms"
    java benchmarks/UdpLoad.java load "$1" "$2" "$3" "$SECONDS_PER_RUN"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
human() { awk -v v="$1" -v u="$2" 'BEGIN { if (u == "bps") printf "%.2f Gbit/s", v / 1e9; else printf "%.0f req/s", v }'; }

# every proxy warmed up the same way (the relay's JIT needs it; the others get the same)
echo "warming up the proxies ..." >&2
for port in $R_IPERF $R_IPERF_COPY $H_IPERF $N_IPERF; do
    iperf3 -c 127.0.0.1 -p $port -t 3 >/dev/null 2>&1 || true
done
for port in $R_HTTP $H_HTTP $N_HTTP; do
    wrk -t 2 -c 64 -d 3s "http://127.0.0.1:$port/" >/dev/null 2>&1 || true
    wrk -t 2 -c 64 -d 3s -H 'Connection: close' "http://127.0.0.1:$port/" >/dev/null 2>&1 || true
done

steal() { awk '/^cpu /{t=0; for (i=2; i<=NF; i++) t+=$i; print $9, t}' /proc/stat; }
steal_start=($(steal))
rows=()
row() { rows+=("$1"); echo "$1" >&2; }
# #17: five rounds of each TCP row; a proxy's figure is its round with the median ratio, each round's
# ratio against the direct run of that round, and the proxies take turns at running first after it.
# A round in which the direct run or the proxy's gave no figure is left out of that proxy's median.
LOAD_ROUNDS=${LOAD_ROUNDS:-5}
middle() { # lines -> the median line by the first field, of those whose first field is above 0
    awk '$1 > 0' | sort -g | awk '{line[NR] = $0} END {print line[int((NR + 1) / 2)]}'
}
in_turn() { # round measure relay-port haproxy-port nginx-port extra-args... -> got[relay], got[haproxy],
    # got[nginx]: "measure port extra-args..." for each proxy, the order rotated by the round
    local k=$1 measure=$2 i j names=(relay haproxy nginx) ports=("$3" "$4" "$5")
    shift 5
    for i in 0 1 2; do
        j=$(( (k + i) % 3 ))
        got[${names[$j]}]=$("$measure" "${ports[$j]}" "$@" || true)
    done
}
bulk() { # name relay-port extra-args: LOAD_ROUNDS rounds, each proxy's figure its round with the median ratio
    # (a direct run of one stream measured 22 Gbit/s once, 35-38 in the runs around it)
    local d rounds=() k
    declare -A got
    for k in $(seq 1 "$LOAD_ROUNDS"); do
        d=$(iperf $IPERF "${@:3}" || true)
        in_turn "$k" iperf "$2" $H_IPERF $N_IPERF "${@:3}"
        rounds+=("${d:-0} ${got[relay]:-0} ${got[haproxy]:-0} ${got[nginx]:-0}")
    done
    pick() { # field -> "ratio direct proxy" of the round with the median ratio, of the rounds that measured both
        printf '%s\n' "${rounds[@]}" | awk -v f="$1" '$1 > 0 && $f > 0 {printf "%.4f %s %s\n", $f / $1, $1, $f}' \
            | middle
    }
    local dm rm hm nm
    dm=$(printf '%s\n' "${rounds[@]}" | middle | cut -d' ' -f1)
    rm=($(pick 2)); hm=($(pick 3)); nm=($(pick 4))
    row "| $1 (median of $LOAD_ROUNDS rounds) | $(human "$dm" bps) | $(human "${rm[2]}" bps) | **$(ratio "${rm[2]}" "${rm[1]}")** | $(human "${hm[2]}" bps) ($(ratio "${hm[2]}" "${hm[1]}")) | $(human "${nm[2]}" bps) ($(ratio "${nm[2]}" "${nm[1]}")) |"
}
http() { # name extra-args: LOAD_ROUNDS rounds, each proxy's row is its round with the median ratio
    # #17: the machine's speed drifts between minutes (direct new connections measured 11,800 and
    # 16,500 req/s on the same day), so each proxy is compared with the direct run of its own round
    local d rounds=() k
    declare -A got
    for k in $(seq 1 "$LOAD_ROUNDS"); do
        d=($(wrk_run $HTTP "${@:2}" || true))
        in_turn "$k" wrk_run $R_HTTP $H_HTTP $N_HTTP "${@:2}"
        local r=(${got[relay]:-}) h=(${got[haproxy]:-}) n=(${got[nginx]:-})
        rounds+=("${d[0]:-0} ${d[1]:--} ${r[0]:-0} ${r[1]:--} ${h[0]:-0} ${h[1]:--} ${n[0]:-0} ${n[1]:--}")
    done
    median_round() { # rps-field -> the round whose field / direct is the median, with that ratio first
        printf '%s\n' "${rounds[@]}" | awk -v f="$1" '$1 > 0 && $f > 0 {printf "%.4f %s\n", $f / $1, $0}' \
            | middle
    }
    ratios() { # rps-field -> every round's ratio, in the order they ran
        printf '%s\n' "${rounds[@]}" | awk -v f="$1" '{printf "%s%.2f", (NR > 1 ? ", " : ""), ($1 > 0 ? $f / $1 : 0)}'
    }
    local dm rm hm nm
    dm=($(printf '%s\n' "${rounds[@]}" | middle))
    rm=($(median_round 3)); hm=($(median_round 5)); nm=($(median_round 7))
    row "| $1 (median of $LOAD_ROUNDS rounds) | $(human "${dm[0]}" rps), p99 ${dm[1]} ms | $(human "${rm[3]}" rps), p99 ${rm[4]} ms (ratios $(ratios 3)) | **$(ratio "${rm[3]}" "${rm[1]}")** | $(human "${hm[5]}" rps), p99 ${hm[6]} ms ($(ratio "${hm[5]}" "${hm[1]}"); $(ratios 5)) | $(human "${nm[7]}" rps), p99 ${nm[8]} ms ($(ratio "${nm[7]}" "${nm[1]}"); $(ratios 7)) |"
}
bulk "TCP bulk, 1 stream, client to server" $R_IPERF
bulk "TCP bulk, 1 stream, server to client" $R_IPERF -R
bulk "TCP bulk, 8 streams" $R_IPERF -P 8
bulk "TCP bulk, 1 stream, client to server, relay with splice: false" $R_IPERF_COPY
bulk "TCP bulk, 1 stream, server to client, relay with splice: false" $R_IPERF_COPY -R
bulk "TCP bulk, 8 streams, relay with splice: false" $R_IPERF_COPY -P 8
http "HTTP, 64 kept-alive connections"
http "HTTP, a new connection per request" -H 'Connection: close'

# the cost of watching it (#18): the HTTP loads again, alternately with the access log and /metrics
# on (the access log as by default, the web UI on with /metrics scraped every second) and with both
# off; by requests per second and by the relay's own CPU time per request (utime + stime of its
# process over the run), which the machine's noise disturbs less
relay_java=$(pgrep -f "asyncrelay.config=$work/relay.yaml" | head -1)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$relay_java/stat"; }
watched() { # on|off: rewrites the file and waits for the reload (the web UI's port opens or closes)
    if [ "$1" = on ]; then relay_yaml true true; else relay_yaml false false; fi > "$work/relay.yaml"
    for _ in $(seq 1 100); do
        if (exec 3<>/dev/tcp/127.0.0.1/$R_WEB) 2>/dev/null; then [ "$1" = on ] && break; else [ "$1" = off ] && break; fi
        sleep 0.2
    done
    sleep 2
}
cost_run() { # port extra-wrk-args -> "requests-per-second cpu-microseconds-per-request"
    local t0 t1 rps port=$1
    shift
    t0=$(cpu_ticks)
    rps=$(wrk -t 2 -c 64 -d "${SECONDS_PER_RUN}s" "$@" "http://127.0.0.1:$port/" 2>/dev/null | awk '/Requests\/sec/ {print $2}')
    t1=$(cpu_ticks)
    awk -v r="$rps" -v t="$((t1 - t0))" -v s="$SECONDS_PER_RUN" -v hz="$(getconf CLK_TCK)" \
        'BEGIN { if (r > 0) printf "%.0f %.1f", r, t / hz * 1e6 / (r * s); else print "0 0" }'
}
declare -A cost_sum
ROUNDS=${ROUNDS:-3}
for round in $(seq 1 "$ROUNDS"); do
    for mode in off on; do
        watched $mode
        scraper=""
        if [ $mode = on ]; then
            (while :; do curl -s -o /dev/null "http://127.0.0.1:$R_WEB/metrics"; sleep 1; done) &
            scraper=$!
        fi
        for load in keep close; do
            if [ $load = keep ]; then c=($(cost_run $R_HTTP)); else c=($(cost_run $R_HTTP -H 'Connection: close')); fi
            echo "cost round $round $mode $load: ${c[0]} req/s, ${c[1]} us CPU per request" >&2
            cost_sum[$mode-$load-rps]=$(awk -v a="${cost_sum[$mode-$load-rps]:-0}" -v b="${c[0]}" 'BEGIN {print a + b}')
            cost_sum[$mode-$load-cpu]=$(awk -v a="${cost_sum[$mode-$load-cpu]:-0}" -v b="${c[1]}" 'BEGIN {print a + b}')
        done
        if [ -n "$scraper" ]; then kill "$scraper" 2>/dev/null || true; wait "$scraper" 2>/dev/null || true; fi
    done
done
watched off
cost_rows=()
for load in keep close; do
    name=$([ $load = keep ] && echo "HTTP, 64 kept-alive connections" || echo "HTTP, a new connection per request")
    cost_rows+=("$(awk -v n="$name" -v r0="${cost_sum[off-$load-rps]}" -v c0="${cost_sum[off-$load-cpu]}" \
        -v r1="${cost_sum[on-$load-rps]}" -v c1="${cost_sum[on-$load-cpu]}" -v k="$ROUNDS" \
        'BEGIN { printf "| %s | %.0f req/s, %.1f us | %.0f req/s, %.1f us | %+.1f %% | %+.1f %% |", n, r0/k, c0/k, r1/k, c1/k, (r1/r0 - 1) * 100, (c1/c0 - 1) * 100 }')")
done

# the cost of traffic control (#19): the same loads on the service with PROXY v2, 1,000 allowed
# networks and every limit, alternately with the plain one (the access log and web UI off, as the
# cost section above leaves them)
wrk -t 2 -c 64 -d 3s -H 'Connection: close' "http://127.0.0.1:$R_HTTP_TC/" >/dev/null 2>&1 || true
declare -A tc_sum
for round in $(seq 1 "$ROUNDS"); do
    for mode in off on; do
        port=$([ $mode = on ] && echo $R_HTTP_TC || echo $R_HTTP)
        for load in keep close; do
            if [ $load = keep ]; then c=($(cost_run $port)); else c=($(cost_run $port -H 'Connection: close')); fi
            echo "traffic control round $round $mode $load: ${c[0]} req/s, ${c[1]} us CPU per request" >&2
            tc_sum[$mode-$load-rps]=$(awk -v a="${tc_sum[$mode-$load-rps]:-0}" -v b="${c[0]}" 'BEGIN {print a + b}')
            tc_sum[$mode-$load-cpu]=$(awk -v a="${tc_sum[$mode-$load-cpu]:-0}" -v b="${c[1]}" 'BEGIN {print a + b}')
        done
    done
done
tc_rows=()
for load in keep close; do
    name=$([ $load = keep ] && echo "HTTP, 64 kept-alive connections" || echo "HTTP, a new connection per request")
    tc_rows+=("$(awk -v n="$name" -v r0="${tc_sum[off-$load-rps]}" -v c0="${tc_sum[off-$load-cpu]}" \
        -v r1="${tc_sum[on-$load-rps]}" -v c1="${tc_sum[on-$load-cpu]}" -v k="$ROUNDS" \
        'BEGIN { printf "| %s | %.0f req/s, %.1f us | %.0f req/s, %.1f us | %+.1f %% | %+.1f %% |", n, r0/k, c0/k, r1/k, c1/k, (r1/r0 - 1) * 100, (c1/c0 - 1) * 100 }')")
done

# the UDP path is compiled by the JIT only under UDP load: warm it at the measured rate first
java benchmarks/UdpLoad.java load $R_SHARED 30000 64 5 >/dev/null 2>&1 || true
java benchmarks/UdpLoad.java load $N_SHARED 30000 64 5 >/dev/null 2>&1 || true
# #17: a mean latency is made by its few slowest answers, and one 5 s run of either proxy now and
# then has a stall of some milliseconds (the machine's other work): five runs each, alternated, and
# the run with the median mean is the row's, the five means beside it
median_run() { # runs (one per line) -> the run with the median mean latency
    sort -t' ' -k5,5g | sed -n 3p
}
d=($(udp_run $SHARED 30000 64 || true))
r_runs=(); n_runs=(); drops=(0 0 0)
for _ in 1 2 3 4 5; do
    udp_sockets > "$work/udp-before"
    r_runs+=("$(udp_run $R_SHARED 30000 64 || true)")
    udp_sockets > "$work/udp-after"
    delta=($(udp_drops $R_SHARED $SHARED "$work/udp-before" "$work/udp-after"))
    for i in 0 1 2; do drops[i]=$((drops[i] + delta[i])); done
    n_runs+=("$(udp_run $N_SHARED 30000 64 || true)")
done
r=($(printf '%s\n' "${r_runs[@]}" | median_run)); n=($(printf '%s\n' "${n_runs[@]}" | median_run))
means() { printf '%s\n' "$@" | awk '{printf "%s%s", (NR > 1 ? ", " : ""), $5}'; }
row "| UDP request/response, 64 B at 30,000 q/s (median of 5 runs) | ${d[3]} q/s, ${d[2]} % lost, mean ${d[4]} ms | ${r[3]} q/s, ${r[2]} % lost, mean ${r[4]} ms, p99 ${r[5]} ms (means $(means "${r_runs[@]}") ms) | **$(ratio "${r[3]}" "${d[3]}")** | - | ${n[3]} q/s, ${n[2]} % lost, mean ${n[4]} ms, p99 ${n[5]} ms (means $(means "${n_runs[@]}") ms) |"

# the same at 30,000 q/s while wrk loads the TCP side of the same port (#17)
shared_udp() { # proxy-port -> the UdpLoad figures while wrk runs on the port's TCP side
    wrk -t 1 -c 16 -d "${SECONDS_PER_RUN}s" "http://127.0.0.1:$1/" > "$work/wrk-$1.txt" 2>&1 &
    local wp=$!
    udp_run "$1" 30000 64 || true
    wait $wp || true
}
r=($(shared_udp $R_SHARED)); n=($(shared_udp $N_SHARED))
row "| UDP request/response, 64 B at 30,000 q/s, while TCP (wrk) shares the port | - | ${r[3]} q/s, ${r[2]} % lost, mean ${r[4]} ms, p99 ${r[5]} ms | - | - | ${n[3]} q/s, ${n[2]} % lost, mean ${n[4]} ms, p99 ${n[5]} ms |"

# TCP and UDP on one port at once: wrk on the relay's TCP side while 200 Mbit/s of UDP goes through
wrk -t 1 -c 16 -d "${SECONDS_PER_RUN}s" "http://127.0.0.1:$R_SHARED/" > "$work/wrk-shared.txt" 2>&1 &
wp=$!
r=($(udp_run $R_SHARED 17860 1400 || true))
wait $wp || true
shared_rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk-shared.txt")
wrk -t 1 -c 16 -d "${SECONDS_PER_RUN}s" "http://127.0.0.1:$N_SHARED/" > "$work/wrk-nshared.txt" 2>&1 &
wp=$!
n=($(udp_run $N_SHARED 17860 1400 || true))
wait $wp || true
nshared_rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk-nshared.txt")
steal_end=($(steal))
steal_pct=$(awk -v s="$((steal_end[0] - steal_start[0]))" -v t="$((steal_end[1] - steal_start[1]))" \
    'BEGIN { if (t > 0) printf "%.1f", 100 * s / t; else print "?" }')
row "| UDP 200 Mbit/s (1400 B at 17,860/s) while TCP (wrk) shares the port | - | ${r[2]} % lost, mean ${r[4]} ms; TCP $(human "$shared_rps" rps) | - | - | ${n[2]} % lost, mean ${n[4]} ms; TCP $(human "$nshared_rps" rps) |"

# UDP right after a start (#17): a relay started now, its UDP path not compiled yet, and an nginx
# started now, each loaded from the moment its port is bound
cat > "$work/fresh.yaml" <<EOF
services:
  - name: fresh
    protocol: udp
    listen: {address: 127.0.0.1, port: $R_FRESH}
    backends: ["127.0.0.1:$SHARED"]
EOF
mkdir -p "$work/nginx-fresh"
cat > "$work/nginx-fresh.conf" <<EOF
load_module /usr/lib/nginx/modules/ngx_stream_module.so;
worker_processes 1;
pid $work/nginx-fresh/nginx.pid;
error_log $work/nginx-fresh/error.log;
events { worker_connections 4096; }
stream { server { listen 127.0.0.1:$N_FRESH udp; proxy_pass 127.0.0.1:$SHARED; proxy_timeout 60s; } }
EOF
fresh_udp() { # port command... -> the UdpLoad figures of a run begun as soon as the command's port is bound
    local port=$1 p
    shift
    "$@" > "$work/fresh-$port.log" 2>&1 &
    p=$!
    for _ in $(seq 1 600); do
        ss -Hlun "sport = :$port" | grep -q . && break
        sleep 0.05
    done
    udp_run "$port" 30000 64 || true
    kill "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
}
r=($(fresh_udp $R_FRESH "$RELAY" -c "$work/fresh.yaml" --log-level WARNING))
n=($(fresh_udp $N_FRESH nginx -c "$work/nginx-fresh.conf" -g 'daemon off;'))
row "| UDP request/response, 64 B at 30,000 q/s, the first ${SECONDS_PER_RUN} s after the proxy's start | - | ${r[3]} q/s, ${r[2]} % lost, mean ${r[4]} ms, p99 ${r[5]} ms | - | - | ${n[3]} q/s, ${n[2]} % lost, mean ${n[4]} ms, p99 ${n[5]} ms |"

# start-up and memory of bin/relay as users run it (its defaults, one service), several starts each
# (#17); the proxies of the runs above are still up, idle, for their memory in the same table
rss_of() { awk '/^VmRSS/ {s += $2} END {printf "%.0f", s / 1024}' "$@" 2>/dev/null; }
haproxy_rss=$(rss_of /proc/$(pgrep -x haproxy | head -1)/status)
nginx_rss=$(rss_of $(for p in $(pgrep -f "nginx.*nginx-stream.conf"); do echo /proc/$p/status; done))
starts() { # label env-assignments... -> a row: first start, start min / median, its CPU min / median, idle RSS min / median [, RSS with connections]
    local label=$1; shift
    local out first
    # each row as an installation that has run its configuration once: the first start's stop writes
    # the class-data archive (#17) of what that configuration loads, the starts after it map it
    rm -rf karaf-assembly/target/assembly/state/class-data
    out=$(env "$@" java benchmarks/Startup.java start karaf-assembly/target/assembly "$((STARTS + 1))" "${WEB_UI:-off}" "${CONNECTIONS:-0}" || true)
    echo "starts $label: $(echo "$out" | tr '\n' ';')" >&2
    first=$(echo "$out" | head -n 1 | awk '{if (NF) printf "%.2f s", $1 / 1000}')
    out=$(echo "$out" | tail -n +2)
    local t u r c
    t=$(echo "$out" | awk '{print $1}' | sort -n | awk '{a[NR]=$1} END {if (NR) printf "%.2f / %.2f s", a[1]/1000, a[int((NR+1)/2)]/1000}')
    u=$(echo "$out" | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {if (NR) printf "%.2f / %.2f s", a[1]/1000, a[int((NR+1)/2)]/1000}')
    r=$(echo "$out" | awk '{print $2}' | sort -n | awk '{a[NR]=$1} END {if (NR) printf "%d / %d MB", a[1], a[int((NR+1)/2)]}')
    c=$(echo "$out" | awk 'NF > 3 {print $4 " MB"}' | tail -1)
    start_rows+=("| $label | ${first:--} | $t | $u | $r | ${c:--} |")
}
STARTS=${STARTS:-5}
start_rows=()
# 10,000 relayed connections need 20,000 descriptors in the relay and as many in the probe: as many
# as the hard limit allows (20,000 on the machine of RESULTS.md, where even root may not raise it)
ulimit -Hn 65536 2>/dev/null || true
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
held=$(( ($(ulimit -n) - 1000) / 2 ))
[ "$held" -gt 10000 ] && held=10000
CONNECTIONS=$held starts "defaults, web UI off (last start: $held idle relayed TCP connections)"
WEB_UI=on starts "defaults, web UI on"
WEB_UI=on starts "everything on: web UI, RELAY_SSH, RELAY_JMX, RELAY_WEB_CONSOLE, RELAY_FEATURES" \
    RELAY_SSH=on RELAY_JMX=on RELAY_WEB_CONSOLE=on RELAY_FEATURES=on

{
    echo "# async-relay benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
    echo
    echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(java -version 2>&1 | head -1),"
    echo "$(haproxy -v | head -1 | cut -d' ' -f1-3) with one thread, nginx $(nginx -v 2>&1 | cut -d/ -f2) (stream module) with one worker."
    echo "The relay runs with its defaults"
    echo "(event loops: $([ -n "${RELAY_THREADS:-}" ] && echo "$RELAY_THREADS, set by RELAY_THREADS" || echo "one per two cores, here $(( $(nproc) / 2 > 0 ? $(nproc) / 2 : 1 ))"); splice after 64 KiB) unless a row says \`splice: false\`;"
    echo "the load generator, the backend and the proxy share the machine; ${SECONDS_PER_RUN} s per run;"
    echo "ratio = through the proxy / direct."
    echo "Relay transport: $([ "${RELAY_NATIVE_TRANSPORT:-true}" = true ] && echo epoll || echo NIO) (engine native.transport)."
    echo "HAProxy's bulk backend has \`option splice-auto\`."
    echo "The hypervisor took ${steal_pct} % of the CPU time during the measurements (steal): figures of one run vary."
    echo "Produced by \`benchmarks/run.sh\`."
    echo
    echo "Every proxy is warmed up the same way first (iperf3 3 s, wrk 3 s kept-alive and 3 s with new connections)."
    echo
    echo "| load | direct | async-relay | relay/direct | HAProxy (HAProxy/direct) | nginx stream (nginx/direct) |"
    echo "|---|---|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
    echo
    echo "Where the relay's 30,000 q/s runs lost datagrams (receive buffer full): relay listener ${drops[0]},"
    echo "relay backend sockets ${drops[1]}, elsewhere (echo backend, load generator) ${drops[2]}."
    echo
    echo "## The cost of the access log and /metrics"
    echo
    echo "The HTTP loads on the same relay, alternately with the access log and /metrics off and on (the access"
    echo "log as by default, writing a line per connection; the web UI on and /metrics scraped every second),"
    echo "$ROUNDS rounds each, means; CPU = the relay process's utime + stime per request."
    echo
    echo "| load | off: req/s, CPU per request | on: req/s, CPU per request | req/s on/off | CPU on/off |"
    echo "|---|---|---|---|---|"
    printf '%s\n' "${cost_rows[@]}"
    echo
    echo "## The cost of traffic control"
    echo
    echo "The HTTP loads on two services of the same relay, alternately: one plain, one with \`proxy_protocol: v2\`"
    echo "(nginx reading the header), an \`allow\` list of 1,000 networks (the client matches the last), 3 \`deny\`"
    echo "networks, and \`max_connections\`, \`max_connections_per_client\` and \`max_new_connections_per_client\`"
    echo "set (high enough not to refuse the load). $ROUNDS rounds each, means; CPU as above."
    echo
    echo "| load | plain: req/s, CPU per request | traffic control: req/s, CPU per request | req/s | CPU |"
    echo "|---|---|---|---|---|"
    printf '%s\n' "${tc_rows[@]}"
    echo
    echo "## Start-up and memory of \`bin/relay\`"
    echo
    echo "\`benchmarks/Startup.java\`: per row, a first start of \`bin/relay -c FILE\` on a one-service file (its stop writes the"
    echo "class-data archive of what it loaded) and $STARTS starts after it, each measured from exec to the first byte relayed"
    echo "back (and the CPU time the relay's JVM had used by then, all its threads: it varies less than the wall time"
    echo "when the machine's other work does), then the JVM's resident memory after 5 s idle."
    echo "For comparison, idle after the runs above: HAProxy ${haproxy_rss} MB, nginx stream (master and worker) ${nginx_rss} MB."
    echo
    echo "| relay | first start (no class-data archive yet) | exec to first relayed byte, min / median | the JVM's CPU time by then, min / median | idle RSS, min / median | RSS with $held connections |"
    echo "|---|---|---|---|---|---|"
    printf '%s\n' "${start_rows[@]}"
} | tee benchmarks/RESULTS.md
