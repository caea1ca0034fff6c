#!/usr/bin/env bash
# jwtool jwks: the public halves of the keys given, as a JWK Set to publish. Keys are made with
# openssl here; each expected entry is computed from openssl's text dump of the key (its modulus,
# point or raw public key), and its kid is the RFC 7638 thumbprint hashed with `openssl dgst`:
# nothing of the expected output comes from jwtool.
. "$(dirname "$0")/lib.sh"
command -v openssl >/dev/null 2>&1 || {
  echo "FAIL: the openssl command is needed to make the keys of this test"
  exit 1
}

NOW=1700000000
b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
# hex_field NAME LABEL: the hex digits of a field of `openssl pkey -text` for key NAME ("modulus",
# "priv", "pub", ...), without the sign byte or other leading zero bytes.
hex_field() {
  openssl pkey -in "$TMP/$1.pem" -noout -text 2>/dev/null |
    awk -v label="$2:" '$1 == label { on = 1; next } on && /^ / { gsub(/[ :]/, ""); printf "%s", $0; next } on { exit }' |
    sed 's/^\(00\)*//'
}
# hex_b64url [SIZE]: hex digits on standard input as base64url, left-padded to SIZE bytes if given.
hex_b64url() {
  local hex
  hex=$(cat)
  while [ "${#hex}" -lt $((2 * ${1:-0})) ]; do hex=0$hex; done
  # shellcheck disable=SC2059 # the format is the bytes, as \xHH escapes
  printf "$(printf '%s' "$hex" | sed 's/../\\x&/g')" | b64url
}
# field NAME LABEL [SIZE]: a field of key NAME as a JWK member's value.
field() { hex_field "$1" "$2" | hex_b64url "${3:-0}"; }
sha256_b64url() { openssl dgst -sha256 -binary | b64url; }

# name, openssl genpkey arguments, alg, kty, crv (none for RSA), coordinate size in bytes.
KEYS=(
  "rsa|-algorithm RSA -pkeyopt rsa_keygen_bits:2048|RS256|RSA||"
  "p256|-algorithm EC -pkeyopt ec_paramgen_curve:P-256|ES256|EC|P-256|32"
  "p384|-algorithm EC -pkeyopt ec_paramgen_curve:P-384|ES384|EC|P-384|48"
  "p521|-algorithm EC -pkeyopt ec_paramgen_curve:P-521|ES512|EC|P-521|66"
  "k256|-algorithm EC -pkeyopt ec_paramgen_curve:secp256k1|ES256K|EC|secp256k1|32"
  "ed25519|-algorithm Ed25519|EdDSA|OKP|Ed25519|32"
  "ed448|-algorithm Ed448|EdDSA|OKP|Ed448|57"
)

# expected_entry NAME ALG KTY CRV SIZE [KID]: sets ENTRY_TEXT to the entry jwks prints for key
# NAME, as it is in the JWK Set (pretty JSON, inside "keys"), from openssl's text dump of the
# key, and THUMBPRINT to the RFC 7638 thumbprint of its members.
expected_entry() {
  local name=$1 alg=$2 kty=$3 crv=$4 size=$5 kid=${6-} n point x y canonical members
  case $kty in
  RSA)
    n=$(hex_field "$name" modulus | hex_b64url)
    canonical="{\"e\":\"AQAB\",\"kty\":\"RSA\",\"n\":\"$n\"}"
    members=$(printf '      "n": "%s",\n      "e": "AQAB"' "$n")
    ;;
  EC)
    point=$(hex_field "$name" pub) # 04, x, y
    x=$(printf '%s' "${point:2:$((2 * size))}" | hex_b64url "$size")
    y=$(printf '%s' "${point:$((2 + 2 * size))}" | hex_b64url "$size")
    canonical="{\"crv\":\"$crv\",\"kty\":\"EC\",\"x\":\"$x\",\"y\":\"$y\"}"
    members=$(printf '      "crv": "%s",\n      "x": "%s",\n      "y": "%s"' "$crv" "$x" "$y")
    ;;
  OKP)
    x=$(hex_field "$name" pub | hex_b64url "$size")
    canonical="{\"crv\":\"$crv\",\"kty\":\"OKP\",\"x\":\"$x\"}"
    members=$(printf '      "crv": "%s",\n      "x": "%s"' "$crv" "$x")
    ;;
  esac
  THUMBPRINT=$(printf '%s' "$canonical" | sha256_b64url)
  ENTRY_TEXT=$(printf '    {\n      "kty": "%s",\n      "kid": "%s",\n      "alg": "%s",\n      "use": "sig",\n%s\n    }' \
    "$kty" "${kid:-$THUMBPRINT}" "$alg" "$members")
}

# set_of ENTRY...: the whole JWK Set as jwks prints it.
set_of() {
  local first=1 entry
  printf '{\n  "keys": [\n'
  for entry in "$@"; do
    [ "$first" -eq 1 ] || printf ',\n'
    first=0
    printf '%s' "$entry"
  done
  printf '\n  ]\n}'
}

# No private member (nor "k") in jwks output, whatever the input.
expect_public_only() {
  local member
  for member in d p q dp dq qi k oth; do
    check "$CASE: no \"$member\" member" "$(printf '%s\n' "$OUT" | grep -c "\"$member\":")" 0
  done
}

# Each key: private PEM (PKCS#8), public PEM, private DER, a certificate, and a token it signs.
declare -A ENTRY KID
for spec in "${KEYS[@]}"; do
  IFS='|' read -r name genpkey alg kty crv size <<<"$spec"
  # shellcheck disable=SC2086 # genpkey holds several arguments
  openssl genpkey $genpkey -out "$TMP/$name.pem" 2>/dev/null
  openssl pkey -in "$TMP/$name.pem" -pubout -out "$TMP/$name.pub" 2>/dev/null
  openssl pkey -in "$TMP/$name.pem" -outform DER -out "$TMP/$name.der" 2>/dev/null
  openssl req -x509 -new -key "$TMP/$name.pem" -subj /CN=x -days 1 -out "$TMP/$name.crt" 2>/dev/null
  check "openssl made the $name key and certificate" "$([ -s "$TMP/$name.pub" ] && [ -s "$TMP/$name.crt" ] && echo yes)" yes
  expected_entry "$name" "$alg" "$kty" "$crv" "$size"
  ENTRY[$name]=$ENTRY_TEXT
  KID[$name]=$THUMBPRINT

  CASE="jwks --key $name.pem: the public half, kid the RFC 7638 thumbprint, alg $alg"
  run jwks --key "$TMP/$name.pem"
  expect_rc 0
  expect_out "$(set_of "${ENTRY[$name]}")"
  expect_err ""
  expect_public_only

  for form in pub der crt; do
    CASE="jwks --key $name.$form: the same set as from the private key"
    run jwks --key "$TMP/$name.$form"
    expect_rc 0
    expect_out "$(set_of "${ENTRY[$name]}")"
    expect_err ""
  done

  CASE="$name: a token issued with the private key verifies against the published set"
  "$JWTOOL" jwks --key "$TMP/$name.pub" >"$TMP/$name.jwks"
  TOKEN=$("$JWTOOL" issue --key "$TMP/$name.pem" --sub a --now "$NOW")
  header=$(printf '%s' "${TOKEN%%.*}" | tr '_-' '/+' | base64 -d 2>/dev/null)
  check "$CASE: the header names the key" "$header" "{\"alg\":\"$alg\",\"typ\":\"JWT\",\"kid\":\"${KID[$name]}\"}"
  run verify --jwks <("$JWTOOL" jwks --key "$TMP/$name.pem") --now "$NOW" --claim-value sub "$TOKEN"
  expect_rc 0
  expect_out "a"
  expect_err ""
  printf '%s\n' "$TOKEN" >"$TMP/$name.token"
done

CASE="every key in one set, in the order given; each token's kid picks its key"
args=()
entries=()
for spec in "${KEYS[@]}"; do
  name=${spec%%|*}
  args+=(--key "$TMP/$name.pem")
  entries+=("${ENTRY[$name]}")
done
run jwks "${args[@]}"
expect_rc 0
expect_out "$(set_of "${entries[@]}")"
expect_err ""
expect_public_only
printf '%s\n' "$OUT" >"$TMP/all.jwks"
for spec in "${KEYS[@]}"; do
  name=${spec%%|*}
  run verify --jwks "$TMP/all.jwks" --now "$NOW" --claim-value sub "$(cat "$TMP/$name.token")"
  check "$CASE: $name: exit code" "$RC" 0
  check "$CASE: $name: stdout" "$OUT" "a"
done

CASE="a private JWK Set (jwks of private JWKs) gives the same public set"
point=$(hex_field p256 pub)
printf '{"keys":[%s,%s,%s]}\n' \
  "$(printf '{"kty":"EC","crv":"P-256","x":"%s","y":"%s","d":"%s"}' "$(printf '%s' "${point:2:64}" | hex_b64url 32)" \
    "$(printf '%s' "${point:66}" | hex_b64url 32)" "$(field p256 priv 32)")" \
  "$(printf '{"kty":"RSA","n":"%s","e":"AQAB","d":"%s","p":"%s","q":"%s","dp":"%s","dq":"%s","qi":"%s"}' \
    "$(field rsa modulus)" "$(field rsa privateExponent)" "$(field rsa prime1)" "$(field rsa prime2)" \
    "$(field rsa exponent1)" "$(field rsa exponent2)" "$(field rsa coefficient)")" \
  "$(printf '{"kty":"OKP","crv":"Ed25519","x":"%s","d":"%s"}' "$(field ed25519 pub 32)" "$(field ed25519 priv 32)")" \
  >"$TMP/private.jwks"
run jwks --jwks "$TMP/private.jwks"
expect_rc 0
expect_out "$(set_of "${ENTRY[p256]}" "${ENTRY[rsa]}" "${ENTRY[ed25519]}")"
expect_err ""
expect_public_only

# RFC 7638 §3.1: the example RSA key (RFC 7517 A.1's public key) and its published thumbprint.
RFC_N=0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw
rfc_entry() {
  printf '    {\n      "kty": "RSA",\n      "kid": "%s",\n      "alg": "%s",\n      "use": "sig",\n      "n": "%s",\n      "e": "AQAB"\n    }' \
    "$1" "$2" "$RFC_N"
}
CASE="RFC 7638 §3.1: a JWK without kid gets the published thumbprint"
printf '{"kty":"RSA","n":"%s","e":"AQAB"}\n' "$RFC_N" >"$TMP/rfc7638.jwk"
run jwks --jwks "$TMP/rfc7638.jwk"
expect_rc 0
expect_out "$(set_of "$(rfc_entry NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs RS256)")"
expect_err ""

CASE="a JWK with its own kid and alg keeps them"
printf '{"kty":"RSA","n":"%s","e":"AQAB","alg":"PS384","kid":"2011-04-29","use":"sig","key_ops":["verify"]}\n' \
  "$RFC_N" >"$TMP/rfc7517.jwk"
run jwks --jwks "$TMP/rfc7517.jwk"
expect_rc 0
expect_out "$(set_of "$(rfc_entry 2011-04-29 PS384)")"
expect_err ""

CASE="--key and --jwks interleaved: the keys in the order of the command line"
run jwks --jwks "$TMP/rfc7517.jwk" --key "$TMP/ed448.pub" --jwks "$TMP/rfc7638.jwk" --key "$TMP/p384.crt"
expect_rc 0
expect_out "$(set_of "$(rfc_entry 2011-04-29 PS384)" "${ENTRY[ed448]}" \
  "$(rfc_entry NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs RS256)" "${ENTRY[p384]}")"
expect_err ""

CASE="--key - reads standard input"
STDIN=$(cat "$TMP/k256.pem") run jwks --key -
expect_rc 0
expect_out "$(set_of "${ENTRY[k256]}")"
expect_err ""

CASE="HMAC keys are left out, with a note"
K=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZg
printf '{"keys":[{"kty":"oct","kid":"h1","k":"%s"},{"kty":"RSA","n":"%s","e":"AQAB","kid":"r"},{"kty":"oct","k":"%s"}]}\n' \
  "$K" "$RFC_N" "$K" >"$TMP/mixed.jwks"
run jwks --jwks "$TMP/mixed.jwks" --key "$TMP/ed25519.pem"
expect_rc 0
expect_out "$(set_of "$(rfc_entry r RS256)" "${ENTRY[ed25519]}")"
expect_err 'jwtool: note: 2 HMAC ("oct") keys left out: HMAC keys are secret, never published'
expect_public_only
check "$CASE: the secret is not printed" "$(cat "$TMP/out" "$TMP/err" | grep -c "$K")" 0
printf '{"kty":"oct","k":"%s"}\n' "$K" >"$TMP/oct.jwk"
run jwks --key "$TMP/p256.pem" --jwks "$TMP/oct.jwk"
expect_rc 0
expect_out "$(set_of "${ENTRY[p256]}")"
expect_err 'jwtool: note: 1 HMAC ("oct") key left out: HMAC keys are secret, never published'

CASE="nothing to publish: only HMAC keys"
run jwks --jwks "$TMP/oct.jwk"
expect_rc 2
expect_out ""
expect_err 'jwtool: nothing to publish: the key given is HMAC ("oct"), and HMAC keys are never printed; jwks publishes RSA, EC and OKP keys'
printf '{"keys":[{"kty":"oct","kid":"a","k":"%s"},{"kty":"oct","kid":"b","k":"%s"}]}\n' "$K" "$K" >"$TMP/octs.jwks"
run jwks --jwks "$TMP/octs.jwks" --jwks "$TMP/oct.jwk"
expect_rc 2
expect_out ""
expect_err 'jwtool: nothing to publish: the keys given are all HMAC ("oct"), and HMAC keys are never printed; jwks publishes RSA, EC and OKP keys'

CASE="two keys with the same kid"
run jwks --key "$TMP/ed25519.pem" --key "$TMP/ed25519.crt"
expect_rc 2
expect_out ""
expect_err "jwtool: --key #1 and --key #2 have the same kid \"${KID[ed25519]}\": a verifier could not tell them apart (the same key given twice?)"
run jwks --jwks "$TMP/mixed.jwks" --key "$TMP/rsa.pem" --jwks "$TMP/rfc7638.jwk" --jwks "$TMP/rfc7638.jwk"
expect_rc 2
expect_out ""
expect_err "jwtool: --jwks #2 and --jwks #3 have the same kid \"NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs\": a verifier could not tell them apart (the same key given twice?)"
printf '{"kty":"OKP","crv":"Ed25519","x":"%s","kid":"r"}\n' "$(field ed25519 pub 32)" >"$TMP/kid-r.jwk"
run jwks --jwks "$TMP/mixed.jwks" --jwks "$TMP/kid-r.jwk"
expect_rc 2
expect_out ""
expect_err "jwtool: --jwks #1 key 2 and --jwks #2 have the same kid \"r\": a verifier could not tell them apart (the same key given twice?)"

CASE="a weak RSA key is published with a warning"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out "$TMP/rsa1024.pem" 2>/dev/null
run jwks --key "$TMP/rsa1024.pem"
expect_rc 0
expected_entry rsa1024 RS256 RSA "" ""
expect_out "$(set_of "$ENTRY_TEXT")"
expect_err "jwtool: warning: --key: the RSA key is 1024 bits, shorter than the 2048 bits RFC 7518 §3.3 requires"

CASE="no key flag (the environment is not read)"
JWTOOL_KEY_FILE=$TMP/rsa.pem run jwks
expect_rc 2
expect_out ""
expect_err "jwtool: no key: give --key PATH or --jwks PATH (jwks reads no environment variable)"

CASE="standard input for two key files"
STDIN=$(cat "$TMP/rsa.pem") run jwks --key - --key /dev/stdin
expect_rc 2
expect_out ""
expect_err "jwtool: standard input can carry one key file only: give the others as files"
STDIN=$(cat "$TMP/rsa.pem") run jwks --jwks - --key -
expect_rc 2
expect_err "jwtool: standard input can carry one key file only: give the others as files"

CASE="a key that cannot be read or imported: which flag, never the path"
run jwks --key "$TMP/p256.pem" --key "$TMP/no-such-secret-file"
expect_rc 2
expect_out ""
expect_err "jwtool: --key #2: cannot read the file: No such file or directory"
printf 'not a key\n' >"$TMP/junk"
run jwks --key "$TMP/junk"
expect_rc 2
expect_out ""
check_contains "$CASE: stderr" "$ERR" "jwtool: --key: "
check "$CASE: the path is not named" "$(grep -c junk "$TMP/err")" 0
run jwks --jwks "$TMP/junk"
expect_rc 2
expect_out ""
expect_err "jwtool: --jwks: not a JWK or JWK Set: the text is not valid JSON"

CASE="--key given an empty value"
run jwks --key ""
expect_rc 2
expect_out ""
expect_err "jwtool: --key: the value is empty (an unset variable?); leave the flag out instead (see 'jwtool help jwks')"

finish
