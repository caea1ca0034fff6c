#!/usr/bin/env bash
# Keys over HTTPS: --oidc-issuer (OpenID Connect discovery, RFC 8414 after a 404) and --jwks URL,
# against a local HTTPS server (oidc_server.py) on a loopback port, with a CA and certificate made
# here. Nothing leaves the machine. The cache lives under a per-case $XDG_CACHE_HOME; its clock is
# --now, so every age below is exact.
. "$(dirname "$0")/lib.sh"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY JWTOOL_KEY_FILE JWTOOL_SECRET_FILE

NOW=1700000000
WWW=$TMP/www
LOG=$TMP/requests.log
mkdir -p "$WWW"
: >"$LOG"

# A CA, and a certificate for 127.0.0.1 signed by it; another CA that signed nothing here.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=jwtool-test-ca \
  -keyout "$TMP/ca.key" -out "$TMP/ca.pem" 2>/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=other-ca \
  -keyout "$TMP/other-ca.key" -out "$TMP/other-ca.pem" 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=127.0.0.1 \
  -keyout "$TMP/server.key" -out "$TMP/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\n' >"$TMP/san.ext"
openssl x509 -req -in "$TMP/server.csr" -CA "$TMP/ca.pem" -CAkey "$TMP/ca.key" -CAcreateserial -days 2 \
  -extfile "$TMP/san.ext" -out "$TMP/server.pem" 2>/dev/null

python3 "$here/oidc_server.py" "$WWW" "$TMP/server.pem" "$TMP/server.key" "$TMP/port" "$LOG" &
SERVER=$!
SERVER2=
trap 'kill "$SERVER" $SERVER2 2>/dev/null; wait "$SERVER" $SERVER2 2>/dev/null; rm -rf "$TMP"' EXIT
# wait_port FILE: the port a server wrote to FILE once it listens.
wait_port() {
  for _ in $(seq 100); do
    [ -s "$1" ] && break
    sleep 0.1
  done
  cat "$1"
}
PORT=$(wait_port "$TMP/port")
BASE=https://127.0.0.1:$PORT
ISS=$BASE/realm
CA=$TMP/ca.pem

b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
# make_key NAME: an EC P-256 key in $TMP/NAME.pem and its public JWK (kid NAME) in $TMP/NAME.jwk.
make_key() {
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$TMP/$1.pem" 2>/dev/null
  openssl pkey -in "$TMP/$1.pem" -pubout -outform DER 2>/dev/null | tail -c 64 >"$TMP/$1.point"
  printf '{"kty":"EC","crv":"P-256","kid":"%s","alg":"ES256","use":"sig","x":"%s","y":"%s"}' "$1" \
    "$(head -c 32 "$TMP/$1.point" | b64url)" "$(tail -c 32 "$TMP/$1.point" | b64url)" >"$TMP/$1.jwk"
}
make_key k1
make_key k2
make_key k3
# token KEY ISSUER: a token signed with KEY, naming it as kid, issued at NOW for a day.
token() { "$JWTOOL" issue --key "$TMP/$1.pem" --kid "$1" --alg ES256 --sub alice --iss "$2" --jti "jti-$1" --ttl 1d --now "$NOW"; }
t1=$(token k1 "$ISS")
t2=$(token k2 "$ISS")
t3=$(token k3 "$ISS")
t_other_iss=$(token k1 "$BASE/other")

# serve PATH BODY [HEADERS]: the server answers GET PATH with BODY and the extra HEADERS lines.
serve() {
  mkdir -p "$(dirname "$WWW$1")"
  printf '%s' "$2" >"$WWW$1"
  if [ $# -gt 2 ]; then printf '%s\n' "$3" >"$WWW$1.headers"; else rm -f "$WWW$1.headers"; fi
}
# redirect PATH TARGET
redirect() {
  mkdir -p "$(dirname "$WWW$1")"
  : >"$WWW$1"
  printf '302' >"$WWW$1.status"
  printf 'Location: %s\n' "$2" >"$WWW$1.headers"
}
configuration() { printf '{"issuer":"%s","jwks_uri":"%s","response_types_supported":["code"]}' "$1" "$2"; }
serve /realm/.well-known/openid-configuration "$(configuration "$ISS" "$ISS/jwks")"
serve /realm/jwks "{\"keys\":[$(cat "$TMP/k1.jwk")]}" $'Cache-Control: public, max-age=600\nETag: "v1"'

# requests PATH [IF-NONE-MATCH]: how many requests for PATH the server has had (with that header).
requests() { grep -c "^$1 ${2:-}" "$LOG"; }
cache_dir() { export XDG_CACHE_HOME=$TMP/cache-$1; }
T1_CLAIMS=$(printf '{\n  "sub": "alice",\n  "iss": "%s",\n  "iat": %s,\n  "exp": %s,\n  "type": "access",\n  "jti": "jti-k1"\n}' \
  "$ISS" "$NOW" $((NOW + 86400)))

cache_dir discovery
CASE="discovery, then verify (cold cache)"
run verify --oidc-issuer "$ISS" --cacert "$CA" --now "$NOW" -- "$t1"
expect_rc 0
expect_err ""
expect_out "$T1_CLAIMS"
check "$CASE: one discovery request" "$(requests /realm/.well-known/openid-configuration)" 1
check "$CASE: one key set request" "$(requests /realm/jwks)" 1

CASE="warm cache: no request at all"
run verify --oidc-issuer "$ISS" --cacert "$CA" --now $((NOW + 100)) -- "$t1"
expect_rc 0
expect_out "$T1_CLAIMS"
check "$CASE: no discovery request" "$(requests /realm/.well-known/openid-configuration)" 1
check "$CASE: no key set request" "$(requests /realm/jwks)" 1

CASE="the cache: directory 0700, files 0600, one per URL"
check "$CASE: directory" "$(stat -c %a "$XDG_CACHE_HOME/jwtool")" 700
check "$CASE: files" "$(stat -c %a "$XDG_CACHE_HOME"/jwtool/* | sort -u)" 600
check "$CASE: count" "$(find "$XDG_CACHE_HOME/jwtool" -type f | wc -l)" 2

CASE="the people view says where the key came from"
run verify --oidc-issuer "$ISS" --cacert "$CA" --now $((NOW + 100)) --color always -- "$t1"
expect_rc 0
expect_out_contains "Key: EC P-256 (kid \"k1\"), from $ISS/jwks (cached at 2023-11-14T22:13:20Z)"

CASE="a token of another issuer is refused, though its key is the provider's"
run verify --oidc-issuer "$ISS" --cacert "$CA" --now $((NOW + 100)) -- "$t_other_iss"
expect_rc 1
expect_out ""
expect_err "jwtool: \"iss\" is \"$BASE/other\", expected \"$ISS\""

CASE="--iss other than --oidc-issuer"
run verify --oidc-issuer "$ISS" --iss "$BASE/other" --cacert "$CA" --now $((NOW + 100)) -- "$t1"
expect_rc 2
expect_err "jwtool: --iss \"$BASE/other\" differs from --oidc-issuer \"$ISS\": the provider's tokens carry its issuer"

CASE="max-age: stale after 600 s (the key set) and 300 s (discovery, no Cache-Control); the key set revalidated (ETag, 304)"
run verify --oidc-issuer "$ISS" --cacert "$CA" --now $((NOW + 700)) -- "$t1"
expect_rc 0
expect_err ""
check "$CASE: discovery fetched again" "$(requests /realm/.well-known/openid-configuration)" 2
check "$CASE: key set revalidated" "$(requests /realm/jwks '"v1"')" 1
check "$CASE: key set requests" "$(requests /realm/jwks)" 2

CASE="a 304 renews freshness as a 200 would"
run verify --oidc-issuer "$ISS" --cacert "$CA" --now $((NOW + 1200)) -- "$t1"
expect_rc 0
check "$CASE: no key set request" "$(requests /realm/jwks)" 2

CASE="key rotation: a new kid has the fresh cached set fetched again, once"
serve /realm/jwks "{\"keys\":[$(cat "$TMP/k1.jwk"),$(cat "$TMP/k2.jwk")]}" $'Cache-Control: public, max-age=600\nETag: "v2"'
run verify --oidc-issuer "$ISS" --cacert "$CA" --now $((NOW + 1210)) -- "$t2"
expect_rc 0
expect_err ""
check "$CASE: key set requests" "$(requests /realm/jwks)" 3
run verify --oidc-issuer "$ISS" --cacert "$CA" --now $((NOW + 1220)) -- "$t2"
expect_rc 0
check "$CASE: then cached" "$(requests /realm/jwks)" 3

CASE="an unknown kid within a minute of the last refetch: no request"
run verify --oidc-issuer "$ISS" --cacert "$CA" --now $((NOW + 1260)) -- "$t3"
expect_rc 1
expect_err "jwtool: no key has kid \"k3\""
check "$CASE: key set requests" "$(requests /realm/jwks)" 3

CASE="an unknown kid a minute later: one refetch, still refused"
run verify --oidc-issuer "$ISS" --cacert "$CA" --now $((NOW + 1271)) -- "$t3"
expect_rc 1
expect_err "jwtool: no key has kid \"k3\""
check "$CASE: key set requests" "$(requests /realm/jwks)" 4

CASE="--offline with a stale cache: used, with a warning"
before=$(wc -l <"$LOG")
run verify --oidc-issuer "$ISS" --offline --now $((NOW + 80000)) -- "$t1"
expect_rc 0
expect_out "$T1_CLAIMS"
expect_err "jwtool: warning: $ISS/.well-known/openid-configuration: the cached copy (fetched 2023-11-14T22:33:20Z) is stale; used because of --offline
jwtool: warning: $ISS/jwks: the cached copy (fetched 2023-11-14T22:34:31Z) is stale; used because of --offline"
check "$CASE: no request" "$(wc -l <"$LOG")" "$before"

cache_dir empty
CASE="--offline without a cache"
run verify --oidc-issuer "$ISS" --offline --now "$NOW" -- "$t1"
expect_rc 2
expect_out ""
expect_err "jwtool: $ISS/.well-known/openid-configuration: not in the cache, and --offline fetches nothing; and $BASE/.well-known/oauth-authorization-server/realm: not in the cache, and --offline fetches nothing"
check "$CASE: no request" "$(wc -l <"$LOG")" "$before"

cache_dir none
CASE="--no-cache: fetched, nothing written"
run verify --oidc-issuer "$ISS" --cacert "$CA" --no-cache --now "$NOW" -- "$t1"
expect_rc 0
check "$CASE: no cache directory" "$([ -e "$XDG_CACHE_HOME" ] && echo exists)" ""
check "$CASE: requests" "$(wc -l <"$LOG")" $((before + 2))

cache_dir batch
CASE="verify --batch: one fetch for the whole run"
printf '%s\n' "$t1" "$t2" "$t1" >"$TMP/tokens"
run verify --batch --no-claims --input "$TMP/tokens" --oidc-issuer "$ISS" --cacert "$CA" --now "$NOW"
expect_rc 0
expect_out '{"line":1,"valid":true}
{"line":2,"valid":true}
{"line":3,"valid":true}'
check "$CASE: discovery requests" "$(requests /realm/.well-known/openid-configuration)" 5
check "$CASE: key set requests" "$(requests /realm/jwks)" 6

# rotation_batch TOKEN...: verify --batch of the tokens against $BASE/rot, at NOW + $AT, with $JOBS.
rotation_batch() {
  printf '%s\n' "$@" >"$TMP/rot-tokens"
  run verify --batch --no-claims --jobs "${JOBS:-1}" --input "$TMP/rot-tokens" --oidc-issuer "$BASE/rot" --cacert "$CA" \
    --now $((NOW + AT))
}
serve /rot/.well-known/openid-configuration "$(configuration "$BASE/rot" "$BASE/rot/jwks")"
rot1=$(token k1 "$BASE/rot")
rot2=$(token k2 "$BASE/rot")
rot3=$(token k3 "$BASE/rot")
for JOBS in 1 4; do
  cache_dir "rotation-$JOBS"
  serve /rot/jwks "{\"keys\":[$(cat "$TMP/k1.jwk")]}" 'Cache-Control: max-age=600'
  CASE="verify --batch --jobs $JOBS: the provider rotates its keys between two tokens"
  AT=0 rotation_batch "$rot1"
  expect_rc 0 # warms the cache with k1
  before=$(requests /rot/jwks)
  serve /rot/jwks "{\"keys\":[$(cat "$TMP/k2.jwk")]}" 'Cache-Control: max-age=600' # k2 replaces k1
  if [ "$JOBS" = 1 ]; then
    AT=10 rotation_batch "$rot1" "$rot2" "$rot1" "$rot2"
    expect_rc 1
    expect_out '{"line":1,"valid":true}
{"line":2,"valid":true}
{"line":3,"valid":false,"error":"key_not_found","message":"no key has kid \"k1\"","claim":"kid"}
{"line":4,"valid":true}'
    expect_err "jwtool: 4 tokens: 3 valid, 1 refused (1 key_not_found)"
  else
    # Every thread meets the new kid at once: one refetch all the same, and every line valid.
    AT=10 rotation_batch $(for _ in $(seq 200); do printf '%s ' "$rot2"; done)
    expect_rc 0
    check "$CASE: all valid" "$(grep -c '"valid":true' <<<"$OUT")" 200
  fi
  check "$CASE: one refetch for the run" "$(requests /rot/jwks)" $((before + 1))
  CASE="verify --batch --jobs $JOBS: another new kid within a minute of that refetch: no request"
  serve /rot/jwks "{\"keys\":[$(cat "$TMP/k3.jwk")]}" 'Cache-Control: max-age=600'
  AT=40 rotation_batch "$rot2" "$rot3"
  expect_rc 1
  expect_out '{"line":1,"valid":true}
{"line":2,"valid":false,"error":"key_not_found","message":"no key has kid \"k3\"","claim":"kid"}'
  check "$CASE: no request" "$(requests /rot/jwks)" $((before + 1))
done

CASE="revoke with --oidc-issuer"
run revoke --oidc-issuer "$ISS" --cacert "$CA" --now "$NOW" --store "sqlite:$TMP/store.db" -- "$t1"
expect_rc 0
expect_out '{
  "revoked": "token",
  "jti": "jti-k1"
}'
expect_err ""
run verify --oidc-issuer "$ISS" --cacert "$CA" --now "$NOW" --store "sqlite:$TMP/store.db" -- "$t1"
expect_rc 6

cache_dir 8414
CASE="RFC 8414: only after a 404 for the OpenID form (the issuer with a trailing / is another issuer)"
serve /.well-known/oauth-authorization-server/r8414 "$(configuration "$BASE/r8414" "$ISS/jwks")"
r8414=$(token k1 "$BASE/r8414")
run verify --oidc-issuer "$BASE/r8414/" --iss "$BASE/r8414/" --cacert "$CA" --now "$NOW" -- "$r8414"
expect_rc 2
expect_err "jwtool: $BASE/.well-known/oauth-authorization-server/r8414: the configuration's issuer \"$BASE/r8414\" is not \"$BASE/r8414/\" (OpenID Connect Discovery §4.3): refused"
run verify --oidc-issuer "$BASE/r8414" --cacert "$CA" --now "$NOW" -- "$r8414"
expect_rc 0
expect_err ""
check "$CASE: the OpenID form asked first" "$(requests /r8414/.well-known/openid-configuration)" 2

cache_dir mismatch
CASE="issuer mismatch: the document names another issuer"
serve /evil/.well-known/openid-configuration "$(configuration "$ISS" "$ISS/jwks")"
run verify --oidc-issuer "$BASE/evil" --cacert "$CA" --now "$NOW" -- "$t1"
expect_rc 2
expect_out ""
expect_err "jwtool: $BASE/evil/.well-known/openid-configuration: the configuration's issuer \"$ISS\" is not \"$BASE/evil\" (OpenID Connect Discovery §4.3): refused"
check "$CASE: nothing cached" "$(find "$XDG_CACHE_HOME/jwtool" -type f | wc -l)" 0

CASE="a jwks_uri over plain http to another host"
serve /plain/.well-known/openid-configuration "$(configuration "$BASE/plain" "http://keys.example.com/jwks")"
run verify --oidc-issuer "$BASE/plain" --cacert "$CA" --now "$NOW" -- "$t1"
expect_rc 2
expect_err "jwtool: $BASE/plain/.well-known/openid-configuration: jwks_uri: http://keys.example.com/jwks: plain http is refused (only for a loopback address, 127.0.0.1 or [::1]): use https"

# v URL: verify t1 with --jwks URL.
v() { run verify --jwks "$1" --cacert "$CA" --no-cache --now "$NOW" -- "$t1"; }
CASE="--jwks URL"
v "$ISS/jwks"
expect_rc 0
expect_out "$T1_CLAIMS"

CASE="redirects: three followed"
redirect /r1 "$BASE/r2"
redirect /r2 "$BASE/r3"
redirect /r3 "$BASE/r4"
redirect /r4 "$ISS/jwks"
v "$BASE/r2"
expect_rc 0
CASE="redirects: a fourth refused"
v "$BASE/r1"
expect_rc 2
expect_err "jwtool: $BASE/r1: more than 3 redirects"

CASE="a redirect to http refused"
redirect /to-http "http://127.0.0.1:$PORT/realm/jwks"
before=$(wc -l <"$LOG")
v "$BASE/to-http"
expect_rc 2
expect_out ""
expect_err "jwtool: $BASE/to-http: refused a redirect to a URL that is not https"

CASE="a body over 1 MiB, with Content-Length"
v "$BASE/big"
expect_rc 2
expect_err "jwtool: $BASE/big: the body is larger than the limit of 1048576 bytes"
CASE="a body over 1 MiB, without Content-Length"
v "$BASE/big-chunked"
expect_rc 2
expect_err "jwtool: $BASE/big-chunked: the body is larger than the limit of 1048576 bytes"

CASE="404"
v "$BASE/nowhere"
expect_rc 2
expect_err "jwtool: $BASE/nowhere: HTTP status 404"

CASE="not a JWK Set"
v "$ISS/.well-known/openid-configuration"
expect_rc 2
expect_err "jwtool: $ISS/.well-known/openid-configuration: not a JWK Set: no \"kty\" member"

CASE="a published set holding a secret key"
serve /secret-jwks '{"keys":[{"kty":"oct","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldC0"}]}'
v "$BASE/secret-jwks"
expect_rc 2
expect_err "jwtool: $BASE/secret-jwks: the set holds an \"oct\" (secret) key: a published set holds public keys only"

CASE="a certificate the system does not trust (no --cacert)"
run verify --jwks "$ISS/jwks" --no-cache --now "$NOW" -- "$t1"
expect_rc 2
expect_out ""
expect_err "jwtool: $ISS/jwks: TLS: the server's certificate is not trusted (SSL certificate problem: unable to get local issuer certificate)"
CASE="a certificate another CA signed"
run verify --jwks "$ISS/jwks" --cacert "$TMP/other-ca.pem" --no-cache --now "$NOW" -- "$t1"
expect_rc 2
expect_err "jwtool: $ISS/jwks: TLS: the server's certificate is not trusted (SSL certificate problem: unable to get local issuer certificate)"

CASE="connection refused"
v "http://127.0.0.1:1/jwks"
expect_rc 2
expect_err "jwtool: http://127.0.0.1:1/jwks: cannot connect (refused or unreachable)"

CASE="URLs refused before connecting"
for url in http://example.com/jwks http://localhost:$PORT/jwks http://10.0.0.1/jwks; do
  v "$url"
  expect_rc 2
  expect_err "jwtool: --jwks: $url: plain http is refused (only for a loopback address, 127.0.0.1 or [::1]): use https"
done
run verify --oidc-issuer x --now "$NOW" -- "$t1"
expect_rc 2
expect_err "jwtool: --oidc-issuer: \"x\" is not a URL"
run verify --oidc-issuer ftp://127.0.0.1/x --now "$NOW" -- "$t1"
expect_rc 2
expect_err "jwtool: --oidc-issuer: ftp://127.0.0.1/x: not an https URL"
run verify --oidc-issuer "$ISS?x=1" --now "$NOW" -- "$t1"
expect_rc 2
expect_err "jwtool: --oidc-issuer: \"$ISS?x=1\" has a query or fragment, which an issuer never has"
# One request each from "a redirect to http" to "a published set holding a secret key"; none since.
check "$CASE: no request" "$(wc -l <"$LOG")" "$((before + 6))"

CASE="the fetch flags need a key source over HTTPS"
run verify --offline --key "$TMP/k1.pem" --now "$NOW" -- "$t1"
expect_rc 2
expect_err "jwtool: --offline: only with --oidc-issuer ISSUER or --jwks URL"
CASE="refresh and issue take no URL"
run refresh --jwks "$ISS/jwks" --now "$NOW" -- "$t1"
expect_rc 2
expect_err "jwtool: --jwks URL: a fetched key set holds public keys, which cannot sign: give a file"
run issue --jwks "$ISS/jwks" --sub alice --now "$NOW"
expect_rc 2
expect_err "jwtool: --jwks URL: keys are fetched only to verify (verify, revoke): give a file"

cache_dir concurrent
CASE="concurrent processes share the cache: no torn entry"
for i in 1 2 3 4 5 6; do
  "$JWTOOL" verify --quiet --oidc-issuer "$ISS" --cacert "$CA" --now $((NOW + i * 1000)) -- "$t1" &
  "$JWTOOL" verify --quiet --oidc-issuer "$ISS" --cacert "$CA" --now $((NOW + i * 1000)) -- "$t2" &
done
failed=0
for pid in $(jobs -p); do
  [ "$pid" = "$SERVER" ] && continue
  wait "$pid" || failed=$((failed + 1))
done
check "$CASE: all passed" "$failed" 0
check "$CASE: two entries, no temporary file left" "$(find "$XDG_CACHE_HOME/jwtool" -type f | wc -l)" 2
for file in "$XDG_CACHE_HOME"/jwtool/*; do
  check "$CASE: $(basename "$file") is whole JSON" "$(python3 -c 'import json,sys; json.load(open(sys.argv[1])); print("ok")' "$file")" ok
done

# A second server, stopped below: its port then refuses connections.
mkdir -p "$TMP/www2/realm/.well-known"
python3 "$here/oidc_server.py" "$TMP/www2" "$TMP/server.pem" "$TMP/server.key" "$TMP/port2" "$TMP/requests2.log" &
SERVER2=$!
ISS2=https://127.0.0.1:$(wait_port "$TMP/port2")/realm
configuration "$ISS2" "$ISS2/jwks" >"$TMP/www2/realm/.well-known/openid-configuration"
printf '{"keys":[%s]}' "$(cat "$TMP/k1.jwk")" >"$TMP/www2/realm/jwks"
t_iss2=$(token k1 "$ISS2")
cache_dir stale
run verify --oidc-issuer "$ISS2" --cacert "$CA" --now "$NOW" -- "$t_iss2"
expect_rc 0 # cached
run verify --jwks "$ISS2/jwks" --cacert "$CA" --now "$NOW" -- "$t_iss2"
expect_rc 0
kill "$SERVER2"
wait "$SERVER2" 2>/dev/null
SERVER2=

CASE="the server gone, a stale cached copy: used, with a warning naming the URL, its age and the cause"
run verify --oidc-issuer "$ISS2" --cacert "$CA" --now $((NOW + 3700)) -- "$t_iss2"
expect_rc 0
expect_out_contains '"sub": "alice"'
expect_err "jwtool: warning: $ISS2/.well-known/openid-configuration: cannot connect (refused or unreachable); used the stale cached copy (fetched 2023-11-14T22:13:20Z, 1h1m ago)
jwtool: warning: $ISS2/jwks: cannot connect (refused or unreachable); used the stale cached copy (fetched 2023-11-14T22:13:20Z, 1h1m ago)"
run verify --jwks "$ISS2/jwks" --cacert "$CA" --now $((NOW + 400)) -- "$t_iss2"
expect_rc 0
expect_err "jwtool: warning: $ISS2/jwks: cannot connect (refused or unreachable); used the stale cached copy (fetched 2023-11-14T22:13:20Z, 6m40s ago)"
CASE="the server gone, a stale cached copy: verify --batch too"
printf '%s\n' "$t_iss2" >"$TMP/stale-tokens"
run verify --batch --no-claims --input "$TMP/stale-tokens" --oidc-issuer "$ISS2" --cacert "$CA" --now $((NOW + 3700))
expect_rc 0
expect_out '{"line":1,"valid":true}'
expect_err_contains "jwtool: warning: $ISS2/jwks: cannot connect (refused or unreachable); used the stale cached copy"

cache_dir stale-none
CASE="the server gone, no cached copy: exit 2"
run verify --oidc-issuer "$ISS2" --cacert "$CA" --now "$NOW" -- "$t_iss2"
expect_rc 2
expect_out ""
expect_err "jwtool: $ISS2/.well-known/openid-configuration: cannot connect (refused or unreachable)"

cache_dir stale-answer
CASE="an answer is no network failure: a stale copy does not hide an HTTP error or a bad document"
serve /gone/jwks "{\"keys\":[$(cat "$TMP/k1.jwk")]}" 'Cache-Control: max-age=60'
run verify --jwks "$BASE/gone/jwks" --cacert "$CA" --now "$NOW" -- "$t1"
expect_rc 0 # cached
for status in 404 503; do
  printf '%s' "$status" >"$WWW/gone/jwks.status"
  run verify --jwks "$BASE/gone/jwks" --cacert "$CA" --now $((NOW + 100)) -- "$t1"
  expect_rc 2
  expect_out ""
  expect_err "jwtool: $BASE/gone/jwks: HTTP status $status"
done
rm "$WWW/gone/jwks.status"
serve /gone/jwks 'not json'
run verify --jwks "$BASE/gone/jwks" --cacert "$CA" --now $((NOW + 100)) -- "$t1"
expect_rc 2
expect_err_contains "jwtool: $BASE/gone/jwks: not a JWK Set: "

CASE="a server that never answers: refused within the 30 s limit"
start=$SECONDS
v "$BASE/hang"
expect_rc 2
expect_err "jwtool: $BASE/hang: timed out: no complete answer within 30 seconds"
check "$CASE: within 29-40 s" "$(elapsed=$((SECONDS - start)); [ "$elapsed" -ge 29 ] && [ "$elapsed" -le 40 ] && echo yes)" yes

finish
