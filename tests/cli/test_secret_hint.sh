#!/usr/bin/env bash
# A signature that does not match, checked with a secret that looks like base64 or base64url text
# read as raw bytes (no --secret-encoding): the message adds a hint, never the secret, and the
# exit code stays 1 (bad_signature).
. "$(dirname "$0")/lib.sh"

# What `jwtool keygen --format base64url` prints: 32 bytes as base64url text.
B64U_SECRET='ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1-f4CBgoM'
# 48 bytes as base64 text (+ and /).
B64_SECRET='yMnKy8zNzs/Q0dLT1NXW19jZ2tvc3d7f4OHi4+Tl5ufo6err7O3u7/Dx8vP09fb3'
MISMATCH='signature does not match: wrong key or altered token'
HINT_B64U='the secret looks like base64url text: if it is encoded, add --secret-encoding base64url'
HINT_B64='the secret looks like base64 text: if it is encoded, add --secret-encoding base64'
printf '%s\n' "$B64U_SECRET" >"$TMP/b64u"

# Minted the recipe's way: the text decoded.
ACCESS=$(JWTOOL_SECRET="$B64U_SECRET" "$JWTOOL" issue --sub alice --now 1700000000 --secret-encoding base64url)
REFRESH=$(JWTOOL_SECRET="$B64U_SECRET" "$JWTOOL" issue --sub alice --type refresh --now 1700000000 --secret-encoding base64url)
B64_ACCESS=$(JWTOOL_SECRET="$B64_SECRET" "$JWTOOL" issue --sub alice --now 1700000000 --secret-encoding base64)

CASE="verify with the text as raw bytes (\$JWTOOL_SECRET): the hint"
JWTOOL_SECRET="$B64U_SECRET" run verify --now 1700000060 -- "$ACCESS"
expect_rc 1
expect_out ""
expect_err "jwtool: $MISMATCH ($HINT_B64U)"

CASE="verify --secret-file with the text: the hint"
run verify --now 1700000060 --secret-file "$TMP/b64u" -- "$ACCESS"
expect_rc 1
expect_err "jwtool: $MISMATCH ($HINT_B64U)"

CASE="verify --json: the hint in the message"
JWTOOL_SECRET="$B64U_SECRET" run verify --json --now 1700000060 -- "$ACCESS"
expect_rc 1
expect_out '{
  "error": "bad_signature",
  "message": "'"$MISMATCH ($HINT_B64U)"'"
}'

CASE="base64 text: the hint names base64"
JWTOOL_SECRET="$B64_SECRET" run verify --now 1700000060 -- "$B64_ACCESS"
expect_rc 1
expect_err "jwtool: $MISMATCH ($HINT_B64)"

CASE="with the encoding given, the same text verifies"
JWTOOL_SECRET="$B64U_SECRET" run verify --now 1700000060 --secret-encoding base64url -- "$ACCESS"
expect_rc 0

CASE="--secret-encoding raw given: no hint"
JWTOOL_SECRET="$B64U_SECRET" run verify --now 1700000060 --secret-encoding raw -- "$ACCESS"
expect_rc 1
expect_err "jwtool: $MISMATCH"

CASE="a secret that does not look encoded (hex): no hint"
run_key verify --now 1700000060 "$ACCESS"
expect_rc 1
expect_err "jwtool: $MISMATCH"

CASE="a token altered under the right key: no hint (the encoding was given)"
signature=${ACCESS##*.}
other=B
[ "${signature:0:1}" = B ] && other=C
JWTOOL_SECRET="$B64U_SECRET" run verify --now 1700000060 --secret-encoding base64url -- "${ACCESS%.*}.$other${signature:1}"
expect_rc 1
expect_err "jwtool: $MISMATCH"

CASE="refresh: the hint"
JWTOOL_SECRET="$B64U_SECRET" run refresh --store none --now 1700000060 -- "$REFRESH"
expect_rc 1
expect_out ""
expect_err "jwtool: Invalid refresh token: $MISMATCH ($HINT_B64U)"

CASE="revoke: the hint"
JWTOOL_SECRET="$B64U_SECRET" run revoke --store "sqlite:$TMP/store.db" --now 1700000060 -- "$ACCESS"
expect_rc 1
expect_out ""
expect_err "jwtool: $MISMATCH ($HINT_B64U)"

CASE="verify --batch: once, in the summary on standard error; not on each line"
printf '%s\n%s\n' "$ACCESS" "$ACCESS" >"$TMP/tokens"
JWTOOL_SECRET="$B64U_SECRET" run verify --batch --now 1700000060 --input "$TMP/tokens"
expect_rc 1
expect_out '{"line":1,"valid":false,"error":"bad_signature","message":"'"$MISMATCH"'"}
{"line":2,"valid":false,"error":"bad_signature","message":"'"$MISMATCH"'"}'
expect_err "jwtool: 2 tokens: 0 valid, 2 refused (2 bad_signature); $HINT_B64U"

CASE="verify --batch without a bad signature: no hint"
printf '%s\n' "not-a-token" >"$TMP/malformed"
JWTOOL_SECRET="$B64U_SECRET" run verify --batch --now 1700000060 --input "$TMP/malformed"
expect_rc 1
check_contains "$CASE: summary" "$ERR" "1 refused (1 malformed)"
case "$ERR" in *"looks like"*) check "$CASE: no hint" "$ERR" "(no hint)" ;; esac

finish
