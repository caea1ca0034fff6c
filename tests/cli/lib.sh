# Sourced by every end-to-end test: runs the built binary and compares exactly.
# JWTOOL names the binary under test (set by ctest). Nothing here reads the wall clock:
# every command that looks at time is given --now.
set -u
: "${JWTOOL:?JWTOOL must name the jwtool binary under test}"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=fixtures.sh
. "$here/fixtures.sh"

CHECKS=0
FAILURES=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
printf '%s\n' "$TEST_KEY" >"$TMP/key"
unset JWTOOL_SECRET NO_COLOR

# run ARGS...: runs jwtool with standard input from $STDIN (empty when unset), and sets
# OUT, ERR (command substitution drops the final newline) and RC.
run() {
  printf '%s' "${STDIN-}" | "$JWTOOL" "$@" >"$TMP/out" 2>"$TMP/err"
  RC=$?
  OUT=$(cat "$TMP/out")
  ERR=$(cat "$TMP/err")
}

# run_key ARGS...: run with the test key from a file.
run_key() {
  run "$@" --secret-file "$TMP/key"
}

check() {
  local what=$1 actual=$2 expected=$3
  CHECKS=$((CHECKS + 1))
  if [ "$actual" != "$expected" ]; then
    FAILURES=$((FAILURES + 1))
    printf 'FAIL: %s\n--- expected\n%s\n--- actual\n%s\n---\n' "$what" "$expected" "$actual"
  fi
}

check_contains() {
  local what=$1 actual=$2 needle=$3
  CHECKS=$((CHECKS + 1))
  case "$actual" in
  *"$needle"*) ;;
  *)
    FAILURES=$((FAILURES + 1))
    printf 'FAIL: %s\n--- expected to contain\n%s\n--- actual\n%s\n---\n' "$what" "$needle" "$actual"
    ;;
  esac
}

expect_rc() { check "$CASE: exit code" "$RC" "$1"; }
expect_out() { check "$CASE: stdout" "$OUT" "$1"; }
expect_err() { check "$CASE: stderr" "$ERR" "$1"; }
expect_err_contains() { check_contains "$CASE: stderr" "$ERR" "$1"; }
expect_out_contains() { check_contains "$CASE: stdout" "$OUT" "$1"; }

# expect_refused CASE RC MESSAGE ARGS...: jwtool ARGS with the test key refuses, with exit
# code RC, nothing on stdout and exactly MESSAGE on stderr.
expect_refused() {
  CASE=$1
  local rc=$2 message=$3
  shift 3
  run_key "$@"
  expect_rc "$rc"
  expect_out ""
  expect_err "$message"
}

# The value of a string member of pretty-printed JSON, for tokens (no quotes inside).
json_string() { printf '%s\n' "$1" | sed -n "s/^ *\"$2\": \"\\([^\"]*\\)\".*/\\1/p"; }

finish() {
  echo "$((CHECKS - FAILURES)) passed, $FAILURES failed"
  [ "$FAILURES" -eq 0 ]
}
