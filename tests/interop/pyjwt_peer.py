#!/usr/bin/env python3
"""PyJWT (Debian's python3-jwt) as an interoperability peer of jwtool.

  pyjwt_peer.py mint ALG KEYFILE CLAIMSFILE      print a token signed by PyJWT
  pyjwt_peer.py verify ALG KEYFILE NOW TOKEN     verify TOKEN with PyJWT, ALG only

KEYFILE holds the secret and one trailing newline, which is dropped (as jwtool does).
verify never reads the wall clock: PyJWT's own exp/nbf/iat checks are turned off and the
same checks are made here against NOW (Unix seconds), with PyJWT's rules (expired when
exp <= NOW, refused when nbf > NOW or iat > NOW). It prints one JSON line,
{"ok": true, "header": ..., "payload": ...} and exits 0, or
{"ok": false, "error": <exception class>, "message": ...} and exits 1.
"""
import json
import sys

import jwt


def read_key(path):
    with open(path, "rb") as f:
        key = f.read()
    if key.endswith(b"\n"):
        key = key[:-1]
    return key


def mint(alg, keyfile, claimsfile):
    with open(claimsfile, encoding="utf-8") as f:
        claims = json.load(f)
    print(jwt.encode(claims, read_key(keyfile), algorithm=alg))


class ClockCheckError(Exception):
    pass


class ExpiredSignatureError(ClockCheckError):
    pass


class ImmatureSignatureError(ClockCheckError):
    pass


def verify(alg, keyfile, now, token):
    now = int(now)
    try:
        decoded = jwt.api_jwt.decode_complete(
            token,
            read_key(keyfile),
            algorithms=[alg],
            options={
                "verify_signature": True,
                "verify_exp": False,
                "verify_nbf": False,
                "verify_iat": False,
                "require": ["exp", "iat", "sub"],
            },
        )
        payload = decoded["payload"]
        for name in ("exp", "iat", "nbf"):
            if name in payload and (
                isinstance(payload[name], bool) or not isinstance(payload[name], (int, float))
            ):
                raise ClockCheckError(f"{name} is not a number")
        if payload["exp"] <= now:
            raise ExpiredSignatureError("Signature has expired")
        if payload["iat"] > now:
            raise ImmatureSignatureError("The token is not yet valid (iat)")
        if "nbf" in payload and payload["nbf"] > now:
            raise ImmatureSignatureError("The token is not yet valid (nbf)")
    except (jwt.PyJWTError, ClockCheckError) as e:
        print(json.dumps({"ok": False, "error": type(e).__name__, "message": str(e)}))
        return 1
    print(json.dumps({"ok": True, "header": decoded["header"], "payload": payload},
                     ensure_ascii=False))
    return 0


def main(argv):
    if len(argv) == 5 and argv[1] == "mint":
        mint(*argv[2:])
        return 0
    if len(argv) == 6 and argv[1] == "verify":
        return verify(*argv[2:])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
