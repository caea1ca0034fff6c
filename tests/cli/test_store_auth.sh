#!/usr/bin/env bash
# Reaching a store: a Redis server that asks for a password (the default user's, an ACL user's),
# over TCP and a Unix socket, the password from a file or the environment and never in a URL
# or a message; rediss:// refused; --store none; the SQLite file's mode and name.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../redis_server.sh"
trap 'stop_redis; rm -rf "$TMP"' EXIT
unset JWTOOL_STORE JWTOOL_STORE_PASSWORD JWTOOL_STORE_PASSWORD_FILE
T0=1700000000

# Secrets that must never show in any output: the server's password, the ACL user's, and a
# wrong one that is tried.
CANARY=canary-Qm7Zp2Lx9w
USER_PASSWORD=canary-user-4Rt8Kd
WRONG=canary-wrong-J3nV6s
HINT='give it in $JWTOOL_STORE_PASSWORD or in a file ($JWTOOL_STORE_PASSWORD_FILE, --store-password-file PATH)'
ACL="resetkeys ~jwtool:* resetchannels -@all +select +eval +evalsha +@read +@write -@dangerous"

mkdir "$TMP/redis"
SOCKET=$TMP/redis/redis.sock
start_redis "$TMP/redis" "requirepass $CANARY" "user jwtool on >$USER_PASSWORD $ACL" \
  "unixsocket $SOCKET" "unixsocketperm 700" || { echo "FAIL: cannot start redis-server"; exit 1; }
TCP=$REDIS_URL
ADDRESS=${TCP#redis://}
printf '%s\n' "$CANARY" >"$TMP/password"
printf '%s\r\n' "$USER_PASSWORD" >"$TMP/user-password" # a CRLF line end is dropped too
printf '%s\n' "$WRONG" >"$TMP/wrong-password"

# no_secret: nothing the last run printed holds a password.
no_secret() {
  local secret
  for secret in "$CANARY" "$USER_PASSWORD" "$WRONG"; do
    check "$CASE: no password in the output" "$(printf '%s\n%s\n' "$OUT" "$ERR" | grep -c -F -- "$secret")" 0
  done
}

# flow NAME STORE ARGS...: a login, a rotation, a revocation and a refused token through STORE,
# with ARGS (the password flag, if any) on every call.
flow() {
  local name=$1 store=$2
  shift 2
  CASE="$name: login"
  run_key issue --sub alice --type pair --store "$store" --now "$T0" "$@"
  expect_rc 0
  expect_err ""
  no_secret
  local refresh access
  refresh=$(json_string "$OUT" refresh_token)
  CASE="$name: rotation"
  run_key refresh --rotate --store "$store" --now "$((T0 + 60))" "$@" "$refresh"
  expect_rc 0
  expect_err ""
  access=$(json_string "$OUT" access_token)
  CASE="$name: the spent refresh token again"
  run_key refresh --rotate --store "$store" --now "$((T0 + 70))" "$@" "$refresh"
  expect_rc 6
  expect_err "jwtool: Refresh token reuse detected - session revoked"
  CASE="$name: the session is revoked"
  run_key verify --store "$store" --now "$((T0 + 80))" "$@" "$access"
  expect_rc 6
  expect_err_contains "was revoked"
  CASE="$name: revoke a token"
  run_key issue --sub bob --type pair --store "$store" --now "$T0" "$@"
  access=$(json_string "$OUT" access_token)
  run_key revoke --store "$store" --now "$((T0 + 60))" "$@" "$access"
  expect_rc 0
  run_key verify --store "$store" --now "$((T0 + 60))" "$@" "$access"
  expect_rc 6
  expect_err "jwtool: the token was revoked"
  CASE="$name: revoke --session (no key)"
  run revoke --store "$store" --now "$((T0 + 60))" --session "$("$JWTOOL" decode --claim-value sid "$access")" "$@"
  expect_rc 0
  no_secret
}

flow "--store-password-file" "$TCP" --store-password-file "$TMP/password"
export JWTOOL_STORE_PASSWORD_FILE=$TMP/password
flow "\$JWTOOL_STORE_PASSWORD_FILE" "$TCP/1"
unset JWTOOL_STORE_PASSWORD_FILE
export JWTOOL_STORE_PASSWORD=$CANARY
flow "\$JWTOOL_STORE_PASSWORD" "$TCP/2"
flow "a Unix socket" "redis+unix://$SOCKET?db=3"
unset JWTOOL_STORE_PASSWORD
flow "an ACL user held to jwtool's keys" "redis://jwtool@$ADDRESS/4" --store-password-file "$TMP/user-password"
flow "an ACL user on the Unix socket" "redis+unix://jwtool@$SOCKET" --store-password-file "$TMP/user-password"
CASE="the flag wins over the environment"
JWTOOL_STORE_PASSWORD=$WRONG run_key issue --sub alice --type pair --store "$TCP" --now "$T0" \
  --store-password-file "$TMP/password"
expect_rc 0
no_secret

# A token with jti and no sid, and one with sid and no jti: looked up under their own key only.
# The ACL user may touch jwtool:* keys alone, so a lookup of another key would be refused; a
# key planted where an empty id would lead is never read.
redis-cli -p "$REDIS_PORT" --user default --pass "$CANARY" --no-auth-warning SET "" revoked >/dev/null
run_key issue --sub alice --now "$T0"
NO_SID=$OUT
run_key issue --sub alice --no-jti --claim sid=some-session --now "$T0"
NO_JTI=$OUT
for who in "jwtool $USER_PASSWORD" "default $CANARY"; do
  user=${who% *}
  store="redis://$user@$ADDRESS"
  [ "$user" = default ] && store=$TCP
  CASE="$user: a token without sid"
  JWTOOL_STORE_PASSWORD=${who#* } run_key verify --store "$store" --now "$((T0 + 60))" "$NO_SID"
  expect_rc 0
  expect_err ""
  CASE="$user: a token without jti"
  JWTOOL_STORE_PASSWORD=${who#* } run_key verify --store "$store" --now "$((T0 + 60))" "$NO_JTI"
  expect_rc 0
  expect_err ""
done
redis-cli -p "$REDIS_PORT" --user default --pass "$CANARY" --no-auth-warning DEL "" >/dev/null

# Every command that uses a store, with the failure expected: exit 2, nothing on standard
# output, one line exactly MESSAGE on standard error, and no password anywhere.
run_key issue --sub alice --type pair --store "$TCP" --now "$T0" --store-password-file "$TMP/password"
ACCESS=$(json_string "$OUT" access_token)
REFRESH=$(json_string "$OUT" refresh_token)
fails() {
  local message=$1 store=$2 what
  shift 2
  for what in verify rotate revoke revoke-session login; do
    CASE="$FAULT: $what"
    case $what in
    verify) run_key verify --store "$store" --now "$((T0 + 60))" "$@" "$ACCESS" ;;
    rotate) run_key refresh --rotate --store "$store" --now "$((T0 + 60))" "$@" "$REFRESH" ;;
    revoke) run_key revoke --store "$store" --now "$((T0 + 60))" "$@" "$ACCESS" ;;
    revoke-session) run revoke --store "$store" --now "$((T0 + 60))" --session some-session "$@" ;;
    login) run_key issue --sub alice --type pair --store "$store" --now "$T0" "$@" ;;
    esac
    expect_rc 2
    expect_out ""
    expect_err "jwtool: $message"
    no_secret
  done
}

FAULT="no password"
fails "store $TCP/0: the server asks for a password: $HINT" "$TCP"
fails "store $TCP/5: the server asks for a password: $HINT" "$TCP/5"
fails "store redis+unix://$SOCKET?db=0: the server asks for a password: $HINT" "redis+unix://$SOCKET"
FAULT="a user and no password"
fails "store $TCP/0: a user is named, but no password: $HINT" "redis://jwtool@$ADDRESS"

WRONGPASS="authentication failed (WRONGPASS invalid username-password pair or user is disabled.)"
FAULT="a wrong password"
fails "store $TCP/0: $WRONGPASS" "$TCP" --store-password-file "$TMP/wrong-password"
fails "store redis+unix://$SOCKET?db=1: $WRONGPASS" "redis+unix://$SOCKET?db=1" --store-password-file "$TMP/wrong-password"
FAULT="the ACL user with the default user's password"
fails "store $TCP/0: $WRONGPASS" "redis://jwtool@$ADDRESS" --store-password-file "$TMP/password"
FAULT="a wrong password in \$JWTOOL_STORE_PASSWORD"
export JWTOOL_STORE_PASSWORD=$WRONG
fails "store $TCP/0: $WRONGPASS" "$TCP"
unset JWTOOL_STORE_PASSWORD

REFUSED="a password in the URL is refused (other processes can read it): $HINT"
FAULT="a password in the URL"
fails "store redis://… (not shown): $REFUSED" "redis://:$CANARY@$ADDRESS"
fails "store redis://… (not shown): $REFUSED" "redis://jwtool:$USER_PASSWORD@$ADDRESS/1"
fails "store redis://… (not shown): $REFUSED" "redis://:$WRONG@$ADDRESS:port"
fails "store redis://… (not shown): $REFUSED" "redis://jwtool:$CANARY/x@$ADDRESS"
fails "store redis+unix://… (not shown): $REFUSED" "redis+unix://:$CANARY@$SOCKET"
FAULT="a password where the user goes"
fails "store redis://… (not shown): the port is not a number from 1 to 65535" \
  "redis://$CANARY@127.0.0.1:x"
FAULT="TLS"
fails "store rediss://…: TLS is not supported (this hiredis has no TLS); reach the server through a local TLS tunnel (stunnel, socat) and give its redis:// address" \
  "rediss://:$CANARY@$ADDRESS"

FAULT="the password file"
fails "--store-password-file: cannot read the file: No such file or directory" "$TCP" \
  --store-password-file "$TMP/$CANARY" # a password given where its file was meant: not echoed
: >"$TMP/empty"
fails "--store-password-file: the password is empty" "$TCP" --store-password-file "$TMP/empty"
fails "--store-password-file: give a file, not standard input (it carries tokens)" "$TCP" --store-password-file -
export JWTOOL_STORE_PASSWORD_FILE=$TMP/$CANARY
fails "\$JWTOOL_STORE_PASSWORD_FILE: cannot read the file: No such file or directory" "$TCP"
export JWTOOL_STORE_PASSWORD=$CANARY
fails "both \$JWTOOL_STORE_PASSWORD and \$JWTOOL_STORE_PASSWORD_FILE are set: unset one" "$TCP"
unset JWTOOL_STORE_PASSWORD_FILE
export JWTOOL_STORE_PASSWORD=
fails "\$JWTOOL_STORE_PASSWORD is set but empty" "$TCP"
unset JWTOOL_STORE_PASSWORD
for command in issue verify refresh revoke; do
  CASE="$command --store-password-file \"\""
  run "$command" --store "$TCP" --store-password-file ""
  expect_rc 2
  expect_err "jwtool: --store-password-file: the value is empty (an unset variable?); leave the flag out instead (see 'jwtool help $command')"
done

FAULT="the server stopped"
stop_redis
export JWTOOL_STORE_PASSWORD=$CANARY
fails "store $TCP/0: cannot connect: Connection refused" "$TCP"
fails "store redis+unix://$SOCKET?db=0: cannot connect: No such file or directory" "redis+unix://$SOCKET"
unset JWTOOL_STORE_PASSWORD

# --store none: no store, whatever $JWTOOL_STORE says; an empty --store is refused, so an unset
# variable cannot switch the store off.
STORE=sqlite:$TMP/store.db
run_key issue --sub alice --type pair --store "$STORE" --now "$T0"
ACCESS=$(json_string "$OUT" access_token)
run_key revoke --store "$STORE" --now "$((T0 + 10))" "$ACCESS"
for command in issue verify refresh revoke; do
  CASE="$command --store \"\""
  token=("$ACCESS")
  [ "$command" = issue ] && token=(--sub alice)
  JWTOOL_STORE=$STORE run_key "$command" --store "" --now "$((T0 + 20))" "${token[@]}"
  expect_rc 2
  expect_out ""
  expect_err "jwtool: --store: the value is empty (an unset variable?); give --store none for no store instead (see 'jwtool help $command')"
done
CASE="\$JWTOOL_STORE: the revoked token"
JWTOOL_STORE=$STORE run_key verify --now "$((T0 + 20))" "$ACCESS"
expect_rc 6
CASE="--store none over \$JWTOOL_STORE"
JWTOOL_STORE=$STORE run_key verify --store none --now "$((T0 + 20))" "$ACCESS"
expect_rc 0
expect_err ""
CASE="--store none over an unusable \$JWTOOL_STORE"
JWTOOL_STORE=sqlite:$TMP/missing/store.db run_key verify --store none --now "$((T0 + 20))" "$ACCESS"
expect_rc 0
CASE="\$JWTOOL_STORE=none"
JWTOOL_STORE=none run_key verify --now "$((T0 + 20))" "$ACCESS"
expect_rc 0
CASE="--store none: a login starts no session"
JWTOOL_STORE=$STORE run_key issue --sub alice --type pair --store none --now "$T0"
expect_rc 0
check "$CASE: no sid" "$("$JWTOOL" decode --claim-value sid "$(json_string "$OUT" refresh_token)" 2>&1)" \
  'jwtool: the token has no "sid" claim'
CASE="revoke --store none"
JWTOOL_STORE=$STORE run_key revoke --store none --now "$((T0 + 20))" "$ACCESS"
expect_rc 2
expect_err "jwtool: revoke needs a token store: give --store URL or set \$JWTOOL_STORE"

# SQLite: a new store is private to its owner; "file:" would be read as a URI, so it is refused.
CASE="sqlite: a new store's mode"
mkdir "$TMP/modes"
(umask 022 && "$JWTOOL" issue --sub alice --type pair --store "sqlite:$TMP/modes/store.db" --now "$T0" \
  --secret-file "$TMP/key" >/dev/null)
check "$CASE" "$(cd "$TMP/modes" && stat -c '%n %a' store.db*)" "store.db 600"
URI="file:$TMP/uri.db?mode=memory"
FAULT="sqlite: a file: URI"
fails "store sqlite:$URI: SQLite reads a name starting with \"file:\" as a URI; for a file of that name write sqlite:./$URI" \
  "sqlite:$URI"

finish
