#!/usr/bin/env bash
# A token argument never turns a refusal into success. For every command that judges a token,
# `jwtool CMD [flags] "$X"` exits non-zero for X each of the command's own flags (with and
# without =value), -h, --help=x, --, - and the empty string, under several sets of flags; with
# `--` before it, X is a token and is refused as one. The flags come from the command's own help,
# so a flag added later is covered without touching this table. Controls: the same flags with a
# valid token pass, so the key and the flags are never the reason for a refusal here.
. "$(dirname "$0")/lib.sh"

NOW=1700000600
export JWTOOL_SECRET=$TEST_KEY
export JWTOOL_STORE=sqlite:$TMP/store.db

# flags_of CMD: every flag of CMD as its help lists it, long and short.
flags_of() {
  "$JWTOOL" help "$1" | sed -n 's/^  \(-[a-z]\),\(--[a-z-]*\).*/\1\n\2/p; s/^  \(--[a-z-]*\).*/\1/p'
}

# try CMD FLAGS X: jwtool CMD FLAGS X (FLAGS split on spaces), standard input empty.
try() {
  local command=$1 flags=$2 x=$3
  # shellcheck disable=SC2086 # FLAGS is a list of words
  "$JWTOOL" "$command" $flags "$x" </dev/null >"$TMP/out" 2>"$TMP/err"
  RC=$?
  OUT=$(cat "$TMP/out")
}

# check_command CMD VALID_TOKEN FLAG_SETS...
check_command() {
  local command=$1 valid=$2 flags x
  shift 2
  local candidates=(-h --help=x -qh -hq -- - "")
  while IFS= read -r flag; do
    candidates+=("$flag" "$flag=x")
  done < <(flags_of "$command")
  check "$command: its help lists flags" "$([ "${#candidates[@]}" -gt 20 ] && echo yes)" yes
  for flags in "$@"; do
    CASE="$command $flags (control: a valid token passes)"
    try "$command" "$flags" "$valid"
    expect_rc 0
    for x in "${candidates[@]}"; do
      CASE="$command $flags \"$x\""
      try "$command" "$flags" "$x"
      check "$CASE: exits non-zero" "$([ "$RC" -ne 0 ] && echo yes)" yes
      CASE="$command $flags -- \"$x\""
      try "$command" "$flags --" "$x"
      check "$CASE: exits non-zero" "$([ "$RC" -ne 0 ] && echo yes)" yes
    done
  done
}

access=$("$JWTOOL" issue --sub alice --iss ci.example.com --aud deploy --jti id-7 --now "$NOW")
refresh=$("$JWTOOL" issue --sub alice --type refresh --now "$NOW")

verify_sets=("--now $NOW --claim-value sub --iss ci.example.com --aud deploy" "--now $NOW" "--now $NOW --quiet"
  "--now $NOW --json" "--now $NOW --type access --store none")
refresh_sets=("--now $NOW --store none" "--now $NOW --store none --no-carry" "--now $NOW --store none --json")
revoke_sets=("--now $NOW" "--now $NOW --leeway 10s")
if [ -n "${ASAN_OPTIONS:-}" ]; then
  # Under the sanitizers each run costs ten times as much: one set of flags per command there.
  verify_sets=("${verify_sets[0]}") refresh_sets=("${refresh_sets[0]}") revoke_sets=("${revoke_sets[0]}")
fi
check_command verify "$access" "${verify_sets[@]}"
check_command refresh "$refresh" "${refresh_sets[@]}"
check_command revoke "$access" "${revoke_sets[@]}"

# The review's reproductions, word for word.
CASE="TOKEN=--help; jwtool verify --quiet \"\$TOKEN\" && echo valid"
TOKEN=--help
result=$("$JWTOOL" verify --quiet "$TOKEN" </dev/null 2>/dev/null && echo valid)
check "$CASE" "$result" ""

CASE="the README's CI recipe with \$1 = --help"
set -- --help
who=$("$JWTOOL" verify --claim-value sub --iss ci.example.com --aud deploy "$1" </dev/null 2>/dev/null)
RC=$?
expect_rc 2
check "$CASE: who" "$who" ""

CASE="verify --help: the help on standard error, exit 2"
run verify --help
expect_rc 2
expect_out ""
expect_err_contains "Usage: jwtool verify [OPTIONS] [token]"
expect_err_contains "jwtool: verify --help exits 2, so that a token that looks like a flag never passes; 'jwtool help verify' exits 0"

CASE="jwtool help verify: the same help on standard output, exit 0"
run help verify
expect_rc 0
expect_out_contains "Usage: jwtool verify [OPTIONS] [token]"
expect_err ""

CASE="jwtool help: the overview, exit 0"
run help
expect_rc 0
check "$CASE: same as --help" "$OUT" "$("$JWTOOL" --help)"

CASE="jwtool help nosuch"
run help nosuch
expect_rc 2
expect_out ""
expect_err "jwtool: unknown command \"nosuch\"; the commands are issue, refresh, decode, verify, revoke, keygen, jwks, serve, completion, help"

CASE="decode --help (decode judges nothing): exit 0"
run decode --help
expect_rc 0

CASE="verify --batch with no line at all"
run verify --batch --now "$NOW"
expect_rc 2
expect_out ""
expect_err "jwtool: no token read: the input has no line"

CASE="revoke --session=SID: one word never selects the session revocation"
run revoke --now "$NOW" --session=x
expect_rc 2
expect_out ""
expect_err "jwtool: write --session VALUE as two words, not --session=VALUE: on revoke, one word passed as a token must never change how a token is judged (see 'jwtool help revoke')"

# With the token on standard input (a `while read` loop, a request body), one word X must not
# change the key, the clock or the store that judge it: a forged, expired or revoked token read
# from standard input never passes because of X.
ATTACKER_KEY=attacker-key-attacker-key-attacker-key-0123
printf '%s' "$ATTACKER_KEY" >"$TMP/attacker.key"
printf '{"kty":"oct","k":"%s"}' "$(printf '%s' "$ATTACKER_KEY" | base64 -w0 | tr '+/' '-_' | tr -d '=')" >"$TMP/attacker.jwk"
forged=$("$JWTOOL" issue --sub admin --jti victim-jti --now "$NOW" --secret "$ATTACKER_KEY" 2>/dev/null)
forged_refresh=$("$JWTOOL" issue --sub admin --type refresh --now "$NOW" --secret "$ATTACKER_KEY" 2>/dev/null)
expired=$("$JWTOOL" issue --sub alice --ttl 1m --now "$((NOW - 120))")
revoked=$("$JWTOOL" issue --sub alice --jti revoked-1 --now "$NOW")
"$JWTOOL" revoke --now "$NOW" -- "$revoked" >/dev/null
for command in verify refresh revoke; do
  stdin_token=$forged
  [ "$command" = refresh ] && stdin_token=$forged_refresh
  for x in "--secret=$ATTACKER_KEY" "--secret-file=$TMP/attacker.key" "--jwks=$TMP/attacker.jwk"; do
    CASE="$command with a forged token on standard input and X=${x%%=*}=..."
    printf '%s\n' "$stdin_token" | "$JWTOOL" "$command" --now "$NOW" "$x" >"$TMP/out" 2>"$TMP/err"
    RC=$?
    expect_rc 2
    expect_out ""
  done
done
for x in --now=1600000000 --leeway=1h --store=none; do
  for token in "$expired" "$revoked"; do
    CASE="verify --quiet with a refused token on standard input and X=$x"
    printf '%s\n' "$token" | "$JWTOOL" verify --quiet "$x" >/dev/null 2>&1
    RC=$?
    check "$CASE: exits non-zero" "$([ "$RC" -ne 0 ] && echo yes)" yes
  done
done
CASE="a flag value as its own word still works"
printf '%s\n' "$forged" | "$JWTOOL" verify --quiet --now "$NOW" --secret-file "$TMP/attacker.key" 2>/dev/null
RC=$?
expect_rc 0
CASE="issue and decode judge nothing: --NAME=VALUE stays accepted there"
run issue --sub=alice --now="$NOW"
expect_rc 0

CASE="verify -- --help: a token, malformed"
run verify --now "$NOW" -- --help
expect_rc 1
expect_err "jwtool: a JWT has 3 segments separated by '.', this has 1"

finish
