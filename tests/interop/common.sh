# Sourced by the interop tests (test_interop.sh, test_interop_pkey.sh): the work folder, the
# peers, the checks and the claims the peers mint.
#
# INTEROP_WORK_DIR: where every generated file goes (a temporary folder, removed at exit, when
# unset), never the source tree. INTEROP_PEERS_DIR: where jose is installed (default
# $INTEROP_WORK_DIR/peers). Missing peers are installed with scripts/interop-deps.sh; when that
# fails (no network, no root), the test fails with CI=true and is skipped otherwise (exit 77,
# ctest's SKIP_RETURN_CODE for these tests). Nothing reads the wall clock: jwtool gets --now,
# the peers mint with explicit iat/exp and verify against a fixed instant.
# shellcheck shell=bash disable=SC2034 # the variables set here are the sourcing test's
set -u
: "${JWTOOL:?JWTOOL must name the jwtool binary under test}"
interop_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source_root=$(cd "$interop_dir/../.." && pwd)

own_work=
if [ -z "${INTEROP_WORK_DIR:-}" ]; then
  INTEROP_WORK_DIR=$(mktemp -d)
  own_work=1
fi
mkdir -p "$INTEROP_WORK_DIR/tmp" || exit 1
WORK=$(cd "$INTEROP_WORK_DIR" && pwd)
PEERS_DIR=${INTEROP_PEERS_DIR:-$WORK/peers}
export TMPDIR="$WORK/tmp" # lib.sh's $TMP goes there
export PYTHONDONTWRITEBYTECODE=1

# shellcheck source=../cli/lib.sh
. "$interop_dir/../cli/lib.sh"
trap 'rm -rf "$TMP"; [ -z "$own_work" ] || rm -rf "$WORK"' EXIT

# ---------------------------------------------------------------------------------------------
# Peers

if ! "$source_root/scripts/interop-deps.sh" --check "$PEERS_DIR" 2>/dev/null; then
  if ! "$source_root/scripts/interop-deps.sh" "$PEERS_DIR" >"$TMP/install.log" 2>&1 </dev/null; then
    if [ "${CI:-}" = true ]; then
      echo "FAIL: setup: scripts/interop-deps.sh could not install the peers"
      tail -n 20 "$TMP/install.log" | sed 's/^/    /'
      exit 1
    fi
    echo "SKIP: the interop peers (PyJWT, node, jose) are missing and could not be installed here;"
    echo "      run scripts/interop-deps.sh $PEERS_DIR (it needs root or sudo and the package registries)"
    tail -n 20 "$TMP/install.log" | sed 's/^/    /'
    exit 77
  fi
fi

# PyJWT from python3-jwt lives in Debian's python (/usr/bin/python3), which may not be the
# python3 first on PATH.
PY=${INTEROP_PYTHON:-/usr/bin/python3}
PYJWT_VERSION=$("$PY" -c 'import jwt; print(jwt.__version__)')
CRYPTOGRAPHY_VERSION=$("$PY" -c 'import cryptography; print(cryptography.__version__)')
NODE_VERSION=$(node --version)
jose_version() { node -p 'require(process.argv[1]).version' "$PEERS_DIR/node_modules/$1/package.json"; }
JOSE_VERSION=$(jose_version jose)
JOSE5_VERSION=$(jose_version jose5)

# peer NAME mint|verify|... ARGS...: run a peer (pyjwt, jose, or jose5: jose 5, for what jose 6
# lacks); sets PEER_OUT (stdout + stderr) and PEER_RC.
peer() {
  local name=$1
  shift
  case $name in
  pyjwt) "$PY" "$interop_dir/pyjwt_peer.py" "$@" >"$TMP/peer" 2>&1 ;;
  jose) JOSE_MODULE=jose node "$PEERS_DIR/jose_peer.mjs" "$@" >"$TMP/peer" 2>&1 ;;
  jose5) JOSE_MODULE=jose5 node "$PEERS_DIR/jose_peer.mjs" "$@" >"$TMP/peer" 2>&1 ;;
  esac
  PEER_RC=$?
  PEER_OUT=$(cat "$TMP/peer")
}

declare -A SIGNATURE_ERROR=([pyjwt]=InvalidSignatureError [jose]=ERR_JWS_SIGNATURE_VERIFICATION_FAILED
  [jose5]=ERR_JWS_SIGNATURE_VERIFICATION_FAILED)
declare -A ALG_ERROR=([pyjwt]=InvalidAlgorithmError [jose]=ERR_JOSE_ALG_NOT_ALLOWED [jose5]=ERR_JOSE_ALG_NOT_ALLOWED)
declare -A EXPIRED_ERROR=([pyjwt]=ExpiredSignatureError [jose]=ERR_JWT_EXPIRED [jose5]=ERR_JWT_EXPIRED)

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

# peer_accepts C PEER ALG KEY TOKEN TYPE TTL: PEER verifies TOKEN (algorithms restricted to
# ALG) at NOW, and reads back the claims jwtool wrote (jwtool decode --json's, in
# $TMP/decode.json), iat = IAT and exp = IAT + TTL among them.
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

# ---------------------------------------------------------------------------------------------
# Claims

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
