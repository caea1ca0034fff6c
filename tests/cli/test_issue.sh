#!/usr/bin/env bash
# jwtool issue: exact tokens, default lifetimes, the login pair, and its usage errors.
. "$(dirname "$0")/lib.sh"

NOW=1700000000

for alg in HS256 HS384 HS512; do
  for type in access refresh; do
    CASE="issue --alg $alg --type $type (known answer)"
    run_key issue --sub alice --type "$type" --alg "$alg" --no-jti --now "$NOW"
    expect_rc 0
    expected_var="KNOWN_${alg}_${type^^}"
    expect_out "${!expected_var}"
    expect_err ""
  done
done

CASE="issue --jti"
run_key issue --sub alice --jti id-1 --now "$NOW"
expect_rc 0
expect_out "$KNOWN_HS256_ACCESS_JTI"

CASE="issue: the secret from JWTOOL_SECRET"
OUT=$(JWTOOL_SECRET="$TEST_KEY" "$JWTOOL" issue --sub alice --no-jti --now "$NOW" 2>&1)
check "$CASE: stdout" "$OUT" "$KNOWN_HS256_ACCESS"

CASE="issue: --secret-file - reads the secret from standard input"
STDIN="$TEST_KEY" run issue --sub alice --no-jti --now "$NOW" --secret-file -
expect_rc 0
expect_out "$KNOWN_HS256_ACCESS"

CASE="issue: --now as RFC 3339 and as an offset-free Unix time give the same token"
run_key issue --sub alice --no-jti --now 2023-11-14T22:13:20Z
expect_out "$KNOWN_HS256_ACCESS"
run_key issue --sub alice --no-jti --now 2023-11-15T00:13:20+02:00
expect_out "$KNOWN_HS256_ACCESS"

CASE="issue: a random jti by default, different each time"
run_key issue --sub alice --now "$NOW"
first=$OUT
run_key issue --sub alice --now "$NOW"
expect_rc 0
[ "$first" != "$OUT" ]
check "$CASE: two tokens differ" "$?" 0
run decode --json "$OUT"
check_contains "$CASE: jti present" "$OUT" '"jti": "'

CASE="issue --ttl"
run_key issue --sub alice --ttl 1h30m --no-jti --now "$NOW"
token=$OUT
run decode --json "$token"
expect_out_contains '"exp": 1700005400'

CASE="issue --type pair"
run_key issue --sub alice --type pair --no-jti --now "$NOW"
expect_rc 0
expect_out "{
  \"access_token\": \"$KNOWN_HS256_PAIR_ACCESS\",
  \"refresh_token\": \"$KNOWN_HS256_REFRESH\",
  \"token_type\": \"bearer\",
  \"expires_in\": 1800
}"

CASE="issue --type pair --access-ttl --refresh-ttl"
run_key issue --sub alice --type pair --access-ttl 15m --refresh-ttl 1d --now "$NOW"
expect_rc 0
expect_out_contains '"expires_in": 900'
refresh=$(json_string "$OUT" refresh_token)
run decode --json "$refresh"
expect_out_contains '"exp": 1700086400'

# Usage errors: exit 2, one line on stderr, nothing on stdout.
usage_case() {
  CASE=$1
  shift
  local message=$1
  shift
  run "$@"
  expect_rc 2
  expect_out ""
  expect_err "$message"
}
usage_case "issue without --sub" \
  "jwtool: --sub is required (see 'jwtool help issue')" \
  issue --secret-file "$TMP/key"
usage_case "issue with an unknown unit" \
  "jwtool: --ttl: invalid duration \"5x\": unknown unit 'x' (use d, h, m or s) (examples: 45s, 15m, 1h30m, 7d)" \
  issue --sub a --ttl 5x --secret-file "$TMP/key"
usage_case "issue with a zero ttl" \
  "jwtool: --ttl: the duration must be positive" \
  issue --sub a --ttl 0s --secret-file "$TMP/key"
usage_case "issue --type pair --ttl" \
  "jwtool: --ttl does not apply to --type pair: use --access-ttl and --refresh-ttl" \
  issue --sub a --type pair --ttl 5m --secret-file "$TMP/key"
usage_case "issue --jti with --no-jti" \
  "jwtool: --jti excludes --no-jti (see 'jwtool help issue')" \
  issue --sub a --jti x --no-jti --secret-file "$TMP/key"
usage_case "issue without a key" \
  "jwtool: no key: give --secret-file PATH, --key PATH, --jwks PATH or --secret VALUE, or set \$JWTOOL_SECRET, \$JWTOOL_SECRET_FILE or \$JWTOOL_KEY_FILE" \
  issue --sub a
usage_case "issue with an unreadable secret file" \
  "jwtool: --secret-file: cannot read the file: No such file or directory" \
  issue --sub a --secret-file "$TMP/missing"
printf '\n' >"$TMP/empty-key"
usage_case "issue with an empty secret file" \
  "jwtool: --secret-file: the secret is empty" \
  issue --sub a --secret-file "$TMP/empty-key"
usage_case "issue with an algorithm that is not HMAC" \
  "jwtool: --alg RS256: the key is an HMAC secret, which does HS256, HS384, HS512, not RS256" \
  issue --sub a --alg RS256 --secret-file "$TMP/key"
usage_case "issue with a bad --now" \
  "jwtool: --now: invalid time \"yesterday\": not a number of seconds (give Unix seconds, RFC 3339 such as 2024-05-01T12:00:00Z, or an offset such as +8d or -1h)" \
  issue --sub a --now yesterday --secret-file "$TMP/key"
usage_case "issue with --now past the latest time accepted" \
  "jwtool: --now: invalid time \"100000000001\": out of range (Unix seconds from -100000000000 to 100000000000, that is up to 5138-11-16T09:46:40Z)" \
  issue --sub a --now 100000000001 --secret-file "$TMP/key"
usage_case "issue with --now an offset past the latest time accepted" \
  "jwtool: --now: invalid time \"+100000000000\": out of range (Unix seconds from -100000000000 to 100000000000, that is up to 5138-11-16T09:46:40Z)" \
  issue --sub a --now +100000000000 --secret-file "$TMP/key"
CASE="issue with --now at the latest time accepted"
run_key issue --sub a --no-jti --ttl 1s --now 5138-11-16T09:46:40Z
expect_rc 0
check "$CASE: claims" "$("$JWTOOL" decode --json --now 100000000000 "$OUT" | tr -d ' \n' | grep -o '"payload":{[^}]*}')" \
  '"payload":{"sub":"a","iat":100000000000,"exp":100000000001,"type":"access"}'
usage_case "issue with a subject that is not UTF-8" \
  "jwtool: a claim or header value is not valid UTF-8" \
  issue --sub $'\xff' --secret-file "$TMP/key"

CASE="issue: the secret never appears in output"
JWTOOL_SECRET=sekrit-value-123 "$JWTOOL" issue --sub a --ttl bad >"$TMP/out" 2>&1
grep -c sekrit-value-123 "$TMP/out" >"$TMP/count"
check "$CASE" "$(cat "$TMP/count")" 0
"$JWTOOL" issue --help >"$TMP/out" 2>&1
grep -c sekrit-value-123 "$TMP/out" >"$TMP/count"
check "$CASE: --help" "$(cat "$TMP/count")" 0

finish
