#!/usr/bin/env bash
# jwtool keygen: a fresh key of the right length, in each format, usable as it comes out.
. "$(dirname "$0")/lib.sh"

NOW=1700000000

for alg in HS256:32 HS384:48 HS512:64; do
  name=${alg%:*}
  size=${alg#*:}
  CASE="keygen --alg $name (raw)"
  "$JWTOOL" keygen --alg "$name" >"$TMP/key.$name"
  check "$CASE: exit code" "$?" 0
  check "$CASE: size" "$(wc -c <"$TMP/key.$name" | tr -d ' ')" "$size"
  [ "$(tail -c 1 "$TMP/key.$name" | od -An -tx1 | tr -d ' ')" != 0a ] # --secret-file would drop it
  check "$CASE: the last byte is not a newline" "$?" 0
  run issue --sub alice --alg "$name" --secret-file "$TMP/key.$name" --now "$NOW"
  expect_rc 0
  run verify --alg "$name" --secret-file "$TMP/key.$name" --now "$NOW" "$OUT"
  expect_rc 0
  expect_err ""

  CASE="keygen --alg $name --format base64url"
  run keygen --alg "$name" --format base64url
  expect_rc 0
  check "$CASE: length" "${#OUT}" "$(((size * 4 + 2) / 3))"
  check "$CASE: alphabet" "$(printf '%s' "$OUT" | tr -d 'A-Za-z0-9_-')" ""
  JWTOOL_SECRET=$OUT run issue --sub alice --alg "$name" --secret-encoding base64url --now "$NOW"
  expect_rc 0

  CASE="keygen --alg $name --format jwk --kid k-$name"
  run keygen --alg "$name" --format jwk --kid "k-$name"
  expect_rc 0
  printf '%s\n' "$OUT" >"$TMP/$name.jwk"
  check "$CASE: shape" "$(printf '%s\n' "$OUT" | sed 's/"k": "[A-Za-z0-9_-]*"/"k": K/')" "{
  \"kty\": \"oct\",
  \"kid\": \"k-$name\",
  \"alg\": \"$name\",
  \"use\": \"sig\",
  \"k\": K
}"
  run issue --sub alice --jwks "$TMP/$name.jwk" --now "$NOW"
  expect_rc 0
  token=$OUT
  run decode --json "$token"
  expect_out_contains "\"alg\": \"$name\""
  expect_out_contains "\"kid\": \"k-$name\""
  run verify --jwks "$TMP/$name.jwk" --now "$NOW" "$token"
  expect_rc 0
done

CASE="two keys differ"
run keygen --format base64url
first=$OUT
run keygen --format base64url
[ "$first" != "$OUT" ]
check "$CASE" "$?" 0

CASE="keygen --kid without --format jwk"
run keygen --kid x --format base64url
expect_rc 2
expect_err "jwtool: --kid applies to --format jwk only"

# Public-key algorithms: a PKCS#8 PEM by default, a private JWK with --format jwk. openssl reads
# the PEM (type, curve, size, and its own consistency check); check_private_jwk.py reads the JWK
# (members in order, kid = the RFC 7638 thumbprint computed with hashlib, and private members
# belonging to the public ones). RSA keys are 2048 bits here, to keep the test fast.
# ALG:CURVE-OR-BITS:what `openssl pkey -text` says of it.
ASYMMETRIC="RS256:2048:Private-Key: (2048 bit, 2 primes)
RS384:2048:Private-Key: (2048 bit, 2 primes)
RS512:2048:Private-Key: (2048 bit, 2 primes)
PS256:2048:Private-Key: (2048 bit, 2 primes)
PS384:2048:Private-Key: (2048 bit, 2 primes)
PS512:2048:Private-Key: (2048 bit, 2 primes)
ES256:P-256:ASN1 OID: prime256v1
ES384:P-384:ASN1 OID: secp384r1
ES512:P-521:ASN1 OID: secp521r1
ES256K:secp256k1:ASN1 OID: secp256k1
EdDSA:Ed25519:ED25519 Private-Key:
EdDSA:Ed448:ED448 Private-Key:"
have_openssl=$(command -v openssl >/dev/null 2>&1 && echo yes)
have_python=$(command -v python3 >/dev/null 2>&1 && echo yes)
[ -n "$have_openssl" ] || echo "note: openssl not found; the PEM keys are not read back"
[ -n "$have_python" ] && [ -n "$have_openssl" ] || echo "note: python3 or openssl not found; the JWKs are not checked"

# check_pem CASE FILE WHAT: FILE is an unencrypted PKCS#8 PEM that openssl reads as WHAT.
check_pem() {
  local case=$1 file=$2 what=$3
  check "$case: first line" "$(head -n 1 "$file")" "-----BEGIN PRIVATE KEY-----"
  check "$case: last line" "$(tail -n 1 "$file")" "-----END PRIVATE KEY-----"
  if [ -n "$have_openssl" ]; then
    check_contains "$case: openssl pkey -text" "$(openssl pkey -in "$file" -noout -text 2>&1)" "$what"
    check "$case: openssl pkey -check" "$(openssl pkey -in "$file" -noout -check 2>&1)" "Key is valid"
  fi
}

# check_jwk CASE FILE ALG KID CURVE-OR-BITS
check_jwk() {
  if [ -n "$have_python" ] && [ -n "$have_openssl" ]; then
    check "$1: the JWK" "$(python3 "$here/check_private_jwk.py" "$2" "$3" "$4" "$5" 2>&1)" ok
  fi
}

while IFS=: read -r alg detail what; do
  case $alg in
  RS* | PS*) flags=(--bits "$detail") ;;
  EdDSA) flags=(--curve "$detail") ;;
  *) flags=() ;;
  esac
  label="keygen --alg $alg${flags[*]:+ ${flags[*]}}"
  CASE=$label
  run keygen --alg "$alg" "${flags[@]}"
  expect_rc 0
  expect_err ""
  printf '%s\n' "$OUT" >"$TMP/$alg-$detail.pem"
  check_pem "$CASE" "$TMP/$alg-$detail.pem" "$what"

  CASE="$label --format pem"
  run keygen --alg "$alg" "${flags[@]}" --format pem
  expect_rc 0
  check "$CASE: first line" "$(printf '%s\n' "$OUT" | head -n 1)" "-----BEGIN PRIVATE KEY-----"

  CASE="$label --format jwk"
  run keygen --alg "$alg" "${flags[@]}" --format jwk
  expect_rc 0
  expect_err ""
  printf '%s\n' "$OUT" >"$TMP/$alg-$detail.jwk"
  check_jwk "$CASE" "$TMP/$alg-$detail.jwk" "$alg" "" "$detail"

  CASE="$label --format jwk --kid key-1"
  run keygen --alg "$alg" "${flags[@]}" --format jwk --kid key-1
  expect_rc 0
  printf '%s\n' "$OUT" >"$TMP/$alg-$detail-kid.jwk"
  check_jwk "$CASE" "$TMP/$alg-$detail-kid.jwk" "$alg" key-1 "$detail"
done <<<"$ASYMMETRIC"

CASE="keygen --alg RS256: 3072 bits by default"
run keygen --alg RS256
expect_rc 0
printf '%s\n' "$OUT" >"$TMP/rs3072.pem"
check_pem "$CASE" "$TMP/rs3072.pem" "Private-Key: (3072 bit, 2 primes)"

CASE="keygen --alg EdDSA: Ed25519 by default, and by name"
run keygen --alg EdDSA --format jwk
expect_rc 0
check "$CASE: crv" "$(json_string "$OUT" crv)" Ed25519
run keygen --alg EdDSA --curve Ed25519
expect_rc 0
printf '%s\n' "$OUT" >"$TMP/ed25519.pem"
check_pem "$CASE" "$TMP/ed25519.pem" "ED25519 Private-Key:"

CASE="two ES256 keys differ"
run keygen --alg ES256 --format jwk
first=$(json_string "$OUT" d)
run keygen --alg ES256 --format jwk
[ -n "$first" ] && [ "$first" != "$(json_string "$OUT" d)" ]
check "$CASE" "$?" 0

# --out: a new file of mode 0600, whatever the umask, with nothing left beside it.
mkdir "$TMP/keys"
for format in raw base64url jwk; do
  CASE="keygen --format $format --out"
  run keygen --format "$format" --out "$TMP/keys/hs256.$format"
  expect_rc 0
  expect_out ""
  expect_err ""
  check "$CASE: mode" "$(stat -c %a "$TMP/keys/hs256.$format")" 600
done
check "keygen --out (raw): size" "$(wc -c <"$TMP/keys/hs256.raw" | tr -d ' ')" 32
check "keygen --out (base64url): length" "$(wc -c <"$TMP/keys/hs256.base64url" | tr -d ' ')" 44
check_contains "keygen --out (jwk): alg" "$(cat "$TMP/keys/hs256.jwk")" '"alg": "HS256"'
run issue --sub alice --secret-file "$TMP/keys/hs256.raw" --now "$NOW"
check "keygen --out (raw): issue with it" "$RC" 0

for umask_value in 000 022 277; do
  CASE="keygen --alg ES384 --out, umask $umask_value"
  (umask "$umask_value" && "$JWTOOL" keygen --alg ES384 --out "$TMP/keys/es384-$umask_value.pem" >"$TMP/stdout" 2>"$TMP/stderr")
  check "$CASE: exit code" "$?" 0
  check "$CASE: stdout and stderr" "$(cat "$TMP/stdout" "$TMP/stderr")" ""
  check "$CASE: mode" "$(stat -c %a "$TMP/keys/es384-$umask_value.pem")" 600
  check_pem "$CASE" "$TMP/keys/es384-$umask_value.pem" "ASN1 OID: secp384r1"
done

CASE="keygen --alg RS256 --format jwk --out"
run keygen --alg RS256 --bits 2048 --format jwk --out "$TMP/keys/rs256.jwk"
expect_rc 0
expect_out ""
check "$CASE: mode" "$(stat -c %a "$TMP/keys/rs256.jwk")" 600
check_jwk "$CASE" "$TMP/keys/rs256.jwk" RS256 "" 2048

CASE="keygen --out: nothing but the keys in the directory"
check "$CASE" "$(ls -A "$TMP/keys" | tr '\n' ' ')" \
  "es384-000.pem es384-022.pem es384-277.pem hs256.base64url hs256.jwk hs256.raw rs256.jwk "

OUT_TAKEN="jwtool: --out: the file already exists (keygen never replaces a file)"
CASE="keygen --out refuses an existing file"
printf 'keep me\n' >"$TMP/keys/taken"
run keygen --alg EdDSA --out "$TMP/keys/taken"
expect_rc 2
expect_out ""
expect_err "$OUT_TAKEN"
check "$CASE: the file is untouched" "$(cat "$TMP/keys/taken")" "keep me"
run keygen --out "$TMP/keys/taken"
expect_rc 2
expect_err "$OUT_TAKEN"

CASE="keygen --out refuses a dangling symbolic link"
ln -s "$TMP/keys/target" "$TMP/keys/link"
run keygen --alg ES256 --out "$TMP/keys/link"
expect_rc 2
expect_err "$OUT_TAKEN"
check "$CASE: nothing made at its target" "$([ -e "$TMP/keys/target" ] || echo none)" none

CASE="keygen --out refuses a directory"
run keygen --alg ES256 --format jwk --out "$TMP/keys"
expect_rc 2
expect_err "$OUT_TAKEN"

CASE="keygen --out in a directory that does not exist"
run keygen --alg ES256 --out "$TMP/missing/key.pem"
expect_rc 2
expect_out ""
expect_err "jwtool: --out: cannot write the key file: No such file or directory"
check "$CASE: nothing made" "$([ -e "$TMP/missing" ] || echo none)" none

CASE="keygen --out with an empty path (an unset variable) does not fall back to standard output"
run keygen --alg ES256 --out ""
expect_rc 2
expect_out ""
expect_err "jwtool: --out: the value is empty (an unset variable?); leave the flag out instead (see 'jwtool help keygen')"

CASE="keygen --out: nothing left beside the refusals"
check "$CASE" "$(ls -A "$TMP/keys" | tr '\n' ' ')" \
  "es384-000.pem es384-022.pem es384-277.pem hs256.base64url hs256.jwk hs256.raw link rs256.jwk taken "

# Refusals: every one exit 2, one line, nothing on standard output.
# refused CASE MESSAGE ARGS...
refused() {
  CASE=$1
  local message=$2
  shift 2
  run keygen "$@"
  expect_rc 2
  expect_out ""
  expect_err "$message"
}
for alg in HS256 ES256 ES256K EdDSA; do
  refused "keygen --alg $alg --bits" "jwtool: --bits applies to the RSA algorithms only (RS*, PS*), not $alg" \
    --alg "$alg" --bits 2048
done
refused "keygen --bits without --alg" "jwtool: --bits applies to the RSA algorithms only (RS*, PS*), not HS256" --bits 4096
for bits in 0 1024 2047 16385; do
  refused "keygen --alg PS256 --bits $bits" \
    "jwtool: --bits: an RSA key has 2048 to 16384 bits (RFC 7518 §3.3: at least 2048), not $bits" --alg PS256 --bits "$bits"
done
refused "keygen --bits not a number" "jwtool: Could not convert: --bits = 2k (see 'jwtool help keygen')" --alg RS256 --bits 2k
for alg in ES256 ES384 ES512 ES256K; do
  refused "keygen --alg $alg --curve" "jwtool: --curve applies to --alg EdDSA only: $alg has one curve of its own" \
    --alg "$alg" --curve Ed448
done
refused "keygen --alg RS256 --curve" "jwtool: --curve applies to --alg EdDSA only: RS256 uses no curve" \
  --alg RS256 --curve Ed25519
refused "keygen --curve without --alg" "jwtool: --curve applies to --alg EdDSA only: HS256 uses no curve" --curve Ed448
refused "keygen --curve X25519" "jwtool: --curve: X25519 not in {Ed25519,Ed448} (see 'jwtool help keygen')" \
  --alg EdDSA --curve X25519
refused "keygen --curve P-256" "jwtool: --curve: P-256 not in {Ed25519,Ed448} (see 'jwtool help keygen')" \
  --alg EdDSA --curve P-256
for alg in HS256 HS384 HS512; do
  refused "keygen --alg $alg --format pem" \
    "jwtool: --format pem is for RSA, EC and EdDSA keys: $alg keys are written as raw, base64url or jwk" \
    --alg "$alg" --format pem
done
for alg in RS256 PS512 ES256 ES256K EdDSA; do
  for format in raw base64url; do
    refused "keygen --alg $alg --format $format" \
      "jwtool: --format $format is for HMAC keys: $alg keys are written as pem or jwk" --alg "$alg" --format "$format"
  done
done
refused "keygen --alg ES256 --kid (pem)" "jwtool: --kid applies to --format jwk only" --alg ES256 --kid k1
refused "keygen --alg RS256 --format pem --kid" "jwtool: --kid applies to --format jwk only" --alg RS256 --format pem --kid k1
refused "keygen --alg RS1" \
  "jwtool: --alg: RS1 not in {HS256,HS384,HS512,RS256,RS384,RS512,PS256,PS384,PS512,ES256,ES384,ES512,ES256K,EdDSA} (see 'jwtool help keygen')" \
  --alg RS1
refused "keygen --alg none" \
  "jwtool: --alg: none not in {HS256,HS384,HS512,RS256,RS384,RS512,PS256,PS384,PS512,ES256,ES384,ES512,ES256K,EdDSA} (see 'jwtool help keygen')" \
  --alg none
refused "keygen --format der" "jwtool: --format: der not in {raw,base64url,jwk,pem} (see 'jwtool help keygen')" \
  --alg ES256 --format der

CASE="raw bytes are not written to a terminal"
if command -v script >/dev/null 2>&1; then
  timeout 20 script -qec "'$JWTOOL' keygen" /dev/null </dev/null >"$TMP/tty" 2>&1
  check "$CASE: exit code" "$?" 2
  check_contains "$CASE: message" "$(cat "$TMP/tty")" "jwtool: raw key bytes would garble the terminal: redirect them to a file, or use --format base64url or --format jwk"
  CASE="at a terminal, PEM is printed and --out takes raw bytes"
  timeout 20 script -qec "'$JWTOOL' keygen --alg ES256" /dev/null </dev/null >"$TMP/tty" 2>&1
  check "$CASE: PEM exit code" "$?" 0
  check_contains "$CASE: PEM" "$(cat "$TMP/tty")" "-----BEGIN PRIVATE KEY-----"
  timeout 20 script -qec "'$JWTOOL' keygen --out '$TMP/tty-key.bin'" /dev/null </dev/null >"$TMP/tty" 2>&1
  check "$CASE: --out exit code" "$?" 0
  check "$CASE: --out size" "$(wc -c <"$TMP/tty-key.bin" | tr -d ' ')" 32
else
  echo "skipped: script(1) is not installed"
fi

# A new key signs and verifies through issue and verify, as PEM (--key) and as a JWK (--jwks).
for alg in RS256 PS384 ES256 ES384 ES512 ES256K EdDSA; do
  CASE="keygen --alg $alg, then issue and verify"
  bits=(); case $alg in RS* | PS*) bits=(--bits 2048) ;; esac
  "$JWTOOL" keygen --alg "$alg" "${bits[@]}" --out "$TMP/rt-$alg.pem"
  check "$CASE: keygen (exit code)" "$?" 0
  run issue --key "$TMP/rt-$alg.pem" --alg "$alg" --sub alice --now "$NOW"
  expect_rc 0
  token=$OUT
  run decode --json -- "$token"
  expect_out_contains "\"alg\": \"$alg\""
  run verify --key "$TMP/rt-$alg.pem" --now "$NOW" -- "$token"
  expect_rc 0
  CASE="keygen --alg $alg --format jwk, then issue and verify"
  "$JWTOOL" keygen --alg "$alg" "${bits[@]}" --format jwk --kid "rt-$alg" --out "$TMP/rt-$alg.jwk"
  run issue --jwks "$TMP/rt-$alg.jwk" --sub alice --now "$NOW"
  expect_rc 0
  token=$OUT
  run decode --json -- "$token"
  expect_out_contains "\"kid\": \"rt-$alg\""
  run verify --jwks "$TMP/rt-$alg.jwk" --now "$NOW" -- "$token"
  expect_rc 0
done
CASE="keygen --alg EdDSA --curve Ed448, then issue and verify"
"$JWTOOL" keygen --alg EdDSA --curve Ed448 --out "$TMP/rt-ed448.pem"
run issue --key "$TMP/rt-ed448.pem" --sub alice --now "$NOW"
expect_rc 0
run verify --key "$TMP/rt-ed448.pem" --now "$NOW" -- "$OUT"
expect_rc 0

finish
