#!/usr/bin/env bash
# jwtool serve end to end: the server on a loopback port (port 0: it prints the one it got),
# driven with curl. The walkthrough over HTTP, both client authentication methods, rotation and
# reuse detection in a SQLite store, revocation and introspection, the JWK Set verified by
# jwtool verify --jwks URL (and by PyJWT when Debian's python3-jwt is there), start-up errors,
# and SIGTERM. Every server has a fixed --now: nothing reads the wall clock.
. "$(dirname "$0")/lib.sh"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY JWTOOL_KEY_FILE JWTOOL_SECRET_FILE JWTOOL_STORE
export XDG_CACHE_HOME=$TMP/cache

LOGIN=2026-01-01T00:00:00Z
LATER=2026-01-01T00:10:00Z
WEEK_ON=2026-01-09T00:00:00Z # past the refresh token's 7 days
ISSUER=http://jwtool.test

cat >"$TMP/clients.json" <<'JSON'
{"clients": {"ci": {"secret": "ci-secret", "claims": {"scope": "deploy"}}, "other": {"secret": "other-secret"}},
 "users": {"alice": {"password": "wonderland", "claims": {"role": "admin"}}}}
JSON
chmod 600 "$TMP/clients.json"

SERVERS=()
trap 'for pid in "${SERVERS[@]}"; do kill "$pid" 2>/dev/null; done; wait; rm -rf "$TMP"' EXIT

# start NAME ARGS...: starts jwtool serve --listen 127.0.0.1:0 ARGS in the background, its
# standard error in $TMP/NAME.err; sets PID and URL once it answers /healthz.
start() {
  local name=$1
  shift
  "$JWTOOL" serve --listen 127.0.0.1:0 "$@" 2>"$TMP/$name.err" &
  PID=$!
  SERVERS+=("$PID")
  URL=
  for _ in $(seq 100); do
    URL=$(sed -n 's/^jwtool: serving on \(http:.*\)$/\1/p' "$TMP/$name.err" 2>/dev/null)
    [ -n "$URL" ] && break
    sleep 0.1
  done
  for _ in $(seq 50); do
    curl -fs "$URL/healthz" >/dev/null && return 0
    sleep 0.1
  done
  echo "FAIL: $name did not start"; cat "$TMP/$name.err"
  exit 1
}

# stop PID: SIGTERM, then its exit code in RC.
stop() {
  kill -TERM "$1"
  wait "$1"
  RC=$?
}

# http ARGS...: curl -s ARGS; STATUS, BODY (and the headers in $TMP/headers).
http() {
  BODY=$(curl -s -D "$TMP/headers" -o - -w '\n%{http_code}' "$@")
  STATUS=${BODY##*$'\n'}
  BODY=${BODY%$'\n'*}
}
header() { sed -n "s/^$1: \\(.*\\)\\r\$/\\1/Ip" "$TMP/headers"; }
field() { printf '%s' "$BODY" | jq -r ".$1"; }
claim() { "$JWTOOL" decode --claim-value "$2" -- "$1"; }
expect_status() { check "$CASE: status" "$STATUS" "$1"; }
expect_body() { check "$CASE: body" "$BODY" "$1"; }
token_keys() { printf '%s' "$BODY" | jq -c 'keys'; }

CASE="start-up errors: exit 2, one line"
run serve --secret-file "$TMP/none" --listen 127.0.0.1:0
expect_rc 2
expect_err "jwtool: --secret-file: cannot read the file: No such file or directory"
printf '{' >"$TMP/bad.json"
run serve --secret-file "$TMP/key" --clients "$TMP/bad.json" --listen 127.0.0.1:0
expect_rc 2
expect_err "jwtool: --clients: invalid JSON at byte 1: unexpected end of input, expected a member name"
run serve --secret-file "$TMP/key" --clients "$TMP/none.json" --listen 127.0.0.1:0
expect_rc 2
expect_err "jwtool: --clients: cannot read \"$TMP/none.json\": No such file or directory"
run serve --secret-file "$TMP/key" --store redis://127.0.0.1:1 --listen 127.0.0.1:0
expect_rc 2
expect_err "jwtool: store redis://127.0.0.1:1/0: cannot connect: Connection refused"
run serve --secret-file "$TMP/key" --listen localhost:80
expect_rc 2
expect_err 'jwtool: --listen: "localhost:80": not an IP address (host names are not resolved: give 127.0.0.1:8080 or [::1]:8080)'
start busy --secret-file "$TMP/key" --now "$LOGIN"
busy_pid=$PID
run serve --secret-file "$TMP/key" --listen "${URL#http://}"
expect_rc 2
expect_err "jwtool: ${URL#http://}: address already in use"
stop "$busy_pid"

CASE="a --clients file others may read: a warning"
chmod 644 "$TMP/clients.json"
start warned --secret-file "$TMP/key" --clients "$TMP/clients.json" --now "$LOGIN"
check "$CASE: stderr" "$(head -1 "$TMP/warned.err")" \
  "jwtool: warning: --clients \"$TMP/clients.json\": the file is readable by other users, and it holds secrets (chmod o-r it)"
stop "$PID"
chmod 600 "$TMP/clients.json"

# ---------------------------------------------------------------------------------------------
start login --secret-file "$TMP/key" --clients "$TMP/clients.json" --issuer "$ISSUER" --now "$LOGIN"
LOGIN_URL=$URL
LOGIN_PID=$PID
start week --secret-file "$TMP/key" --clients "$TMP/clients.json" --issuer "$ISSUER" --now "$WEEK_ON"
WEEK_URL=$URL

CASE="walkthrough: login (password grant)"
http -u ci:ci-secret -d grant_type=password -d username=alice -d password=wonderland "$LOGIN_URL/token"
expect_status 200
check "$CASE: members" "$(token_keys)" '["access_token","expires_in","refresh_token","token_type"]'
check "$CASE: token_type, expires_in" "$(field token_type) $(field expires_in)" "bearer 1800"
check "$CASE: Cache-Control" "$(header Cache-Control)" "no-store"
check "$CASE: Pragma" "$(header Pragma)" "no-cache"
ACCESS=$(field access_token)
REFRESH=$(field refresh_token)
check "$CASE: the access token's claims" \
  "$(claim "$ACCESS" sub) $(claim "$ACCESS" iss) $(claim "$ACCESS" role) $(claim "$ACCESS" client_id) $(claim "$ACCESS" type)" \
  "alice $ISSUER admin ci access"
run verify --type access --secret-file "$TMP/key" --now "$LATER" --claim-value sub -- "$ACCESS"
check "$CASE: jwtool verify accepts the access token" "$RC $OUT" "0 alice"

CASE="walkthrough: POST /token/refresh"
http -X POST "$LOGIN_URL/token/refresh?refresh_token=$REFRESH"
expect_status 200
check "$CASE: members" "$(token_keys)" '["access_token","token_type"]'
check "$CASE: a new access token" "$(claim "$(field access_token)" type) $(claim "$(field access_token)" sub)" "access alice"
http -d "refresh_token=$REFRESH" "$LOGIN_URL/token/refresh"
expect_status 200
http -X POST "$LOGIN_URL/token/refresh?refresh_token=$ACCESS"
expect_status 401
expect_body '{"detail":"Invalid token type"}'
http -X POST "$WEEK_URL/token/refresh?refresh_token=$REFRESH"
expect_status 401
expect_body '{"detail":"Refresh token expired"}'
http -X POST "$LOGIN_URL/token/refresh?refresh_token=${REFRESH}x"
expect_status 401
expect_body '{"detail":"Invalid refresh token"}'

CASE="walkthrough: grant_type=refresh_token"
http -u ci:ci-secret -d grant_type=refresh_token -d "refresh_token=$REFRESH" "$LOGIN_URL/token"
expect_status 200
check "$CASE: no store, no rotation" "$(token_keys)" '["access_token","expires_in","token_type"]'
http -u ci:ci-secret -d grant_type=refresh_token -d "refresh_token=$REFRESH" "$WEEK_URL/token"
expect_status 400
expect_body '{"error":"invalid_grant","error_description":"Refresh token expired - please login again"}'
http -u ci:ci-secret -d grant_type=refresh_token -d "refresh_token=$ACCESS" "$LOGIN_URL/token"
expect_status 400
expect_body '{"error":"invalid_grant","error_description":"Invalid token type"}'

CASE="client_credentials: client_secret_basic"
http -u ci:ci-secret -d grant_type=client_credentials "$LOGIN_URL/token"
expect_status 200
check "$CASE: members" "$(token_keys)" '["access_token","expires_in","token_type"]'
check "$CASE: claims" "$(claim "$(field access_token)" sub) $(claim "$(field access_token)" scope)" "ci deploy"
CASE="client_credentials: client_secret_post"
http -d grant_type=client_credentials -d client_id=ci -d client_secret=ci-secret "$LOGIN_URL/token"
expect_status 200
check "$CASE: members" "$(token_keys)" '["access_token","expires_in","token_type"]'
for wrong in ci-secreT ci-secre ci-secret2; do
  CASE="client_credentials: a secret wrong by one byte ($wrong)"
  http -u "ci:$wrong" -d grant_type=client_credentials "$LOGIN_URL/token"
  expect_status 401
  expect_body '{"error":"invalid_client","error_description":"client authentication failed"}'
  check "$CASE: WWW-Authenticate" "$(header WWW-Authenticate)" 'Basic realm="jwtool", charset="UTF-8"'
  http -d grant_type=client_credentials -d client_id=ci -d "client_secret=$wrong" "$LOGIN_URL/token"
  expect_status 401
done
CASE="client_credentials: both methods at once"
http -u ci:ci-secret -d grant_type=client_credentials -d client_id=ci -d client_secret=ci-secret "$LOGIN_URL/token"
expect_status 400
expect_body '{"error":"invalid_request","error_description":"use one client authentication method: Basic or client_secret, not both"}'
CASE="a parameter given twice"
http -u ci:ci-secret -d grant_type=client_credentials -d grant_type=client_credentials "$LOGIN_URL/token"
expect_status 400
expect_body '{"error":"invalid_request","error_description":"parameter \"grant_type\" is given more than once"}'
CASE="a form that is not UTF-8"
http -u ci:ci-secret --data-binary $'grant_type=client_credentials&x=\xff' "$LOGIN_URL/token"
expect_status 400
expect_body '{"error":"invalid_request","error_description":"the form is not UTF-8"}'

CASE="empty parameters are as if omitted (RFC 6749 §3.2)"
http -u ci:ci-secret -d grant_type=client_credentials -d client_secret= "$LOGIN_URL/token"
expect_status 200
http -u ci:ci-secret -d grant_type= "$LOGIN_URL/token"
expect_status 400
expect_body '{"error":"invalid_request","error_description":"grant_type is missing"}'

CASE="an unknown path is logged as a fixed path"
http -X POST "$LOGIN_URL/token/refresh;refresh_token=SECRET"
expect_status 404

CASE="the access log: one JSON line per request, never a secret or a token"
stop "$LOGIN_PID"
check "$CASE: an unknown path" "$(grep -v '^jwtool:' "$TMP/login.err" | tail -1 | sed 's/"duration_ms":[0-9.e+-]*/"duration_ms":D/')" \
  '{"method":"POST","path":"(unknown)","status":404,"client":"127.0.0.1","duration_ms":D}'
check "$CASE: no SECRET" "$(grep -c SECRET "$TMP/login.err")" 0
check "$CASE: SIGTERM exits 0" "$RC" 0
log=$(cat "$TMP/login.err")
check "$CASE: first line" "$(sed -n 1p "$TMP/login.err")" "jwtool: serving on $LOGIN_URL"
check "$CASE: the login's line" "$(sed -n 3p "$TMP/login.err" | jq -c 'del(.duration_ms)')" \
  '{"method":"POST","path":"/token","status":200,"client":"ci"}'
check "$CASE: the query string is not logged" "$(sed -n 4p "$TMP/login.err" | jq -c 'del(.duration_ms)')" \
  '{"method":"POST","path":"/token/refresh","status":200,"client":"127.0.0.1"}'
check "$CASE: no secret" "$(printf '%s' "$log" | grep -c -e ci-secret -e wonderland)" 0
check "$CASE: no token" "$(printf '%s' "$log" | grep -c -e "$REFRESH" -e "$ACCESS" -e eyJ)" 0

# ---------------------------------------------------------------------------------------------
CASE="rotation and reuse detection with a SQLite store"
start store --secret-file "$TMP/key" --clients "$TMP/clients.json" --store "sqlite:$TMP/store.db" --now "$LOGIN"
http -u ci:ci-secret -d grant_type=password -d username=alice -d password=wonderland "$URL/token"
expect_status 200
R1=$(field refresh_token)
A1=$(field access_token)
check "$CASE: a session" "$(claim "$R1" sid)" "$(claim "$A1" sid)"
http -u ci:ci-secret -d grant_type=refresh_token -d "refresh_token=$R1" "$URL/token"
expect_status 200
check "$CASE: rotated" "$(token_keys)" '["access_token","expires_in","refresh_token","token_type"]'
R2=$(field refresh_token)
http -X POST "$URL/token/refresh?refresh_token=$R2"
expect_status 200
http -u ci:ci-secret -d grant_type=refresh_token -d "refresh_token=$R1" "$URL/token"
expect_status 400
expect_body '{"error":"invalid_grant","error_description":"Refresh token reuse detected - session revoked"}'
http -u ci:ci-secret -d grant_type=refresh_token -d "refresh_token=$R2" "$URL/token"
expect_status 400
expect_body '{"error":"invalid_grant","error_description":"Invalid refresh token"}'
run verify --store "sqlite:$TMP/store.db" --secret-file "$TMP/key" --now "$LATER" -- "$A1"
check "$CASE: jwtool verify with the store refuses the session's access token" "$RC" 6

CASE="/revoke, then /introspect inactive"
http -u ci:ci-secret -d grant_type=password -d username=alice -d password=wonderland "$URL/token"
A3=$(field access_token)
R3=$(field refresh_token)
http -u ci:ci-secret -d "token=$A3" "$URL/introspect"
expect_status 200
check "$CASE: active" "$(printf '%s' "$BODY" | jq -c '{active, sub, client_id, token_type}')" \
  '{"active":true,"sub":"alice","client_id":"ci","token_type":"bearer"}'
http -u other:other-secret -d "token=$R3" "$URL/revoke"
expect_status 200
expect_body ""
http -u ci:ci-secret -d "token=$R3" "$URL/introspect"
check "$CASE: another client cannot revoke it" "$(field active)" true
http -u ci:ci-secret -d "token=$R3" "$URL/revoke"
expect_status 200
expect_body ""
http -u ci:ci-secret -d "token=$R3" "$URL/introspect"
expect_body '{"active":false}'
http -u ci:ci-secret -d "token=$A3" "$URL/introspect"
expect_body '{"active":false}'
http -u ci:ci-secret -d "token=not-a-token" "$URL/revoke"
expect_status 200
http -d "token=$A3" "$URL/revoke"
expect_status 401
stop "$PID"
check "$CASE: SIGTERM exits 0" "$RC" 0

# ---------------------------------------------------------------------------------------------
CASE="RS256: the JWK Set, and tokens verified against it"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$TMP/rsa.pem" 2>/dev/null
start rsa --key "$TMP/rsa.pem" --clients "$TMP/clients.json" --now "$LOGIN"
http "$URL/jwks.json"
expect_status 200
check "$CASE: as jwtool jwks prints it" "$(printf '%s' "$BODY" | jq -S .)" "$("$JWTOOL" jwks --key "$TMP/rsa.pem" | jq -S .)"
check "$CASE: no private member" "$(printf '%s' "$BODY" | jq -c '[.keys[] | has("d", "p", "q")]')" '[false,false,false]'
http "$URL/.well-known/openid-configuration"
check "$CASE: discovery" "$(printf '%s' "$BODY" | jq -c '{issuer, jwks_uri, id_token_signing_alg_values_supported}')" \
  "{\"issuer\":\"$URL\",\"jwks_uri\":\"$URL/jwks.json\",\"id_token_signing_alg_values_supported\":[\"RS256\"]}"
http -u ci:ci-secret -d grant_type=client_credentials "$URL/token"
RS_TOKEN=$(field access_token)
run verify --jwks "$URL/jwks.json" --now "$LATER" --claim-value sub -- "$RS_TOKEN"
check "$CASE: jwtool verify --jwks URL" "$RC $OUT" "0 ci"
run verify --oidc-issuer "$URL" --now "$LATER" --claim-value iss -- "$RS_TOKEN"
check "$CASE: jwtool verify --oidc-issuer URL" "$RC $OUT" "0 $URL"
if /usr/bin/python3 -c 'import jwt, cryptography' 2>/dev/null; then
  pyjwt=$(/usr/bin/python3 - "$URL/jwks.json" "$RS_TOKEN" <<'PY'
import sys, jwt
client = jwt.PyJWKClient(sys.argv[1])
key = client.get_signing_key_from_jwt(sys.argv[2])
claims = jwt.decode(sys.argv[2], key.key, algorithms=["RS256"], options={"verify_exp": False, "verify_iat": False})
print(claims["sub"], claims["type"])
PY
  )
  check "$CASE: PyJWT fetches the set and verifies the token" "$pyjwt" "ci access"
else
  echo "note: PyJWT (python3-jwt) is not installed: the PyJWT check is skipped"
fi
http "$LOGIN_URL/healthz" # stopped: nothing answers
check "$CASE: the stopped server is gone" "$STATUS" "000"
stop "$PID"
check "$CASE: SIGTERM exits 0" "$RC" 0

CASE="a refresh token of another issuer (or none) is refused"
start open --secret-file "$TMP/key" --issuer "$ISSUER" --now "$LOGIN"
http "$URL/.well-known/oauth-authorization-server"
check "$CASE: metadata without --clients" "$(printf '%s' "$BODY" | jq -c 'del(.issuer, .token_endpoint, .jwks_uri)')" \
  '{"grant_types_supported":["refresh_token"],"token_endpoint_auth_methods_supported":["none"],"id_token_signing_alg_values_supported":["HS256"],"response_types_supported":[],"subject_types_supported":["public"]}'
for iss in https://evil.example ""; do
  run issue --type refresh --sub alice ${iss:+--iss "$iss"} --secret-file "$TMP/key" --now "$LOGIN"
  http -d grant_type=refresh_token -d "refresh_token=$OUT" "$URL/token"
  expect_status 400
  expect_body '{"error":"invalid_grant","error_description":"Invalid refresh token"}'
done
run issue --type refresh --sub alice --iss "$ISSUER" --secret-file "$TMP/key" --now "$LOGIN"
http -d grant_type=refresh_token -d "refresh_token=$OUT" "$URL/token"
expect_status 200
check "$CASE: the server's issuer" "$(claim "$(field access_token)" iss)" "$ISSUER"
stop "$PID"

CASE="HMAC keys are never published"
http "$WEEK_URL/jwks.json"
expect_body '{"keys":[]}'

finish
