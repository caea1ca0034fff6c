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
# The work folder, the peers (installed when missing, or the test skipped) and the checks:
# common.sh. The public-key algorithms: test_interop_pkey.sh.
# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
echo "peers: PyJWT $PYJWT_VERSION ($PY), jose $JOSE_VERSION (node $NODE_VERSION)"

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
