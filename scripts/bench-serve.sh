#!/usr/bin/env bash
# The token server's benchmark (issue 16): `jwtool serve` under wrk on loopback, side by side in
# one run with npm oauth2-mock-server (the peer people start in CI today) and nginx serving a
# static file of the same size as jwtool's /jwks.json (the HTTP floor of this machine). Not a
# test (nothing here runs in ctest).
#
#   ./scripts/bench-serve.sh                     # about 3 minutes on 2 idle cores, after the build
#   BENCH_SERVE_SECONDS=3 ./scripts/bench-serve.sh
#
# 1. Installs what is missing: the build dependencies (install-deps.sh), wrk, nginx, nodejs and
#    npm with apt-get, and oauth2-mock-server with npm into build-bench/peers-serve (never into
#    the source tree).
# 2. Builds jwtool in Release into build-bench/.
# 3. Starts on loopback ports: jwtool serve with an RS256 key and with an HS256 secret (a
#    --clients file with one client), oauth2-mock-server (RS256, its own key), and nginx (one
#    worker per core, access log off) serving a copy of jwtool's /jwks.json.
# 4. Measures with wrk (2 threads, 64 connections, BENCH_SERVE_SECONDS each, after a 2 s warm-up):
#    client_credentials token requests (client_secret_basic) against both jwtool servers and the
#    peer, GET /jwks.json against jwtool and GET of the static file against nginx; requests/s and
#    the p99 latency; every answer must be 2xx (wrk's non-2xx count) or the run fails. jwtool's
#    resident memory (VmRSS) idle before the load and its peak (VmHWM) after it.
# 5. Prints a markdown table and the issue's targets with met / missed. Exits 1 when a
#    correctness check failed, not for a missed target.
set -euo pipefail
export LC_ALL=C

root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/apt.sh"
build=$root/build-bench
peers=$build/peers-serve
work=$build/serve-work
SECONDS_PER_RUN=${BENCH_SERVE_SECONDS:-10}
CONNECTIONS=64
MOCK_VERSION=7.2.1 # the last major that runs on Debian 12's Node.js 18

[[ $SECONDS_PER_RUN =~ ^[1-9][0-9]*$ ]] || { echo "bench-serve: BENCH_SERVE_SECONDS must be a positive number" >&2; exit 2; }

say() { echo "bench-serve: $*" >&2; }
die() {
  echo "bench-serve: $*" >&2
  exit 1
}
FAILED=0
fail() {
  FAILED=1
  echo "bench-serve: FAIL: $*" >&2
}

# ---------------------------------------------------------------------------------------------
# 1. Dependencies and the peer

install_missing() {
  local packages=(wrk nginx)
  command -v node >/dev/null || packages+=(nodejs)
  command -v npm >/dev/null || packages+=(npm)
  mkdir -p "$build"
  apt_install_missing "$build/bench-serve-install.log" "${packages[@]}" || die "the packages above could not be installed"
  local installed
  installed=$(node -p 'require(process.argv[1]).version' "$peers/node_modules/oauth2-mock-server/package.json" 2>/dev/null || true)
  if [ "$installed" != "$MOCK_VERSION" ]; then
    say "installing oauth2-mock-server@$MOCK_VERSION (npm, into $peers)"
    mkdir -p "$peers"
    (cd "$peers" && npm install --silent --no-audit --no-fund --prefix "$peers" "oauth2-mock-server@$MOCK_VERSION") \
      >"$build/bench-serve-npm.log" 2>&1 || die "npm install failed: see $build/bench-serve-npm.log"
  fi
}

build_jwtool() {
  "$root/scripts/install-deps.sh" >/dev/null
  say "building jwtool (Release) in $build"
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" -j "$(nproc)" --target jwtool >/dev/null
}

# ---------------------------------------------------------------------------------------------
# 2. Servers

PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_for URL: until it answers 200, at most 20 s.
wait_for() {
  local i
  for i in $(seq 200); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  die "no answer from $1 within 20 s"
}

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
peak_kib() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }

start_jwtool() { # NAME KEY_FLAG KEY_FILE -> sets PORT_<NAME>, PID_<NAME>
  local name=$1 port
  port=$(free_port)
  "$build/src/jwtool" serve --listen "127.0.0.1:$port" "$2" "$3" --clients "$work/clients.json" \
    2>"$work/$name.log" &
  PIDS+=("$!")
  printf -v "PID_$name" '%s' "$!"
  printf -v "PORT_$name" '%s' "$port"
  wait_for "http://127.0.0.1:$port/healthz"
}

start_mock() {
  PORT_mock=$(free_port)
  node "$peers/node_modules/oauth2-mock-server/dist/oauth2-mock-server.js" -a 127.0.0.1 -p "$PORT_mock" \
    >"$work/mock.log" 2>&1 &
  PIDS+=("$!")
  wait_for "http://127.0.0.1:$PORT_mock/jwks"
}

start_nginx() {
  PORT_nginx=$(free_port)
  mkdir -p "$work/nginx/www" "$work/nginx/tmp"
  curl -fsS "http://127.0.0.1:$PORT_rs/jwks.json" >"$work/nginx/www/jwks.json"
  cat >"$work/nginx/nginx.conf" <<EOF
worker_processes $(nproc);
pid $work/nginx/nginx.pid;
error_log stderr warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/tmp;
  proxy_temp_path $work/nginx/tmp;
  fastcgi_temp_path $work/nginx/tmp;
  uwsgi_temp_path $work/nginx/tmp;
  scgi_temp_path $work/nginx/tmp;
  default_type application/json;
  server {
    listen 127.0.0.1:$PORT_nginx;
    root $work/nginx/www;
  }
}
EOF
  /usr/sbin/nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' 2>"$work/nginx.log" &
  PIDS+=("$!")
  wait_for "http://127.0.0.1:$PORT_nginx/jwks.json"
}

# ---------------------------------------------------------------------------------------------
# 3. Load

cat_post_script() { # CLIENT SECRET
  local basic
  basic=$(printf '%s:%s' "$1" "$2" | base64 -w0)
  cat <<EOF
wrk.method = "POST"
wrk.body = "grant_type=client_credentials"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic $basic"
EOF
}

# measure NAME URL [LUA]: wrk's requests/s and p99 (ms) into RESULT_<NAME>_rps / _p99.
measure() {
  local name=$1 url=$2 lua=${3:-} args=(-t2 "-c$CONNECTIONS" --latency) out
  [ -n "$lua" ] && args+=(-s "$lua")
  wrk "${args[@]}" -d2s "$url" >/dev/null 2>&1 || true # warm-up
  out=$(wrk "${args[@]}" "-d${SECONDS_PER_RUN}s" "$url" 2>&1) || fail "$name: wrk failed: $out"
  echo "$out" >"$work/wrk-$name.txt"
  if grep -q 'Non-2xx or 3xx responses' <<<"$out"; then
    fail "$name: $(grep 'Non-2xx' <<<"$out")"
  fi
  printf -v "RESULT_${name}_rps" '%s' "$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")"
  printf -v "RESULT_${name}_p99" '%s' "$(awk '$1 == "99%" {
      v = $2; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
      if (unit == "us") v /= 1000; else if (unit == "s") v *= 1000
      printf "%.2f", v }' <<<"$out")"
}

# ---------------------------------------------------------------------------------------------

install_missing
build_jwtool
rm -rf "$work"
mkdir -p "$work"
cd "$work"

say "keys and the clients file"
"$build/src/jwtool" keygen --alg RS256 --bits 2048 --out rs.pem
"$build/src/jwtool" keygen --out hs.key
printf '{"clients": {"bench": {"secret": "bench-secret-0123456789"}}}\n' >clients.json
chmod 600 clients.json
cat_post_script bench bench-secret-0123456789 >post.lua

start_jwtool rs --key rs.pem
start_jwtool hs --secret-file hs.key
start_mock
start_nginx

# Each server must answer the request the load sends before it is measured.
for target in "rs:$PORT_rs" "hs:$PORT_hs" "mock:$PORT_mock"; do
  answer=$(curl -fsS -u bench:bench-secret-0123456789 -d grant_type=client_credentials \
    "http://127.0.0.1:${target#*:}/token") || fail "${target%%:*}: the token request failed"
  grep -q '"access_token"' <<<"$answer" || fail "${target%%:*}: no access_token in $answer"
done

idle_rs=$(rss_kib "$PID_rs")
idle_hs=$(rss_kib "$PID_hs")
say "measuring ($SECONDS_PER_RUN s per row, $CONNECTIONS connections; load: $(cut -d' ' -f1-3 /proc/loadavg))"
measure token_rs "http://127.0.0.1:$PORT_rs/token" post.lua
measure token_hs "http://127.0.0.1:$PORT_hs/token" post.lua
measure token_mock "http://127.0.0.1:$PORT_mock/token" post.lua
measure jwks_jwtool "http://127.0.0.1:$PORT_rs/jwks.json"
measure jwks_nginx "http://127.0.0.1:$PORT_nginx/jwks.json"
peak_rs=$(peak_kib "$PID_rs")
peak_hs=$(peak_kib "$PID_hs")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
verdict() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { ok = (op == ">=") ? v >= t : v <= t; print ok ? "met" : "MISSED" }'; }

cat <<EOF

## jwtool serve on loopback (wrk -t2 -c$CONNECTIONS -d${SECONDS_PER_RUN}s --latency; $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg))

| request | server | requests/s | p99 ms | ratio |
|---|---|---:|---:|---:|
| POST /token client_credentials | jwtool serve, RS256 (RSA 2048) | $RESULT_token_rs_rps | $RESULT_token_rs_p99 | $(ratio "$RESULT_token_rs_rps" "$RESULT_token_mock_rps")× mock |
| POST /token client_credentials | jwtool serve, HS256 | $RESULT_token_hs_rps | $RESULT_token_hs_p99 | $(ratio "$RESULT_token_hs_rps" "$RESULT_token_mock_rps")× mock |
| POST /token client_credentials | oauth2-mock-server $MOCK_VERSION, RS256 | $RESULT_token_mock_rps | $RESULT_token_mock_p99 | 1 |
| GET /jwks.json | jwtool serve | $RESULT_jwks_jwtool_rps | $RESULT_jwks_jwtool_p99 | $(ratio "$RESULT_jwks_jwtool_rps" "$RESULT_jwks_nginx_rps")× nginx |
| GET static file, same size | nginx $(/usr/sbin/nginx -v 2>&1 | sed 's|.*/||') | $RESULT_jwks_nginx_rps | $RESULT_jwks_nginx_p99 | 1 |

| jwtool serve memory | RS256 | HS256 |
|---|---:|---:|
| idle (VmRSS) | $((idle_rs / 1024)).$(((idle_rs % 1024) * 10 / 1024)) MiB | $((idle_hs / 1024)).$(((idle_hs % 1024) * 10 / 1024)) MiB |
| peak under load (VmHWM) | $((peak_rs / 1024)).$(((peak_rs % 1024) * 10 / 1024)) MiB | $((peak_hs / 1024)).$(((peak_hs % 1024) * 10 / 1024)) MiB |

| target | measured | |
|---|---|---|
| token requests ≥ 20× oauth2-mock-server (HS256) | $(ratio "$RESULT_token_hs_rps" "$RESULT_token_mock_rps")× | $(verdict "$(ratio "$RESULT_token_hs_rps" "$RESULT_token_mock_rps")" 20 ">=") |
| token requests ≥ 20× oauth2-mock-server (RS256, the same algorithm) | $(ratio "$RESULT_token_rs_rps" "$RESULT_token_mock_rps")× | $(verdict "$(ratio "$RESULT_token_rs_rps" "$RESULT_token_mock_rps")" 20 ">=") |
| /jwks.json ≥ 0.5× nginx | $(ratio "$RESULT_jwks_jwtool_rps" "$RESULT_jwks_nginx_rps")× | $(verdict "$(ratio "$RESULT_jwks_jwtool_rps" "$RESULT_jwks_nginx_rps")" 0.5 ">=") |
| p99 ≤ 2 ms at $CONNECTIONS connections (HS256 token) | $RESULT_token_hs_p99 ms | $(verdict "$RESULT_token_hs_p99" 2 "<=") |
| p99 ≤ 2 ms at $CONNECTIONS connections (/jwks.json) | $RESULT_jwks_jwtool_p99 ms | $(verdict "$RESULT_jwks_jwtool_p99" 2 "<=") |
| idle ≤ 8 MiB | $((idle_hs / 1024)) MiB (HS256), $((idle_rs / 1024)) MiB (RS256) | $(verdict "$((idle_rs > idle_hs ? idle_rs : idle_hs))" 8192 "<=") |
| under load ≤ 32 MiB | $((peak_hs / 1024)) MiB (HS256), $((peak_rs / 1024)) MiB (RS256) | $(verdict "$((peak_rs > peak_hs ? peak_rs : peak_hs))" 32768 "<=") |

Raw wrk output: $work/wrk-*.txt
EOF
exit "$FAILED"
