#!/usr/bin/env bash
# Claims on issue, checks on verify and refresh, and the output flags of verify and decode.
. "$(dirname "$0")/lib.sh"

NOW=1700000000
payload_of() { "$JWTOOL" decode --json "$1" | sed -n '/"payload"/,/^  }/p' | tr -d ' \n'; }
header_of() { "$JWTOOL" decode --json "$1" | sed -n '/"header"/,/^  }/p' | tr -d ' \n'; }

CASE="issue with every claim flag"
run_key issue --sub alice --iss auth.example.com --aud api --aud web --nbf +1m --no-jti \
  --claim 'scopes=["read","write"]' --claim level=3 --claim admin=false --claim note=hello \
  --claim-string zip=01234 --claim-string n=5 --header typ=at+jwt --header v=2 --now "$NOW"
expect_rc 0
token=$OUT
check "$CASE: payload" "$(payload_of "$token")" \
  '"payload":{"sub":"alice","iss":"auth.example.com","aud":["api","web"],"iat":1700000000,"nbf":1700000060,"exp":1700001800,"type":"access","scopes":["read","write"],"level":3,"admin":false,"note":"hello","zip":"01234","n":"5"},'
check "$CASE: header" "$(header_of "$token")" '"header":{"alg":"HS256","typ":"at+jwt","v":2},'

CASE="one --aud gives a string; --no-iat leaves iat out; --nbf as RFC 3339"
run_key issue --sub alice --aud api --no-iat --no-jti --nbf 2023-11-14T22:13:20Z --now "$NOW"
check "$CASE: payload" "$(payload_of "$OUT")" \
  '"payload":{"sub":"alice","aud":"api","nbf":1700000000,"exp":1700001800,"type":"access"},'

CASE="--claims from a file and from standard input"
printf '{"tenant": "acme", "roles": ["a", "b"], "limits": {"rps": 10}}' >"$TMP/claims.json"
run_key issue --sub alice --no-jti --claims "$TMP/claims.json" --claim extra=1 --now "$NOW"
expect_rc 0
check "$CASE: payload" "$(payload_of "$OUT")" \
  '"payload":{"sub":"alice","iat":1700000000,"exp":1700001800,"type":"access","tenant":"acme","roles":["a","b"],"limits":{"rps":10},"extra":1},'
STDIN='{"tenant": "acme"}' run_key issue --sub alice --no-jti --claims - --now "$NOW"
expect_rc 0
check_contains "$CASE: stdin" "$(payload_of "$OUT")" '"tenant":"acme"'

CASE="a pair: the access token is fresh, the refresh token is not marked"
run_key issue --sub alice --type pair --aud api --no-jti --now "$NOW"
check "$CASE: access" "$(payload_of "$(json_string "$OUT" access_token)")" \
  '"payload":{"sub":"alice","aud":"api","iat":1700000000,"exp":1700001800,"type":"access","fresh":true},'
refresh=$(json_string "$OUT" refresh_token)
check "$CASE: refresh" "$(payload_of "$refresh")" \
  '"payload":{"sub":"alice","aud":"api","iat":1700000000,"exp":1700604800,"type":"refresh"},'

CASE="refresh carries iss, aud and custom claims, and marks the token not fresh"
run_key issue --sub alice --type refresh --iss auth --aud api --claim tenant=acme --no-jti --now "$NOW"
rt=$OUT
run_key refresh --now 1700000600 "$rt"
expect_rc 0
check "$CASE: payload" "$(payload_of "$(json_string "$OUT" access_token)" | sed 's/"jti":"[^"]*",//')" \
  '"payload":{"sub":"alice","iss":"auth","aud":"api","iat":1700000600,"exp":1700002400,"type":"access","fresh":false,"tenant":"acme"},'
run_key refresh --no-carry --now 1700000600 "$rt"
expect_rc 0
check "$CASE: --no-carry" "$(payload_of "$(json_string "$OUT" access_token)" | sed 's/,"jti":"[^"]*"//')" \
  '"payload":{"sub":"alice","iat":1700000600,"exp":1700002400,"type":"access","fresh":false},'

# Refusals on issue: exit 2, one line, nothing on stdout.
issue_refused() {
  CASE=$1
  local message=$2
  shift 2
  run_key issue --sub alice "$@"
  expect_rc 2
  expect_out ""
  expect_err "$message"
}
issue_refused "--claim for a registered claim" 'jwtool: --claim: "iss" is a registered claim: set it with --iss' --claim iss=x
issue_refused "--claim-string exp" 'jwtool: --claim-string: "exp" is a registered claim: set it with --ttl' --claim-string exp=1
STDIN='{"sub":"x"}' issue_refused "--claims with sub" 'jwtool: --claims: "sub" is a registered claim: set it with --sub' --claims -
printf '{"type":"refresh"}' >"$TMP/type.json"
issue_refused "--claims with type" 'jwtool: --claims: "type" is a registered claim: set it with --type' --claims "$TMP/type.json"
issue_refused "--claim fresh" 'jwtool: --claim: "fresh" is a registered claim: set it with --type pair (jwtool sets it)' --claim fresh=true
issue_refused "a claim twice" 'jwtool: --claim: "x" is given twice' --claim x=1 --claim x=2
issue_refused "a claim in --claims and --claim-string" 'jwtool: --claim-string: "tenant" is given twice' \
  --claims "$TMP/claims.json" --claim-string tenant=x
issue_refused "--claim without =" 'jwtool: --claim "novalue": expected KEY=VALUE' --claim novalue
STDIN='[1]' issue_refused "--claims not an object" 'jwtool: --claims: expected a JSON object, found array' --claims -
STDIN='nope' issue_refused "--claims not JSON" "jwtool: --claims: invalid JSON at byte 0: unexpected 'n', expected a value" --claims -
issue_refused "--header alg" 'jwtool: --header: "alg" is set by jwtool (use --alg)' --header alg=none
issue_refused "--header kid" 'jwtool: --header: "kid" is set by jwtool (use --kid)' --header kid=x
issue_refused "--header crit" 'jwtool: --header: "crit" is set by jwtool' --header 'crit=["x"]'
issue_refused "--header twice" 'jwtool: --header: "x" is given twice' --header x=1 --header x=2
issue_refused "--iss twice" "jwtool: --iss: At Most 1 required but received 2 (see 'jwtool help issue')" --iss a --iss b
issue_refused "a bad --nbf" 'jwtool: --nbf: invalid time "soon": not a number of seconds (give Unix seconds, RFC 3339 such as 2024-05-01T12:00:00Z, or an offset such as +8d or -1h)' --nbf soon

# Checks on verify: each failure its own kind, message and exit code.
run_key issue --sub alice --iss auth --aud api --aud web --claim role=admin --no-jti --now "$NOW"
T=$OUT
CASE="all checks pass"
run_key verify --now "$NOW" --iss auth --sub alice --aud web --require role --require iat --max-age 1h "$T"
expect_rc 0
expect_err ""
CASE="--aud accepts any of several"
run_key verify --now "$NOW" --aud nope --aud api "$T"
expect_rc 0

check_refused() {
  CASE=$1
  local rc=$2 kind=$3 message=$4
  shift 4
  run_key verify --json "$@"
  expect_rc "$rc"
  expect_out_contains "\"error\": \"$kind\""
  expect_err "jwtool: $message"
}
check_refused "wrong aud" 1 aud_mismatch '"aud" is ["api","web"], expected it to contain "mobile"' --aud mobile --now "$NOW" "$T"
check_refused "wrong iss" 1 iss_mismatch '"iss" is "auth", expected "evil"' --iss evil --now "$NOW" "$T"
check_refused "wrong sub" 1 sub_mismatch '"sub" is "alice", expected "bob"' --sub bob --now "$NOW" "$T"
check_refused "missing required claim" 1 missing_claim 'the token has no "tenant" claim, which is required' --require tenant --now "$NOW" "$T"
check_refused "no aud at all" 1 missing_claim 'the token has no "aud" claim; expected "api"' --aud api --now "$NOW" "$KNOWN_HS256_ACCESS"
check_refused "no iss at all" 1 missing_claim 'the token has no "iss" claim; expected "auth"' --iss auth --now "$NOW" "$KNOWN_HS256_ACCESS"
check_refused "too old" 3 max_age_exceeded 'token issued at 2023-11-14T22:13:20Z, 20m ago, more than the maximum age of 10m' \
  --max-age 10m --now 1700001200 "$T"
check_refused "--max-age without iat" 1 missing_claim 'the token has no "iat" claim; --max-age 10m needs it' \
  --max-age 10m "$NBF_TOKEN" --now 1700000600
CASE="--max-age within the leeway"
run_key verify --now 1700001200 --max-age 10m --leeway 10m "$T"
expect_rc 0
check_refused "aud of the wrong type" 1 invalid_claim '"aud" must hold strings only, found a number' --aud api \
  --now "$NOW" "$AUD_NUMBER_TOKEN"

CASE="refresh with checks"
run_key refresh --now 1700000600 --aud api "$refresh"
expect_rc 0
run_key refresh --json --now 1700000600 --aud mobile "$refresh"
expect_rc 1
expect_out_contains '"error": "aud_mismatch"'
expect_err 'jwtool: Invalid refresh token: "aud" is "api", expected it to contain "mobile"'
run_key refresh --now 1700000600 --max-age 5m "$refresh"
expect_rc 3
expect_err "jwtool: Refresh token expired - please login again"

# Output flags.
CASE="--claim-value prints one claim raw"
run_key verify --now "$NOW" --claim-value sub "$T"
expect_rc 0
expect_out "alice"
run_key verify --now "$NOW" --claim-value aud "$T"
expect_out '["api","web"]'
run_key verify --now "$NOW" --claim-value exp "$T"
expect_out "1700001800"
run decode --claim-value role "$T"
expect_out "admin"
run_key verify --now "$NOW" --claim-value nope "$T"
expect_rc 1
expect_out ""
expect_err 'jwtool: the token has no "nope" claim'
CASE="--claim-value and --json exclude each other"
run_key verify --json --claim-value sub "$T"
expect_rc 2

CASE="--quiet prints nothing: success"
run_key verify --quiet --now "$NOW" "$T"
expect_rc 0
expect_out ""
expect_err ""
CASE="--quiet prints nothing: failures keep their exit codes"
run_key verify -q --now 1700001800 "$T"
expect_rc 3
expect_out ""
expect_err ""
run verify -q "$T"
expect_rc 2
expect_err ""
run decode -q "not-a-token"
expect_rc 1
expect_err ""
CASE="--quiet does not hide a usage error, nor swallow a flag's value"
run verify --quiet --bogus "$T"
expect_rc 2
expect_out ""
expect_err "jwtool: unknown option \"--bogus\" for \"jwtool verify\" (see 'jwtool help verify')"
run_key issue --sub -q --no-jti --now "$NOW"
expect_rc 0
check_contains "$CASE: issue --sub -q prints the token" "$(payload_of "$OUT")" '"sub":"-q"'
run issue --json --bogus
expect_rc 2
expect_out ""
CASE="--nbf is whole seconds, like iat and exp"
run_key issue --sub alice --no-jti --nbf 1700000000.75 --now "$NOW"
check_contains "$CASE" "$(payload_of "$OUT")" '"nbf":1700000000,'


finish
