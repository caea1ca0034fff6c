#!/usr/bin/env bash
# A string claim holding NUL or another control character: --claim-value refuses it (exit 1)
# unless --raw is given, since $(...) would silently drop a NUL ("admin\0evil" -> "adminevil").
. "$(dirname "$0")/lib.sh"

# role: "admin\u0000evil", note: "line1\nline2", tags: ["ok", "x\u0085y"], plain: "fine"; made
# with TEST_KEY by: jwtool issue --sub alice --claims FILE --now 1700000000 --no-jti
NUL_TOKEN='eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSIsImlhdCI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDAxODAwLCJ0eXBlIjoiYWNjZXNzIiwicm9sZSI6ImFkbWluXHUwMDAwZXZpbCIsIm5vdGUiOiJsaW5lMVxubGluZTIiLCJ0YWdzIjpbIm9rIiwieMKFeSJdLCJwbGFpbiI6ImZpbmUifQ.bmmYVjGEHQWcl07YpDfAq1Q9Upr5tZb1DznT1M6KqBs'

# The bytes of the last output, NUL included (bash variables cannot hold one).
out_bytes() { od -An -c "$TMP/out" | tr -s ' ' | sed 's/^ //'; }

# run_as ARGS...: the command of this round, with the test key when it takes one.
run_as() { if [ "$command" = verify ]; then run_key "$command" "$@"; else run "$command" "$@"; fi; }

for command in verify decode; do
  CASE="$command --claim-value of a claim holding NUL"
  run_as --now 1700000060 --claim-value role "$NUL_TOKEN"
  expect_rc 1
  expect_out ""
  expect_err 'jwtool: claim "role" holds a control character (U+0000): add --raw to print it as it is'

  CASE="$command --claim-value --raw: the exact bytes"
  run_as --now 1700000060 --claim-value role --raw "$NUL_TOKEN"
  expect_rc 0
  check "$CASE: stdout" "$(out_bytes)" 'a d m i n \0 e v i l \n'
  expect_err ""

  CASE="$command --claim-value of a claim holding a newline"
  run_as --now 1700000060 --claim-value note "$NUL_TOKEN"
  expect_rc 1
  expect_err 'jwtool: claim "note" holds a control character (U+000A): add --raw to print it as it is'
  run_as --now 1700000060 --claim-value note --raw "$NUL_TOKEN"
  expect_rc 0
  expect_out $'line1\nline2'

  CASE="$command --claim-value of an array: JSON, its controls escaped, not refused"
  run_as --now 1700000060 --claim-value tags "$NUL_TOKEN"
  expect_rc 0
  expect_out '["ok","x\u0085y"]'

  CASE="$command --claim-value of a plain string"
  run_as --now 1700000060 --claim-value plain "$NUL_TOKEN"
  expect_rc 0
  expect_out "fine"
  expect_err ""

  CASE="$command --raw without --claim-value"
  run_as --now 1700000060 --raw "$NUL_TOKEN"
  expect_rc 2
  expect_out ""
  expect_err "jwtool: --raw requires --claim-value (see 'jwtool help $command')"
done

CASE="verify --claim-value of C1 control characters (U+009B) and DEL"
run_key verify --now 1700000060 --claim-value sub "$CONTROL_TOKEN"
expect_rc 1
expect_err 'jwtool: claim "sub" holds a control character (U+001B): add --raw to print it as it is'

CASE="the refusal is a token refusal: a script branching on the exit code"
run_key verify --quiet --now 1700000060 --claim-value role "$NUL_TOKEN"
expect_rc 1
expect_err ""

finish
