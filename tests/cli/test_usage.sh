#!/usr/bin/env bash
# The command line itself: version, help, usage errors with suggestions, no hang on a terminal.
. "$(dirname "$0")/lib.sh"

CASE="--version"
run --version
expect_rc 0
check_contains "$CASE: stdout" "$OUT" "jwtool 1."
expect_err ""

CASE="no arguments: help on stderr, usage exit code"
run
expect_rc 2
expect_out ""
expect_err_contains "Usage: jwtool [OPTIONS] SUBCOMMAND"

CASE="--help lists the commands and the exit codes"
run --help
expect_rc 0
expect_err ""
for word in issue refresh decode verify "Exit codes:" JWTOOL_SECRET "Examples:"; do
  expect_out_contains "$word"
done

# Each subcommand's --help lists every one of its flags and ends with examples.
flags_issue="--sub --type --ttl --access-ttl --refresh-ttl --alg --kid --iss --aud --nbf --jti --no-jti --no-iat --claim --claim-string --claims --header --secret --secret-file --jwks --secret-encoding --allow-weak-key --now --store --session-max-age"
flags_refresh="--ttl --no-carry --rotate --no-rotate --refresh-ttl --store --alg --leeway --aud --iss --sub --require --max-age --secret --secret-file --jwks --secret-encoding --allow-weak-key --now --json"
flags_decode="--now --json --claim-value --quiet"
flags_verify="--store --type --alg --leeway --aud --iss --sub --require --max-age --secret --secret-file --jwks --secret-encoding --now --json --claim-value --quiet"
flags_keygen="--alg --kid --format"
flags_revoke="--session --alg --leeway --secret --secret-file --jwks --secret-encoding --now --store"
for command in issue refresh decode verify revoke keygen; do
  CASE="$command --help"
  run "$command" --help
  expect_rc 0
  flags_var="flags_$command"
  for flag in ${!flags_var}; do
    check "$CASE: lists $flag" "$(printf '%s\n' "$OUT" | grep -Ec -- "^  (-[a-z],)?$flag ")" 1
  done
  expect_out_contains "  -h,--help "
  expect_out_contains "Examples:"
  check_contains "$CASE: examples come last" "${OUT##*Examples:}" "  jwtool $command "
done

CASE="a mistyped command"
run verfy
expect_rc 2
expect_err "jwtool: unknown command \"verfy\" (did you mean \"verify\"?); the commands are issue, refresh, decode, verify, revoke, keygen, completion"

CASE="an unknown command with no near match"
run frobnicate
expect_rc 2
expect_err "jwtool: unknown command \"frobnicate\"; the commands are issue, refresh, decode, verify, revoke, keygen, completion"

CASE="a mistyped flag"
run issue --sub a --tll 5m
expect_rc 2
expect_err "jwtool: unknown option \"--tll\" for \"jwtool issue\" (did you mean \"--ttl\"?) (see 'jwtool issue --help')"

CASE="a mistyped flag with a value after ="
run verify --secret-flie=x tok
expect_rc 2
expect_err "jwtool: unknown option \"--secret-flie\" for \"jwtool verify\" (did you mean \"--secret-file\"?) (see 'jwtool verify --help')"

CASE="two tokens"
run decode a.b.c d.e.f
expect_rc 2
expect_err "jwtool: unexpected argument \"d.e.f\" for \"jwtool decode\" (see 'jwtool decode --help')"

CASE="a flag without its value"
run issue --sub
expect_rc 2
expect_err_contains "jwtool: --sub"

CASE="a terminal on standard input is not waited on"
if command -v script >/dev/null 2>&1; then
  # script(1) gives the command a pseudo-terminal; timeout catches a hang.
  timeout 20 script -qec "'$JWTOOL' decode" /dev/null </dev/null >"$TMP/tty" 2>&1
  check "$CASE: exit code" "$?" 2
  check_contains "$CASE: message" "$(cat "$TMP/tty")" "jwtool: no token: give it as an argument, or pipe it on standard input"
  timeout 20 script -qec "'$JWTOOL' issue --sub a --secret-file -" /dev/null </dev/null >"$TMP/tty" 2>&1
  check "$CASE: a secret is never typed at a terminal" "$?" 2
  check_contains "$CASE: secret message" "$(cat "$TMP/tty")" "jwtool: --secret-file -: standard input is a terminal; pipe the secret in (or give a file)"
else
  echo "skipped: script(1) is not installed"
fi

finish
