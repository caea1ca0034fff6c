#!/usr/bin/env bash
# The published HMAC examples of RFC 7515, 7519, 7520 and 7797, verified by jwtool's CLI with
# their JWKs exactly as published.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/rfc_vectors.sh"

printf '%s\n' "$RFC7515_A1_JWK" >"$TMP/a1.jwk"
printf '{"keys": [%s]}\n' "$RFC7515_A1_JWK" >"$TMP/a1.jwks"
printf '%s\n' "$RFC7520_JWK" >"$TMP/rfc7520.jwk"
printf '%s\n' "$RFC7797_JWK" >"$TMP/rfc7797.jwk"

A1_PAYLOAD='{
  "iss": "joe",
  "exp": 1300819380,
  "http://example.com/is_root": true
}'

for vector in RFC7515_A1 RFC7519_3_1; do
  token_var="${vector}_TOKEN"
  for keys in a1.jwk a1.jwks; do
    CASE="$vector with $keys, one second before exp"
    run verify --jwks "$TMP/$keys" --now 1300819379 "${!token_var}"
    expect_rc 0
    expect_out "$A1_PAYLOAD"
    expect_err ""

    CASE="$vector with $keys, at exp (2011-03-22T18:43:00Z)"
    run verify --jwks "$TMP/$keys" --now 2011-03-22T18:43:00Z "${!token_var}"
    expect_rc 3
    expect_out ""
    expect_err "jwtool: token expired at 2011-03-22T18:43:00Z (0s ago)"
  done
done

CASE="RFC 7515 A.1: its signature covers the header as sent, CRLF and all"
run decode --json "$RFC7515_A1_TOKEN"
expect_rc 0
expect_out_contains '"typ": "JWT"'
run verify --jwks "$TMP/a1.jwk" --alg HS384 --now 1300819379 "$RFC7515_A1_TOKEN"
expect_rc 1
expect_err 'jwtool: alg "HS256" is not allowed: expected HS384'

not_a_jwt() {
  CASE=$1
  run verify --json --jwks "$TMP/$2" --now 1700000000 "$3"
  expect_rc 1
  expect_out_contains '"error": "not_a_claims_set"'
  check_contains "$CASE: stderr" "$ERR" "jwtool: the signature is valid but the payload is not a JWT claims set: "
}
not_a_jwt "RFC 7520 §4.4 (kid picks the JWK)" rfc7520.jwk "$RFC7520_4_4_TOKEN"
not_a_jwt "RFC 7520 §4.6 (no kid, the only key)" rfc7520.jwk "$RFC7520_4_6_TOKEN"
not_a_jwt "RFC 7797 §4.1" rfc7797.jwk "$RFC7797_4_1_TOKEN"

CASE="RFC 7520 §4.4 under refresh"
run refresh --jwks "$TMP/rfc7520.jwk" --now 1700000000 "$RFC7520_4_4_TOKEN"
expect_rc 1
check_contains "$CASE: stderr" "$ERR" "jwtool: Invalid refresh token: the signature is valid but the payload is not a JWT claims set"

CASE="RFC 7520 §4.5: a detached payload, given alone"
run verify --jwks "$TMP/rfc7520.jwk" --now 1700000000 "$RFC7520_4_5_TOKEN"
expect_rc 1
expect_err "jwtool: signature does not match: wrong key or altered token"

CASE="RFC 7797 §4.2: b64 false in crit"
run verify --json --jwks "$TMP/rfc7797.jwk" --now 1700000000 "$RFC7797_4_2_TOKEN"
expect_rc 1
expect_out_contains '"error": "unsupported_header"'
expect_err 'jwtool: header lists critical extensions ["b64"]; jwtool implements none'

CASE="RFC 7520's JWK is bound to HS256"
run issue --sub alice --jwks "$TMP/rfc7520.jwk" --alg HS512 --now 1700000000
expect_rc 2
expect_err "jwtool: --alg HS512: the key with kid \"018c0ae5-4d9b-471b-bfd6-eef314bc7037\" is for HS256 only"

finish
