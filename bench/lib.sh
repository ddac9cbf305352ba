# Shared by bench/run-wrk and bench/run-site: building, a temporary folder cleaned up by a
# trap, starting quire and nginx, and one wrk measurement. Source it after setting ROOT,
# BENCH_NAME, DURATION, CONNECTIONS, WRK_THREADS and WRK_TIMEOUT.

log() { printf '==> %s\n' "$*" >&2; }
die() { printf '%s: %s\n' "$BENCH_NAME" "$*" >&2; exit 1; }

for tool in wrk nginx curl python3; do
  command -v "$tool" >/dev/null || die "$tool is not installed (scripts/setup --bench)"
done

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

# start_quire DATA_DIR: starts `quire serve` on a free port; sets QUIRE_PID, QUIRE_URL (with the
# final "/") and QUIRE_BASE (without it).
start_quire() {
  local data="$1"
  log "starting quire ($QUIRE_BIN)"
  mkdir -p "$data"
  "$QUIRE_BIN" serve --data "$data" --listen 127.0.0.1:0 >"$TMP/quire.out" 2>"$TMP/quire.log" &
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

# start_nginx DOCUMENT_ROOT: nginx (bench/nginx.conf.in) serving that folder; sets NGINX_PID and
# NGINX_BASE (http://127.0.0.1:PORT).
start_nginx() {
  local www="$1"
  local port
  port="$(free_port)"
  sed -e "s|@PORT@|$port|g" -e "s|@ROOT@|$www|g" -e "s|@TMP@|$TMP|g" \
    "$ROOT/bench/nginx.conf.in" >"$TMP/nginx.conf"
  log "starting nginx on 127.0.0.1:$port"
  nginx -c "$TMP/nginx.conf" -p "$TMP" 2>"$TMP/nginx-start.log" &
  NGINX_PID=$!
  NGINX_BASE="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do
    curl -s --max-time 2 -o /dev/null "$NGINX_BASE/" && return 0
    kill -0 "$NGINX_PID" 2>/dev/null || { cat "$TMP/nginx-start.log" >&2; die "nginx exited"; }
    sleep 0.1
  done
  die "nginx does not answer"
}

# Prints "REQUESTS_PER_SECOND P99_MS" for one wrk run against $1.
measure() {
  local out
  out="$(timeout "$WRK_TIMEOUT" wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$1")" \
    || { echo "wrk failed against $1"; return 1; }
  printf '%s\n' "$out" >>"$TMP/wrk.log"
  printf '%s\n' "$out" | awk '
    /Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { bad = $5 }
    $1 == "99%" {
      v = $2; unit = v; gsub(/[0-9.]/, "", unit); sub(/[a-z]+$/, "", v)
      if (unit == "us") v /= 1000; else if (unit == "s") v *= 1000; else if (unit == "m") v *= 60000
      p99 = v
    }
    END {
      if (bad > 0) { print "ERROR non-2xx responses: " bad; exit 1 }
      printf "%.0f %.3f\n", rps, p99
    }'
}

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
