#!/usr/bin/env bash
# jwtool decode: no key, no verification, and says so.
. "$(dirname "$0")/lib.sh"

# view ARGS...: decode's view for people, as a terminal shows it. Into a pipe decode writes
# JSON (as verify does); --color always asks for the view, whose colours are taken out here.
view() {
  run decode --color always "$@"
  OUT=$(printf '%s' "$OUT" | sed $'s/\e\\[[0-9;]*m//g')
}

CASE="decode shows header, payload and times, marked not verified"
view --now 1700000060 "$KNOWN_HS256_ACCESS"
expect_rc 0
expect_err ""
expect_out 'NOT VERIFIED (decode)
Header:
{
  "alg": "HS256",
  "typ": "JWT"
}
Payload:
{
  "sub": "alice",
  "iat": 1700000000,
  "exp": 1700001800,
  "type": "access"
}
Times (now 2023-11-14T22:14:20Z):
  iat  1700000000  2023-11-14T22:13:20Z  (1m ago)
  exp  1700001800  2023-11-14T22:43:20Z  (expires in 29m)'

CASE="decode an expired token with nbf"
view --now 1700086400 "$NBF_TOKEN"
expect_rc 0
expect_out_contains '  nbf  1700000600  2023-11-14T22:23:20Z  (valid since 23h ago)'
expect_out_contains '  exp  1700003600  2023-11-14T23:13:20Z  (expired 23h ago)'

CASE="decode --json"
run decode --json "$KNOWN_HS256_REFRESH"
expect_rc 0
expect_out "{
  \"verified\": false,
  \"header\": {
    \"alg\": \"HS256\",
    \"typ\": \"JWT\"
  },
  \"payload\": {
    \"sub\": \"alice\",
    \"iat\": 1700000000,
    \"exp\": 1700604800,
    \"type\": \"refresh\"
  },
  \"signature\": \"${KNOWN_HS256_REFRESH##*.}\"
}"

CASE="decode needs no key and decodes a token signed with any"
JWTOOL_SECRET= run decode --json "$NONE_TOKEN"
expect_rc 0
expect_out_contains '"alg": "none"'

CASE="decode from standard input with a Bearer prefix"
STDIN="Bearer $KNOWN_HS256_ACCESS" run decode --json
expect_rc 0
expect_out_contains '"sub": "alice"'

CASE="decode a token whose payload is not JSON"
run decode "$NOT_JSON_TOKEN"
expect_rc 1
expect_out ""
expect_err "jwtool: payload segment: invalid JSON at byte 0: unexpected 'h', expected a value"

CASE="decode --json a malformed token"
run decode --json "e30"
expect_rc 1
expect_out "{
  \"error\": \"malformed\",
  \"message\": \"a JWT has 3 segments separated by '.', this has 1\"
}"

CASE="decode a header that is not an object"
run decode "WzFd.e30."
expect_rc 1
expect_err "jwtool: header segment: expected a JSON object, found array"

CASE="decode a header with a duplicate member"
# {"alg":"HS256","alg":"none"}
run decode "eyJhbGciOiJIUzI1NiIsImFsZyI6Im5vbmUifQ.e30."
expect_rc 1
expect_err 'jwtool: header segment: duplicate member name "alg"'

CASE="decode non-canonical base64url"
run decode "e30.e31.x"
expect_rc 1
expect_err "jwtool: payload segment: non-canonical base64url: unused trailing bits of the character at offset 6 are not zero"

CASE="decode digs the token out of what a person pastes, and says how"
run decode --claim-value sub "Authorization: Bearer $KNOWN_HS256_ACCESS"
expect_rc 0
expect_out "alice"
expect_err 'jwtool: note: stripped the "Authorization:" header name
jwtool: note: stripped the "Bearer" scheme'
run decode --claim-value sub "Cookie: theme=dark; session=$KNOWN_HS256_ACCESS; lang=en"
expect_out "alice"
expect_err 'jwtool: note: stripped the "Cookie:" header name
jwtool: note: took the token from the cookie "session"'
STDIN="theme=dark; jwt=$KNOWN_HS256_ACCESS" run decode --claim-value sub
expect_out "alice"
expect_err 'jwtool: note: took the token from the cookie "jwt"'
run decode --claim-value sub "${KNOWN_HS256_ACCESS//./%2E}"
expect_out "alice"
expect_err "jwtool: note: URL-decoded it"
run decode --claim-value sub "\"$KNOWN_HS256_ACCESS\""
expect_out "alice"
expect_err "jwtool: note: stripped the double quotes around it"
run decode --claim-value sub "$KNOWN_HS256_ACCESS"
expect_err ""

# CONTROL_TOKEN's sub holds ESC ] 0 ; pwned BEL, ESC [ 2 J, U+009B (CSI), DEL, a newline and a tab.
CONTROL_SUB_JSON='"\u001b]0;pwned\u0007\u001b[2Jeve\u009b31mred\u007f\nroot\tx"'

CASE="control characters in a claim: --json writes C1 and DEL as \u escapes"
run decode --json "$CONTROL_TOKEN"
expect_rc 0
expect_out '{
  "verified": false,
  "header": {
    "alg": "HS256",
    "typ": "JWT"
  },
  "payload": {
    "sub": '"$CONTROL_SUB_JSON"',
    "exp": 1700001800
  },
  "signature": "'"${CONTROL_TOKEN##*.}"'"
}'

CASE="control characters in a claim: the view escapes them the same way"
view --now 1700000060 "$CONTROL_TOKEN"
expect_rc 0
expect_out_contains '  "sub": '"$CONTROL_SUB_JSON"','

CASE="control characters in a claim: --claim-value to a pipe is the exact value"
run decode --claim-value sub --raw "$CONTROL_TOKEN"
expect_rc 0
expect_out $'\e]0;pwned\a\e[2Jeve\xc2\x9b31mred\x7f\nroot\tx'

CASE="colour: --color always, never, and NO_COLOR"
run decode --color always --now 1700000060 "$KNOWN_HS256_ACCESS"
expect_rc 0
esc=$'\033'
check_contains "$CASE: status in bold yellow" "$OUT" "${esc}[1;33mNOT VERIFIED (decode)${esc}[0m"
check_contains "$CASE: a key in blue, a string in green" "$OUT" "  ${esc}[34m\"sub\"${esc}[0m: ${esc}[32m\"alice\"${esc}[0m,"
check_contains "$CASE: a number in cyan" "$OUT" "${esc}[36m1700001800${esc}[0m"
NO_COLOR=1 run decode --color always --now 1700000060 "$KNOWN_HS256_ACCESS"
check_contains "$CASE: --color always beats NO_COLOR" "$OUT" "${esc}[1;33m"
run decode --color never --now 1700000060 "$KNOWN_HS256_ACCESS"
check "$CASE: never" "$(printf '%s' "$OUT" | grep -c "$esc")" 0
run decode --now 1700000060 "$KNOWN_HS256_ACCESS"
check "$CASE: auto, not a terminal" "$(printf '%s' "$OUT" | grep -c "$esc")" 0

CASE="warnings under the status line"
view --now 1699990000 "$NO_EXP_TOKEN"
expect_out_contains 'NOT VERIFIED (decode)
warning: no exp: the token never expires
Header:'
view --now 1690000000 "$KNOWN_HS256_ACCESS"
expect_out_contains 'warning: iat is in the future (in 115d)'
view "$NONE_TOKEN"
expect_out_contains 'warning: alg "none" is never accepted by jwtool verify'
HS1_TOKEN="$(printf '{"alg":"HS1","typ":"JWT"}' | base64 -w0 | tr '+/' '-_' | tr -d '=').eyJzdWIiOiJhbGljZSJ9.c2ln"
run decode --color always "$HS1_TOKEN"
check_contains "$CASE: coloured" "$OUT" "${esc}[1;33mwarning:${esc}[0m ${esc}[33malg \"HS1\" is never accepted by jwtool verify${esc}[0m"
view "$RS256_TOKEN"
check "$CASE: RS256 is an algorithm jwtool verifies" "$(printf '%s\n' "$OUT" | grep -c 'never accepted')" 0

finish
