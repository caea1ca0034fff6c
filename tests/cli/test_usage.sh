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
flags_jwks="--key --jwks"
flags_revoke="--session --alg --leeway --secret --secret-file --jwks --secret-encoding --now --store"
flags_serve="--listen --issuer --clients --alg --kid --access-ttl --refresh-ttl --secret --secret-file --jwks --key --secret-encoding --allow-weak-key --now --store --store-password-file --session-max-age"
for command in issue refresh decode verify revoke keygen jwks serve; do
  CASE="jwtool help $command"
  run help "$command"
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
expect_err "jwtool: unknown command \"verfy\" (did you mean \"verify\"?); the commands are issue, refresh, decode, verify, revoke, keygen, jwks, serve, completion, help"

CASE="an unknown command with no near match"
run frobnicate
expect_rc 2
expect_err "jwtool: unknown command \"frobnicate\"; the commands are issue, refresh, decode, verify, revoke, keygen, jwks, serve, completion, help"

CASE="a mistyped flag"
run issue --sub a --tll 5m
expect_rc 2
expect_err "jwtool: unknown option \"--tll\" for \"jwtool issue\" (did you mean \"--ttl\"?) (see 'jwtool help issue')"

CASE="a mistyped flag with a value after ="
run verify --secret-flie=x tok
expect_rc 2
expect_err "jwtool: unknown option \"--secret-flie\" for \"jwtool verify\" (did you mean \"--secret-file\"?) (see 'jwtool help verify')"

CASE="two tokens"
run decode a.b.c d.e.f
expect_rc 2
expect_err "jwtool: unexpected argument \"d.e.f\" for \"jwtool decode\" (see 'jwtool help decode')"

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

# An empty value never switches a check off: it is what an unset variable gives
# (`jwtool verify --iss "$ISS"` with ISS unset must not accept any issuer).
for flag in --iss --sub --aud --max-age --require --leeway --now --secret-file --jwks --claim-value; do
  CASE="verify $flag \"\" (with \$JWTOOL_SECRET set)"
  clock=(--now 1700000600)
  [ "$flag" = --now ] && clock=()
  JWTOOL_SECRET=$TEST_KEY run verify "${clock[@]}" "$flag" "" "$KNOWN_HS256_ACCESS"
  expect_rc 2
  expect_out ""
  expect_err "jwtool: $flag: the value is empty (an unset variable?); leave the flag out instead (see 'jwtool help verify')"
done
CASE="verify --store \"\" (JWTOOL_STORE cannot be overridden by an empty value)"
JWTOOL_STORE=sqlite:$TMP/store.db run verify --store "" --secret-file "$TMP/key" "$KNOWN_HS256_ACCESS"
expect_rc 2
expect_err "jwtool: --store: the value is empty (an unset variable?); give --store none for no store instead (see 'jwtool help verify')"
CASE="\$JWTOOL_STORE set but empty never switches the store off"
for command in verify refresh revoke; do
  JWTOOL_STORE= run "$command" --secret-file "$TMP/key" --now 1700000600 -- "$KNOWN_HS256_REFRESH"
  check "$command: exit code" "$RC" 2
  check "$command: stderr" "$ERR" "jwtool: \$JWTOOL_STORE is set but empty: unset it, or set it to none for no store"
done
JWTOOL_STORE=none run verify --secret-file "$TMP/key" --now 1700000600 -- "$KNOWN_HS256_REFRESH"
check "JWTOOL_STORE=none: exit code" "$RC" 0

CASE="verify --json --help: exit 2, and the error as JSON"
run verify --json --help
expect_rc 2
expect_out_contains '"error": "invalid_argument"'

CASE="verify --iss= (the = form, empty: CLI11 alone would take the next word as its value)"
run verify --iss= "$KNOWN_HS256_ACCESS" --secret-file "$TMP/key"
expect_rc 2
expect_err "jwtool: --iss: the value is empty (an unset variable?); leave the flag out instead (see 'jwtool help verify')"
CASE="verify -- --iss=: after --, a token"
run verify --secret-file "$TMP/key" -- --iss=
expect_rc 1
for flag in --aud --iss --sub; do
  CASE="issue $flag \"\""
  subject=(--sub alice)
  [ "$flag" = --sub ] && subject=()
  run issue "${subject[@]}" "$flag" "" --secret-file "$TMP/key"
  expect_rc 2
  expect_err "jwtool: $flag: the value is empty (an unset variable?); leave the flag out instead (see 'jwtool help issue')"
done
CASE="refresh --ttl \"\""
run refresh --ttl "" --secret-file "$TMP/key" "$KNOWN_HS256_REFRESH"
expect_rc 2
expect_err "jwtool: --ttl: the value is empty (an unset variable?); leave the flag out instead (see 'jwtool help refresh')"
CASE="revoke --session \"\""
run revoke --session "" --store "sqlite:$TMP/store.db"
expect_rc 2
expect_err "jwtool: --session: the value is empty (an unset variable?); leave the flag out instead (see 'jwtool help revoke')"

finish
