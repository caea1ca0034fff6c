#!/usr/bin/env python3
"""Checks a private JWK written by `jwtool keygen --format jwk`, independently of jwtool.

Usage: check_private_jwk.py FILE ALG KID CRV_OR_BITS
  KID: the expected kid, or empty for the RFC 7638 thumbprint, computed here with hashlib.
  CRV_OR_BITS: the curve ("P-256", ..., "Ed448"), or for RS*/PS* the bits of the modulus.
Prints "ok", or one line per problem: the members and their order, kty/alg/use/crv, sizes, the kid,
and that the private members belong to the public ones (RSA arithmetic, d*G on the EC curve in pure
Python, the Edwards public key derived by openssl from d).
"""
import base64, hashlib, json, math, subprocess, sys

path, alg, want_kid, want_crv = sys.argv[1:5]  # want_crv: the bits for RSA
problems = []
with open(path) as f:
    pairs = json.load(f, object_pairs_hook=lambda p: p)
jwk = dict(pairs)
names = [name for name, _ in pairs]

def b64(name):
    text = jwk.get(name, "")
    if not isinstance(text, str) or "=" in text or any(c not in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_" for c in text):
        problems.append(f"{name} is not base64url")
        return b""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))

def integer(name):
    return int.from_bytes(b64(name), "big")

# Curve: (p, a, b, Gx, Gy, coordinate bytes)
CURVES = {
    "P-256": (2**256 - 2**224 + 2**192 + 2**96 - 1, -3,
              0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b,
              0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296,
              0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5, 32),
    "P-384": (2**384 - 2**128 - 2**96 + 2**32 - 1, -3,
              0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef,
              0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7,
              0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f, 48),
    "P-521": (2**521 - 1, -3,
              0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00,
              0x00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66,
              0x011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650, 66),
    "secp256k1": (2**256 - 2**32 - 977, 0, 7,
                  0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798,
                  0x483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8, 32),
}

def ec_multiply(k, point, p, a):
    def add(P, Q):
        if P is None: return Q
        if Q is None: return P
        if P[0] == Q[0] and (P[1] + Q[1]) % p == 0: return None
        if P == Q:
            s = (3 * P[0] * P[0] + a) * pow(2 * P[1], -1, p) % p
        else:
            s = (Q[1] - P[1]) * pow(Q[0] - P[0], -1, p) % p
        x = (s * s - P[0] - Q[0]) % p
        return (x, (s * (P[0] - x) - P[1]) % p)
    result = None
    while k:
        if k & 1: result = add(result, point)
        point = add(point, point)
        k >>= 1
    return result

kty = {"RS": "RSA", "PS": "RSA", "ES": "EC", "Ed": "OKP"}[alg[:2]]
members = {"RSA": ["n", "e", "d", "p", "q", "dp", "dq", "qi"], "EC": ["crv", "x", "y", "d"], "OKP": ["crv", "x", "d"]}[kty]
if names != ["kty", "kid", "alg", "use"] + members:
    problems.append(f"members {names}")
for name, value in (("kty", kty), ("alg", alg), ("use", "sig")):
    if jwk.get(name) != value:
        problems.append(f"{name} is {jwk.get(name)!r}, not {value!r}")
if kty != "RSA" and jwk.get("crv") != want_crv:
    problems.append(f"crv is {jwk.get('crv')!r}, not {want_crv!r}")

required = {"RSA": ["e", "kty", "n"], "EC": ["crv", "kty", "x", "y"], "OKP": ["crv", "kty", "x"]}[kty]
canonical = json.dumps({name: jwk.get(name) for name in required}, separators=(",", ":"), sort_keys=True)
thumbprint = base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).decode().rstrip("=")
if jwk.get("kid") != (want_kid or thumbprint):
    problems.append(f"kid is {jwk.get('kid')!r}, not {want_kid or thumbprint!r}")

if kty == "RSA":
    n, e, d, p, q, dp, dq, qi = (integer(name) for name in members)
    if len(b64("n")) * 8 != int(want_crv): problems.append(f"n has {len(b64('n')) * 8} bits")
    if jwk["e"] != "AQAB": problems.append("e is not 65537")
    if n != p * q: problems.append("n is not p*q")
    if (e * d) % math.lcm(p - 1, q - 1) != 1: problems.append("d is not the inverse of e")
    if dp != d % (p - 1) or dq != d % (q - 1): problems.append("dp, dq do not match d")
    if (qi * q) % p != 1: problems.append("qi is not the inverse of q mod p")
elif kty == "EC":
    p, a, b, gx, gy, size = CURVES[want_crv]
    x, y, d = (integer(name) for name in ("x", "y", "d"))
    if any(len(b64(name)) != size for name in ("x", "y", "d")): problems.append("x, y or d of the wrong size")
    if (y * y - x * x * x - a * x - b) % p != 0: problems.append("(x, y) is not on the curve")
    if ec_multiply(d, (gx, gy), p, a) != (x, y): problems.append("(x, y) is not d times the generator")
else:
    size, prefix = {"Ed25519": (32, "302e020100300506032b657004220420"),
                    "Ed448": (57, "3047020100300506032b6571043b0439")}[want_crv]
    x, d = b64("x"), b64("d")
    if len(x) != size or len(d) != size: problems.append("x or d of the wrong size")
    public = subprocess.run(["openssl", "pkey", "-inform", "DER", "-pubout", "-outform", "DER"],
                            input=bytes.fromhex(prefix) + d, capture_output=True).stdout
    if public[-size:] != x: problems.append("x is not the public key of d")
print("\n".join(problems) if problems else "ok")
