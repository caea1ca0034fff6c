#!/usr/bin/env bash
# Key files that are not plain files: pipes, process substitution, FIFOs nobody writes to (a
# 10-second idle timeout, so this script takes about 11 seconds), and the process's memory
# kept out of core dumps while keys are loaded.
. "$(dirname "$0")/lib.sh"

NOW=1700000000
K_TEST=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZg

CASE="--secret-file and --jwks from process substitution (/dev/fd/N)"
run verify --now "$NOW" --claim-value sub --secret-file <(printf '%s\n' "$TEST_KEY") "$KNOWN_HS256_ACCESS"
expect_rc 0
expect_out "alice"
expect_err ""
run verify --now "$NOW" --claim-value sub --jwks <(sleep 1; printf '{"kty":"oct","k":"%s"}\n' "$K_TEST") \
  "$KNOWN_HS256_ACCESS"
expect_rc 0
expect_out "alice"

CASE="--secret-file - from a pipe"
STDIN="$TEST_KEY" run verify --now "$NOW" --claim-value sub --secret-file - "$KNOWN_HS256_ACCESS"
expect_rc 0
expect_out "alice"

# Both 10-second cases at once: a FIFO that no process opens for writing (the open itself must
# not wait for one), and a pipe on standard input whose writer sent part of a JWK Set, then
# stalled. `timeout` turns a hang into a failure.
mkfifo "$TMP/nobody-writes"
timeout 60 "$JWTOOL" verify --now "$NOW" --secret-file "$TMP/nobody-writes" "$KNOWN_HS256_ACCESS" \
  >"$TMP/fifo.out" 2>"$TMP/fifo.err" &
fifo_pid=$!
{ printf '{"keys":['; sleep 11; } | timeout 60 "$JWTOOL" verify --now "$NOW" --jwks - "$KNOWN_HS256_ACCESS" \
  >"$TMP/stalled.out" 2>"$TMP/stalled.err"
RC=$?
OUT=$(cat "$TMP/stalled.out")
ERR=$(cat "$TMP/stalled.err")
CASE="--jwks - from a pipe whose writer stalls for 10 seconds"
expect_rc 2
expect_out ""
expect_err "jwtool: --jwks: no data arrived for 10 seconds: nothing writes to standard input"
wait "$fifo_pid"
RC=$?
OUT=$(cat "$TMP/fifo.out")
ERR=$(cat "$TMP/fifo.err")
CASE="--secret-file naming a FIFO that nobody writes to (the path is not echoed)"
expect_rc 2
expect_out ""
expect_err "jwtool: --secret-file: no data arrived for 10 seconds: nothing writes to the file"

# While jwtool waits for the key from a FIFO, its core size limit is 0 (soft and hard) and it is
# not dumpable, which /proc shows as the owner of /proc/PID/status becoming root. That owner only tells
# for a process of another user: as root, jwtool runs as nobody (from a copy it can read).
CASE="no core dump while keys are loaded"
shared="$TMP/shared"
mkdir "$shared"
mkfifo "$shared/key"
as_user=()
if [ "$(id -u)" -eq 0 ]; then
  if command -v setpriv >/dev/null; then
    chmod 711 "$TMP"
    chmod 755 "$shared"
    chmod 666 "$shared/key"
    cp "$JWTOOL" "$shared/jwtool"
    chmod 755 "$shared/jwtool"
    as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    binary=$shared/jwtool
  else
    echo "note: setpriv is missing, so the dumpable flag is not checked as root"
    binary=$JWTOOL
  fi
else
  binary=$JWTOOL
fi
"${as_user[@]}" "$binary" verify --now "$NOW" --claim-value sub --secret-file "$shared/key" "$KNOWN_HS256_ACCESS" \
  >"$TMP/core.out" 2>"$TMP/core.err" &
pid=$!
core_limits() { sed -n 's/^Max core file size  *\([^ ]*\)  *\([^ ]*\) .*/\1 \2/p' "/proc/$pid/limits"; }
for _ in $(seq 50); do
  [ "$(core_limits)" = "0 0" ] && break
  sleep 0.1
done
check "$CASE: core file size (soft, hard)" "$(core_limits)" "0 0"
if [ "${#as_user[@]}" -gt 0 ] || [ "$(id -u)" -ne 0 ]; then
  check "$CASE: /proc/PID/status is root's (not dumpable)" "$(stat -c %u "/proc/$pid/status")" 0
fi
printf '%s\n' "$TEST_KEY" >"$shared/key"
wait "$pid"
RC=$?
OUT=$(cat "$TMP/core.out")
ERR=$(cat "$TMP/core.err")
expect_rc 0
expect_out "alice"
expect_err ""

finish
