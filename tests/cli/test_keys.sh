#!/usr/bin/env bash
# Key sources: --secret-file, $JWTOOL_SECRET, --jwks (a JWK or a JWK Set of oct keys) and kid.
. "$(dirname "$0")/lib.sh"

NOW=1700000000
# base64url of TEST_KEY (64 bytes) and of 48 other bytes.
K_TEST=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZg
K_OTHER=b3RoZXItb3RoZXItb3RoZXItb3RoZXItb3RoZXItb3RoZXItb3RoZXItb3RoZXIt
printf '{"kty":"oct","kid":"k1","k":"%s"}\n' "$K_TEST" >"$TMP/one.jwk"
printf '{"keys":[{"kty":"oct","kid":"k1","k":"%s"},{"kty":"oct","kid":"k2","alg":"HS384","k":"%s"}]}\n' \
  "$K_TEST" "$K_OTHER" >"$TMP/two.jwks"

header_of() { "$JWTOOL" decode --json "$1" | sed -n '/"header"/,/}/p' | tr -d ' \n'; }

CASE="issue with a single JWK writes its kid"
run issue --sub alice --no-jti --now "$NOW" --jwks "$TMP/one.jwk"
expect_rc 0
one=$OUT
check "$CASE: header" "$(header_of "$one")" '"header":{"alg":"HS256","typ":"JWT","kid":"k1"},'

CASE="a JWK and the same secret as raw bytes verify the same token"
run verify --now "$NOW" --jwks "$TMP/one.jwk" "$one"
expect_rc 0
run_key verify --now "$NOW" "$one"
expect_rc 0

CASE="a token without kid is checked with the only key"
run verify --now "$NOW" --jwks "$TMP/one.jwk" "$KNOWN_HS256_ACCESS"
expect_rc 0

CASE="issue --kid picks a key of the set; its alg is the default"
run issue --sub alice --kid k2 --now "$NOW" --jwks "$TMP/two.jwks"
expect_rc 0
two=$OUT
check "$CASE: header" "$(header_of "$two" | sed 's/,$//')" '"header":{"alg":"HS384","typ":"JWT","kid":"k2"}'
run verify --now "$NOW" --jwks "$TMP/two.jwks" "$two"
expect_rc 0
expect_out_contains '"sub": "alice"'
run verify --now "$NOW" --jwks "$TMP/one.jwk" "$two"
expect_rc 1
expect_err 'jwtool: no key has kid "k2"'

CASE="the kid picks the key, and that key's alg binds"
run issue --sub alice --kid k1 --alg HS512 --now "$NOW" --jwks "$TMP/two.jwks"
expect_rc 0
run verify --now "$NOW" --jwks "$TMP/two.jwks" "$OUT"
expect_rc 0
run issue --sub alice --kid k2 --alg HS256 --now "$NOW" --jwks "$TMP/two.jwks"
expect_rc 2
expect_err "jwtool: --alg HS256: the key with kid \"k2\" is for HS384 only"

CASE="a token without kid when there are several keys"
run verify --json --now "$NOW" --jwks "$TMP/two.jwks" "$KNOWN_HS256_ACCESS"
expect_rc 1
expect_out '{
  "error": "key_not_found",
  "message": "the token has no kid and there are 2 keys to choose from",
  "claim": "kid"
}'

CASE="issue from a set without --kid"
run issue --sub alice --now "$NOW" --jwks "$TMP/two.jwks"
expect_rc 2
expect_err "jwtool: --kid: there are 2 keys to sign with: choose one by its kid"

CASE="issue --kid with a plain secret labels the header"
run_key issue --sub alice --kid rotation-7 --now "$NOW"
expect_rc 0
check "$CASE: header" "$(header_of "$OUT" | sed 's/,$//')" '"header":{"alg":"HS256","typ":"JWT","kid":"rotation-7"}'
run_key verify --now "$NOW" "$OUT"
expect_rc 0

CASE="refresh keeps the kid of the refresh token"
run issue --sub alice --type refresh --kid k2 --now "$NOW" --jwks "$TMP/two.jwks"
run refresh --now "$NOW" --jwks "$TMP/two.jwks" "$OUT"
expect_rc 0
access=$(json_string "$OUT" access_token)
check "$CASE: header" "$(header_of "$access" | sed 's/,$//')" '"header":{"alg":"HS384","typ":"JWT","kid":"k2"}'

CASE="--jwks from standard input"
STDIN=$(cat "$TMP/two.jwks") run verify --now "$NOW" --jwks - "$two"
expect_rc 0

CASE="--jwks and --secret-file together"
run verify --jwks "$TMP/one.jwk" --secret-file "$TMP/key" "$one"
expect_rc 2
expect_err "jwtool: --secret-file excludes --jwks (see 'jwtool help verify')"

bad_jwks() {
  CASE=$1
  printf '%s' "$2" >"$TMP/bad.jwk"
  run verify --now "$NOW" --jwks "$TMP/bad.jwk" "$one"
  expect_rc 2
  expect_out ""
  expect_err "jwtool: --jwks: $3"
}
bad_jwks "an RSA key that is not one" '{"kty":"RSA","n":"AQAB","e":"AQAB"}' \
  'the RSA public exponent is not an odd number between 1 and the modulus'
bad_jwks "no k" '{"kty":"oct"}' 'no "k" member (the key bytes, base64url)'
bad_jwks "k with padding" '{"kty":"oct","k":"YWJj="}' \
  '"k" is not strict base64url (no padding, no whitespace, no '"'+'"' or '"'/'"')'
bad_jwks "an empty k" '{"kty":"oct","k":""}' '"k" is empty'
bad_jwks "an alg that is not HMAC" '{"kty":"oct","k":"YWJj","alg":"RS256"}' '"alg" RS256 is not for an HMAC secret'
bad_jwks "an encryption key" '{"kty":"oct","k":"YWJj","use":"enc"}' '"use" is not "sig"'
bad_jwks "an empty set" '{"keys":[]}' 'JWK Set: "keys" is empty'
bad_jwks "keys not an array" '{"keys":{}}' 'JWK Set: "keys" must be an array'
bad_jwks "a kid used twice" "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"a\",\"k\":\"YWJj\"},{\"kty\":\"oct\",\"kid\":\"a\",\"k\":\"ZGVm\"}]}" \
  'JWK Set key 2: kid "a" is used twice'
bad_jwks "the second key is bad" "{\"keys\":[{\"kty\":\"oct\",\"k\":\"YWJj\"},{\"kty\":\"EC\"}]}" \
  'JWK Set key 2: EC JWK: no "crv" member (a string)'
bad_jwks "not JSON" 'kty=oct' \
  "not a JWK or JWK Set: the text is not valid JSON"
bad_jwks "a JSON array" '[]' 'not a JWK or JWK Set: expected a JSON object, found array'

bad_jwks "key_ops not an array" '{"kty":"oct","k":"YWJj","key_ops":"verify"}' \
  '"key_ops" must be an array of strings, found string'
bad_jwks "key_ops holding a number" '{"kty":"oct","k":"YWJj","key_ops":["verify",1]}' \
  '"key_ops" must be an array of strings, found number in it'
bad_jwks "key_ops naming an operation twice" '{"kty":"oct","k":"YWJj","key_ops":["verify","verify"]}' \
  '"key_ops" lists a value twice'
bad_jwks "key_ops contradicting use" '{"kty":"oct","k":"YWJj","use":"sig","key_ops":["encrypt"]}' \
  '"key_ops" "encrypt" contradicts "use" "sig"'

# key_ops (RFC 7517 §4.3): "s" may only sign, "v" only verify (an unknown operation is ignored).
printf '{"keys":[{"kty":"oct","kid":"s","k":"%s","key_ops":["sign"]},{"kty":"oct","kid":"v","k":"%s","key_ops":["verify","audit"]}]}\n' \
  "$K_TEST" "$K_TEST" >"$TMP/ops.jwks"
printf '{"kty":"oct","k":"%s","use":"sig","key_ops":["verify"]}\n' "$K_TEST" >"$TMP/verify-only.jwk"

CASE="key_ops: a key that may only sign mints, but verifies nothing"
run issue --sub alice --kid s --no-jti --now "$NOW" --jwks "$TMP/ops.jwks"
expect_rc 0
signed_by_s=$OUT
run verify --now "$NOW" --jwks "$TMP/ops.jwks" "$signed_by_s"
expect_rc 1
expect_out ""
expect_err 'jwtool: the key with kid "s" may not verify: its "key_ops" leave out "verify"'
run verify --json --now "$NOW" --jwks "$TMP/ops.jwks" "$signed_by_s"
expect_rc 1
expect_out '{
  "error": "key_not_found",
  "message": "the key with kid \"s\" may not verify: its \"key_ops\" leave out \"verify\"",
  "claim": "kid"
}'

CASE="key_ops: a token without kid is checked with the only key that may verify"
run verify --now "$NOW" --jwks "$TMP/ops.jwks" "$KNOWN_HS256_ACCESS"
expect_rc 0

CASE="key_ops: a key that may only verify mints nothing"
run issue --sub alice --kid v --now "$NOW" --jwks "$TMP/ops.jwks"
expect_rc 2
expect_out ""
expect_err 'jwtool: the key with kid "v" may not sign: its "key_ops" leave out "sign"'
run issue --sub alice --now "$NOW" --jwks "$TMP/verify-only.jwk"
expect_rc 2
expect_err 'jwtool: the key may not sign: its "key_ops" leave out "sign"'
STDIN='{"sub":"alice"}' run issue --batch --input - --now "$NOW" --jwks "$TMP/verify-only.jwk"
expect_rc 2
expect_out ""
expect_err 'jwtool: the key may not sign: its "key_ops" leave out "sign"'

CASE="key_ops: refresh verifies with a key that may verify, and cannot mint with it"
run refresh --now "$NOW" --jwks "$TMP/verify-only.jwk" "$KNOWN_HS256_REFRESH"
expect_rc 2
expect_out ""
expect_err 'jwtool: the key may not sign: its "key_ops" leave out "sign"'
run verify --now "$NOW" --jwks "$TMP/verify-only.jwk" "$KNOWN_HS256_ACCESS"
expect_rc 0

CASE="a missing JWK file"
run verify --jwks "$TMP/nope.jwk" "$one"
expect_rc 2
expect_err "jwtool: --jwks: cannot read the file: No such file or directory"

CASE="the secret from the environment, and its errors"
JWTOOL_SECRET="$TEST_KEY" run verify --now "$NOW" "$KNOWN_HS256_ACCESS"
expect_rc 0
JWTOOL_SECRET= run verify --now "$NOW" "$KNOWN_HS256_ACCESS"
expect_rc 2
expect_err "jwtool: \$JWTOOL_SECRET is set but empty"
JWTOOL_SECRET=wrong-secret run_key verify --now "$NOW" "$KNOWN_HS256_ACCESS"
expect_rc 0 # --secret-file wins over the environment

CASE="no key material ever reaches the output"
printf '{"kty":"oct","k":"c2Vrcml0LXZhbHVl"}' >"$TMP/secret.jwk" # "sekrit-value"
for args in "verify --jwks $TMP/secret.jwk $NONE_TOKEN" "issue --sub x --jwks $TMP/secret.jwk --ttl bad" \
  "verify --json --jwks $TMP/secret.jwk abc"; do
  # shellcheck disable=SC2086
  "$JWTOOL" $args >"$TMP/out" 2>&1
  check "$CASE: $args" "$(grep -c -e sekrit -e c2Vrcml0 "$TMP/out")" 0
done

# --- Key sources, encodings and the RFC 7518 §3.2 length rule.
B64=$(printf '%s' "$TEST_KEY" | base64 -w0)
B64URL=$(printf '%s' "$TEST_KEY" | base64 -w0 | tr '+/' '-_' | tr -d '=')

CASE="--secret works and warns that other processes can see it"
run issue --sub alice --no-jti --now "$NOW" --secret "$TEST_KEY"
expect_rc 0
expect_out "$KNOWN_HS256_ACCESS"
expect_err "jwtool: warning: --secret puts the secret where other processes can read it (ps, /proc); prefer --secret-file or \$JWTOOL_SECRET"

CASE="\$JWTOOL_SECRET_FILE"
JWTOOL_SECRET_FILE="$TMP/key" run issue --sub alice --no-jti --now "$NOW"
expect_rc 0
expect_out "$KNOWN_HS256_ACCESS"
CASE="both environment variables set"
JWTOOL_SECRET="$TEST_KEY" JWTOOL_SECRET_FILE="$TMP/key" run verify --now "$NOW" "$KNOWN_HS256_ACCESS"
expect_rc 2
expect_err "jwtool: both \$JWTOOL_SECRET and \$JWTOOL_SECRET_FILE are set: unset one"
CASE="a flag wins over the environment"
JWTOOL_SECRET=wrong JWTOOL_SECRET_FILE=/nonexistent run verify --now "$NOW" --secret-file "$TMP/key" "$KNOWN_HS256_ACCESS"
expect_rc 0
CASE="an empty --secret is an empty secret, not a missing flag"
JWTOOL_SECRET="$TEST_KEY" run verify --secret "" --now "$NOW" "$KNOWN_HS256_ACCESS"
expect_rc 2
expect_err "jwtool: --secret: the value is empty (an unset variable?); leave the flag out instead (see 'jwtool help verify')"
CASE="\$JWTOOL_SECRET_FILE=- and a token on standard input"
STDIN="$KNOWN_HS256_ACCESS" JWTOOL_SECRET_FILE=- run verify --now "$NOW"
expect_rc 2
expect_err "jwtool: standard input cannot carry both the key and the token: give the token as an argument"
CASE="two key flags"
run verify --secret x --secret-file "$TMP/key" "$KNOWN_HS256_ACCESS"
expect_rc 2
expect_err "jwtool: --secret excludes --secret-file (see 'jwtool help verify')"

CASE="base64 and base64url secrets, from every source"
printf '%s\n' "$B64" | fold -w 20 >"$TMP/key.b64" # wrapped lines, as base64(1) writes long keys
run verify --now "$NOW" --secret-encoding base64 --secret-file "$TMP/key.b64" "$KNOWN_HS256_ACCESS"
expect_rc 0
JWTOOL_SECRET="$B64URL" run verify --now "$NOW" --secret-encoding base64url "$KNOWN_HS256_ACCESS"
expect_rc 0
run verify --now "$NOW" --secret-encoding base64url --secret "$B64URL" "$KNOWN_HS256_ACCESS"
expect_rc 0
printf '%s' "$B64URL" >"$TMP/key.b64url"
JWTOOL_SECRET_FILE="$TMP/key.b64url" run verify --now "$NOW" --secret-encoding base64url "$KNOWN_HS256_ACCESS"
expect_rc 0
CASE="a secret with a meaningful trailing newline, given base64-encoded"
run issue --sub alice --no-jti --now "$NOW" --secret-encoding base64 --secret "$(printf '%s\n' "$TEST_KEY" | base64 -w0)"
expect_rc 0
run verify --now "$NOW" --secret-file "$TMP/key" "$OUT"
expect_rc 1
expect_err "jwtool: signature does not match: wrong key or altered token"
CASE="text that is not of the encoding, reported without quoting it"
JWTOOL_SECRET='sekrit!value' run verify --now "$NOW" --secret-encoding base64 "$KNOWN_HS256_ACCESS"
expect_rc 2
expect_err "jwtool: \$JWTOOL_SECRET: the secret is not valid base64 text"
run verify --secret-encoding base64 --jwks "$TMP/one.jwk" "$KNOWN_HS256_ACCESS"
expect_rc 2
expect_err "jwtool: --jwks excludes --secret-encoding (see 'jwtool help verify')"

CASE="minting with a key shorter than the hash is refused"
printf 'only-twenty-bytes-ab' >"$TMP/short"
run issue --sub alice --secret-file "$TMP/short" --now "$NOW"
expect_rc 2
expect_out ""
expect_err "jwtool: the key is 20 bytes, shorter than the 32 bytes HS256 needs (RFC 7518 §3.2): use a longer key (jwtool keygen --alg HS256), or --allow-weak-key to sign anyway"
run issue --sub alice --secret-file "$TMP/key" --alg HS512 --now "$NOW"
expect_rc 0
printf '%s' "${TEST_KEY:0:40}" >"$TMP/forty"
run issue --sub alice --secret-file "$TMP/forty" --alg HS384 --now "$NOW"
expect_rc 2
expect_err "jwtool: the key is 40 bytes, shorter than the 48 bytes HS384 needs (RFC 7518 §3.2): use a longer key (jwtool keygen --alg HS384), or --allow-weak-key to sign anyway"

CASE="--allow-weak-key mints; verifying works with a warning"
run issue --sub alice --type refresh --secret-file "$TMP/short" --allow-weak-key --now "$NOW"
expect_rc 0
expect_err ""
weak=$OUT
run verify --secret-file "$TMP/short" --now "$NOW" "$weak"
expect_rc 0
expect_err "jwtool: warning: the key is 20 bytes, shorter than the 32 bytes HS256 needs (RFC 7518 §3.2)"
run verify --quiet --secret-file "$TMP/short" --now "$NOW" "$weak"
expect_rc 0
expect_err ""
CASE="refresh mints, so it refuses a weak key too"
run refresh --secret-file "$TMP/short" --now "$NOW" "$weak"
expect_rc 2
check_contains "$CASE: stderr" "$ERR" "jwtool: the key is 20 bytes, shorter than the 32 bytes HS256 needs"
run refresh --secret-file "$TMP/short" --allow-weak-key --now "$NOW" "$weak"
expect_rc 0

CASE="no secret, however given, ever reaches any output"
SECRET_TEXT='sekrit-value-0123456789-abcdefghijklmnop'
printf '%s' "$SECRET_TEXT" >"$TMP/sekrit"
printf '{"kty":"oct","kid":"s","k":"%s"}' "$(printf '%s' "$SECRET_TEXT" | base64 -w0 | tr '+/' '-_' | tr -d '=')" >"$TMP/sekrit.jwk"
{
  for source in "--secret-file $TMP/sekrit" "--jwks $TMP/sekrit.jwk" "--secret $SECRET_TEXT"; do
    for args in "issue --sub a --now $NOW" "issue --sub a --type pair --now $NOW" "issue --sub a --ttl bad" \
      "issue --sub a --alg HS512" "verify --now $NOW $KNOWN_HS256_ACCESS" "verify --json abc" \
      "verify --json --now $NOW $NONE_TOKEN" "refresh --now $NOW $KNOWN_HS256_REFRESH" "verify --bogus" \
      "issue --help" "verify --help" "refresh --help"; do
      # shellcheck disable=SC2086
      "$JWTOOL" $args $source
    done
  done
  JWTOOL_SECRET="$SECRET_TEXT" "$JWTOOL" issue --sub a --now "$NOW"
  JWTOOL_SECRET="$SECRET_TEXT" "$JWTOOL" verify --now "$NOW" "$KNOWN_HS256_ACCESS"
  JWTOOL_SECRET="$SECRET_TEXT" "$JWTOOL" verify --secret-encoding base64 "$KNOWN_HS256_ACCESS"
  JWTOOL_SECRET_FILE="$TMP/sekrit" "$JWTOOL" issue --sub a --now "$NOW"
  "$JWTOOL" verify --secret-file "$SECRET_TEXT" "$KNOWN_HS256_ACCESS" # a secret where a path goes
  "$JWTOOL" keygen --format jwk --kid k
} >"$TMP/all-output" 2>&1
check "$CASE: the whole run printed something" "$([ -s "$TMP/all-output" ] && echo yes)" yes
check "$CASE: the secret in any form" \
  "$(grep -c -e sekrit -e "$(printf '%s' "$SECRET_TEXT" | base64 -w0 | cut -c1-20)" -e "$(printf '%s' "$SECRET_TEXT" | base64 -w0 | tr '+/' '-_' | cut -c1-20)" "$TMP/all-output")" 0

CASE="limits on key files"
head -c 65537 /dev/zero | tr '\0' 'k' >"$TMP/huge-secret"
run verify --secret-file "$TMP/huge-secret" --now "$NOW" "$KNOWN_HS256_ACCESS"
expect_rc 2
expect_err "jwtool: --secret-file: the file holds more than the limit of 65536 bytes"
{ printf '{"keys":[{"kty":"oct","k":"'; head -c 1048576 /dev/zero | tr '\0' 'A'; printf '"}]}'; } >"$TMP/huge.jwks"
run verify --jwks "$TMP/huge.jwks" --now "$NOW" "$KNOWN_HS256_ACCESS"
expect_rc 2
expect_err "jwtool: --jwks: the file holds more than the limit of 1048576 bytes"

finish
