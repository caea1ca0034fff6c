#!/usr/bin/env bash
# Keys over HTTPS (issue 15's speed targets): section 6 of scripts/bench.sh, or alone:
#
#   scripts/bench/oidc.sh JWTOOL WORKDIR [RUNS] [TOKENS]
#
# A local HTTPS server (tests/cli/oidc_server.py, a CA and certificate made here with openssl)
# on a loopback port serves a discovery document and a JWK Set of one RSA 2048 key (RS256); the
# same set is also written to a file. The cache (its own $XDG_CACHE_HOME under WORKDIR) is warmed
# once and every command runs at a fixed --now within its freshness, so no measured command makes
# a request (checked: the server's log does not grow). Measures with hyperfine -N (RUNS runs, 200
# by default, after 20 warm-ups):
#   - one verify of one token with --oidc-issuer (warm cache) and with --jwks FILE;
#   - verify --batch --no-claims of 1 and of TOKENS (20,000) tokens with each, the per-token cost
#     being (t(TOKENS) - t(1)) / (TOKENS - 1), which leaves out start-up and key loading;
#   - with valgrind installed, the instructions (callgrind) of one verify with each, which the
#     load of a shared machine does not move.
# Prints a markdown section with the targets: a warm --oidc-issuer verify at most 0.3 ms more
# than --jwks FILE, and the same per-token batch cost (within 5 %).
set -euo pipefail
export LC_ALL=C

[ $# -ge 2 ] || { echo "usage: $0 JWTOOL WORKDIR [RUNS] [TOKENS]" >&2; exit 2; }
jwtool=$(realpath "$1")
work=$2
runs=${3:-200}
tokens=${4:-20000}
root=$(cd "$(dirname "$0")/../.." && pwd)
now=1700000000

load_at_start=$(uptime | sed 's/.*load average/load average/')
rm -rf "$work"
mkdir -p "$work/www/realm/.well-known"
export XDG_CACHE_HOME=$work/cache
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY JWTOOL_KEY_FILE JWTOOL_SECRET_FILE JWTOOL_SECRET

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=jwtool-bench-ca \
  -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=127.0.0.1 \
  -keyout "$work/server.key" -out "$work/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\n' >"$work/san.ext"
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial -days 2 \
  -extfile "$work/san.ext" -out "$work/server.pem" 2>/dev/null
: >"$work/requests.log"
python3 "$root/tests/cli/oidc_server.py" "$work/www" "$work/server.pem" "$work/server.key" "$work/port" \
  "$work/requests.log" &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  [ -s "$work/port" ] && break
  sleep 0.1
done
issuer=https://127.0.0.1:$(cat "$work/port")/realm

"$jwtool" keygen --alg RS256 --bits 2048 --format pem --out "$work/key.pem"
"$jwtool" jwks --key "$work/key.pem" >"$work/jwks.json"
cp "$work/jwks.json" "$work/www/realm/jwks"
printf 'Cache-Control: max-age=86400\n' >"$work/www/realm/jwks.headers"
printf '{"issuer":"%s","jwks_uri":"%s/jwks"}' "$issuer" "$issuer" >"$work/www/realm/.well-known/openid-configuration"
printf 'Cache-Control: max-age=86400\n' >"$work/www/realm/.well-known/openid-configuration.headers"
token=$("$jwtool" issue --key "$work/key.pem" --alg RS256 --sub alice --iss "$issuer" --ttl 1d --now "$now")
printf '%s\n' "$token" >"$work/one.txt"
for _ in $(seq "$tokens"); do printf '%s\n' "$token"; done >"$work/many.txt"

at=$((now + 60))
remote=(--oidc-issuer "$issuer" --cacert "$work/ca.pem")
file=(--jwks "$work/jwks.json")
# Warm the cache, then check that each command works and that none asks the server again.
"$jwtool" verify --quiet "${remote[@]}" --now "$at" -- "$token"
requests=$(wc -l <"$work/requests.log")
"$jwtool" verify --quiet "${remote[@]}" --now "$at" -- "$token"
"$jwtool" verify --quiet "${file[@]}" --now "$at" -- "$token"
"$jwtool" verify --batch --no-claims --quiet "${remote[@]}" --now "$at" --input "$work/many.txt" >/dev/null
[ "$(wc -l <"$work/requests.log")" = "$requests" ] || { echo "bench oidc: a warm verify made a request" >&2; exit 1; }

quote() { printf '%q ' "$@"; }
one_remote="$(quote "$jwtool" verify --quiet "${remote[@]}" --now "$at" -- "$token")"
one_file="$(quote "$jwtool" verify --quiet "${file[@]}" --now "$at" -- "$token")"
batch() { quote "$jwtool" verify --batch --no-claims --quiet "$@" --now "$at" --input; }
hyperfine -N --warmup 20 --runs "$runs" --style none --export-json "$work/one.json" \
  -n oidc "$one_remote" -n file "$one_file" >"$work/one.txt.log" 2>&1
batch_runs=$((runs / 10 > 10 ? runs / 10 : 10))
hyperfine -N --warmup 3 --runs "$batch_runs" --style none --export-json "$work/batch.json" \
  -n oidc-1 "$(batch "${remote[@]}") $work/one.txt" -n file-1 "$(batch "${file[@]}") $work/one.txt" \
  -n oidc-n "$(batch "${remote[@]}") $work/many.txt" -n file-n "$(batch "${file[@]}") $work/many.txt" \
  >"$work/batch.txt.log" 2>&1
[ "$(wc -l <"$work/requests.log")" = "$requests" ] || { echo "bench oidc: a measured verify made a request" >&2; exit 1; }

# median NAME FILE: hyperfine's median of NAME in seconds.
median() { python3 -c 'import json,sys; print(next(r["median"] for r in json.load(open(sys.argv[2]))["results"] if r["command"] == sys.argv[1]))' "$1" "$2"; }
one_oidc=$(median oidc "$work/one.json")
one_jwks=$(median file "$work/one.json")
per_token() { awk -v n="$(median "$1-n" "$work/batch.json")" -v one="$(median "$1-1" "$work/batch.json")" -v t="$tokens" 'BEGIN { printf "%.0f", (n - one) / (t - 1) * 1e9 }'; }
batch_oidc=$(per_token oidc)
batch_jwks=$(per_token file)

instructions() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
if command -v valgrind >/dev/null 2>&1; then
  ir_oidc=$(instructions "$jwtool" verify --quiet "${remote[@]}" --now "$at" -- "$token")
  ir_jwks=$(instructions "$jwtool" verify --quiet "${file[@]}" --now "$at" -- "$token")
fi

ms() { awk -v s="$1" 'BEGIN { printf "%.3f", s * 1000 }'; }
extra_ms=$(awk -v a="$one_oidc" -v b="$one_jwks" 'BEGIN { printf "%+.3f", (a - b) * 1000 }')
verdict() { if [ "$1" = 1 ]; then echo met; else echo missed; fi; }
echo "### Keys over HTTPS (issue 15): warm --oidc-issuer against --jwks FILE"
echo
echo "RS256 (RSA 2048), one key; local HTTPS server, cache warm, --now fixed (no request made). Load at the start: $load_at_start."
echo
echo "| measure | --oidc-issuer (warm) | --jwks FILE | difference | target | |"
echo "|---|---:|---:|---:|---|---|"
printf '| one verify, median of %s (hyperfine -N) | %s ms | %s ms | %s ms | ≤ +0.3 ms | %s |\n' "$runs" "$(ms "$one_oidc")" \
  "$(ms "$one_jwks")" "$extra_ms" "$(verdict "$(awk -v a="$one_oidc" -v b="$one_jwks" 'BEGIN { print (a - b <= 0.0003) }')")"
printf '| verify --batch --no-claims, per token ((t(%s) - t(1)) / %s, medians of %s) | %s ns | %s ns | %s | same (±5 %%) | %s |\n' \
  "$tokens" "$((tokens - 1))" "$batch_runs" "$batch_oidc" "$batch_jwks" \
  "$(awk -v a="$batch_oidc" -v b="$batch_jwks" 'BEGIN { printf "%+.1f %%", (a - b) / b * 100 }')" \
  "$(verdict "$(awk -v a="$batch_oidc" -v b="$batch_jwks" 'BEGIN { d = (a - b) / b; print (d <= 0.05 && d >= -0.05) }')")"
if [ -n "${ir_oidc:-}" ]; then
  printf '| one verify, instructions (callgrind) | %s | %s | %s | | |\n' "$ir_oidc" "$ir_jwks" \
    "$(awk -v a="$ir_oidc" -v b="$ir_jwks" 'BEGIN { printf "%+d (%+.1f %%)", a - b, (a - b) / b * 100 }')"
fi
echo
echo "Load at the end: $(uptime | sed 's/.*load average/load average/'). Raw: $work/one.json, $work/batch.json."
