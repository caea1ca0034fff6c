#!/usr/bin/env bash
# Interoperability of jwtool's public-key algorithms with PyJWT (Debian's python3-jwt, with
# python3-cryptography) and the jose npm package, in both directions, for every algorithm:
# RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512 ES256K, EdDSA with Ed25519 and Ed448.
#
#   JWTOOL=build/src/jwtool INTEROP_WORK_DIR=build/interop-pkey bash tests/interop/test_interop_pkey.sh
#
# Who covers what (jose's versions are pinned in scripts/interop-deps.sh; PyJWT is Debian 12's):
# - PyJWT 2.6.0: all twelve.
# - jose 6: RS*, PS*, ES256, ES384, ES512 and EdDSA with Ed25519. It runs on WebCrypto alone,
#   which has neither secp256k1 nor Ed448, so ES256K and EdDSA with Ed448 go to jose 5 (the
#   last line with node:crypto keys, which has both), installed beside it as "jose5".
# So nothing is skipped. (On a node older than 20, jose 5 stands in for jose 6 as well.)
#
# - Keys: openssl genpkey makes a key pair for each algorithm and a second, "other" pair:
#   PKCS#8 PEM, and SubjectPublicKeyInfo PEM from openssl pkey -pubout (DER and a self-signed
#   X.509 certificate as well, for jwtool). The JWK Set of the twelve public keys (alg pinned,
#   use "sig", kid the RFC 7638 thumbprint) is made by python3-cryptography (pyjwt_peer.py
#   jwks), and jose's exportJWK and calculateJwkThumbprint must give the same keys.
# - Peer -> jwtool: each peer mints a token (with the kid, and without); jwtool verify with
#   --key public.pem (.der, the certificate, the private key too) and with --jwks set accepts
#   it with the peer's claims exactly; a tampered payload and the other key are refused (exit
#   1, bad_signature); at exp the token is expired (exit 3). The other peer verifies the same
#   tokens: where jwtool disagrees with the peers, they agree with each other.
# - jwtool -> peer: jwtool issue --key private.pem --alg ALG (and without --alg where ALG is
#   the key's default) writes kid = the thumbprint; each peer verifies with public.pem and with
#   the set (the kid picks the key) and reads jwtool's claims; each refuses the token checked
#   with the other key, and a tampered one.
# - jwtool jwks, where the binary has the command: its set for the twelve private keys is the
#   one python makes with each key's default algorithm, and the peers verify jwtool's tokens
#   with it (for the algorithms a set with default algs pins: RS384/512 and PS* tokens need a
#   key whose JWK says so, which jwks gives only for a JWK input).
#
# Nothing reads the wall clock: jwtool gets --now; peers mint with fixed iat and exp and verify
# at a fixed instant (PyJWT with its own clock checks off and the same checks made against it,
# jose with currentDate). The certificate's validity dates are the only wall-clock-derived
# values, and jwtool takes a certificate for its key only.
# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
echo "peers: PyJWT $PYJWT_VERSION with cryptography $CRYPTOGRAPHY_VERSION ($PY);" \
  "jose $JOSE_VERSION and $JOSE5_VERSION (node $NODE_VERSION); $(openssl version)"

LABELS="RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512 ES256K Ed25519 Ed448"
alg_of() { case $1 in Ed*) echo EdDSA ;; *) echo "$1" ;; esac; }
# The jose that has the algorithm (see above).
jose_of() { case $1 in ES256K | Ed448) echo jose5 ;; *) echo jose ;; esac; }
# The algorithm jwtool picks for the key when none is asked for (issue 13: RSA -> RS256).
default_alg_of() { case $1 in RS* | PS*) echo RS256 ;; *) alg_of "$1" ;; esac; }

# genkey LABEL: a private key for LABEL's algorithm, PKCS#8 PEM, on standard output.
genkey() {
  case $1 in
  RS* | PS*) openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 ;;
  ES256) openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-256 ;;
  ES384) openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-384 ;;
  ES512) openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-521 ;;
  ES256K) openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:secp256k1 ;;
  Ed25519) openssl genpkey -quiet -algorithm ED25519 ;;
  Ed448) openssl genpkey -quiet -algorithm ED448 ;;
  esac
}

# ---------------------------------------------------------------------------------------------
# Keys, and the JWK Set of their public halves

K=$TMP/keys
mkdir -p "$K"
set_specs=()
default_specs=()
declare -A KID INDEX
i=0
for label in $LABELS; do
  for which in "" .other; do
    genkey "$label" >"$K/$label$which.key" 2>"$TMP/openssl.err" &&
      openssl pkey -in "$K/$label$which.key" -pubout -out "$K/$label$which.pub" 2>>"$TMP/openssl.err"
    ck "keys: openssl makes the $label${which:+ other} key pair" "$?:$(cat "$TMP/openssl.err")" 0:
  done
  openssl pkey -in "$K/$label.key" -pubout -outform DER -out "$K/$label.der" &&
    openssl req -x509 -new -key "$K/$label.key" -subj "/CN=jwtool interop $label" -days 2 \
      -out "$K/$label.crt" 2>"$TMP/openssl.err"
  ck "keys: openssl makes the $label DER public key and certificate" "$?:$(cat "$TMP/openssl.err")" 0:
  set_specs+=("$(alg_of "$label")=$K/$label.pub")
  default_specs+=("$(default_alg_of "$label")=$K/$label.key")
  INDEX[$label]=$i
  i=$((i + 1))
done

peer pyjwt jwks "${set_specs[@]}"
ck "keys: python makes the JWK Set (exit code)" "$PEER_RC" 0
SET=$TMP/set.json
printf '%s\n' "$PEER_OUT" >"$SET"
for label in $LABELS; do
  KID[$label]=$(jsoncheck get "@$SET:keys.${INDEX[$label]}.kid")
  p=$(jose_of "$label")
  peer "$p" jwk "$(alg_of "$label")" "$K/$label.pub"
  printf '%s\n' "$PEER_OUT" >"$TMP/jose.jwk"
  ck "keys: $p exports the $label key (exit code)" "$PEER_RC" 0
  ck_json "keys: $p's JWK and thumbprint of the $label key = python's" "@$SET:keys.${INDEX[$label]}" "@$TMP/jose.jwk"
done

# ---------------------------------------------------------------------------------------------
# Peer -> jwtool

for label in $LABELS; do
  alg=$(alg_of "$label")
  key=$K/$label
  peers="pyjwt $(jose_of "$label")"
  for p in $peers; do
    c="$p->jwtool $label"
    other_peer=${peers/$p/}
    other_peer=${other_peer// /}
    claims "$TMP/claims.json" "$p" '"interop-api"' "$EXP"

    peer "$p" mint "$alg" "$key.key" "$TMP/claims.json" "${KID[$label]}"
    ck "$c: $p mints with a kid (exit code)" "$PEER_RC" 0
    token_kid=$PEER_OUT
    peer "$p" mint "$alg" "$key.key" "$TMP/claims.json"
    ck "$c: $p mints (exit code)" "$PEER_RC" 0
    token=$PEER_OUT
    jsoncheck payload "$token" >"$TMP/minted_payload.json"
    jsoncheck header "$token_kid" >"$TMP/minted_header.json"
    ck_json "$c: $p's token carries the claims" "@$TMP/claims.json" "@$TMP/minted_payload.json"
    ck "$c: $p's token header alg" "$(jsoncheck get "@$TMP/minted_header.json:alg")" "$alg"
    ck "$c: $p's token header kid" "$(jsoncheck get "@$TMP/minted_header.json:kid")" "${KID[$label]}"

    # The other peer agrees: a failure below is jwtool's, not a disagreement of the peers.
    peer "$other_peer" verify "$alg" "$key.pub" "$NOW" "$token"
    ck "$c: $other_peer verifies $p's token with public.pem (exit code)" "$PEER_RC" 0
    peer "$other_peer" verify "$alg" "$SET" "$NOW" "$token_kid"
    ck "$c: $other_peer verifies $p's token with the JWK Set (exit code)" "$PEER_RC" 0

    run verify --json --now "$NOW" --key "$key.pub" "$token"
    printf '%s\n' "$OUT" >"$TMP/verify.json"
    ck "$c: jwtool verify --key public.pem (exit code)" "$RC:$ERR" 0:
    ck_json "$c: jwtool verify --key public.pem: payload = $p's claims" "@$TMP/claims.json" "@$TMP/verify.json:payload"
    ck "$c: jwtool verify --key public.pem: alg" "$(jsoncheck get "@$TMP/verify.json:alg")" "$alg"

    run verify --json --now "$NOW" --jwks "$SET" "$token_kid"
    printf '%s\n' "$OUT" >"$TMP/verify.json"
    ck "$c: jwtool verify --jwks set (exit code)" "$RC:$ERR" 0:
    ck_json "$c: jwtool verify --jwks set: payload = $p's claims" "@$TMP/claims.json" "@$TMP/verify.json:payload"
    ck_json "$c: jwtool verify --jwks set: header = $p's header" "@$TMP/minted_header.json" "@$TMP/verify.json:header"

    run verify --alg "$alg" --now "$NOW" --key "$key.key" "$token_kid"
    printf '%s\n' "$OUT" >"$TMP/verify_plain.json"
    ck "$c: jwtool verify --alg $alg --key private.pem (exit code)" "$RC:$ERR" 0:
    ck_json "$c: jwtool verify --key private.pem (plain output) = $p's claims" "@$TMP/claims.json" "@$TMP/verify_plain.json"

    if [ "$p" = pyjwt ]; then # the key files, once per algorithm
      run verify --now "$NOW" --key "$key.der" "$token"
      ck "$c: jwtool verify --key public.der (exit code)" "$RC:$ERR" 0:
      run verify --now "$NOW" --key "$key.crt" "$token"
      ck "$c: jwtool verify --key certificate.pem (exit code)" "$RC:$ERR" 0:
    fi

    run verify --json --now "$NOW" --key "$key.pub" "$(jsoncheck tamper "$token")"
    printf '%s\n' "$OUT" >"$TMP/verify.json"
    ck "$c: jwtool verify, payload altered (exit code)" "$RC" 1
    ck "$c: jwtool verify, payload altered (error)" "$(jsoncheck get "@$TMP/verify.json:error")" bad_signature

    run verify --json --now "$NOW" --key "$key.other.pub" "$token"
    printf '%s\n' "$OUT" >"$TMP/verify.json"
    ck "$c: jwtool verify, other key (exit code)" "$RC" 1
    ck "$c: jwtool verify, other key (error)" "$(jsoncheck get "@$TMP/verify.json:error")" bad_signature

    run verify --json --now "$EXP" --key "$key.pub" "$token"
    printf '%s\n' "$OUT" >"$TMP/verify.json"
    ck "$c: jwtool verify at exp (exit code)" "$RC" 3
    ck "$c: jwtool verify at exp (error)" "$(jsoncheck get "@$TMP/verify.json:error")" expired
  done
done

# ---------------------------------------------------------------------------------------------
# jwtool -> peer

ACCESS_TTL=1800

# jwtool_to_peers C LABEL TOKEN KEYSET: the peers of LABEL verify TOKEN (jwtool's) with the
# public PEM and with KEYSET, and refuse it with the other key, and tampered.
jwtool_to_peers() {
  local c=$1 label=$2 token=$3 keyset=$4 alg p forged
  alg=$(alg_of "$label")
  run decode --json --now "$NOW" "$token"
  printf '%s\n' "$OUT" >"$TMP/decode.json"
  ck "$c: jwtool decode (exit code)" "$RC" 0
  forged=$(jsoncheck tamper "$token")
  for p in pyjwt $(jose_of "$label"); do
    peer_accepts "$c, public.pem" "$p" "$alg" "$K/$label.pub" "$token" access "$ACCESS_TTL"
    peer_accepts "$c, JWK Set" "$p" "$alg" "$keyset" "$token" access "$ACCESS_TTL"
    peer_refuses "$c, other key" "$p" "$alg" "$K/$label.other.pub" "$NOW" "$token" "${SIGNATURE_ERROR[$p]}"
    peer_refuses "$c, payload altered" "$p" "$alg" "$K/$label.pub" "$NOW" "$forged" "${SIGNATURE_ERROR[$p]}"
  done
}

declare -A ISSUED
for label in $LABELS; do
  alg=$(alg_of "$label")
  key=$K/$label
  c="jwtool->peers $label"
  run issue --key "$key.key" --alg "$alg" --sub "$SUB" --now "$IAT"
  ck "$c: jwtool issue --alg $alg (exit code)" "$RC:$ERR" 0:
  token=$OUT
  ISSUED[$label]=$token
  jsoncheck header "$token" >"$TMP/issued_header.json"
  ck "$c: header alg" "$(jsoncheck get "@$TMP/issued_header.json:alg")" "$alg"
  ck "$c: header kid is the key's RFC 7638 thumbprint" "$(jsoncheck get "@$TMP/issued_header.json:kid")" "${KID[$label]}"

  if [ "$(default_alg_of "$label")" = "$alg" ]; then
    run issue --key "$key.key" --sub "$SUB" --now "$IAT"
    ck "$c: jwtool issue without --alg (exit code)" "$RC:$ERR" 0:
    jsoncheck header "$OUT" >"$TMP/default_header.json"
    ck "$c: jwtool issue without --alg: header alg" "$(jsoncheck get "@$TMP/default_header.json:alg")" "$alg"
  fi

  run verify --now "$NOW" --key "$key.pub" "$token"
  ck "$c: jwtool verifies its token (exit code)" "$RC:$ERR" 0:
  run verify --now "$NOW" --key "$key.pub" "$(jsoncheck tamper "$token")"
  ck "$c: jwtool verify, payload altered (exit code)" "$RC" 1

  jwtool_to_peers "$c" "$label" "$token" "$SET"
done

# ---------------------------------------------------------------------------------------------
# jwtool jwks

if "$JWTOOL" jwks --help >/dev/null 2>&1; then
  key_flags=()
  for label in $LABELS; do key_flags+=(--key "$K/$label.key"); done
  run jwks "${key_flags[@]}"
  ck "jwks: jwtool jwks of the twelve private keys (exit code)" "$RC:$ERR" 0:
  printf '%s\n' "$OUT" >"$TMP/jwtool_set.json"
  peer pyjwt jwks "${default_specs[@]}"
  printf '%s\n' "$PEER_OUT" >"$TMP/default_set.json"
  ck_json "jwks: jwtool's set = python's (public halves, kid, default alg, use)" "@$TMP/default_set.json" "@$TMP/jwtool_set.json"
  for label in $LABELS; do
    [ "$(default_alg_of "$label")" = "$(alg_of "$label")" ] || continue
    jwtool_to_peers "jwtool->peers $label (jwtool's JWK Set)" "$label" "${ISSUED[$label]}" "$TMP/jwtool_set.json"
  done
else
  echo "note: this jwtool has no jwks command: its JWK Set is not checked"
fi

finish
