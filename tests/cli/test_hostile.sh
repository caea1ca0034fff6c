#!/usr/bin/env bash
# Hostile tokens: every malformed or forged token in tests/data/hostile/corpus.tsv goes through
# verify and refresh, and must give its expected exit code and --json "error" kind, one
# "jwtool: " line on stderr besides the token reader's notes (refresh: in the walkthrough's
# words), no crash and no hang.
# Then tokens too big for a corpus line, built here: several megabytes, JSON nested 100000 deep.
# The corpus and its key files (keys/) are written by tests/data/hostile/generate.py; this test
# needs bash and coreutils.
. "$(dirname "$0")/lib.sh"

DATA=${JWTOOL_SOURCE_DIR:-$here/../..}/tests/data/hostile
CORPUS=$DATA/corpus.tsv
if [ ! -r "$CORPUS" ]; then
  echo "FAIL: cannot read the corpus $CORPUS"
  exit 1
fi

# hostile_run INPUT ARGS...: jwtool ARGS with standard input from INPUT, killed after 20s
# (exit 124: a hang fails the case). Sets OUT, ERR, RC like run in lib.sh.
hostile_run() {
  local input=$1
  shift
  timeout -k 5 20 "$JWTOOL" "$@" <"$input" >"$TMP/out" 2>"$TMP/err"
  RC=$?
  # The shared token reader notes what it took away ("Bearer ", a cookie, ...): checked here to
  # be such notes only, then set aside, so the checks below see the verdict alone.
  if grep -q '^jwtool: note: ' "$TMP/err"; then
    check "$CASE: notes of the token reader" "$(grep '^jwtool: note: ' "$TMP/err" | grep -cvE \
      '^jwtool: note: (stripped the "(Authorization|Cookie):" header name|stripped the "Bearer" scheme|took the token from the cookie "[!#-+.0-9A-Z^-z|~-]+"|stripped the double quotes around it|URL-decoded it)$')" 0
    grep -v '^jwtool: note: ' "$TMP/err" >"$TMP/err.verdict"
    mv "$TMP/err.verdict" "$TMP/err"
  fi
  OUT=$(cat "$TMP/out")
  ERR=$(cat "$TMP/err")
}

# expect_outcome COMMAND KIND: checks the output of the last hostile_run of jwtool COMMAND
# --json against the expected error KIND ("-" for success). The exit code is checked by
# the caller.
expect_outcome() {
  local command=$1 kind=$2
  # One JSON object: "{" and "}" are the only lines at column 0.
  check "$CASE: stdout is one JSON object" "$(grep -c '^[^ ]' "$TMP/out")/$(head -n 1 "$TMP/out")/$(tail -n 1 "$TMP/out")" "2/{/}"
  local error
  error=$(sed -n 's/^  "error": "\([^"]*\)",\{0,1\}$/\1/p' "$TMP/out")
  if [ "$kind" = "-" ] || [ "$kind" = "-!" ]; then
    check "$CASE: no \"error\" member" "$error" ""
    if [ "$kind" = "-!" ]; then # one warning (a weak key), and nothing else
      check "$CASE: one warning on stderr" "$(wc -l <"$TMP/err")/${ERR:0:17}" "1/jwtool: warning: "
    else
      expect_err ""
    fi
    if [ "$command" = verify ]; then
      expect_out_contains '  "valid": true,'
    else
      expect_out_contains '  "token_type": "bearer",'
    fi
    return
  fi
  check "$CASE: \"error\" member" "$error" "$kind"
  expect_out_contains '  "message": "'
  # Exactly one line, "jwtool: " and a message, no control characters in it.
  check "$CASE: stderr is one line" "$(wc -l <"$TMP/err")/$(tail -c 1 "$TMP/err" | od -An -c | tr -d ' ')" '1/\n'
  check "$CASE: control characters on stderr" \
    "$(LC_ALL=C tr -dc '\000-\011\013-\037\177' <"$TMP/err" | wc -c | tr -d ' ')" 0
  # Bytes from the token are shown escaped or as valid UTF-8, never raw. (Without a C.UTF-8
  # locale grep matches bytes and this check passes vacuously.)
  check "$CASE: stderr is valid UTF-8" "$(LC_ALL=C.UTF-8 grep -axvc '.*' "$TMP/err")" 0
  case $ERR in
  "jwtool: "?*) check "$CASE: stderr starts with jwtool:" yes yes ;;
  *) check "$CASE: stderr starts with jwtool:" "$ERR" "jwtool: ..." ;;
  esac
  if [ "$command" = refresh ]; then
    case $kind in
    expired) expect_err "jwtool: Refresh token expired - please login again" ;;
    wrong_type) check_contains "$CASE: stderr" "${ERR:0:26}" "jwtool: Invalid token type" ;;
    invalid_key | weak_key) ;; # about the key, not the token: jwtool's own words
    *) check_contains "$CASE: stderr" "${ERR:0:31}" "jwtool: Invalid refresh token: " ;;
    esac
  fi
}

# --- the corpus ---------------------------------------------------------------------------
cases=0
line_no=0
while IFS= read -r line <&3 || [ -n "$line" ]; do
  line_no=$((line_no + 1))
  case $line in '#'* | '') continue ;; esac
  IFS=$'\t' read -r -a field <<<"$line"
  if [ "${#field[@]}" -lt 7 ] || [ "${#field[@]}" -gt 8 ]; then
    check "corpus line $line_no: field count" "${#field[@]}" "7 or 8"
    continue
  fi
  name=${field[0]} now=${field[1]} token=${field[6]}
  flags=()
  read -r -a flags <<<"${field[7]-}"
  flags=("${flags[@]/#@/$DATA/}") # @keys/NAME: a key file of the corpus
  key=(--secret-file "$TMP/key")
  case " ${flags[*]} " in *" --key "* | *" --jwks "*) key=() ;; esac
  input=/dev/null
  case $token in
  stdin:*)
    printf '%b' "${token#stdin:}" >"$TMP/token"
    input=$TMP/token
    token_args=()
    ;;
  arg:*)
    printf -v token '%b' "${token#arg:}"
    token_args=(-- "$token")
    ;;
  *) token_args=(-- "$token") ;;
  esac
  cases=$((cases + 1))

  CASE="$name (verify)"
  hostile_run "$input" verify --json --now "$now" "${flags[@]}" "${key[@]}" "${token_args[@]}"
  expect_rc "${field[2]}"
  expect_outcome verify "${field[3]}"

  CASE="$name (refresh)"
  hostile_run "$input" refresh --json --now "$now" "${flags[@]}" "${key[@]}" "${token_args[@]}"
  expect_rc "${field[4]}"
  expect_outcome refresh "${field[5]}"
done 3<"$CORPUS"
check "corpus: at least 60 cases" "$([ "$cases" -ge 60 ] && echo yes || echo "only $cases")" yes

# --- tokens too big for a corpus line ------------------------------------------------------
# All go on standard input: a single argument is limited to 128 KiB on Linux.
IFS=. read -r GOOD_HEADER GOOD_PAYLOAD GOOD_SIGNATURE <<<"$KNOWN_HS256_REFRESH"
b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
repeat() { head -c "$2" /dev/zero | tr '\0' "$1"; }

# big_case NAME FILE MESSAGE: the token in FILE is refused by verify and refresh as
# malformed (exit 1), with MESSAGE in the one-line error.
big_case() {
  local name=$1 file=$2 message=$3 command
  for command in verify refresh; do
    CASE="$name ($command)"
    hostile_run "$file" "$command" --json --now 1700000060 --secret-file "$TMP/key"
    expect_rc 1
    expect_outcome "$command" malformed
    expect_err_contains "$message"
  done
}

{
  printf '%s.' "$GOOD_HEADER"
  repeat a $((5 * 1024 * 1024))
  printf '.%s' "$GOOD_SIGNATURE"
} >"$TMP/big"
big_case "a token of 5 MiB" "$TMP/big" "longer than the limit of 1048576 bytes"

{
  printf '%s.' "$GOOD_HEADER"
  repeat a $((1024 * 1024 + 1 - ${#GOOD_HEADER} - 1))
} >"$TMP/big"
big_case "a token one byte over 1 MiB" "$TMP/big" "the token is 1048577 bytes, more than the limit of 1048576"

{
  repeat '[' 100000
  repeat ']' 100000
} | b64url >"$TMP/deep"
printf '.%s.%s' "$GOOD_PAYLOAD" "$GOOD_SIGNATURE" >>"$TMP/deep"
big_case "a header of arrays nested 100000 deep" "$TMP/deep" "nested deeper than 64 levels"

{
  printf '{"alg":"HS256","x":'
  repeat '[' 100000
  repeat ']' 100000
  printf '}'
} | b64url >"$TMP/deep"
printf '.%s.%s' "$GOOD_PAYLOAD" "$GOOD_SIGNATURE" >>"$TMP/deep"
big_case "a header object holding arrays nested 100000 deep" "$TMP/deep" "nested deeper than 64 levels"

{
  printf '{"alg":"HS256","x":'
  repeat '[' 100000
} | b64url >"$TMP/deep"
printf '.%s.%s' "$GOOD_PAYLOAD" "$GOOD_SIGNATURE" >>"$TMP/deep"
big_case "a header opening 100000 arrays and never closing them" "$TMP/deep" "nested deeper than 64 levels"

# A correctly signed payload nested 100000 deep needs an HMAC, which coreutils lack: when
# openssl is at hand, use it; the verdict is then not_a_claims_set, not malformed.
if command -v openssl >/dev/null 2>&1; then
  {
    printf '{"sub":"alice","exp":1700604800,"type":"refresh","x":'
    yes '{"a":' | head -n 100000 | tr -d '\n'
    printf '1'
    repeat '}' 100000
    printf '}'
  } | b64url >"$TMP/payload"
  signing_input="$GOOD_HEADER.$(cat "$TMP/payload")"
  signature=$(printf '%s' "$signing_input" | openssl dgst -sha256 -mac HMAC -macopt "key:$TEST_KEY" -binary | b64url)
  printf '%s.%s' "$signing_input" "$signature" >"$TMP/deep"
  for command in verify refresh; do
    CASE="a signed payload of objects nested 100000 deep ($command)"
    hostile_run "$TMP/deep" "$command" --json --now 1700000060 --secret-file "$TMP/key"
    expect_rc 1
    expect_outcome "$command" not_a_claims_set
    expect_err_contains "nested deeper than 64 levels"
  done
else
  echo "note: openssl not found; the signed deep-payload case is skipped"
fi

echo "$cases corpus cases"
finish
