#!/usr/bin/env bash
# The published examples of RFC 7515, 7519, 7520, 7797 and 8037, verified by jwtool's CLI with
# their keys exactly as published: JWKs, and the public keys as PEM too.
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

# --- public-key vectors: RFC 7515 A.2-A.4, RFC 7520 §4.1-§4.3, RFC 8037 A.4 --------------------
# Each public key as its JWK (alone and in a JWK Set) and as PEM.
for vector in RFC7515_A2 RFC7515_A3 RFC7515_A4 RFC7520_RSA RFC7520_EC RFC8037_A4; do
  jwk_var="${vector}_JWK" pem_var="${vector}_PEM"
  printf '%s\n' "${!jwk_var}" >"$TMP/$vector.jwk"
  printf '{"keys": [%s]}\n' "${!jwk_var}" >"$TMP/$vector.jwks"
  printf '%s\n' "${!pem_var}" >"$TMP/$vector.pem"
done
key_sources() { printf '%s\n' "--key $TMP/$1.pem" "--jwks $TMP/$1.jwk" "--jwks $TMP/$1.jwks"; }

# The JWT of A.1, signed with RS256 (A.2) and ES256 (A.3).
for pair in RFC7515_A2:RS256 RFC7515_A3:ES256; do
  vector=${pair%%:*} alg=${pair#*:} token_var="${pair%%:*}_TOKEN"
  while IFS= read -r source; do
    CASE="$vector ($alg) with $source"
    # shellcheck disable=SC2086 # two words: the flag and its path
    run verify $source --now 1300819000 "${!token_var}"
    expect_rc 0
    expect_out "$A1_PAYLOAD"
    expect_err ""
    # shellcheck disable=SC2086
    run verify --json $source --now 1300819000 "${!token_var}"
    expect_rc 0
    expect_out_contains "  \"alg\": \"$alg\","
    # shellcheck disable=SC2086
    run verify $source --alg "$alg" --now 2011-03-22T18:43:00Z "${!token_var}"
    expect_rc 3
    expect_err "jwtool: token expired at 2011-03-22T18:43:00Z (0s ago)"
  done < <(key_sources "$vector")
done

# flip_signature_bit TOKEN: the token with one bit of its signature flipped (a character a quarter
# into the signature's base64url text replaced by the one whose value differs in its low bit: for
# ECDSA, in the middle of r, which stays below the group order).
B64URL=ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_
flip_signature_bit() {
  local signature=${1##*.} prefix i c index
  i=$((${#signature} / 4))
  c=${signature:i:1}
  prefix=${B64URL%%"$c"*}
  index=${#prefix}
  printf '%s.%s%s%s' "${1%.*}" "${signature:0:i}" "${B64URL:index ^ 1:1}" "${signature:i+1}"
}

# Signed payloads that are not claims sets: the signature verifies, then the payload is refused
# as a JWT; with one bit of the signature flipped, the signature is refused first.
for pair in RFC7515_A4:RFC7515_A4 RFC7520_4_1:RFC7520_RSA RFC7520_4_2:RFC7520_RSA RFC7520_4_3:RFC7520_EC \
  RFC8037_A4:RFC8037_A4; do
  vector=${pair%%:*} token_var="${pair%%:*}_TOKEN"
  while IFS= read -r source; do
    CASE="$vector with $source: not a JWT"
    # shellcheck disable=SC2086
    run verify --json $source --now 1700000000 "${!token_var}"
    expect_rc 1
    expect_out_contains '"error": "not_a_claims_set"'
    check_contains "$CASE: stderr" "$ERR" "jwtool: the signature is valid but the payload is not a JWT claims set: "
    CASE="$vector with $source: one signature bit flipped"
    # shellcheck disable=SC2086
    run verify --json $source --now 1700000000 "$(flip_signature_bit "${!token_var}")"
    expect_rc 1
    expect_out_contains '"error": "bad_signature"'
    expect_err "jwtool: signature does not match: wrong key or altered token"
  done < <(key_sources "${pair#*:}")
done

CASE="RFC 7520 §4.1 and §4.2: one RSA key, two algorithms, the token's alg must be the one pinned"
run verify --jwks "$TMP/RFC7520_RSA.jwk" --alg PS384 --now 1700000000 "$RFC7520_4_1_TOKEN"
expect_rc 1
expect_err 'jwtool: alg "RS256" is not allowed: expected PS384'

CASE="RFC 7520's JWK is bound to HS256"
run issue --sub alice --jwks "$TMP/rfc7520.jwk" --alg HS512 --now 1700000000
expect_rc 2
expect_err "jwtool: --alg HS512: the key with kid \"018c0ae5-4d9b-471b-bfd6-eef314bc7037\" is for HS256 only"

finish
