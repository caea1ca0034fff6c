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

CASE="raw bytes are not written to a terminal"
if command -v script >/dev/null 2>&1; then
  timeout 20 script -qec "'$JWTOOL' keygen" /dev/null </dev/null >"$TMP/tty" 2>&1
  check "$CASE: exit code" "$?" 2
  check_contains "$CASE: message" "$(cat "$TMP/tty")" "jwtool: raw key bytes would garble the terminal: redirect them to a file, or use --format base64url or --format jwk"
else
  echo "skipped: script(1) is not installed"
fi

finish
