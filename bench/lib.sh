# Shared by bench/run-wrk and bench/run-site: building, a temporary folder cleaned up by a
# trap, starting quire and nginx on the same cores with the same logging, and one wrk
# measurement pinned to other cores. Source it after setting ROOT, BENCH_NAME, DURATION,
# CONNECTIONS and WRK_TIMEOUT.
#
# The fair rule: both servers get the same N cores (SERVER_CPUS, a taskset list; quire
# `--threads N`, nginx `worker_processes N`) and wrk runs on the others (WRK_CPUS, one wrk thread
# per core). Default on a 2-core machine: servers on core 1, wrk on core 0. With one core,
# everything shares it (said in the output).

log() { printf '==> %s\n' "$*" >&2; }
die() { printf '%s: %s\n' "$BENCH_NAME" "$*" >&2; exit 1; }

for tool in wrk nginx curl python3 taskset; do
  command -v "$tool" >/dev/null || die "$tool is not installed (scripts/setup --bench)"
done

# ---- cores: SERVER_CPUS for both servers, WRK_CPUS for wrk
cpu_count() {  # the number of CPUs in a taskset list such as "1" or "0-3" or "2,3"
  python3 -c '
import sys
n = 0
for part in sys.argv[1].split(","):
    a, _, b = part.partition("-")
    n += (int(b) - int(a) + 1) if b else 1
print(n)' "$1"
}
CORES="$(nproc)"
if [[ -z "${SERVER_CPUS:-}" ]]; then
  if ((CORES >= 2)); then SERVER_CPUS="$((CORES - 1))"; else SERVER_CPUS=0; fi
fi
if [[ -z "${WRK_CPUS:-}" ]]; then
  if ((CORES >= 2)); then WRK_CPUS="0-$((CORES - 2))"; else WRK_CPUS=0; fi
fi
SERVER_THREADS="$(cpu_count "$SERVER_CPUS")"
WRK_THREADS="${WRK_THREADS:-$(cpu_count "$WRK_CPUS")}"
PLACEMENT="servers on cores $SERVER_CPUS (quire --threads $SERVER_THREADS, nginx worker_processes $SERVER_THREADS), wrk -t$WRK_THREADS on cores $WRK_CPUS"
((CORES >= 2)) || PLACEMENT="one core: servers and wrk share it"

# ---- build (unless QUIRE_BIN is set)
if [[ -z "${QUIRE_BIN:-}" ]]; then
  log "building the release preset"
  (cd "$ROOT" && cmake --preset release >/dev/null && cmake --build --preset release --target quire) \
    || die "release build failed"
  QUIRE_BIN="$ROOT/build/release/src/quire"
fi
[[ -x "$QUIRE_BIN" ]] || die "no quire binary at $QUIRE_BIN"

# ---- a temporary folder; quire and nginx are stopped and the folder removed at exit
TMP="$(mktemp -d /tmp/quire-bench.XXXXXX)"
chmod 755 "$TMP"  # nginx's worker (user nobody when run as root) reads the document root
QUIRE_PID=""
NGINX_PID=""
cleanup() {
  local code=$?
  if [[ -n "$QUIRE_PID" ]] && kill -0 "$QUIRE_PID" 2>/dev/null; then
    kill -TERM "$QUIRE_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$QUIRE_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$QUIRE_PID" 2>/dev/null || true
  fi
  if [[ -n "$NGINX_PID" ]] && kill -0 "$NGINX_PID" 2>/dev/null; then
    kill -QUIT "$NGINX_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$NGINX_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$NGINX_PID" 2>/dev/null || true
  fi
  wait 2>/dev/null || true
  if [[ $code -ne 0 && -f "$TMP/quire.log" ]]; then
    echo "--- last lines of the quire log ---" >&2
    tail -n 30 "$TMP/quire.log" >&2 || true
  fi
  rm -rf "$TMP"
  exit $code
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

quire() { timeout 60 "$QUIRE_BIN" "$@"; }

# start_quire DATA_DIR [ACCESS_LOG]: starts `quire serve` pinned to SERVER_CPUS with
# SERVER_THREADS threads on a free port; ACCESS_LOG is "off" (default) or a file. Sets QUIRE_PID,
# QUIRE_URL (with the final "/") and QUIRE_BASE (without it).
start_quire() {
  local data="$1" access_log="${2:-off}"
  log "starting quire ($QUIRE_BIN, --threads $SERVER_THREADS on cores $SERVER_CPUS, access log $access_log)"
  mkdir -p "$data"
  taskset -c "$SERVER_CPUS" "$QUIRE_BIN" serve --data "$data" --listen 127.0.0.1:0 \
    --threads "$SERVER_THREADS" --access-log "$access_log" >"$TMP/quire.out" 2>"$TMP/quire.log" &
  QUIRE_PID=$!
  QUIRE_URL=""
  for _ in $(seq 1 600); do
    QUIRE_URL="$(head -n 1 "$TMP/quire.out" 2>/dev/null || true)"
    [[ "$QUIRE_URL" == http://*/ ]] && break
    kill -0 "$QUIRE_PID" 2>/dev/null || die "quire exited at start"
    sleep 0.1
  done
  [[ "$QUIRE_URL" == http://127.0.0.1:*/ ]] || die "quire printed no URL: '$QUIRE_URL'"
  QUIRE_BASE="${QUIRE_URL%/}"
  log "quire listens on $QUIRE_URL"
}

stop_quire() {
  [[ -n "$QUIRE_PID" ]] || return 0
  kill -TERM "$QUIRE_PID" 2>/dev/null || true
  wait "$QUIRE_PID" 2>/dev/null || true
  QUIRE_PID=""
}

# start_nginx DOCUMENT_ROOT [ACCESS_LOG]: nginx (bench/nginx.conf.in) serving that folder, pinned
# to SERVER_CPUS with SERVER_THREADS workers; ACCESS_LOG is "off" (default) or a file, written
# with a 32 KiB buffer flushed every second (as quire's). Sets NGINX_PID and NGINX_BASE
# (http://127.0.0.1:PORT).
start_nginx() {
  local www="$1" access_log="${2:-off}"
  local port log_directive
  port="$(free_port)"
  if [[ "$access_log" == off ]]; then
    log_directive="access_log off;"
  else
    log_directive="access_log $access_log combined buffer=32k flush=1s;"
  fi
  sed -e "s|@PORT@|$port|g" -e "s|@ROOT@|$www|g" -e "s|@TMP@|$TMP|g" \
    -e "s|@WORKERS@|$SERVER_THREADS|g" -e "s|@ACCESS_LOG@|$log_directive|g" \
    "$ROOT/bench/nginx.conf.in" >"$TMP/nginx.conf"
  log "starting nginx on 127.0.0.1:$port (worker_processes $SERVER_THREADS on cores $SERVER_CPUS, access log $access_log)"
  taskset -c "$SERVER_CPUS" nginx -c "$TMP/nginx.conf" -p "$TMP" 2>"$TMP/nginx-start.log" &
  NGINX_PID=$!
  NGINX_BASE="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do
    curl -s --max-time 2 -o /dev/null "$NGINX_BASE/" && return 0
    kill -0 "$NGINX_PID" 2>/dev/null || { cat "$TMP/nginx-start.log" >&2; die "nginx exited"; }
    sleep 0.1
  done
  die "nginx does not answer"
}

stop_nginx() {
  [[ -n "$NGINX_PID" ]] || return 0
  kill -QUIT "$NGINX_PID" 2>/dev/null || true
  wait "$NGINX_PID" 2>/dev/null || true
  NGINX_PID=""
}

# memory PID...: "VmRSS VmHWM" in MiB, summed over the processes (nginx: master and workers).
memory() {
  local pids=("$@") rss=0 hwm=0 r h pid
  for pid in "${pids[@]}"; do
    r="$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)"
    h="$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)"
    rss=$((rss + ${r:-0})); hwm=$((hwm + ${h:-0}))
  done
  awk -v r="$rss" -v h="$hwm" 'BEGIN { printf "%.1f %.1f\n", r / 1024, h / 1024 }'
}

nginx_pids() {  # the master and its workers
  echo "$NGINX_PID"
  pgrep -P "$NGINX_PID" || true
}

# cpu_ticks PID...: user + system CPU time of the processes (all their threads), in clock ticks.
cpu_ticks() {
  local total=0 pid t
  for pid in "$@"; do
    t="$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)"
    total=$((total + ${t:-0}))
  done
  echo "$total"
}
CLOCK_TICKS="$(getconf CLK_TCK)"

# measure URL PIDS [WRK_ARGS...]: one wrk run pinned to WRK_CPUS; prints "REQUESTS_PER_SECOND
# P99_MS CPU_US_PER_REQUEST". PIDS (space-separated, quoted) are the server's processes: the CPU
# time they used during the run divided by the requests answered is the cost of a request on a
# core of its own, which other load on a shared machine disturbs far less than requests/s.
# Extra arguments go to wrk (e.g. -H 'Accept-Encoding: gzip').
measure() {
  local url="$1" pids="$2" out before after
  shift 2
  # shellcheck disable=SC2086
  before="$(cpu_ticks $pids)"
  out="$(timeout "$WRK_TIMEOUT" taskset -c "$WRK_CPUS" wrk -t"$WRK_THREADS" -c"$CONNECTIONS" \
    -d"$DURATION" --latency "$@" "$url")" || { echo "wrk failed against $url"; return 1; }
  # shellcheck disable=SC2086
  after="$(cpu_ticks $pids)"
  printf '%s\n' "$out" >>"$TMP/wrk.log"
  printf '%s\n' "$out" | awk -v ticks="$((after - before))" -v hz="$CLOCK_TICKS" '
    /Requests\/sec:/ { rps = $2 }
    / requests in / { requests = $1 }
    /Non-2xx or 3xx responses:/ { bad = $5 }
    $1 == "99%" {
      v = $2; unit = v; gsub(/[0-9.]/, "", unit); sub(/[a-z]+$/, "", v)
      if (unit == "us") v /= 1000; else if (unit == "s") v *= 1000; else if (unit == "m") v *= 60000
      p99 = v
    }
    END {
      if (bad > 0) { print "ERROR non-2xx responses: " bad; exit 1 }
      printf "%.0f %.3f %.2f\n", rps, p99, (requests > 0 ? ticks * 1e6 / hz / requests : 0)
    }'
}

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
