#!/usr/bin/env bash
# Key sources: --secret-file, $JWTOOL_SECRET, --jwks (a JWK or a JWK Set of oct keys) and kid.
. "$(dirname "$0")/lib.sh"

NOW=1700000000
# base64url of TEST_KEY (64 bytes) and of 48 other bytes.
K_TEST=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZg
K_OTHER=b3RoZXItb3RoZXItb3RoZXItb3RoZXItb3RoZXItb3RoZXItb3RoZXIt
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
expect_err "jwtool: --alg HS256: the key is for HS384"

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
expect_err "jwtool: --secret-file excludes --jwks (see 'jwtool verify --help')"

bad_jwks() {
  CASE=$1
  printf '%s' "$2" >"$TMP/bad.jwk"
  run verify --now "$NOW" --jwks "$TMP/bad.jwk" "$one"
  expect_rc 2
  expect_out ""
  expect_err "jwtool: --jwks: $3"
}
bad_jwks "an RSA key" '{"kty":"RSA","n":"AQAB","e":"AQAB"}' \
  'kty "RSA" is not supported: jwtool uses symmetric ("oct") keys only'
bad_jwks "no k" '{"kty":"oct"}' 'no "k" member (the key bytes, base64url)'
bad_jwks "k with padding" '{"kty":"oct","k":"YWJj="}' \
  '"k" is not base64url: invalid base64url character '"'='"' at offset 4 (padding is not allowed)'
bad_jwks "an empty k" '{"kty":"oct","k":""}' '"k" is empty'
bad_jwks "an alg that is not HMAC" '{"kty":"oct","k":"YWJj","alg":"RS256"}' '"alg" "RS256" is not HS256, HS384 or HS512'
bad_jwks "an encryption key" '{"kty":"oct","k":"YWJj","use":"enc"}' '"use" "enc" is not "sig"'
bad_jwks "an empty set" '{"keys":[]}' 'JWK Set: "keys" is empty'
bad_jwks "keys not an array" '{"keys":{}}' 'JWK Set: "keys" must be an array'
bad_jwks "a kid used twice" "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"a\",\"k\":\"YWJj\"},{\"kty\":\"oct\",\"kid\":\"a\",\"k\":\"ZGVm\"}]}" \
  'JWK Set key 2: kid "a" is used twice'
bad_jwks "the second key is bad" "{\"keys\":[{\"kty\":\"oct\",\"k\":\"YWJj\"},{\"kty\":\"EC\"}]}" \
  'JWK Set key 2: kty "EC" is not supported: jwtool uses symmetric ("oct") keys only'
bad_jwks "not JSON" 'kty=oct' \
  "not a JWK or JWK Set: invalid JSON at byte 0: syntax error while parsing value - invalid literal; last read: 'k'"
bad_jwks "a JSON array" '[]' 'not a JWK or JWK Set: expected a JSON object, found array'

CASE="a missing JWK file"
run verify --jwks "$TMP/nope.jwk" "$one"
expect_rc 2
expect_err "jwtool: --jwks: cannot read \"$TMP/nope.jwk\": No such file or directory"

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

finish
