#!/usr/bin/env bash
# jwtool verify: every exit code, every input form, and --json on success and failure.
. "$(dirname "$0")/lib.sh"

ACCESS=$KNOWN_HS256_ACCESS # iat 1700000000, exp 1700001800, type access
PAYLOAD='{
  "sub": "alice",
  "iat": 1700000000,
  "exp": 1700001800,
  "type": "access"
}'

CASE="verify a valid token"
run_key verify --now 1700000060 "$ACCESS"
expect_rc 0
expect_out "$PAYLOAD"
expect_err ""

for alg in HS384 HS512; do
  CASE="verify a valid $alg token"
  token_var="KNOWN_${alg}_REFRESH"
  run_key verify --now 1700000060 --type refresh "${!token_var}"
  expect_rc 0
  expect_out_contains '"type": "refresh"'
done

CASE="verify --json on success"
run_key verify --json --now 1700000060 "$ACCESS"
expect_rc 0
expect_out '{
  "valid": true,
  "alg": "HS256",
  "header": {
    "alg": "HS256",
    "typ": "JWT"
  },
  "payload": {
    "sub": "alice",
    "iat": 1700000000,
    "exp": 1700001800,
    "type": "access"
  }
}'

# CONTROL_TOKEN's sub holds ESC ] 0 ; pwned BEL, ESC [ 2 J, U+009B (CSI), DEL, a newline and a tab.
CONTROL_SUB_JSON='"\u001b]0;pwned\u0007\u001b[2Jeve\u009b31mred\u007f\nroot\tx"'

CASE="control characters in a claim: the payload and --json write C1 and DEL as \u escapes"
run_key verify --now 1700000060 "$CONTROL_TOKEN"
expect_rc 0
expect_out '{
  "sub": '"$CONTROL_SUB_JSON"',
  "exp": 1700001800
}'
run_key verify --json --now 1700000060 "$CONTROL_TOKEN"
expect_rc 0
expect_out '{
  "valid": true,
  "alg": "HS256",
  "header": {
    "alg": "HS256",
    "typ": "JWT"
  },
  "payload": {
    "sub": '"$CONTROL_SUB_JSON"',
    "exp": 1700001800
  }
}'

CASE="control characters in a claim: --claim-value to a pipe is the exact value"
run_key verify --now 1700000060 --claim-value sub --raw "$CONTROL_TOKEN"
expect_rc 0
expect_out $'\e]0;pwned\a\e[2Jeve\xc2\x9b31mred\x7f\nroot\tx'

CASE="verify reads the token from standard input"
STDIN="$ACCESS" run_key verify --now 1700000060
expect_rc 0
expect_out "$PAYLOAD"

CASE="verify reads the token from standard input given as -"
STDIN="$ACCESS" run_key verify --now 1700000060 -
expect_rc 0
expect_out "$PAYLOAD"

CASE="verify accepts an Authorization header value with whitespace around"
STDIN=$'  Bearer '"$ACCESS"$' \r\n\n' run_key verify --now 1700000060
expect_rc 0
expect_out "$PAYLOAD"
run_key verify --now 1700000060 "bearer $ACCESS"
expect_rc 0

CASE="verify --type access"
run_key verify --type access --now 1700000060 "$ACCESS"
expect_rc 0

# Refusals: exit code, the one-line message, nothing on stdout.
refused() { expect_refused "$1" "$2" "$3" verify "${@:4}"; }

refused "expired at exactly exp" 3 \
  "jwtool: token expired at 2023-11-14T22:43:20Z (0s ago)" \
  --now 1700001800 "$ACCESS"
refused "expired a day later" 3 \
  "jwtool: token expired at 2023-11-14T22:43:20Z (1d ago)" \
  --now 1700088200 "$ACCESS"
CASE="valid one second before exp"
run_key verify --now 1700001799 "$ACCESS"
expect_rc 0
CASE="valid inside the leeway"
run_key verify --now 1700001829 --leeway 30s "$ACCESS"
expect_rc 0
refused "expired at the end of the leeway" 3 \
  "jwtool: token expired at 2023-11-14T22:43:20Z (30s ago, leeway 30s)" \
  --now 1700001830 --leeway 30s "$ACCESS"
CASE="a fractional exp"
run_key verify --now 1700000000.25 "$FRACTIONAL_EXP_TOKEN"
expect_rc 0
refused "a fractional exp, passed" 3 \
  "jwtool: token expired at 2023-11-14T22:13:20.5Z (0s ago)" \
  --now 1700000000.5 "$FRACTIONAL_EXP_TOKEN"

refused "wrong type" 4 \
  "jwtool: expected a token of type \"refresh\", got \"access\"" \
  --type refresh --now 1700000060 "$ACCESS"
refused "no type claim" 4 \
  "jwtool: expected a token of type \"access\", but the token has no \"type\" claim" \
  --type access --now 1700000600 "$NBF_TOKEN"

refused "nbf in the future" 5 \
  "jwtool: token not valid before 2023-11-14T22:23:20Z (in 10m)" \
  --now 1700000000 "$NBF_TOKEN"
CASE="nbf reached"
run_key verify --now 1700000600 "$NBF_TOKEN"
expect_rc 0
refused "iat in the future" 5 \
  "jwtool: token issued in the future, at 2023-11-14T22:13:20Z (in 1m)" \
  --now 1699999940 "$ACCESS"

refused "signed with another key" 1 \
  "jwtool: signature does not match: wrong key or altered token" \
  --now 1700000060 "$(JWTOOL_SECRET=another-key-another-key-another-k "$JWTOOL" issue --sub alice --now 1700000000)"
altered=${ACCESS/eyJzdWIiOiJhbGljZSIs/eyJzdWIiOiJhbGljZSJ9}
refused "a payload altered after signing" 1 \
  "jwtool: signature does not match: wrong key or altered token" \
  --now 1700000060 "$altered"
refused "a truncated signature" 1 \
  "jwtool: signature is 30 bytes, an HS256 signature is 32" \
  --now 1700000060 "${ACCESS:0:-3}"
refused "alg none" 1 \
  "jwtool: alg \"none\" is never accepted: the token is unsigned" \
  --now 1700000060 "$NONE_TOKEN"
refused "alg NONE" 1 \
  "jwtool: alg \"NONE\" is never accepted: the token is unsigned" \
  --now 1700000060 "$NONE_UPPER_TOKEN"
refused "alg RS256 (signed with HMAC all the same)" 1 \
  "jwtool: alg \"RS256\" is not allowed: the key is an HMAC secret (HS256, HS384, HS512)" \
  --now 1700000060 "$RS256_TOKEN"
refused "alg other than the pinned one" 1 \
  "jwtool: alg \"HS512\" is not allowed: expected HS256" \
  --alg HS256 --now 1700000060 "$HS512_TOKEN"
refused "critical header extension" 1 \
  "jwtool: header lists critical extensions [\"exp2\"]; jwtool implements none" \
  --now 1700000060 "$CRIT_TOKEN"
refused "a valid JWS whose payload is not JSON" 1 \
  "jwtool: the signature is valid but the payload is not a JWT claims set: payload segment: invalid JSON at byte 0: unexpected 'h', expected a value" \
  --now 1700000060 "$NOT_JSON_TOKEN"
refused "exp as a string" 1 \
  "jwtool: \"exp\" must be a NumericDate (a JSON number of seconds), found string" \
  --now 1700000060 "$EXP_STRING_TOKEN"
refused "two segments" 1 \
  "jwtool: a JWT has 3 segments separated by '.', this has 2" \
  --now 1700000060 "abc.def"
refused "five segments (JWE)" 1 \
  "jwtool: a JWT has 3 segments separated by '.', this has 5 (5 segments is JWE, an encrypted token)" \
  --now 1700000060 "a.b.c.d.e"
refused "padding in the payload" 1 \
  "jwtool: payload segment: invalid base64url character '=' at offset 40 (padding is not allowed)" \
  --now 1700000060 "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ=.sig"
refused "standard base64 in the signature" 1 \
  "jwtool: signature segment: invalid base64url character '+' at offset 44 (standard base64, not base64url)" \
  --now 1700000060 "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.abc+def"
refused "whitespace inside the token" 1 \
  "jwtool: payload segment: invalid base64url character ' ' at offset 39" \
  --now 1700000060 "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e3 0.abc"
refused "an empty token" 1 \
  "jwtool: the token is empty" \
  --now 1700000060 ""

CASE="verify --json on failure: one object on stdout, the message on stderr"
run_key verify --json --now 1700001800 "$ACCESS"
expect_rc 3
expect_out '{
  "error": "expired",
  "message": "token expired at 2023-11-14T22:43:20Z (0s ago)",
  "claim": "exp"
}'
expect_err "jwtool: token expired at 2023-11-14T22:43:20Z (0s ago)"

CASE="verify --json on a usage error"
run verify --json --now 1700000060 "$ACCESS"
expect_rc 2
expect_out '{
  "error": "invalid_key",
  "message": "no key: give --secret-file PATH, --key PATH, --jwks PATH or --secret VALUE, or set $JWTOOL_SECRET, $JWTOOL_SECRET_FILE or $JWTOOL_KEY_FILE"
}'

CASE="verify --json with an unknown flag"
run verify --json --bogus "$ACCESS"
expect_rc 2
expect_out '{
  "error": "invalid_argument",
  "message": "unknown option \"--bogus\" for \"jwtool verify\" (see '"'"'jwtool help verify'"'"')"
}'

CASE="verify: bad --leeway"
run_key verify --leeway 1x "$ACCESS"
expect_rc 2
expect_err "jwtool: --leeway: invalid duration \"1x\": unknown unit 'x' (use d, h, m or s) (examples: 45s, 15m, 1h30m, 7d)"

CASE="verify: secret and token cannot both come from standard input"
STDIN="$ACCESS" run verify --secret-file - --now 1700000060
expect_rc 2
expect_err "jwtool: standard input cannot carry both the key and the token: give the token as an argument"

CASE="verify: a token over the size limit"
head -c 1048577 /dev/zero | tr '\0' 'a' >"$TMP/huge"
"$JWTOOL" verify --secret-file "$TMP/key" <"$TMP/huge" >"$TMP/out" 2>"$TMP/err"
check "$CASE: exit code" "$?" 1
check "$CASE: stderr" "$(cat "$TMP/err")" "jwtool: the token is 1048577 bytes, more than the limit of 1048576"

finish
