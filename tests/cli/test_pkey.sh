#!/usr/bin/env bash
# Public-key tokens end to end (issue 13): every algorithm through issue, verify, refresh (with
# and without a store, SQLite and Redis), revoke and both --batch modes, with keys in every form
# jwtool reads; then the refusals, each with its exact exit code and message. Keys are made here
# with the openssl command, and their JWKs from its text dump, so this needs bash, coreutils,
# openssl and redis-server (tests/redis_server.sh).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../redis_server.sh"
trap 'stop_redis; rm -rf "$TMP"' EXIT
unset JWTOOL_STORE JWTOOL_SECRET_FILE JWTOOL_KEY_FILE
if ! command -v openssl >/dev/null 2>&1; then
  echo "FAIL: the openssl command is not installed (scripts/install-deps.sh installs it)"
  exit 1
fi
start_redis "$TMP" || { echo "FAIL: cannot start redis-server"; exit 1; }

NOW=1700000000
K=$TMP/keys
mkdir "$K"
b64u() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
b64u_decode() {
  local text
  text=$(tr -- '-_' '+/')
  while [ $((${#text} % 4)) -ne 0 ]; do text+="="; done
  printf '%s' "$text" | base64 -d
}
# The bytes of hex digits, as base64url: as few as the value needs (a JWK's Base64urlUInt), or
# SIZE bytes (a coordinate, an OKP key).
hex_b64u() {
  local hex=$1 size=${2:-0}
  [ $((${#hex} % 2)) -eq 0 ] || hex=0$hex
  while [ "${hex:0:2}" = 00 ] && [ ${#hex} -gt 2 ]; do hex=${hex:2}; done
  while [ $((${#hex} / 2)) -lt "$size" ]; do hex=00$hex; done
  printf '%b' "$(printf '%s' "$hex" | sed 's/../\\x&/g')" | b64u
}
# The hex digits of a field of `openssl pkey -text` (modulus, priv, pub, ...).
key_field() { openssl pkey -in "$1" -noout -text | sed -n "/^$2:/,/^[^ ]/{/^ /p}" | tr -d ' :\n'; }
hex_of() { od -An -v -tx1 "$1" | tr -d ' \n'; }

# --- keys ---------------------------------------------------------------------------------
# NAME TYPE CRV SIZE: the key NAME.pem (PKCS#8), NAME.pub.pem (SubjectPublicKeyInfo), DER forms,
# a self-signed certificate, the JWK members (public first, in RFC 7638 order), the thumbprint,
# and JWK Sets of the public and of the private key, named by the thumbprint.
KEY_NAMES=()
declare -A KEY_PUBLIC_JWK KEY_PRIVATE_JWK KEY_THUMBPRINT KEY_DESCRIPTION
make_key() {
  local name=$1 type=$2 crv=$3 size=$4 f=$K/$1 public private pub field
  KEY_NAMES+=("$name")
  case $type in
  RSA) openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:$size" -out "$f.pem" 2>/dev/null ;;
  EC) openssl genpkey -algorithm EC -pkeyopt "ec_paramgen_curve:$crv" -out "$f.pem" 2>/dev/null ;;
  OKP) openssl genpkey -algorithm "${crv^^}" -out "$f.pem" 2>/dev/null ;; # ED25519, ED448
  esac
  openssl pkey -in "$f.pem" -pubout -out "$f.pub.pem"
  openssl pkey -in "$f.pem" -outform DER -out "$f.der"
  openssl pkey -in "$f.pem" -pubout -outform DER -out "$f.pub.der"
  openssl req -new -x509 -key "$f.pem" -subj /CN=jwtool-test -days 1 -out "$f.cert.pem" 2>/dev/null
  case $type in
  RSA)
    public="\"e\":\"$(hex_b64u "$(printf '%x' "$(openssl pkey -in "$f.pem" -noout -text | sed -n 's/^publicExponent: \([0-9]*\).*/\1/p')")")\""
    public+=",\"kty\":\"RSA\",\"n\":\"$(hex_b64u "$(key_field "$f.pem" modulus)")\""
    private=$public
    for field in d:privateExponent p:prime1 q:prime2 dp:exponent1 dq:exponent2 qi:coefficient; do
      private+=",\"${field%%:*}\":\"$(hex_b64u "$(key_field "$f.pem" "${field#*:}")")\""
    done
    KEY_DESCRIPTION[$name]="RSA $size-bit"
    ;;
  EC)
    pub=$(key_field "$f.pem" pub)
    pub=${pub:2} # 04 x y
    public="\"crv\":\"$crv\",\"kty\":\"EC\",\"x\":\"$(hex_b64u "${pub:0:$((size * 2))}" "$size")\""
    public+=",\"y\":\"$(hex_b64u "${pub:$((size * 2))}" "$size")\""
    private="$public,\"d\":\"$(hex_b64u "$(key_field "$f.pem" priv)" "$size")\""
    KEY_DESCRIPTION[$name]="EC $crv"
    ;;
  OKP)
    public="\"crv\":\"$crv\",\"kty\":\"OKP\",\"x\":\"$(hex_b64u "$(key_field "$f.pem" pub)" "$size")\""
    private="$public,\"d\":\"$(hex_b64u "$(key_field "$f.pem" priv)" "$size")\""
    KEY_DESCRIPTION[$name]="OKP $crv"
    ;;
  esac
  KEY_PUBLIC_JWK[$name]=$public
  KEY_PRIVATE_JWK[$name]=$private
  KEY_THUMBPRINT[$name]=$(printf '{%s}' "$public" | openssl dgst -sha256 -binary | b64u)
  # Named as `jwtool jwks` names them, so that tokens minted with --key pick them by kid.
  printf '{"keys":[{%s,"kid":"%s"}]}\n' "$public" "${KEY_THUMBPRINT[$name]}" >"$f.pub.jwks"
  printf '{"keys":[{%s,"kid":"%s"}]}\n' "$private" "${KEY_THUMBPRINT[$name]}" >"$f.priv.jwks"
}
make_key rsa RSA - 2048
make_key rsa1024 RSA - 1024
make_key p256 EC P-256 32
make_key p384 EC P-384 48
make_key p521 EC P-521 66
make_key k256 EC secp256k1 32
make_key ed25519 OKP Ed25519 32
make_key ed448 OKP Ed448 57
# The other forms: PKCS#1 private and public, SEC1 (PEM and DER), encrypted PEM (never decrypted).
openssl rsa -in "$K/rsa.pem" -traditional -out "$K/rsa.pkcs1.pem" 2>/dev/null
openssl rsa -in "$K/rsa.pem" -RSAPublicKey_out -out "$K/rsa.pkcs1-public.pem" 2>/dev/null
for name in p256 p384 p521 k256; do
  openssl ec -in "$K/$name.pem" -out "$K/$name.sec1.pem" 2>/dev/null
  openssl ec -in "$K/$name.pem" -outform DER -out "$K/$name.sec1.der" 2>/dev/null
done
openssl pkey -in "$K/rsa.pem" -aes256 -passout pass:secret -out "$K/rsa.encrypted.pem"
openssl rsa -in "$K/rsa.pem" -traditional -aes256 -passout pass:secret -out "$K/rsa.encrypted-pkcs1.pem" 2>/dev/null
# All public keys in one set, each named by its own kid.
{
  printf '{"keys":['
  sep=
  for name in "${KEY_NAMES[@]}"; do
    printf '%s{%s,"kid":"%s"}' "$sep" "${KEY_PUBLIC_JWK[$name]}" "${KEY_THUMBPRINT[$name]}"
    sep=,
  done
  printf ']}\n'
} >"$K/all.pub.jwks"
check "the JWK members came out of openssl's dump" "$(grep -c '"x":"",\|"n":""\|"d":""' "$K/all.pub.jwks")" 0

# --- every algorithm through every command -------------------------------------------------
ALGORITHMS=(RS256:rsa RS384:rsa RS512:rsa PS256:rsa PS384:rsa PS512:rsa ES256:p256 ES384:p384 ES512:p521
  ES256K:k256 EdDSA:ed25519 EdDSA:ed448)
ACCESS_CLAIMS='{
  "sub": "alice",
  "iat": 1700000000,
  "exp": 1700001800,
  "type": "access"
}'
header_of() { printf '%s' "${1%%.*}" | b64u_decode; }
# shape JSON: a login response with each token replaced by T.
shape() { printf '%s\n' "$1" | sed 's/_token": "[^"]*"/_token": "T"/'; }
PAIR_SHAPE='{
  "access_token": "T",
  "refresh_token": "T",
  "token_type": "bearer",
  "expires_in": 1800
}'
ACCESS_SHAPE='{
  "access_token": "T",
  "token_type": "bearer",
  "expires_in": 1800
}'

for entry in "${ALGORITHMS[@]}"; do
  alg=${entry%%:*} key=${entry#*:}
  private=$K/$key.pem public=$K/$key.pub.pem
  name="$alg with $key"

  CASE="$name: issue with the private key (PKCS#8 PEM)"
  run issue --sub alice --no-jti --key "$private" --alg "$alg" --now "$NOW"
  expect_rc 0
  expect_err ""
  token=$OUT
  check "$CASE: header, kid the RFC 7638 thumbprint" "$(header_of "$token")" \
    "{\"alg\":\"$alg\",\"typ\":\"JWT\",\"kid\":\"${KEY_THUMBPRINT[$key]}\"}"

  for source in "--key $public" "--key $K/$key.pub.der" "--key $K/$key.cert.pem" "--jwks $K/$key.pub.jwks" \
    "--jwks $K/all.pub.jwks" "--key $private" "--key $K/$key.der"; do
    CASE="$name: verify with $source"
    # shellcheck disable=SC2086 # two words: the flag and its path
    run verify $source --now "$NOW" "$token"
    expect_rc 0
    expect_out "$ACCESS_CLAIMS"
    expect_err ""
  done
  CASE="$name: --no-kid, verified with a JWK Set of one named key"
  run issue --sub alice --no-jti --no-kid --key "$private" --alg "$alg" --now "$NOW"
  expect_rc 0
  unnamed=$OUT
  check "$CASE: header" "$(header_of "$unnamed")" "{\"alg\":\"$alg\",\"typ\":\"JWT\"}"
  run verify --jwks "$K/$key.pub.jwks" --now "$NOW" "$unnamed"
  expect_rc 0
  expect_out "$ACCESS_CLAIMS"

  # The same key in its other forms signs as well; RS* and EdDSA sign deterministically, so
  # their tokens are the same byte for byte.
  forms=("--key $K/$key.der" "--jwks $K/$key.priv.jwks")
  case $key in
  rsa) forms+=("--key $K/rsa.pkcs1.pem") ;;
  p256 | p384 | p521 | k256) forms+=("--key $K/$key.sec1.pem" "--key $K/$key.sec1.der") ;;
  esac
  for source in "${forms[@]}"; do
    CASE="$name: issue with $source"
    # shellcheck disable=SC2086
    run issue --sub alice --no-jti --no-kid $source --alg "$alg" --now "$NOW"
    expect_rc 0
    expect_err ""
    case $alg in
    RS* | EdDSA) check "$CASE: the same token" "$OUT" "$unnamed" ;;
    esac
    other=$OUT
    run verify --key "$public" --now "$NOW" "$other"
    expect_rc 0
    expect_out "$ACCESS_CLAIMS"
  done

  CASE="$name: verify --json"
  run verify --json --key "$public" --now "$NOW" "$token"
  expect_rc 0
  expect_out "{
  \"valid\": true,
  \"alg\": \"$alg\",
  \"header\": {
    \"alg\": \"$alg\",
    \"typ\": \"JWT\",
    \"kid\": \"${KEY_THUMBPRINT[$key]}\"
  },
  \"payload\": {
    \"sub\": \"alice\",
    \"iat\": 1700000000,
    \"exp\": 1700001800,
    \"type\": \"access\"
  }
}"
  expect_err ""

  CASE="$name: the view names the key that verified"
  run verify --color always --key "$public" --now "$NOW" "$token"
  expect_rc 0
  check "$CASE: first lines" "$(printf '%s\n' "$OUT" | head -n 3)" "$(printf '\033[1;32mVALID\033[0m')
Key: ${KEY_DESCRIPTION[$key]} (RFC 7638 thumbprint ${KEY_THUMBPRINT[$key]})
Header:"
  run verify --color always --jwks "$K/all.pub.jwks" --now "$NOW" "$(
    "$JWTOOL" issue --sub alice --jwks "$K/$key.priv.jwks" --alg "$alg" --now "$NOW"
  )"
  expect_rc 0
  check "$CASE: with a JWK Set" "$(printf '%s\n' "$OUT" | sed -n 2p)" "Key: ${KEY_DESCRIPTION[$key]} (kid \"${KEY_THUMBPRINT[$key]}\")"

  CASE="$name: the login pair"
  run issue --sub alice --type pair --key "$private" --alg "$alg" --now "$NOW"
  expect_rc 0
  expect_err ""
  check "$CASE: response shape" "$(shape "$OUT")" "$PAIR_SHAPE"
  access=$(json_string "$OUT" access_token)
  refresh=$(json_string "$OUT" refresh_token)
  run verify --type access --key "$public" --now "$NOW" --claim-value sub "$access"
  expect_rc 0
  expect_out alice
  run verify --type refresh --key "$public" --now "$NOW" --claim-value type "$refresh"
  expect_rc 0
  expect_out refresh

  CASE="$name: refresh"
  run refresh --key "$private" --now $((NOW + 60)) "$refresh"
  expect_rc 0
  expect_err ""
  check "$CASE: response shape" "$(shape "$OUT")" "$ACCESS_SHAPE"
  renewed=$(json_string "$OUT" access_token)
  check "$CASE: the same algorithm and kid" "$(header_of "$renewed")" \
    "{\"alg\":\"$alg\",\"typ\":\"JWT\",\"kid\":\"${KEY_THUMBPRINT[$key]}\"}"
  run verify --type access --key "$public" --now $((NOW + 60)) --claim-value iat "$renewed"
  expect_rc 0
  expect_out $((NOW + 60))

  for store in "sqlite:$TMP/store.db" "$REDIS_URL"; do
    CASE="$name: refresh rotates in ${store%%:*}"
    run issue --sub alice --type pair --store "$store" --key "$private" --alg "$alg" --now "$NOW"
    expect_rc 0
    refresh=$(json_string "$OUT" refresh_token)
    run refresh --store "$store" --key "$private" --now $((NOW + 60)) "$refresh"
    expect_rc 0
    expect_err ""
    check "$CASE: response shape" "$(shape "$OUT")" "$PAIR_SHAPE"
    access=$(json_string "$OUT" access_token)
    rotated=$(json_string "$OUT" refresh_token)
    run verify --type refresh --store "$store" --key "$public" --now $((NOW + 60)) --claim-value sub "$rotated"
    expect_rc 0
    expect_out alice
    run refresh --store "$store" --key "$private" --now $((NOW + 120)) "$refresh"
    expect_rc 6
    expect_out ""
    expect_err "jwtool: Refresh token reuse detected - session revoked"

    CASE="$name: revoke with the public key in ${store%%:*}"
    run issue --sub alice --store "$store" --key "$private" --alg "$alg" --now "$NOW"
    access=$OUT
    run revoke --store "$store" --key "$public" --now "$NOW" "$access"
    expect_rc 0
    expect_out "{
  \"revoked\": \"token\",
  \"jti\": \"$("$JWTOOL" decode --claim-value jti "$access")\"
}"
    expect_err ""
    run verify --store "$store" --key "$public" --now "$NOW" "$access"
    expect_rc 6
    expect_err "jwtool: the token was revoked"
  done

  CASE="$name: issue --batch with the private key, verify --batch with the public key"
  STDIN=$'{"sub":"u1"}\n{"sub":"u2","role":"admin"}\n{"sub":"u3"}\n' run issue --batch --key "$private" --alg "$alg" --now "$NOW"
  expect_rc 0
  expect_err "jwtool: 3 tokens issued"
  printf '%s\n' "$OUT" >"$TMP/tokens"
  printf 'not-a-token\n' >>"$TMP/tokens"
  run verify --batch --no-claims --key "$public" --now "$NOW" --input "$TMP/tokens"
  expect_rc 1
  check "$CASE: stdout" "$(printf '%s\n' "$OUT" | sed 's/"message":"[^"]*"/"message":M/')" \
    '{"line":1,"valid":true}
{"line":2,"valid":true}
{"line":3,"valid":true}
{"line":4,"valid":false,"error":"malformed","message":M}'
  expect_err "jwtool: 4 tokens: 3 valid, 1 refused (1 malformed)"
done

# --- the key decides the algorithm ---------------------------------------------------------
RS256_TOKEN=$("$JWTOOL" issue --sub alice --no-jti --key "$K/rsa.pem" --now "$NOW")
ES256_TOKEN=$("$JWTOOL" issue --sub alice --no-jti --key "$K/p256.pem" --now "$NOW")
EDDSA_TOKEN=$("$JWTOOL" issue --sub alice --no-jti --key "$K/ed25519.pem" --now "$NOW")

CASE="issue defaults: RS256 for RSA, the curve's ES* for EC, EdDSA for OKP"
for pair in rsa:RS256 p256:ES256 p384:ES384 p521:ES512 k256:ES256K ed25519:EdDSA ed448:EdDSA; do
  run issue --sub alice --no-kid --key "$K/${pair%%:*}.pem" --now "$NOW"
  check "$CASE: ${pair%%:*}" "$(header_of "$OUT")" "{\"alg\":\"${pair#*:}\",\"typ\":\"JWT\"}"
done

# expect_usage CASE RC MESSAGE ARGS...: jwtool ARGS (no test key) refuses with RC and MESSAGE.
expect_usage() {
  CASE=$1
  local rc=$2 message=$3
  shift 3
  run "$@"
  expect_rc "$rc"
  expect_out ""
  expect_err "$message"
}
RSA_CAN="the key is an RSA 2048-bit key, which does RS256, RS384, RS512, PS256, PS384, PS512"
expect_usage "--alg the key cannot do, on issue" 2 "jwtool: --alg ES256: $RSA_CAN, not ES256" \
  issue --sub alice --key "$K/rsa.pem" --alg ES256 --now "$NOW"
expect_usage "--alg the key cannot do, on verify" 2 "jwtool: --alg ES256: $RSA_CAN, not ES256" \
  verify --key "$K/rsa.pub.pem" --alg ES256 --now "$NOW" "$RS256_TOKEN"
expect_usage "--alg HS256 with an RSA key, on verify" 2 "jwtool: --alg HS256: $RSA_CAN, not HS256" \
  verify --key "$K/rsa.pub.pem" --alg HS256 --now "$NOW" "$RS256_TOKEN"
expect_usage "--alg of another curve" 2 "jwtool: --alg ES384: the key is an EC P-256 key, which does ES256, not ES384" \
  issue --sub alice --key "$K/p256.pem" --alg ES384 --now "$NOW"
expect_usage "--alg of another curve, on verify" 2 "jwtool: --alg ES384: the key is an EC P-256 key, which does ES256, not ES384" \
  verify --key "$K/p256.pub.pem" --alg ES384 --now "$NOW" "$ES256_TOKEN"
expect_usage "--alg ES256K with a P-256 key" 2 "jwtool: --alg ES256K: the key is an EC P-256 key, which does ES256, not ES256K" \
  issue --sub alice --key "$K/p256.pem" --alg ES256K --now "$NOW"
expect_usage "--alg HS256 with an Ed25519 key" 2 "jwtool: --alg HS256: the key is an OKP Ed25519 key, which does EdDSA, not HS256" \
  issue --sub alice --key "$K/ed25519.pem" --alg HS256 --now "$NOW"
expect_usage "--alg RS256 with an HMAC secret" 2 "jwtool: --alg RS256: the key is an HMAC secret, which does HS256, HS384, HS512, not RS256" \
  verify --secret-file "$TMP/key" --alg RS256 --now "$NOW" "$RS256_TOKEN"
expect_usage "--alg no key of a set can do" 2 "jwtool: --alg HS512: no key given can do it" \
  verify --jwks "$K/all.pub.jwks" --alg HS512 --now "$NOW" "$RS256_TOKEN"
expect_usage "--alg refresh cannot do" 2 "jwtool: --alg PS256: the key is an EC P-256 key, which does ES256, not PS256" \
  refresh --key "$K/p256.pem" --alg PS256 --now "$NOW" "$ES256_TOKEN"

expect_usage "a token alg not matching --alg" 1 'jwtool: alg "RS256" is not allowed: expected PS256' \
  verify --key "$K/rsa.pub.pem" --alg PS256 --now "$NOW" "$RS256_TOKEN"
CASE="a token alg matching --alg"
run verify --key "$K/rsa.pub.pem" --alg RS256 --now "$NOW" "$RS256_TOKEN"
expect_rc 0
expect_usage "an RSA token, an EC key" 1 \
  'jwtool: alg "RS256" is not allowed: the key is an EC P-256 key (ES256)' \
  verify --key "$K/p256.pub.pem" --now "$NOW" "$RS256_TOKEN"
expect_usage "an ES256 token, a secp256k1 key" 1 \
  'jwtool: alg "ES256" is not allowed: the key is an EC secp256k1 key (ES256K)' \
  verify --key "$K/k256.pub.pem" --now "$NOW" "$ES256_TOKEN"
expect_usage "an EdDSA token signed with Ed25519, an Ed448 key" 1 'jwtool: EdDSA signature is 64 bytes, expected 114' \
  verify --key "$K/ed448.pub.pem" --now "$NOW" "$EDDSA_TOKEN"
expect_usage "an RS256 token, an HMAC secret" 1 \
  'jwtool: alg "RS256" is not allowed: the key is an HMAC secret (HS256, HS384, HS512)' \
  verify --secret-file "$TMP/key" --now "$NOW" "$RS256_TOKEN"

CASE="a JWK's alg pins the algorithm"
printf '{%s,"kid":"pss","alg":"PS384"}\n' "${KEY_PRIVATE_JWK[rsa]}" >"$K/rsa-ps384.jwk"
run issue --sub alice --jwks "$K/rsa-ps384.jwk" --now "$NOW"
expect_rc 0
check "$CASE: header" "$(header_of "$OUT")" '{"alg":"PS384","typ":"JWT","kid":"pss"}'
run verify --jwks "$K/rsa-ps384.jwk" --now "$NOW" --claim-value sub "$OUT"
expect_rc 0
expect_out alice
expect_usage "a JWK's alg pins the algorithm: another one" 2 'jwtool: --alg PS256: the key with kid "pss" is for PS384 only' \
  issue --sub alice --jwks "$K/rsa-ps384.jwk" --alg PS256 --now "$NOW"
expect_usage "a JWK's alg pins the algorithm: another one, of RSA's other family" 2 \
  'jwtool: --alg RS256: the key with kid "pss" is an RSA 2048-bit key, which does PS384, not RS256' \
  issue --sub alice --jwks "$K/rsa-ps384.jwk" --alg RS256 --now "$NOW"
expect_usage "a JWK's alg pins the algorithm: a token of another" 1 'jwtool: alg "PS256" is not allowed: the key is for PS384' \
  verify --jwks "$K/rsa-ps384.jwk" --now "$NOW" "$("$JWTOOL" issue --sub alice --no-kid --key "$K/rsa.pem" --alg PS256 --now "$NOW")"

# A JWK Set whose kid names a key of another family than the token's algorithm.
printf '{"keys":[{%s,"kid":"k1"},{%s,"kid":"k2"}]}\n' "${KEY_PRIVATE_JWK[p256]}" "${KEY_PRIVATE_JWK[rsa]}" >"$K/swapped.priv.jwks"
printf '{"keys":[{%s,"kid":"k1"},{%s,"kid":"k2"}]}\n' "${KEY_PUBLIC_JWK[rsa]}" "${KEY_PUBLIC_JWK[p256]}" >"$K/swapped.pub.jwks"
expect_usage "a kid naming an RSA key on an ES256 token" 1 \
  "jwtool: alg \"ES256\" is not allowed: the key is an RSA 2048-bit key (RS256, RS384, RS512, PS256, PS384, PS512)" \
  verify --jwks "$K/swapped.pub.jwks" --now "$NOW" "$("$JWTOOL" issue --sub alice --jwks "$K/swapped.priv.jwks" --kid k1 --now "$NOW")"
expect_usage "a kid naming an EC key on an RS256 token" 1 \
  'jwtool: alg "RS256" is not allowed: the key is an EC P-256 key (ES256)' \
  verify --jwks "$K/swapped.pub.jwks" --now "$NOW" "$("$JWTOOL" issue --sub alice --jwks "$K/swapped.priv.jwks" --kid k2 --now "$NOW")"
printf '{"keys":[{"kty":"oct","kid":"k1","k":"%s"},{%s,"kid":"k2"}]}\n' \
  "$(printf '%s' "$TEST_KEY" | b64u)" "${KEY_PUBLIC_JWK[rsa]}" >"$K/oct-rsa.jwks"
printf '{"keys":[{"kty":"oct","kid":"k2","k":"%s"}]}\n' "$(printf '%s' "$TEST_KEY" | b64u)" >"$K/oct-k2.jwks"
printf '{"keys":[{%s,"kid":"k1"}]}\n' "${KEY_PRIVATE_JWK[rsa]}" >"$K/rsa-k1.priv.jwks"
expect_usage "a kid naming an RSA key on an HS256 token" 1 \
  "jwtool: alg \"HS256\" is not allowed: the key is an RSA 2048-bit key (RS256, RS384, RS512, PS256, PS384, PS512)" \
  verify --jwks "$K/oct-rsa.jwks" --now "$NOW" "$("$JWTOOL" issue --sub alice --jwks "$K/oct-k2.jwks" --kid k2 --now "$NOW")"
expect_usage "a kid naming an HMAC key on an RS256 token" 1 \
  'jwtool: alg "RS256" is not allowed: the key is an HMAC secret (HS256, HS384, HS512)' \
  verify --jwks "$K/oct-rsa.jwks" --now "$NOW" "$("$JWTOOL" issue --sub alice --jwks "$K/rsa-k1.priv.jwks" --now "$NOW")"

# --- what a public key cannot do -----------------------------------------------------------
PUBLIC_ONLY="jwtool: the key is a public key, which only verifies: signing needs the private key"
LOGIN=$("$JWTOOL" issue --sub alice --type pair --key "$K/p256.pem" --store "sqlite:$TMP/public.db" --now "$NOW")
REFRESH_TOKEN=$(json_string "$LOGIN" refresh_token)
expect_usage "a public key cannot issue" 2 "$PUBLIC_ONLY" issue --sub alice --key "$K/p256.pub.pem" --now "$NOW"
expect_usage "a certificate cannot issue" 2 "$PUBLIC_ONLY" issue --sub alice --key "$K/rsa.cert.pem" --now "$NOW"
expect_usage "a PKCS#1 public key cannot issue" 2 "$PUBLIC_ONLY" issue --sub alice --key "$K/rsa.pkcs1-public.pem" --now "$NOW"
expect_usage "a public key cannot issue a login pair" 2 "$PUBLIC_ONLY" \
  issue --sub alice --type pair --key "$K/ed448.pub.pem" --now "$NOW"
STDIN='{"sub":"u1"}' expect_usage "a public key cannot issue --batch" 2 "$PUBLIC_ONLY" \
  issue --batch --key "$K/p256.pub.der" --now "$NOW"
expect_usage "a public JWK cannot issue" 2 "jwtool: the key with kid \"${KEY_THUMBPRINT[p256]}\" is a public key, which only verifies: signing needs the private key" \
  issue --sub alice --jwks "$K/p256.pub.jwks" --now "$NOW"
expect_usage "a public key cannot refresh" 2 "$PUBLIC_ONLY" refresh --key "$K/p256.pub.pem" --now "$NOW" "$REFRESH_TOKEN"
expect_usage "a public key cannot refresh --rotate" 2 "$PUBLIC_ONLY" \
  refresh --rotate --store "sqlite:$TMP/public.db" --key "$K/p256.pub.pem" --now "$NOW" "$REFRESH_TOKEN"
CASE="the refused rotation left the refresh token unspent"
run refresh --store "sqlite:$TMP/public.db" --key "$K/p256.pem" --now "$NOW" "$REFRESH_TOKEN"
expect_rc 0
check "$CASE: response shape" "$(shape "$OUT")" "$PAIR_SHAPE"

# --- weak RSA keys (RFC 7518 §3.3) ---------------------------------------------------------
WEAK="the RSA key is 1024 bits, shorter than the 2048 bits RFC 7518 §3.3 requires"
expect_usage "an RSA key of 1024 bits does not issue" 2 \
  "jwtool: $WEAK: use a longer key (jwtool keygen --alg RS256), or --allow-weak-key to sign anyway" \
  issue --sub alice --key "$K/rsa1024.pem" --now "$NOW"
expect_usage "an RSA key of 1024 bits does not issue PS512 either" 2 \
  "jwtool: $WEAK: use a longer key (jwtool keygen --alg PS512), or --allow-weak-key to sign anyway" \
  issue --sub alice --key "$K/rsa1024.pem" --alg PS512 --now "$NOW"
STDIN='{"sub":"u1"}' expect_usage "nor issue --batch" 2 \
  "jwtool: $WEAK: use a longer key (jwtool keygen --alg RS256), or --allow-weak-key to sign anyway" \
  issue --batch --key "$K/rsa1024.pem" --now "$NOW"
CASE="--allow-weak-key issues with it; verify warns"
run issue --sub alice --type refresh --no-jti --key "$K/rsa1024.pem" --allow-weak-key --now "$NOW"
expect_rc 0
expect_err ""
weak_token=$OUT
run verify --key "$K/rsa1024.pub.pem" --now "$NOW" --claim-value sub "$weak_token"
expect_rc 0
expect_out alice
expect_err "jwtool: warning: $WEAK"
run verify --quiet --key "$K/rsa1024.pub.pem" --now "$NOW" "$weak_token"
expect_rc 0
expect_err ""
# refresh mints with the key that verified: refused with one message, not a warning before it.
expect_usage "refresh refuses a weak key" 2 \
  "jwtool: $WEAK: use a longer key (jwtool keygen --alg RS256), or --allow-weak-key to sign anyway" \
  refresh --key "$K/rsa1024.pem" --now "$NOW" "$weak_token"
CASE="refresh --allow-weak-key mints, and warns"
run refresh --key "$K/rsa1024.pem" --allow-weak-key --now "$NOW" "$weak_token"
expect_rc 0
expect_err "jwtool: warning: $WEAK"

# --- keys that do not import ---------------------------------------------------------------
ENCRYPTED="the key is encrypted, and jwtool never asks for a passphrase: decrypt it first (openssl pkey -in KEY -out PLAIN.pem)"
expect_usage "an encrypted PKCS#8 PEM, on issue" 2 "jwtool: --key: $ENCRYPTED" \
  issue --sub alice --key "$K/rsa.encrypted.pem" --now "$NOW"
expect_usage "an encrypted PKCS#8 PEM, on verify" 2 "jwtool: --key: $ENCRYPTED" \
  verify --key "$K/rsa.encrypted.pem" --now "$NOW" "$RS256_TOKEN"
expect_usage "an encrypted PKCS#1 PEM" 2 "jwtool: --key: $ENCRYPTED" \
  verify --key "$K/rsa.encrypted-pkcs1.pem" --now "$NOW" "$RS256_TOKEN"
JWTOOL_KEY_FILE=$K/rsa.encrypted.pem expect_usage "an encrypted key in \$JWTOOL_KEY_FILE" 2 \
  "jwtool: \$JWTOOL_KEY_FILE: $ENCRYPTED" verify --now "$NOW" "$RS256_TOKEN"
printf 'hello, not a key\n' >"$K/text"
NOT_A_KEY="the bytes are neither PEM nor a DER key or certificate jwtool reads (PKCS#8, PKCS#1, SEC1, SubjectPublicKeyInfo, X.509)"
expect_usage "not a key" 2 "jwtool: --key: $NOT_A_KEY" verify --key "$K/text" --now "$NOW" "$RS256_TOKEN"
expect_usage "not a key, on issue" 2 "jwtool: --key: $NOT_A_KEY" issue --sub alice --key "$K/text" --now "$NOW"
printf '{"kty":"oct","k":"YWJj"}\n' >"$K/jwk-as-key"
expect_usage "a JWK given to --key" 2 "jwtool: --key: the file is JSON, not PEM or DER: give a JWK or JWK Set with --jwks PATH" verify --key "$K/jwk-as-key" --now "$NOW" "$RS256_TOKEN"
expect_usage "an HMAC secret given as --key" 2 "jwtool: --key: $NOT_A_KEY" \
  verify --key "$TMP/key" --now "$NOW" "$RS256_TOKEN"
: >"$K/empty"
expect_usage "an empty key file" 2 "jwtool: --key: the key is empty" verify --key "$K/empty" --now "$NOW" "$RS256_TOKEN"
expect_usage "a key file that is not there" 2 "jwtool: --key: cannot read the file: No such file or directory" \
  verify --key "$K/missing.pem" --now "$NOW" "$RS256_TOKEN"

# --- key confusion: a key given as an HMAC secret (RFC 8725 §2.1) ----------------------------
PEM_SECRET="the secret is a PEM key or certificate: give it with --key PATH"
DER_SECRET="the secret is a DER key or certificate: give it with --key PATH"
JWK_SECRET="the secret is a JWK: give it with --jwks PATH"
HS256_TOKEN=$("$JWTOOL" issue --sub alice --secret-file "$TMP/key" --now "$NOW")
for file in rsa.pub.pem rsa.pem rsa.pkcs1-public.pem p256.sec1.pem ed25519.pub.pem rsa.cert.pem rsa.encrypted.pem; do
  expect_usage "$file as --secret-file" 2 "jwtool: --secret-file: $PEM_SECRET" \
    verify --secret-file "$K/$file" --now "$NOW" "$HS256_TOKEN"
done
for file in rsa.pub.der rsa.der p256.sec1.der ed448.pub.der; do
  expect_usage "$file as --secret-file" 2 "jwtool: --secret-file: $DER_SECRET" \
    verify --secret-file "$K/$file" --now "$NOW" "$HS256_TOKEN"
done
openssl x509 -in "$K/rsa.cert.pem" -outform DER -out "$K/rsa.cert.der"
expect_usage "a DER certificate as --secret-file" 2 "jwtool: --secret-file: $DER_SECRET" \
  issue --sub alice --secret-file "$K/rsa.cert.der" --now "$NOW"
for file in p256.pub.jwks p256.priv.jwks; do
  expect_usage "$file as --secret-file" 2 "jwtool: --secret-file: $JWK_SECRET" \
    issue --sub alice --secret-file "$K/$file" --now "$NOW"
done
expect_usage "a PEM public key as --secret" 2 \
  "jwtool: warning: --secret puts the secret where other processes can read it (ps, /proc); prefer --secret-file or \$JWTOOL_SECRET
jwtool: --secret: $PEM_SECRET" verify --secret "$(cat "$K/p256.pub.pem")" --now "$NOW" "$HS256_TOKEN"
JWTOOL_SECRET=$(cat "$K/rsa.pub.pem") expect_usage "a PEM public key as \$JWTOOL_SECRET" 2 \
  "jwtool: \$JWTOOL_SECRET: $PEM_SECRET" verify --now "$NOW" "$HS256_TOKEN"
JWTOOL_SECRET="{${KEY_PUBLIC_JWK[ed25519]}}" expect_usage "a JWK as \$JWTOOL_SECRET" 2 \
  "jwtool: \$JWTOOL_SECRET: $JWK_SECRET" issue --sub alice --now "$NOW"
JWTOOL_SECRET_FILE=$K/rsa.pub.der expect_usage "a DER public key as \$JWTOOL_SECRET_FILE" 2 \
  "jwtool: \$JWTOOL_SECRET_FILE: $DER_SECRET" verify --now "$NOW" "$HS256_TOKEN"
base64 -w0 "$K/rsa.pub.der" >"$K/rsa.pub.der.b64"
expect_usage "a DER public key in base64, as --secret-file --secret-encoding base64" 2 \
  "jwtool: --secret-file: $DER_SECRET" verify --secret-file "$K/rsa.pub.der.b64" --secret-encoding base64 --now "$NOW" "$HS256_TOKEN"
# Keys that only look otherwise, each still a key for --key: a DER key ending in the byte 0x0a (it
# is no newline to drop), a PEM block after other lines (a certificate as `openssl x509 -text`
# prints it; a comment).
{
  printf '\x30\x2e\x02\x01\x00\x30\x05\x06\x03\x2b\x65\x70\x04\x22\x04\x20'
  head -c 31 /dev/zero
  printf '\xbc' # the Ed25519 seed 0x00..00bc, whose public key ends in 0x0a
} >"$K/newline.der"
openssl pkey -inform DER -in "$K/newline.der" -pubout -outform DER -out "$K/newline.pub.der"
check "the public key ends in 0x0a" "$(tail -c 1 "$K/newline.pub.der" | od -An -tx1 | tr -d ' ')" 0a
openssl x509 -in "$K/rsa.cert.pem" -text >"$K/rsa.cert-text.pem"
{
  printf '# the verification key of auth.example.com\n'
  cat "$K/rsa.pub.pem"
} >"$K/rsa.commented.pem"
for file in newline.pub.der rsa.cert-text.pem rsa.commented.pem; do
  CASE="$file is a key for --key"
  run verify --key "$K/$file" --now "$NOW" "$RS256_TOKEN"
  case $file in
  newline.*)
    expect_rc 1
    expect_err 'jwtool: alg "RS256" is not allowed: the key is an OKP Ed25519 key (EdDSA)'
    ;;
  *)
    expect_rc 0
    expect_out "$ACCESS_CLAIMS"
    ;;
  esac
  case $file in *.der) message=$DER_SECRET ;; *) message=$PEM_SECRET ;; esac
  expect_usage "$file as --secret-file" 2 "jwtool: --secret-file: $message" \
    verify --secret-file "$K/$file" --now "$NOW" "$HS256_TOKEN"
done
{
  cat "$K/rsa.pub.der"
  printf '\n'
} >"$K/rsa.pub-newline.der"
expect_usage "a DER key and a newline as --secret-file" 2 "jwtool: --secret-file: $DER_SECRET" \
  verify --secret-file "$K/rsa.pub-newline.der" --now "$NOW" "$HS256_TOKEN"

# An HS256 token MACed with the public key's own bytes (the classic algorithm confusion):
# refused whatever the key file holds.
hs256_with_key_bytes() {
  local input
  input="$(printf '{"alg":"HS256","typ":"JWT"}' | b64u).$(printf '{"sub":"mallory","exp":1900000000}' | b64u)"
  printf '%s.%s' "$input" "$(printf '%s' "$input" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$(hex_of "$1")" -binary | b64u)"
}
for file in rsa.pub.pem rsa.pub.der p256.pub.pem ed25519.cert.pem rsa.pem; do
  case $file in
  rsa*) family='an RSA 2048-bit key (RS256, RS384, RS512, PS256, PS384, PS512)' ;;
  p256*) family='an EC P-256 key (ES256)' ;;
  ed25519*) family='an OKP Ed25519 key (EdDSA)' ;;
  esac
  CASE="an HS256 token MACed with the bytes of $file, verified with --key $file"
  run verify --json --key "$K/$file" --now "$NOW" "$(hs256_with_key_bytes "$K/$file")"
  expect_rc 1
  expect_out "{
  \"error\": \"alg_not_allowed\",
  \"message\": \"alg \\\"HS256\\\" is not allowed: the key is $family\",
  \"claim\": \"alg\"
}"
  expect_err "jwtool: alg \"HS256\" is not allowed: the key is $family"
done
CASE="an HS256 token MACed with a public JWK's text, verified with that JWK"
printf '{%s}' "${KEY_PUBLIC_JWK[p256]}" >"$K/p256.jwk-text"
run verify --jwks "$K/p256.pub.jwks" --now "$NOW" "$(hs256_with_key_bytes "$K/p256.jwk-text")"
expect_rc 1
expect_err 'jwtool: alg "HS256" is not allowed: the key is an EC P-256 key (ES256)'

# --- $JWTOOL_KEY_FILE ----------------------------------------------------------------------
CASE="\$JWTOOL_KEY_FILE alone: verify"
JWTOOL_KEY_FILE=$K/rsa.pub.pem run verify --now "$NOW" "$RS256_TOKEN"
expect_rc 0
expect_out "$ACCESS_CLAIMS"
expect_err ""
CASE="\$JWTOOL_KEY_FILE alone: issue"
JWTOOL_KEY_FILE=$K/ed25519.pem run issue --sub alice --no-jti --now "$NOW"
expect_rc 0
check "$CASE: the same token as with --key" "$OUT" "$EDDSA_TOKEN"
JWTOOL_KEY_FILE=$K/rsa.pub.pem expect_usage "\$JWTOOL_KEY_FILE: a public key cannot issue" 2 "$PUBLIC_ONLY" \
  issue --sub alice --now "$NOW"
JWTOOL_KEY_FILE=$K/rsa.pub.pem JWTOOL_SECRET=$TEST_KEY expect_usage "\$JWTOOL_KEY_FILE with \$JWTOOL_SECRET" 2 \
  "jwtool: both \$JWTOOL_SECRET and \$JWTOOL_KEY_FILE are set: unset one" verify --now "$NOW" "$RS256_TOKEN"
JWTOOL_KEY_FILE=$K/rsa.pub.pem JWTOOL_SECRET_FILE=$TMP/key expect_usage "\$JWTOOL_KEY_FILE with \$JWTOOL_SECRET_FILE" 2 \
  "jwtool: both \$JWTOOL_SECRET_FILE and \$JWTOOL_KEY_FILE are set: unset one" issue --sub alice --now "$NOW"
JWTOOL_KEY_FILE='' expect_usage "\$JWTOOL_KEY_FILE empty" 2 "jwtool: \$JWTOOL_KEY_FILE is set but empty" \
  verify --now "$NOW" "$RS256_TOKEN"
CASE="a flag wins over \$JWTOOL_KEY_FILE: --key"
JWTOOL_KEY_FILE=$K/p256.pub.pem run verify --key "$K/rsa.pub.pem" --now "$NOW" "$RS256_TOKEN"
expect_rc 0
expect_out "$ACCESS_CLAIMS"
CASE="a flag wins over \$JWTOOL_KEY_FILE: --jwks"
JWTOOL_KEY_FILE=$K/p256.pub.pem run verify --jwks "$K/all.pub.jwks" --now "$NOW" --claim-value sub "$RS256_TOKEN"
expect_rc 0
expect_out alice
CASE="a flag wins over \$JWTOOL_KEY_FILE: --secret-file"
JWTOOL_KEY_FILE=$K/rsa.pub.pem run verify --secret-file "$TMP/key" --now "$NOW" --claim-value sub "$HS256_TOKEN"
expect_rc 0
expect_out alice
CASE="a flag wins over \$JWTOOL_KEY_FILE and \$JWTOOL_SECRET together"
JWTOOL_KEY_FILE=$K/p256.pub.pem JWTOOL_SECRET=other-secret run verify --key "$K/rsa.pub.pem" --now "$NOW" --claim-value sub "$RS256_TOKEN"
expect_rc 0
expect_out alice
CASE="--key - reads standard input"
STDIN=$(cat "$K/rsa.pub.pem") run verify --key - --now "$NOW" --claim-value sub "$RS256_TOKEN"
expect_rc 0
expect_out alice
STDIN=$RS256_TOKEN expect_usage "--key - and the token both on standard input" 2 \
  "jwtool: standard input cannot carry both the key and the token: give the token as an argument" \
  verify --key - --now "$NOW"

# --- signatures in the wrong form -----------------------------------------------------------
# with_signature TOKEN FILE: TOKEN with the bytes of FILE as its signature.
with_signature() { printf '%s.%s' "${1%.*}" "$(b64u <"$2")"; }
printf '%s' "${ES256_TOKEN%.*}" | openssl dgst -sha256 -sign "$K/p256.pem" -out "$TMP/der.sig"
expect_usage "an ES256 signature in DER form" 1 \
  "jwtool: ES256 signature is $(wc -c <"$TMP/der.sig") bytes, expected 64 (R||S: a DER-encoded ECDSA signature is not the JWS form)" \
  verify --key "$K/p256.pub.pem" --now "$NOW" "$(with_signature "$ES256_TOKEN" "$TMP/der.sig")"
CASE="the DER signature is a good one"
openssl dgst -sha256 -verify "$K/p256.pub.pem" -signature "$TMP/der.sig" <(printf '%s' "${ES256_TOKEN%.*}") >/dev/null
check "$CASE" $? 0
head -c 64 /dev/zero >"$TMP/zero.sig"
expect_usage "an ES256 signature of zeros (r = s = 0)" 1 "jwtool: ECDSA signature has r = 0" \
  verify --key "$K/p256.pub.pem" --now "$NOW" "$(with_signature "$ES256_TOKEN" "$TMP/zero.sig")"
printf '%s' "${ES256_TOKEN##*.}" | b64u_decode >"$TMP/good.sig"
{
  head -c 32 /dev/zero
  tail -c 32 "$TMP/good.sig"
} >"$TMP/r0.sig"
expect_usage "an ES256 signature with r = 0" 1 "jwtool: ECDSA signature has r = 0" \
  verify --key "$K/p256.pub.pem" --now "$NOW" "$(with_signature "$ES256_TOKEN" "$TMP/r0.sig")"
{
  head -c 32 "$TMP/good.sig"
  head -c 32 /dev/zero
} >"$TMP/s0.sig"
expect_usage "an ES256 signature with s = 0" 1 "jwtool: ECDSA signature has s = 0" \
  verify --key "$K/p256.pub.pem" --now "$NOW" "$(with_signature "$ES256_TOKEN" "$TMP/s0.sig")"
P256_ORDER='\xff\xff\xff\xff\x00\x00\x00\x00\xff\xff\xff\xff\xff\xff\xff\xff\xbc\xe6\xfa\xad\xa7\x17\x9e\x84\xf3\xb9\xca\xc2\xfc\x63\x25\x51'
{
  head -c 32 "$TMP/good.sig"
  printf '%b' "$P256_ORDER"
} >"$TMP/s-order.sig"
expect_usage "an ES256 signature with s the group order" 1 "jwtool: ECDSA signature has s not below the group order" \
  verify --key "$K/p256.pub.pem" --now "$NOW" "$(with_signature "$ES256_TOKEN" "$TMP/s-order.sig")"
head -c 132 /dev/zero >"$TMP/zero132.sig"
expect_usage "an ES512 signature of zeros" 1 "jwtool: ECDSA signature has r = 0" \
  verify --key "$K/p521.pub.pem" --now "$NOW" "$(with_signature "$("$JWTOOL" issue --sub alice --key "$K/p521.pem" --now "$NOW")" "$TMP/zero132.sig")"
printf '%s' "${EDDSA_TOKEN##*.}" | b64u_decode >"$TMP/ed.sig"
head -c 63 "$TMP/ed.sig" >"$TMP/ed63.sig"
expect_usage "an Ed25519 signature of 63 bytes" 1 "jwtool: EdDSA signature is 63 bytes, expected 64" \
  verify --key "$K/ed25519.pub.pem" --now "$NOW" "$(with_signature "$EDDSA_TOKEN" "$TMP/ed63.sig")"
{
  cat "$TMP/ed.sig"
  head -c 50 /dev/zero
} >"$TMP/ed114.sig"
expect_usage "an Ed25519 signature of Ed448's 114 bytes" 1 "jwtool: EdDSA signature is 114 bytes, expected 64" \
  verify --key "$K/ed25519.pub.pem" --now "$NOW" "$(with_signature "$EDDSA_TOKEN" "$TMP/ed114.sig")"
ED448_TOKEN=$("$JWTOOL" issue --sub alice --key "$K/ed448.pem" --now "$NOW")
expect_usage "an Ed448 signature of 64 bytes" 1 "jwtool: EdDSA signature is 64 bytes, expected 114" \
  verify --key "$K/ed448.pub.pem" --now "$NOW" "$(with_signature "$ED448_TOKEN" "$TMP/ed.sig")"
printf '%s' "${RS256_TOKEN##*.}" | b64u_decode | head -c 255 >"$TMP/rsa255.sig"
expect_usage "an RS256 signature one byte short" 1 "jwtool: RS256 signature is 255 bytes, expected 256" \
  verify --key "$K/rsa.pub.pem" --now "$NOW" "$(with_signature "$RS256_TOKEN" "$TMP/rsa255.sig")"

# --- jwk, jku, x5u and x5c never supply a key ----------------------------------------------
make_key attacker EC P-256 32
openssl x509 -in "$K/attacker.cert.pem" -outform DER -out "$K/attacker.cert.der"
ATTACKER_JWK="{${KEY_PUBLIC_JWK[attacker]}}"
ATTACKER_X5C="[\"$(base64 -w0 "$K/attacker.cert.der")\"]"
for member in "jwk=$ATTACKER_JWK" "jku=https://attacker.example/jwks.json" "x5u=https://attacker.example/cert.pem" \
  "x5c=$ATTACKER_X5C"; do
  CASE="a header's ${member%%=*} naming the attacker's key, which signed"
  run issue --sub mallory --no-kid --key "$K/attacker.pem" --header "$member" --now "$NOW"
  expect_rc 0
  forged=$OUT
  check_contains "$CASE: the header carries it" "$(header_of "$forged")" "\"${member%%=*}\":"
  run verify --key "$K/p256.pub.pem" --now "$NOW" "$forged"
  expect_rc 1
  expect_out ""
  expect_err "jwtool: signature does not match: wrong key or altered token"
  run verify --jwks "$K/all.pub.jwks" --now "$NOW" "$forged"
  expect_rc 1
  expect_err "jwtool: the token has no kid and there are 4 keys to choose from"
done
CASE="all four, with the attacker's key's kid, against a set"
run issue --sub mallory --jwks "$K/attacker.priv.jwks" --header "jwk=$ATTACKER_JWK" --header "x5c=$ATTACKER_X5C" \
  --header jku=https://attacker.example/jwks.json --header x5u=https://attacker.example/cert.pem --now "$NOW"
run verify --jwks "$K/all.pub.jwks" --now "$NOW" "$OUT"
expect_rc 1
expect_err "jwtool: no key has kid \"${KEY_THUMBPRINT[attacker]}\""
CASE="the same headers on a token signed by the right key are ignored"
run issue --sub alice --no-jti --key "$K/p256.pem" --header "jwk=$ATTACKER_JWK" --header "x5c=$ATTACKER_X5C" \
  --header jku=https://attacker.example/jwks.json --header x5u=https://attacker.example/cert.pem --now "$NOW"
expect_rc 0
run verify --key "$K/p256.pub.pem" --now "$NOW" "$OUT"
expect_rc 0
expect_out "$ACCESS_CLAIMS"
expect_err ""

# --- the view for an HMAC secret ------------------------------------------------------------
CASE="the view names an HMAC secret by its length"
run verify --color always --secret-file "$TMP/key" --now "$NOW" "$HS256_TOKEN"
expect_rc 0
check "$CASE: the key line" "$(printf '%s\n' "$OUT" | sed -n 2p)" "Key: HMAC secret, 64 bytes"
CASE="the view of a refused token names no key"
run verify --color always --key "$K/p256.pub.pem" --now "$NOW" "$(with_signature "$ES256_TOKEN" "$TMP/r0.sig")"
expect_rc 1
check "$CASE" "$(printf '%s\n' "$OUT" | grep -c '^Key:')" 0

finish
