#!/usr/bin/env bash
# A store that cannot be used is an error (exit 2, one line saying why), never a token accepted
# or a token printed: Redis stopped mid-run, a SQLite file locked, corrupt, read-only, or in a
# missing directory.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../redis_server.sh"
trap 'stop_redis; exec 7>&- 2>/dev/null; rm -rf "$TMP"' EXIT
unset JWTOOL_STORE
T0=1700000000

# faulty STORE MESSAGE_START: every command that uses STORE fails with exit 2, prints nothing
# on standard output, and says MESSAGE_START... on standard error.
faulty() {
  local store=$1 message=$2 what
  for what in verify refresh rotate revoke revoke-session login; do
    CASE="$FAULT: $what"
    case $what in
    verify) run_key verify --store "$store" --now "$((T0 + 60))" "$ACCESS" ;;
    refresh) run_key refresh --store "$store" --now "$((T0 + 60))" "$REFRESH" ;;
    rotate) run_key refresh --rotate --store "$store" --now "$((T0 + 60))" "$REFRESH" ;;
    revoke) run_key revoke --store "$store" --now "$((T0 + 60))" "$ACCESS" ;;
    revoke-session) run revoke --store "$store" --now "$((T0 + 60))" --session some-session ;;
    login) run_key issue --sub alice --type pair --store "$store" --now "$T0" ;;
    esac
    expect_rc 2
    expect_out ""
    expect_err_contains "jwtool: $message"
    check "$CASE: one line" "$(printf '%s\n' "$ERR" | wc -l)" 1
  done
}

# A login to run the faults against; its tokens are fine, only the store is not.
login() {
  run_key issue --sub alice --type pair --store "$1" --now "$T0"
  ACCESS=$(json_string "$OUT" access_token)
  REFRESH=$(json_string "$OUT" refresh_token)
}

FAULT="redis stopped mid-run"
start_redis "$TMP" || { echo "FAIL: cannot start redis-server"; exit 1; }
STORE=$REDIS_URL
login "$STORE"
run_key refresh --rotate --store "$STORE" --now "$((T0 + 30))" "$REFRESH"
check "$FAULT: a rotation before" "$RC" 0
REFRESH=$(json_string "$OUT" refresh_token)
ACCESS=$(json_string "$OUT" access_token)
stop_redis
faulty "$STORE" "store $STORE/0: cannot connect: Connection refused"

FAULT="sqlite: a store in a missing directory"
login "sqlite:$TMP/store.db"
faulty "sqlite:$TMP/missing/store.db" \
  "store sqlite:$TMP/missing/store.db: unable to open database file (No such file or directory)"
check "$FAULT: no directory created" "$([ -e "$TMP/missing" ] && echo created)" ""

FAULT="sqlite: a corrupt file"
head -c 8192 /dev/urandom >"$TMP/corrupt.db"
faulty "sqlite:$TMP/corrupt.db" "store sqlite:$TMP/corrupt.db: file is not a database"

FAULT="sqlite: a directory"
mkdir "$TMP/dir.db"
faulty "sqlite:$TMP/dir.db" "store sqlite:$TMP/dir.db: "

FAULT="sqlite: locked by another process"
STORE="sqlite:$TMP/store.db"
login "$STORE"
mkfifo "$TMP/lock.fifo"
sqlite3 "$TMP/store.db" <"$TMP/lock.fifo" >/dev/null 2>&1 &
exec 7>"$TMP/lock.fifo"
echo "BEGIN EXCLUSIVE; INSERT INTO tokens VALUES ('lock', 'revoked', 0);" >&7
for _ in $(seq 100); do
  sqlite3 -cmd ".timeout 0" "$TMP/store.db" "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1 || break
  sleep 0.05
done
CASE="$FAULT: a rotation waits, then gives up"
run_key refresh --rotate --store "$STORE" --now "$((T0 + 60))" "$REFRESH"
expect_rc 2
expect_out ""
expect_err "jwtool: store $STORE: database is locked"
CASE="$FAULT: readers do not wait for the writer (WAL)"
run_key verify --store "$STORE" --now "$((T0 + 60))" "$ACCESS"
expect_rc 0
exec 7>&- # the other process ends, its transaction rolled back
wait
CASE="$FAULT: the failed rotation spent nothing"
run_key refresh --rotate --store "$STORE" --now "$((T0 + 60))" "$REFRESH"
expect_rc 0

FAULT="sqlite: a read-only file"
if [ "$(id -u)" -eq 0 ]; then
  echo "note: $FAULT: skipped (root writes to read-only files)"
else
  mkdir "$TMP/ro"
  login "sqlite:$TMP/ro/store.db"
  chmod 444 "$TMP/ro/store.db"*
  chmod 555 "$TMP/ro"
  CASE="$FAULT: rotate"
  run_key refresh --rotate --store "sqlite:$TMP/ro/store.db" --now "$((T0 + 60))" "$REFRESH"
  expect_rc 2
  expect_out ""
  expect_err_contains "jwtool: store sqlite:$TMP/ro/store.db: "
  chmod 755 "$TMP/ro"
fi

finish
