#!/usr/bin/env bash
# Daily use (issue 14, points 1-3): one token reader for every command that takes a token (what
# decode digs out of a pasted header, cookie, quotes or URL quoting, verify, refresh, revoke and
# every --batch line dig out too, and never two tokens, never one from a URL); one output rule
# (JSON into a pipe, decode included); issue --batch gives one output line per input line.
. "$(dirname "$0")/lib.sh"

NOW=1700000060
T=$KNOWN_HS256_ACCESS # sub alice, iat 1700000000, exp 1700001800, type access
PAYLOAD='{
  "sub": "alice",
  "iat": 1700000000,
  "exp": 1700001800,
  "type": "access"
}'
BOB=$("$JWTOOL" issue --sub bob --secret-file "$TMP/key" --now 1700000000 --no-jti)
NOTE_AUTH='jwtool: note: stripped the "Authorization:" header name'
NOTE_BEARER='jwtool: note: stripped the "Bearer" scheme'

# --- 1. One token reader --------------------------------------------------------------------

CASE="verify digs the token out of an Authorization header line, as decode does"
run_key verify --now "$NOW" "Authorization: Bearer $T"
expect_rc 0
expect_out "$PAYLOAD"
expect_err "$NOTE_AUTH
$NOTE_BEARER"

CASE="verify: a Cookie header"
run_key verify --now "$NOW" "Cookie: theme=dark; session=$T; lang=en"
expect_rc 0
expect_out "$PAYLOAD"
expect_err 'jwtool: note: stripped the "Cookie:" header name
jwtool: note: took the token from the cookie "session"'

CASE="verify: a cookie list on standard input"
STDIN="theme=dark; jwt=$T" run_key verify --now "$NOW"
expect_rc 0
expect_out "$PAYLOAD"
expect_err 'jwtool: note: took the token from the cookie "jwt"'

CASE="verify: a URL-quoted token, one in double quotes"
run_key verify --now "$NOW" "${T//./%2E}"
expect_rc 0
expect_out "$PAYLOAD"
expect_err "jwtool: note: URL-decoded it"
run_key verify --now "$NOW" "\"$T\""
expect_rc 0
expect_err "jwtool: note: stripped the double quotes around it"

CASE="verify: a bare token has no note; --quiet says nothing; --json keeps stdout one object"
run_key verify --now "$NOW" "$T"
expect_err ""
run_key verify --quiet --now "$NOW" "Authorization: Bearer $T"
expect_rc 0
expect_out ""
expect_err ""
run_key verify --json --now "$NOW" "Authorization: Bearer $T"
expect_rc 0
check "$CASE: one JSON object" "$(printf '%s' "$OUT" | jq -c '[.valid, .payload.sub]')" '[true,"alice"]'
expect_err "$NOTE_AUTH
$NOTE_BEARER"

CASE="extraction never turns a refusal into success: an altered token in a header stays refused"
run_key verify --now "$NOW" "Authorization: Bearer ${T%?}A"
expect_rc 1
expect_out ""
expect_err "$NOTE_AUTH
$NOTE_BEARER
jwtool: signature does not match: wrong key or altered token"
run_key verify --now 1800000000 "Authorization: Bearer $T"
expect_rc 3

CASE="two different tokens in the cookies are refused, by verify and decode alike"
TWO="Cookie: a=$T; b=$BOB"
run_key verify --now "$NOW" "$TWO"
expect_rc 1
expect_out ""
expect_err 'jwtool: the input holds two different tokens, in the cookies "a" and "b": give only the one meant'
run decode --claim-value sub "$TWO"
expect_rc 1
expect_out ""
expect_err 'jwtool: the input holds two different tokens, in the cookies "a" and "b": give only the one meant'
run_key verify --now "$NOW" "a=$T; $BOB"
expect_rc 1
expect_err 'jwtool: the input holds two different tokens, one in the cookie "a" and one outside any cookie: give only the one meant'

CASE="the same token in two cookies is one token"
run_key verify --now "$NOW" "a=$T; b=$T"
expect_rc 0
expect_out "$PAYLOAD"
expect_err 'jwtool: note: took the token from the cookie "a"'

CASE="a token is never taken out of a URL's query string"
run_key verify --now "$NOW" "https://app.example/cb?token=$T"
expect_rc 1
expect_out ""
expect_err "jwtool: a JWT has 3 segments separated by '.', this has 4"
run decode --claim-value sub "https://app.example/cb?token=$T"
expect_rc 1
expect_out ""
expect_err "jwtool: a JWT has 3 segments separated by '.', this has 4"

CASE="a token with a padded header is no cookie named after its header"
PADDED="${T%%.*}=.${T#*.}"
run_key verify --now "$NOW" "$PADDED"
expect_rc 1
expect_err "jwtool: header segment: invalid base64url character '=' at offset 36 (padding is not allowed)"
run decode --claim-value sub "$PADDED"
expect_rc 1
expect_err "jwtool: header segment: invalid base64url character '=' at offset 36 (padding is not allowed)"

CASE="an empty argument is an empty token, empty standard input no token, for verify and decode alike"
run_key verify --now "$NOW" ""
expect_rc 1
expect_err "jwtool: the token is empty"
run decode ""
expect_rc 1
expect_err "jwtool: the token is empty"
STDIN="  " run_key verify --now "$NOW"
expect_rc 2
expect_err "jwtool: no token: standard input is empty"
STDIN=$' \n' run decode
expect_rc 2
expect_err "jwtool: no token: standard input is empty"

CASE="refresh takes the pasted header too"
run_key refresh --now 1700000600 "Authorization: Bearer $KNOWN_HS256_REFRESH"
expect_rc 0
expect_out_contains '"token_type": "bearer"'
expect_err "$NOTE_AUTH
$NOTE_BEARER"

CASE="revoke takes a cookie, and the token is revoked"
STORE="sqlite:$TMP/store.db"
JTI_TOKEN=$("$JWTOOL" issue --sub carol --jti j-1 --secret-file "$TMP/key" --now 1700000000)
run_key revoke --store "$STORE" --now "$NOW" "Cookie: sid=$JTI_TOKEN"
expect_rc 0
expect_out '{
  "revoked": "token",
  "jti": "j-1"
}'
expect_err 'jwtool: note: stripped the "Cookie:" header name
jwtool: note: took the token from the cookie "sid"'
run_key verify --store "$STORE" --now "$NOW" "Bearer $JTI_TOKEN"
expect_rc 6
expect_err "$NOTE_BEARER
jwtool: the token was revoked"

CASE="verify --batch: each line read as a single token is, notes in the line's result"
{
  printf 'Bearer %s\n' "$T"
  printf 'Cookie: a=%s\n' "$T"
  printf '%s\n' "$T"
  printf '"%s"\n' "$BOB"
  printf 'a=%s; b=%s\n' "$T" "$BOB"
  printf 'https://app.example/cb?token=%s\n' "$T"
  printf 'Bearer %sA\n' "${T%?}"
} >"$TMP/lines"
run_key verify --batch --no-claims --now "$NOW" --input "$TMP/lines"
expect_rc 1
expect_out '{"line":1,"notes":["stripped the \"Bearer\" scheme"],"valid":true}
{"line":2,"notes":["stripped the \"Cookie:\" header name","took the token from the cookie \"a\""],"valid":true}
{"line":3,"valid":true}
{"line":4,"notes":["stripped the double quotes around it"],"valid":true}
{"line":5,"valid":false,"error":"malformed","message":"the input holds two different tokens, in the cookies \"a\" and \"b\": give only the one meant"}
{"line":6,"valid":false,"error":"malformed","message":"a JWT has 3 segments separated by '"'.'"', this has 4"}
{"line":7,"notes":["stripped the \"Bearer\" scheme"],"valid":false,"error":"bad_signature","message":"signature does not match: wrong key or altered token"}'
expect_err "jwtool: 7 tokens: 4 valid, 3 refused (2 malformed, 1 bad_signature)"
check "$CASE: JSON Lines" "$(printf '%s\n' "$OUT" | jq -c .line | tr '\n' ' ')" "1 2 3 4 5 6 7 "
run_key verify --batch --no-claims --now "$NOW" --input "$TMP/lines" --jobs 3
check "$CASE: --jobs 3, the same lines" "$OUT" "$(run_key verify --batch --no-claims --now "$NOW" --input "$TMP/lines"; printf '%s' "$OUT")"

CASE="decode --batch: a Bearer line is decoded, not called malformed"
STDIN="Bearer $T" run decode --batch
expect_rc 0
expect_out '{"line":1,"notes":["stripped the \"Bearer\" scheme"],"header":{"alg":"HS256","typ":"JWT"},"payload":{"sub":"alice","iat":1700000000,"exp":1700001800,"type":"access"}}'
expect_err "jwtool: 1 token: 1 decoded"

# --- 2. One output rule ---------------------------------------------------------------------

CASE="decode into a pipe writes JSON, as verify does: decode --json's object"
run decode --now "$NOW" "$T"
expect_rc 0
expect_out "{
  \"verified\": false,
  \"header\": {
    \"alg\": \"HS256\",
    \"typ\": \"JWT\"
  },
  \"payload\": $(printf '%s\n' "$PAYLOAD" | sed '2,$s/^/  /'),
  \"signature\": \"${T##*.}\"
}"
expect_err ""
json_out=$OUT
run decode --json --now "$NOW" "$T"
check "$CASE: the same as --json" "$OUT" "$json_out"
check "$CASE: jq takes it" "$("$JWTOOL" decode "$T" | jq -r .payload.sub)" "alice"
check "$CASE: verify's pipe output, for comparison" "$("$JWTOOL" verify --secret-file "$TMP/key" --now "$NOW" "$T" | jq -r .sub)" "alice"

CASE="decode --color always asks for the view in a pipe, as verify's does"
run decode --color always --now "$NOW" "$T"
expect_rc 0
check "$CASE: first line" "$(printf '%s\n' "$OUT" | head -n 1)" $'\e[1;33mNOT VERIFIED (decode)\e[0m'

CASE="decode --color never into a pipe: still JSON"
run decode --color never --now "$NOW" "$T"
check "$CASE" "$OUT" "$json_out"

# --- 3. issue --batch: one output line per input line ----------------------------------------

ISSUE=(issue --batch --now 1700000000 --no-jti --no-iat)
A=$("$JWTOOL" issue --sub a --now 1700000000 --no-jti --no-iat --secret-file "$TMP/key")
C=$("$JWTOOL" issue --sub c --now 1700000000 --no-jti --no-iat --secret-file "$TMP/key")
printf '%s\n' '{"sub":"a"}' 'notjson' '' '   ' '{"sub":"c"}' '[1]' >"$TMP/claims"

CASE="issue --batch: a refused line gives an empty output line, every refused line is named"
run_key "${ISSUE[@]}" --input "$TMP/claims"
expect_rc 2
check "$CASE: stdout, six lines" "$(cat "$TMP/out")" "$(printf '%s\n' "$A" '' '' '' "$C" '')"
check "$CASE: six newlines" "$(wc -l <"$TMP/out")" 6
expect_err "jwtool: line 2: invalid JSON at byte 0: unexpected 'n', expected a value
jwtool: line 3: the line is empty
jwtool: line 4: the line is empty
jwtool: line 6: expected a JSON object of claims, found array
jwtool: 4 of 6 lines refused (an empty output line for each), 2 tokens issued"

CASE="issue --batch --json: one object per line"
run_key "${ISSUE[@]}" --json --input "$TMP/claims"
expect_rc 2
expect_out "{\"line\":1,\"token\":\"$A\"}
{\"line\":2,\"error\":\"invalid_argument\",\"message\":\"invalid JSON at byte 0: unexpected 'n', expected a value\"}
{\"line\":3,\"error\":\"invalid_argument\",\"message\":\"the line is empty\"}
{\"line\":4,\"error\":\"invalid_argument\",\"message\":\"the line is empty\"}
{\"line\":5,\"token\":\"$C\"}
{\"line\":6,\"error\":\"invalid_argument\",\"message\":\"expected a JSON object of claims, found array\"}"
expect_err "jwtool: line 2: invalid JSON at byte 0: unexpected 'n', expected a value
jwtool: line 3: the line is empty
jwtool: line 4: the line is empty
jwtool: line 6: expected a JSON object of claims, found array
jwtool: 4 of 6 lines refused (an \"error\" object for each), 2 tokens issued"
check "$CASE: JSON Lines" "$(printf '%s\n' "$OUT" | jq -c '.line' | tr '\n' ' ')" "1 2 3 4 5 6 "

CASE="issue --batch --json: all good"
STDIN='{"sub":"a"}' run_key "${ISSUE[@]}" --json
expect_rc 0
expect_out "{\"line\":1,\"token\":\"$A\"}"
expect_err "jwtool: 1 token issued"

CASE="issue --batch --jobs 4: the same lines, the same messages, in order"
for i in $(seq 3000); do
  case $i in
  5 | 1500 | 2999) echo 'oops' ;;
  2000) echo ;;
  *) printf '{"sub":"u%s"}\n' "$i" ;;
  esac
done >"$TMP/many"
run_key "${ISSUE[@]}" --input "$TMP/many" --jobs 1
one_out=$(cat "$TMP/out")
one_err=$ERR
run_key "${ISSUE[@]}" --input "$TMP/many" --jobs 4
expect_rc 2
check "$CASE: stdout" "$(cat "$TMP/out")" "$one_out"
check "$CASE: stderr" "$ERR" "$one_err"
check "$CASE: 3000 lines out" "$(wc -l <"$TMP/out")" 3000
check "$CASE: the empty ones" "$(grep -n '^$' "$TMP/out" | tr '\n' ' ')" "5: 1500: 2000: 2999: "
expect_err "jwtool: line 5: invalid JSON at byte 0: unexpected 'o', expected a value
jwtool: line 1500: invalid JSON at byte 0: unexpected 'o', expected a value
jwtool: line 2000: the line is empty
jwtool: line 2999: invalid JSON at byte 0: unexpected 'o', expected a value
jwtool: 4 of 3000 lines refused (an empty output line for each), 2996 tokens issued"

CASE="the TOKEN argument's help says a pasted header or cookie works"
for command in verify refresh revoke; do
  check_contains "$CASE: $command" "$("$JWTOOL" help "$command")" \
    "A pasted \"Authorization: Bearer\" line, a Cookie header or a URL-quoted token work too: the token is dug out"
done

CASE="issue --json without --batch is refused, saying why"
run_key issue --sub a --json
expect_rc 2
expect_out ""
expect_err "jwtool: --json applies to --batch only: a single issue prints the token alone, and --type pair prints its JSON response without it"

finish
