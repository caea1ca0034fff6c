#!/usr/bin/env python3
"""PyJWT (Debian's python3-jwt) as an interoperability peer of jwtool.

  pyjwt_peer.py mint ALG KEYFILE CLAIMSFILE [KID]   print a token signed by PyJWT
  pyjwt_peer.py verify ALG KEYFILE NOW TOKEN        verify TOKEN with PyJWT, ALG only
  pyjwt_peer.py jwks ALG=PEMFILE...                 print a JWK Set of the public keys

For HS256/384/512, KEYFILE holds the secret and one trailing newline, which is dropped (as
jwtool does). For the other algorithms, mint takes a PEM private key (KID, when given, goes in
the header), and verify a PEM public key, a JWK, or a JWK Set whose key the token's kid picks.

verify never reads the wall clock: PyJWT's own exp/nbf/iat checks are turned off and the
same checks are made here against NOW (Unix seconds), with PyJWT's rules (expired when
exp <= NOW, refused when nbf > NOW or iat > NOW). It prints one JSON line,
{"ok": true, "header": ..., "payload": ...} and exits 0, or
{"ok": false, "error": <exception class>, "message": ...} and exits 1.

jwks builds the set with python3-cryptography, not PyJWT's to_jwk: PyJWT 2.6's EC to_jwk
drops leading zero bytes of x and y (RFC 7518 6.2.1.2 wants the full coordinate size), which
would change the key and its thumbprint once in 128 keys. Each key gets alg, use "sig" and
kid, its RFC 7638 SHA-256 thumbprint.
"""
import base64
import hashlib
import json
import sys

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_pem_private_key,
    load_pem_public_key,
)


def is_hmac(alg):
    return alg.startswith("HS")


def read_key(alg, path):
    with open(path, "rb") as f:
        key = f.read()
    if is_hmac(alg) and key.endswith(b"\n"):
        key = key[:-1]
    return key


def mint(alg, keyfile, claimsfile, kid=None):
    with open(claimsfile, encoding="utf-8") as f:
        claims = json.load(f)
    headers = {"kid": kid} if kid else None
    print(jwt.encode(claims, read_key(alg, keyfile), algorithm=alg, headers=headers))


def verification_key(alg, key, token):
    """The key for PyJWT: bytes (a secret or PEM), or the key a JWK (Set) holds."""
    if is_hmac(alg) or not key.lstrip().startswith(b"{"):
        return key
    jwk = json.loads(key)
    if "keys" not in jwk:
        return jwt.PyJWK.from_dict(jwk).key
    kid = jwt.get_unverified_header(token).get("kid")
    try:
        return jwt.PyJWKSet.from_dict(jwk)[kid].key
    except KeyError as e:
        raise NoKeyError(str(e)) from None


class ClockCheckError(Exception):
    pass


class ExpiredSignatureError(ClockCheckError):
    pass


class ImmatureSignatureError(ClockCheckError):
    pass


class NoKeyError(Exception):
    pass


def verify(alg, keyfile, now, token):
    now = int(now)
    try:
        decoded = jwt.api_jwt.decode_complete(
            token,
            verification_key(alg, read_key(alg, keyfile), token),
            algorithms=[alg],
            options={
                "verify_signature": True,
                "verify_exp": False,
                "verify_nbf": False,
                "verify_iat": False,
                # No audience is asked for: PyJWT would refuse every token that has aud.
                "verify_aud": False,
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
    except (jwt.PyJWTError, ClockCheckError, NoKeyError) as e:
        print(json.dumps({"ok": False, "error": type(e).__name__, "message": str(e)}))
        return 1
    print(json.dumps({"ok": True, "header": decoded["header"], "payload": payload},
                     ensure_ascii=False))
    return 0


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def uint(n, size=None):
    return b64(n.to_bytes(size or (n.bit_length() + 7) // 8, "big"))


EC_CURVES = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521", "secp256k1": "secp256k1"}


def public_jwk(alg, pem):
    """The public JWK of PEM (a public or private key), with alg, use and kid."""
    key = load_pem_public_key(pem) if b"PUBLIC KEY" in pem else load_pem_private_key(pem, None).public_key()
    if isinstance(key, rsa.RSAPublicKey):
        numbers = key.public_numbers()
        jwk = {"kty": "RSA", "n": uint(numbers.n), "e": uint(numbers.e)}
        required = ("e", "kty", "n")
    elif isinstance(key, ec.EllipticCurvePublicKey):
        numbers = key.public_numbers()
        size = (key.curve.key_size + 7) // 8
        jwk = {"kty": "EC", "crv": EC_CURVES[key.curve.name],
               "x": uint(numbers.x, size), "y": uint(numbers.y, size)}
        required = ("crv", "kty", "x", "y")
    elif isinstance(key, (ed25519.Ed25519PublicKey, ed448.Ed448PublicKey)):
        crv = "Ed25519" if isinstance(key, ed25519.Ed25519PublicKey) else "Ed448"
        jwk = {"kty": "OKP", "crv": crv, "x": b64(key.public_bytes(Encoding.Raw, PublicFormat.Raw))}
        required = ("crv", "kty", "x")
    else:
        raise ValueError(f"unexpected key type {type(key).__name__}")
    canonical = json.dumps({name: jwk[name] for name in required}, separators=(",", ":"))
    jwk.update(alg=alg, use="sig", kid=b64(hashlib.sha256(canonical.encode()).digest()))
    return jwk


def jwks(specs):
    keys = []
    for spec in specs:
        alg, _, path = spec.partition("=")
        with open(path, "rb") as f:
            keys.append(public_jwk(alg, f.read()))
    print(json.dumps({"keys": keys}, indent=2))


def main(argv):
    if len(argv) in (5, 6) and argv[1] == "mint":
        mint(*argv[2:])
        return 0
    if len(argv) == 6 and argv[1] == "verify":
        return verify(*argv[2:])
    if len(argv) >= 3 and argv[1] == "jwks":
        jwks(argv[2:])
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
