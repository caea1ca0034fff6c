#!/usr/bin/env bash
# Interoperability of jwtool with two independent JWT implementations, in both directions:
# PyJWT (Debian's python3-jwt, pyjwt_peer.py) and the jose npm package (jose_peer.mjs).
#
#   JWTOOL=build/src/jwtool INTEROP_WORK_DIR=build/interop bash tests/interop/test_interop.sh
#
# - Tokens minted by each peer (HS256, HS384, HS512; claims of every JSON type, a unicode sub,
#   aud as a string and as a list) verify with jwtool and decode to the same claims, compared as
#   parsed JSON with strict types (jsoncheck.py); an expired one exits 3, a wrong key exits 1.
# - Tokens minted by jwtool (access, refresh, and a pair) verify with each peer, restricted to
#   the token's algorithm, and read back the same claims; each peer refuses a tampered one.
#
# Missing peers are installed: python3-jwt (and nodejs/npm when node is missing) with apt-get,
# jose with npm into INTEROP_WORK_DIR. Every generated file goes under INTEROP_WORK_DIR (a
# temporary folder, removed at exit, when unset), never into the source tree. Nothing reads the
# wall clock: jwtool gets --now, the peers mint with explicit iat/exp and verify against a
# fixed instant.
set -u
: "${JWTOOL:?JWTOOL must name the jwtool binary under test}"
interop_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

own_work=
if [ -z "${INTEROP_WORK_DIR:-}" ]; then
  INTEROP_WORK_DIR=$(mktemp -d)
  own_work=1
fi
mkdir -p "$INTEROP_WORK_DIR/tmp" || exit 1
WORK=$(cd "$INTEROP_WORK_DIR" && pwd)
export TMPDIR="$WORK/tmp" # lib.sh's $TMP goes there
export PYTHONDONTWRITEBYTECODE=1

# shellcheck source=../cli/lib.sh
. "$interop_dir/../cli/lib.sh"
trap 'rm -rf "$TMP"; [ -z "$own_work" ] || rm -rf "$WORK"' EXIT

# ---------------------------------------------------------------------------------------------
# Peers: install what is missing, quietly; nothing when all is there.

# jose 6 is ESM only and uses the WebCrypto global, there by default from Node 20 (Debian 12's
# nodejs is 18), so an older node gets the last jose 5, which still runs on Node 18.
JOSE_FOR_NODE20=6.2.17
JOSE_FOR_OLDER_NODE=5.10.0

setup_failed() {
  echo "FAIL: setup: $1"
  [ ! -s "$TMP/install.log" ] || sed 's/^/    /' "$TMP/install.log"
  exit 1
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

# apt_install PACKAGE...: install with apt-get, updating the package lists once if needed.
apt_install() {
  echo "installing $* (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get install -y -qq "$@" >"$TMP/install.log" 2>&1 && return 0
  as_root apt-get update -qq >>"$TMP/install.log" 2>&1 &&
    as_root apt-get install -y -qq "$@" >>"$TMP/install.log" 2>&1
}

# PyJWT from python3-jwt lives in Debian's python (/usr/bin/python3), which may not be the
# python3 first on PATH.
pick_python() {
  PY=${INTEROP_PYTHON:-}
  [ -n "$PY" ] || { [ -x /usr/bin/python3 ] && PY=/usr/bin/python3; } || PY=python3
}
pick_python
if ! "$PY" -c 'import jwt' 2>/dev/null; then
  apt_install python3-jwt || setup_failed "apt-get install python3-jwt failed"
  pick_python
  "$PY" -c 'import jwt' 2>/dev/null || setup_failed "$PY cannot import jwt after installing python3-jwt"
fi
PYJWT_VERSION=$("$PY" -c 'import jwt; print(jwt.__version__)')

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt_install nodejs npm || setup_failed "apt-get install nodejs npm failed"
fi
NODE_VERSION=$(node --version)
node_major=${NODE_VERSION#v}
node_major=${node_major%%.*}
if [ "$node_major" -ge 20 ]; then JOSE_VERSION=$JOSE_FOR_NODE20; else JOSE_VERSION=$JOSE_FOR_OLDER_NODE; fi
installed_jose=$(node -p 'require(process.argv[1]).version' "$WORK/node_modules/jose/package.json" 2>/dev/null)
if [ "$installed_jose" != "$JOSE_VERSION" ]; then
  echo "installing jose@$JOSE_VERSION (npm, into $WORK)"
  npm install --prefix "$WORK" --save-exact --no-audit --no-fund --loglevel=error \
    "jose@$JOSE_VERSION" >"$TMP/install.log" 2>&1 || setup_failed "npm install jose@$JOSE_VERSION failed"
fi
# ES modules resolve 'jose' from the importing file's folder: run the peer from $WORK.
cp "$interop_dir/jose_peer.mjs" "$WORK/jose_peer.mjs"
echo "peers: PyJWT $PYJWT_VERSION ($PY), jose $JOSE_VERSION (node $NODE_VERSION)"

# peer NAME mint|verify ARGS...: run a peer; sets PEER_OUT (stdout + stderr) and PEER_RC.
peer() {
  local name=$1
  shift
  case $name in
  pyjwt) "$PY" "$interop_dir/pyjwt_peer.py" "$@" >"$TMP/peer" 2>&1 ;;
  jose) node "$WORK/jose_peer.mjs" "$@" >"$TMP/peer" 2>&1 ;;
  esac
  PEER_RC=$?
  PEER_OUT=$(cat "$TMP/peer")
}

jsoncheck() { "$PY" "$interop_dir/jsoncheck.py" "$@" 2>&1; }

# ---------------------------------------------------------------------------------------------
# Checks: lib.sh's check, plus a line for every check that passes.

ck() {
  local failures=$FAILURES
  check "$@"
  [ "$FAILURES" -ne "$failures" ] || echo "ok: $1"
}

# ck_json WHAT EXPECTED ACTUAL [--subset]: EXPECTED and ACTUAL are jsoncheck.py specs.
ck_json() {
  ck "$1" "$(jsoncheck compare ${4:+"$4"} "$2" "$3")" same
}

# ---------------------------------------------------------------------------------------------
# Keys: printable ASCII, the hash's length, a trailing newline in the file (which jwtool and
# the peers drop), and a wrong key of the same length.

ALGS="HS256 HS384 HS512"
PEERS="pyjwt jose"
declare -A KEY=(
  [HS256]='interop HS256 key ~!@#%^&*()_+=0'
  [HS384]='interop HS384 key: The quick brown fox jumps! 01'
  [HS512]='interop HS512 key: Pack my box with five dozen liquor jugs. 0123'
)
declare -A WRONG_KEY=(
  [HS256]='WRONG HS256 key ~!@#%^&*()_+=012'
  [HS384]='WRONG HS384 key: The quick brown fox jumps! 0123'
  [HS512]='WRONG HS512 key: Pack my box with five dozen liquor jugs. 012345'
)
declare -A KEY_LENGTH=([HS256]=32 [HS384]=48 [HS512]=64)
for alg in $ALGS; do
  ck "key: $alg secret is ${KEY_LENGTH[$alg]} bytes" "${#KEY[$alg]}" "${KEY_LENGTH[$alg]}"
  ck "key: wrong $alg secret is ${KEY_LENGTH[$alg]} bytes" "${#WRONG_KEY[$alg]}" "${KEY_LENGTH[$alg]}"
  printf '%s\n' "${KEY[$alg]}" >"$TMP/key.$alg"
  printf '%s\n' "${WRONG_KEY[$alg]}" >"$TMP/wrong.$alg"
done

SUB='Zoë 🚀 日本'
IAT=1700000000
EXP=1700003600
NOW=1700000100 # between iat and exp

# claims FILE ISS AUD_JSON EXP: the claims a peer mints, every JSON type among them.
claims() {
  cat >"$1" <<EOF
{
  "sub": "$SUB",
  "iss": "$2",
  "aud": $3,
  "iat": $IAT,
  "nbf": $IAT,
  "exp": $4,
  "type": "access",
  "jti": "interop-$2-1",
  "name": "quote \" backslash \\\\ slash / tab \t newline \n control \u0001 é \u00e9 \ud83d\ude80",
  "empty": "",
  "count": 42,
  "zero": 0,
  "negative": -17,
  "max_safe_integer": 9007199254740991,
  "ratio": 1.5,
  "two": 2,
  "negative_float": -273.15,
  "pi": 3.141592653589793,
  "tenth": 0.1,
  "tiny": 1e-7,
  "yes": true,
  "no": false,
  "nothing": null,
  "mixed": [1, "two", 3.5, true, false, null, {"k": "v"}, [], "ü"],
  "nested": {"level1": {"level2": {"deep": [true, {"x": -1}], "n": 0.25}}, "empty_object": {}, "empty_array": []}
}
EOF
}

# ---------------------------------------------------------------------------------------------
# Peer -> jwtool

for p in $PEERS; do
  for alg in $ALGS; do
    key=$TMP/key.$alg
    for aud_kind in string list; do
      case $aud_kind in
      string) aud='"interop-api"' ;;
      list) aud='["interop-api", "second-audience", "Zoë"]' ;;
      esac
      c="$p->jwtool $alg aud=$aud_kind"
      claims "$TMP/claims.json" "$p" "$aud" "$EXP"

      peer "$p" mint "$alg" "$key" "$TMP/claims.json"
      ck "$c: $p mints (exit code)" "$PEER_RC" 0
      token=$PEER_OUT
      printf '%s\n' "$token" >"$TMP/token"
      jsoncheck payload "$token" >"$TMP/minted_payload.json"
      jsoncheck header "$token" >"$TMP/minted_header.json"
      # The peer put exactly our claims in its token (read without jwtool).
      ck_json "$c: $p's token carries the claims" "@$TMP/claims.json" "@$TMP/minted_payload.json"
      ck "$c: $p's token header alg" "$(jsoncheck get "@$TMP/minted_header.json:alg")" "$alg"

      run verify --json --now "$NOW" --secret-file "$key" "$token"
      printf '%s\n' "$OUT" >"$TMP/verify.json"
      ck "$c: jwtool verify (exit code)" "$RC" 0
      ck_json "$c: jwtool verify payload = $p's claims" "@$TMP/claims.json" "@$TMP/verify.json:payload"
      ck_json "$c: jwtool verify header = $p's header" "@$TMP/minted_header.json" "@$TMP/verify.json:header"
      ck "$c: jwtool verify alg" "$(jsoncheck get "@$TMP/verify.json:alg")" "$alg"

      run verify --alg "$alg" --type access --now "$NOW" --secret-file "$key" "$token"
      printf '%s\n' "$OUT" >"$TMP/verify_plain.json"
      ck "$c: jwtool verify --alg $alg --type access (exit code)" "$RC" 0
      ck_json "$c: jwtool verify (plain output) = $p's claims" "@$TMP/claims.json" "@$TMP/verify_plain.json"

      run decode --json --now "$NOW" "$token"
      printf '%s\n' "$OUT" >"$TMP/decode.json"
      ck "$c: jwtool decode (exit code)" "$RC" 0
      ck_json "$c: jwtool decode payload = $p's claims" "@$TMP/claims.json" "@$TMP/decode.json:payload"
      ck_json "$c: jwtool decode header = $p's header" "@$TMP/minted_header.json" "@$TMP/decode.json:header"

      # At the exp instant the token is expired (jwtool, PyJWT and jose agree: now >= exp).
      run verify --json --now "$EXP" --secret-file "$key" "$token"
      printf '%s\n' "$OUT" >"$TMP/verify.json"
      ck "$c: jwtool verify at exp (exit code)" "$RC" 3
      ck "$c: jwtool verify at exp (error)" "$(jsoncheck get "@$TMP/verify.json:error")" expired
    done

    c="$p->jwtool $alg"
    # An expired token, a wrong key, a wrong algorithm.
    claims "$TMP/claims.json" "$p" '"interop-api"' $((IAT + 50))
    peer "$p" mint "$alg" "$key" "$TMP/claims.json"
    ck "$c: $p mints an expired token (exit code)" "$PEER_RC" 0
    run verify --json --now "$NOW" --secret-file "$key" "$PEER_OUT"
    printf '%s\n' "$OUT" >"$TMP/verify.json"
    ck "$c: jwtool verify, expired token (exit code)" "$RC" 3
    ck "$c: jwtool verify, expired token (error)" "$(jsoncheck get "@$TMP/verify.json:error")" expired

    token=$(cat "$TMP/token")
    run verify --json --now "$NOW" --secret-file "$TMP/wrong.$alg" "$token"
    printf '%s\n' "$OUT" >"$TMP/verify.json"
    ck "$c: jwtool verify, wrong key (exit code)" "$RC" 1
    ck "$c: jwtool verify, wrong key (error)" "$(jsoncheck get "@$TMP/verify.json:error")" bad_signature

    other=HS256
    [ "$alg" != HS256 ] || other=HS512
    run verify --alg "$other" --now "$NOW" --secret-file "$key" "$token"
    ck "$c: jwtool verify --alg $other refuses it (exit code)" "$RC" 1
  done
done

# ---------------------------------------------------------------------------------------------
# jwtool -> peer

# peer_accepts C PEER ALG KEY TOKEN TYPE TTL: PEER verifies TOKEN (algorithms restricted to
# ALG) at NOW, and reads back the claims jwtool wrote.
peer_accepts() {
  local c=$1 p=$2 alg=$3 key=$4 token=$5 type=$6 ttl=$7
  peer "$p" verify "$alg" "$key" "$NOW" "$token"
  printf '%s\n' "$PEER_OUT" >"$TMP/peer.json"
  ck "$c: $p verifies (exit code)" "$PEER_RC" 0
  ck "$c: $p reads sub, type, iat, exp" \
    "$(jsoncheck compare --subset "{\"sub\": \"$SUB\", \"type\": \"$type\", \"iat\": $IAT, \"exp\": $((IAT + ttl))}" "@$TMP/peer.json:payload")" same
  ck_json "$c: $p's claims = jwtool decode's" "@$TMP/decode.json:payload" "@$TMP/peer.json:payload"
  ck "$c: $p reads header alg" "$(jsoncheck get "@$TMP/peer.json:header.alg")" "$alg"
}

# peer_refuses C PEER ALG KEY NOW TOKEN ERROR: PEER refuses TOKEN with ERROR.
peer_refuses() {
  local c=$1 p=$2 alg=$3 key=$4 now=$5 token=$6 error=$7
  peer "$p" verify "$alg" "$key" "$now" "$token"
  printf '%s\n' "$PEER_OUT" >"$TMP/peer.json"
  ck "$c: $p refuses (exit code)" "$PEER_RC" 1
  ck "$c: $p refuses (error)" "$(jsoncheck get "@$TMP/peer.json:error")" "$error"
}

declare -A SIGNATURE_ERROR=([pyjwt]=InvalidSignatureError [jose]=ERR_JWS_SIGNATURE_VERIFICATION_FAILED)
declare -A ALG_ERROR=([pyjwt]=InvalidAlgorithmError [jose]=ERR_JOSE_ALG_NOT_ALLOWED)
declare -A EXPIRED_ERROR=([pyjwt]=ExpiredSignatureError [jose]=ERR_JWT_EXPIRED)
ACCESS_TTL=1800
REFRESH_TTL=604800

for alg in $ALGS; do
  key=$TMP/key.$alg
  for kind in access refresh pair; do
    run issue --sub "$SUB" --type "$kind" --alg "$alg" --now "$IAT" --secret-file "$key"
    ck "jwtool->peers $alg $kind: jwtool issue (exit code)" "$RC" 0
    case $kind in
    pair)
      printf '%s\n' "$OUT" >"$TMP/pair.json"
      tokens="access:$(jsoncheck get "@$TMP/pair.json:access_token") refresh:$(jsoncheck get "@$TMP/pair.json:refresh_token")"
      ;;
    *) tokens="$kind:$OUT" ;;
    esac
    for entry in $tokens; do
      type=${entry%%:*}
      token=${entry#*:}
      ttl=$ACCESS_TTL
      [ "$type" = access ] || ttl=$REFRESH_TTL
      c="jwtool->peers $alg $type"
      [ "$kind" != pair ] || c="jwtool->peers $alg pair/$type"
      run decode --json --now "$NOW" "$token"
      printf '%s\n' "$OUT" >"$TMP/decode.json"
      ck "$c: jwtool decode (exit code)" "$RC" 0

      forged=$(jsoncheck tamper "$token")
      run verify --now "$NOW" --secret-file "$key" "$forged"
      ck "$c: jwtool refuses its tampered token (exit code)" "$RC" 1

      other=HS256
      [ "$alg" != HS256 ] || other=HS512
      for p in $PEERS; do
        peer_accepts "$c" "$p" "$alg" "$key" "$token" "$type" "$ttl"
        peer_refuses "$c, payload altered" "$p" "$alg" "$key" "$NOW" "$forged" "${SIGNATURE_ERROR[$p]}"
        peer_refuses "$c, wrong key" "$p" "$alg" "$TMP/wrong.$alg" "$NOW" "$token" "${SIGNATURE_ERROR[$p]}"
        peer_refuses "$c, only $other allowed" "$p" "$other" "$key" "$NOW" "$token" "${ALG_ERROR[$p]}"
        peer_refuses "$c, at exp" "$p" "$alg" "$key" "$((IAT + ttl))" "$token" "${EXPIRED_ERROR[$p]}"
      done
    done
  done
done

finish
