#!/usr/bin/env bash
# The secret is never printed: a canary secret, given right or given to the wrong flag or file, is
# run through every error path a key can take, and no byte run of it (nor of its base64url form)
# appears in standard output or standard error. A key flag's argument may itself be a secret
# pasted by mistake, so messages about --secret-file and --jwks name the flag and the cause only.
. "$(dirname "$0")/lib.sh"

CANARY='CANARY-c0rrect-h0rse-battery-staple-0123456789'
CANARY_B64URL=$(printf '%s' "$CANARY" | base64 -w0 | tr '+/' '-_' | tr -d '=')
NOW=1700000600
printf '%s' "$CANARY" >"$TMP/canary"
printf '{"kty":"oct","k":"%s","alg":"RS256"}' "$CANARY_B64URL" >"$TMP/canary-bad-alg.jwk"
printf '{"kty":"oct","k":"%s","kid":7}' "$CANARY_B64URL" >"$TMP/canary-kid-number.jwk"
printf '{"kty":"oct","k":"%s+"}' "$CANARY" >"$TMP/canary-bad-k.jwk"
printf '{"kty":"oct","k":"%s","k":"%s"}' "$CANARY_B64URL" "$CANARY_B64URL" >"$TMP/canary-twice.jwk"
printf '{"kty":"oct","k":"%s",}' "$CANARY_B64URL" >"$TMP/canary-trailing-comma.jwk"
printf '{"keys":[{"kty":"oct","k":"%s"},{"kty":"oct","k":1e999}]}' "$CANARY_B64URL" >"$TMP/canary-set.jwk"
printf '%s\n' "$CANARY" >"$TMP/canary-line"
printf '{"kty":"oct","k":"YWJj","alg":"%s"}' "$CANARY" >"$TMP/canary-alg-value.jwk"
printf '{"kty":"%s","k":"YWJj"}' "$CANARY" >"$TMP/canary-kty-value.jwk"
printf '{"kty":"oct","k":"YWJj","use":"%s"}' "$CANARY" >"$TMP/canary-use-value.jwk"
mkdir "$TMP/dir"

# leaks TEXT: the canary's runs of 12 bytes (and its base64url form's) that TEXT contains.
leaks() {
  local text=$1 secret i
  for secret in "$CANARY" "$CANARY_B64URL"; do
    for ((i = 0; i + 12 <= ${#secret}; i += 6)); do
      case "$text" in *"${secret:i:12}"*) printf '%s\n' "${secret:i:12}" ;; esac
    done
  done
}

# refused CASE RC MESSAGE ARGS...: jwtool ARGS refuses with RC and exactly MESSAGE on stderr, and
# neither stream holds a piece of the canary (also with --json where the command offers it).
refused() {
  CASE=$1
  local rc=$2 message=$3
  shift 3
  run "$@"
  expect_rc "$rc"
  [ -n "$message" ] && expect_err "$message"
  check "$CASE: no canary in stdout or stderr" "$(leaks "$OUT$ERR")" ""
}

refused "the secret's value given as --secret-file" 2 "jwtool: --secret-file: cannot read the file: No such file or directory" \
  verify --now "$NOW" --secret-file "$CANARY" "$KNOWN_HS256_ACCESS"
refused "the secret's value given as --jwks" 2 "jwtool: --jwks: cannot read the file: No such file or directory" \
  verify --now "$NOW" --jwks "$CANARY" "$KNOWN_HS256_ACCESS"
refused "the secret's value given as --jwks, --json" 2 "" \
  verify --json --now "$NOW" --jwks "$CANARY" "$KNOWN_HS256_ACCESS"
JWTOOL_SECRET_FILE="$CANARY" refused "the secret's value given as \$JWTOOL_SECRET_FILE" 2 "jwtool: \$JWTOOL_SECRET_FILE: cannot read the file: No such file or directory" \
  verify --now "$NOW" "$KNOWN_HS256_ACCESS"
refused "a raw key file given to --jwks" 2 "jwtool: --jwks: not a JWK or JWK Set: the text is not valid JSON" \
  verify --now "$NOW" --jwks "$TMP/canary" "$KNOWN_HS256_ACCESS"
refused "a raw key file given to --jwks, --json" 2 "" \
  verify --json --now "$NOW" --jwks "$TMP/canary" "$KNOWN_HS256_ACCESS"
refused "a JWK with a duplicate k" 2 "jwtool: --jwks: not a JWK or JWK Set: the text is not valid JSON" \
  verify --now "$NOW" --jwks "$TMP/canary-twice.jwk" "$KNOWN_HS256_ACCESS"
refused "a JWK with a trailing comma" 2 "jwtool: --jwks: not a JWK or JWK Set: the text is not valid JSON" \
  verify --now "$NOW" --jwks "$TMP/canary-trailing-comma.jwk" "$KNOWN_HS256_ACCESS"
refused "a JWK whose alg is not HMAC" 2 "" verify --now "$NOW" --jwks "$TMP/canary-bad-alg.jwk" "$KNOWN_HS256_ACCESS"
refused "a JWK whose kid is a number" 2 "" verify --now "$NOW" --jwks "$TMP/canary-kid-number.jwk" "$KNOWN_HS256_ACCESS"
refused "a JWK whose k is not base64url" 2 "" verify --now "$NOW" --jwks "$TMP/canary-bad-k.jwk" "$KNOWN_HS256_ACCESS"
refused "a JWK Set whose second k is a number" 2 "" verify --now "$NOW" --jwks "$TMP/canary-set.jwk" "$KNOWN_HS256_ACCESS"
refused "a JWK given as --secret-file (refused: key confusion)" 2 \
  "jwtool: --secret-file: the secret is a JWK: give it with --jwks PATH" \
  verify --now "$NOW" --secret-file "$TMP/canary-bad-alg.jwk" "$KNOWN_HS256_ACCESS"
refused "--secret that is not base64" 2 "jwtool: warning: --secret puts the secret where other processes can read it (ps, /proc); prefer --secret-file or \$JWTOOL_SECRET
jwtool: --secret: the secret is not valid base64 text" \
  verify --now "$NOW" --secret "$CANARY" --secret-encoding base64 "$KNOWN_HS256_ACCESS"
JWTOOL_SECRET="$CANARY" refused "\$JWTOOL_SECRET that is not base64" 2 "jwtool: \$JWTOOL_SECRET: the secret is not valid base64 text" \
  verify --now "$NOW" --secret-encoding base64 "$KNOWN_HS256_ACCESS"
refused "a --secret-file that is not base64url" 2 "jwtool: --secret-file: the secret is not valid base64url text" \
  verify --now "$NOW" --secret-file "$TMP/canary-bad-k.jwk" --secret-encoding base64url "$KNOWN_HS256_ACCESS"
JWTOOL_SECRET="$CANARY" refused "the wrong secret" 1 "jwtool: signature does not match: wrong key or altered token" \
  verify --now "$NOW" "$KNOWN_HS256_ACCESS"
JWTOOL_SECRET="$CANARY" refused "the wrong secret, --json" 1 "" \
  verify --json --now "$NOW" "$KNOWN_HS256_ACCESS"
JWTOOL_SECRET="$CANARY" refused "the wrong secret, refresh" 1 "" \
  refresh --json --store none --now "$NOW" "$KNOWN_HS256_REFRESH"
JWTOOL_SECRET="$CANARY" STDIN="$KNOWN_HS256_ACCESS" refused "the wrong secret, --batch" 1 "" \
  verify --batch --now "$NOW"
refused "a short secret refused for signing" 2 "" \
  issue --sub alice --now "$NOW" --secret "${CANARY:0:20}"
refused "a directory as --secret-file" 2 "jwtool: --secret-file: cannot read the file: Is a directory" \
  verify --now "$NOW" --secret-file "$TMP/dir" "$KNOWN_HS256_ACCESS"
STDIN="$(cat "$TMP/canary-line")"
refused "issue --claims - --secret-file -: standard input cannot carry both" 2 \
  "jwtool: standard input cannot carry both the --claims object and the key: give one of them as a file" \
  issue --sub alice --now "$NOW" --claims - --secret-file -
STDIN="{\"n\": 1e999, \"s\": \"$CANARY\"}"
refused "--claims with a number out of range (the claims are not secret, but the key stays out)" 2 "" \
  issue --sub alice --now "$NOW" --claims - --secret-file "$TMP/canary"
STDIN="$KNOWN_HS256_ACCESS"
refused "verify: the key and the token both on standard input" 2 "" \
  verify --now "$NOW" --secret-file -
unset STDIN
JWTOOL_SECRET="$CANARY" JWTOOL_SECRET_FILE="$CANARY" refused "\$JWTOOL_SECRET and \$JWTOOL_SECRET_FILE both set" 2 "" \
  verify --now "$NOW" "$KNOWN_HS256_ACCESS"
refused "--secret warns, never echoes" 1 "" verify --now "$NOW" --secret "$CANARY" "$KNOWN_HS256_ACCESS"
STDIN="{\"n\": 1}"
refused "issue --claims /dev/stdin --secret-file /dev/stdin: the same standard input" 2 \
  "jwtool: standard input cannot carry both the --claims object and the key: give one of them as a file" \
  issue --sub alice --now "$NOW" --claims /dev/stdin --secret-file /dev/stdin
STDIN="$KNOWN_HS256_ACCESS"
refused "verify --secret-file /dev/fd/0 with the token on standard input" 2 \
  "jwtool: standard input cannot carry both the key and the token: give the token as an argument" \
  verify --now "$NOW" --secret-file /dev/fd/0
unset STDIN
refused "a JWK whose alg holds the secret" 2 "jwtool: --jwks: \"alg\" is not one of HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, ES256K, EdDSA" \
  verify --now "$NOW" --jwks "$TMP/canary-alg-value.jwk" "$KNOWN_HS256_ACCESS"
refused "a JWK whose kty holds the secret" 2 \
  "jwtool: --jwks: kty (not shown) is not supported: jwtool takes \"oct\", \"RSA\", \"EC\" and \"OKP\" keys" \
  verify --now "$NOW" --jwks "$TMP/canary-kty-value.jwk" "$KNOWN_HS256_ACCESS"
refused "a JWK whose use holds the secret" 2 "jwtool: --jwks: \"use\" is not \"sig\"" \
  verify --now "$NOW" --jwks "$TMP/canary-use-value.jwk" "$KNOWN_HS256_ACCESS"
for url in "redis://127.0.0.1:6379?password=$CANARY" "redis://127.0.0.1:$CANARY" "redis://127.0.0.1:6379/$CANARY" \
  "redis+unix:///tmp/s.sock?password=$CANARY" "redis://127.0.0.1:6379#$CANARY" "$CANARY"; do
  refused "a store URL holding the secret: ${url%%$CANARY*}..." 2 "" \
    verify --now "$NOW" --secret-file "$TMP/key" --store "$url" -- "$KNOWN_HS256_ACCESS"
done
refused "an unquoted --secret with spaces" 2 \
  "jwtool: unexpected argument for \"jwtool verify\" (not shown: it may be part of the --secret value, which must be quoted if it holds spaces) (see 'jwtool help verify')" \
  verify --now "$NOW" --secret "${CANARY:0:20}" "${CANARY:20}" "$KNOWN_HS256_ACCESS"
refused "a secret shaped like --NAME= given to --secret: a wrong key, not an empty flag" 1 "" \
  verify --now "$NOW" --secret "--$CANARY=" -- "$KNOWN_HS256_ACCESS"

finish
