"""Public-key signatures for generate.py, from the standard library alone: RSA (PKCS#1 v1.5 and
PSS), ECDSA on P-256, P-384 and secp256k1, Ed25519 (RFC 8032 §6), and the PEM and JWK forms
of their keys.

Slow, not constant-time, for test keys only: they protect nothing. Everything is deterministic
(keys from a seed, ECDSA nonces and PSS salts derived from the key and the message), so that
generate.py writes the same corpus every time.
"""

import base64
import hashlib
import hmac
import random


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def int_bytes(value: int, size: int = 0) -> bytes:
    """Big-endian, `size` bytes, or as few as the value needs (a JWK's Base64urlUInt)."""
    return value.to_bytes(size or max(1, (value.bit_length() + 7) // 8), "big")


# --- DER and PEM ----------------------------------------------------------------------------
def der(tag: int, content: bytes) -> bytes:
    size = len(content)
    if size < 0x80:
        length = bytes([size])
    else:
        raw = int_bytes(size)
        length = bytes([0x80 | len(raw)]) + raw
    return bytes([tag]) + length + content


def der_int(value: int) -> bytes:
    raw = int_bytes(value)
    return der(0x02, b"\0" + raw if raw[0] & 0x80 else raw)


def der_seq(*items: bytes) -> bytes:
    return der(0x30, b"".join(items))


def der_oid(dotted: str) -> bytes:
    parts = [int(p) for p in dotted.split(".")]
    out = bytearray([40 * parts[0] + parts[1]])
    for part in parts[2:]:
        chunk = [part & 0x7F]
        part >>= 7
        while part:
            chunk.append(0x80 | (part & 0x7F))
            part >>= 7
        out += bytes(reversed(chunk))
    return der(0x06, bytes(out))


def der_bits(data: bytes) -> bytes:
    return der(0x03, b"\0" + data)


def pem(label: str, data: bytes) -> str:
    text = base64.b64encode(data).decode("ascii")
    lines = [text[i : i + 64] for i in range(0, len(text), 64)]
    return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----\n"


# --- RSA ------------------------------------------------------------------------------------
_SMALL_PRIMES = [p for p in range(3, 2000, 2) if all(p % d for d in range(3, int(p**0.5) + 1, 2))]


def _probable_prime(n: int, rng: random.Random) -> bool:
    if any(n % p == 0 for p in _SMALL_PRIMES):
        return False
    d, r = n - 1, 0
    while d % 2 == 0:
        d, r = d // 2, r + 1
    for _ in range(40):
        x = pow(rng.randrange(2, n - 1), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def _prime(bits: int, rng: random.Random) -> int:
    while True:
        # The top two bits set, so that the product of two has exactly 2 * bits bits.
        candidate = rng.getrandbits(bits) | (3 << (bits - 2)) | 1
        if _probable_prime(candidate, rng):
            return candidate


class RsaKey:
    E = 65537

    def __init__(self, bits: int, seed: str):
        rng = random.Random(seed)
        while True:
            p, q = _prime(bits // 2, rng), _prime(bits // 2, rng)
            phi = (p - 1) * (q - 1)
            if p != q and phi % self.E and (p * q).bit_length() == bits:
                break
        self.p, self.q = max(p, q), min(p, q)
        self.n = p * q
        self.d = pow(self.E, -1, phi)
        self.size = bits // 8

    def private_numbers(self) -> dict:
        return {"d": self.d, "p": self.p, "q": self.q, "dp": self.d % (self.p - 1), "dq": self.d % (self.q - 1),
                "qi": pow(self.q, -1, self.p)}

    def jwk(self, private: bool = False, **extra) -> dict:
        out = {"kty": "RSA", "n": b64u(int_bytes(self.n)), "e": b64u(int_bytes(self.E))}
        if private:
            out.update({name: b64u(int_bytes(value)) for name, value in self.private_numbers().items()})
        out.update(extra)
        return out

    def spki_der(self) -> bytes:
        rsa_public = der_seq(der_int(self.n), der_int(self.E))
        return der_seq(der_seq(der_oid("1.2.840.113549.1.1.1"), der(0x05, b"")), der_bits(rsa_public))

    def pkcs1_private_pem(self) -> str:
        numbers = self.private_numbers()
        body = der_seq(*(der_int(v) for v in (0, self.n, self.E, self.d, self.p, self.q, numbers["dp"],
                                              numbers["dq"], numbers["qi"])))
        return pem("RSA PRIVATE KEY", body)

    def _private_op(self, message: bytes) -> bytes:
        return int_bytes(pow(int.from_bytes(message, "big"), self.d, self.n), self.size)

    # RFC 8017 §9.2: the DigestInfo prefixes of SHA-256, SHA-384, SHA-512.
    _DIGEST_INFO = {
        "sha256": bytes.fromhex("3031300d060960864801650304020105000420"),
        "sha384": bytes.fromhex("3041300d060960864801650304020205000430"),
        "sha512": bytes.fromhex("3051300d060960864801650304020305000440"),
    }

    def sign_pkcs1(self, data: bytes, hash_name: str = "sha256") -> bytes:
        t = self._DIGEST_INFO[hash_name] + hashlib.new(hash_name, data).digest()
        return self._private_op(b"\0\1" + b"\xff" * (self.size - len(t) - 3) + b"\0" + t)

    def sign_pss(self, data: bytes, hash_name: str = "sha256", salt_size: int = -1) -> bytes:
        """RFC 8017 §9.1.1, MGF1 with the same hash; salt_size -1: the hash's size (RFC 7518 §3.5)."""
        h_len = hashlib.new(hash_name).digest_size
        salt_size = h_len if salt_size < 0 else salt_size
        salt = hmac.new(int_bytes(self.d), data, hashlib.sha512).digest()[:salt_size]
        em_bits = self.n.bit_length() - 1
        em_len = (em_bits + 7) // 8
        m_hash = hashlib.new(hash_name, data).digest()
        h = hashlib.new(hash_name, b"\0" * 8 + m_hash + salt).digest()
        db = b"\0" * (em_len - salt_size - h_len - 2) + b"\1" + salt
        mask = b""
        counter = 0
        while len(mask) < len(db):
            mask += hashlib.new(hash_name, h + counter.to_bytes(4, "big")).digest()
            counter += 1
        masked = bytearray(a ^ b for a, b in zip(db, mask))
        masked[0] &= 0xFF >> (8 * em_len - em_bits)
        return self._private_op(bytes(masked) + h + b"\xbc")


# --- ECDSA ----------------------------------------------------------------------------------
class Curve:
    def __init__(self, name, p, a, b, gx, gy, n, size, oid, hash_name):
        self.name, self.p, self.a, self.b, self.n, self.size = name, p, a, b, n, size
        self.g = (gx, gy)
        self.oid, self.hash_name = oid, hash_name

    def add(self, P, Q):
        if P is None:
            return Q
        if Q is None:
            return P
        if P[0] == Q[0] and (P[1] + Q[1]) % self.p == 0:
            return None
        if P == Q:
            slope = (3 * P[0] * P[0] + self.a) * pow(2 * P[1], -1, self.p)
        else:
            slope = (Q[1] - P[1]) * pow(Q[0] - P[0], -1, self.p)
        x = (slope * slope - P[0] - Q[0]) % self.p
        return x, (slope * (P[0] - x) - P[1]) % self.p

    def mul(self, k, P):
        result = None
        while k:
            if k & 1:
                result = self.add(result, P)
            P = self.add(P, P)
            k >>= 1
        return result


P256 = Curve("P-256", 2**256 - 2**224 + 2**192 + 2**96 - 1, -3,
             0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B,
             0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
             0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5,
             0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551, 32, "1.2.840.10045.3.1.7", "sha256")
P384 = Curve("P-384", 2**384 - 2**128 - 2**96 + 2**32 - 1, -3,
             0xB3312FA7E23EE7E4988E056BE3F82D19181D9C6EFE8141120314088F5013875AC656398D8A2ED19D2A85C8EDD3EC2AEF,
             0xAA87CA22BE8B05378EB1C71EF320AD746E1D3B628BA79B9859F741E082542A385502F25DBF55296C3A545E3872760AB7,
             0x3617DE4A96262C6F5D9E98BF9292DC29F8F41DBD289A147CE9DA3113B5F0B8C00A60B1CE1D7E819D7A431D7C90EA0E5F,
             0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973, 48,
             "1.3.132.0.34", "sha384")
SECP256K1 = Curve("secp256k1", 2**256 - 2**32 - 977, 0, 7,
                  0x79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798,
                  0x483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8,
                  0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141, 32, "1.3.132.0.10", "sha256")


class EcKey:
    def __init__(self, curve: Curve, seed: str):
        self.curve = curve
        self.d = int.from_bytes(hashlib.sha512(seed.encode()).digest(), "big") % (curve.n - 1) + 1
        self.q = curve.mul(self.d, curve.g)

    def jwk(self, private: bool = False, **extra) -> dict:
        size = self.curve.size
        out = {"kty": "EC", "crv": self.curve.name, "x": b64u(int_bytes(self.q[0], size)),
               "y": b64u(int_bytes(self.q[1], size))}
        if private:
            out["d"] = b64u(int_bytes(self.d, size))
        out.update(extra)
        return out

    def point(self) -> bytes:
        return b"\4" + int_bytes(self.q[0], self.curve.size) + int_bytes(self.q[1], self.curve.size)

    def spki_der(self) -> bytes:
        algorithm = der_seq(der_oid("1.2.840.10045.2.1"), der_oid(self.curve.oid))
        return der_seq(algorithm, der_bits(self.point()))

    def sign_rs(self, data: bytes):
        """r and s; the nonce from HMAC of the message under d (deterministic, as RFC 6979 means)."""
        curve = self.curve
        digest = hashlib.new(curve.hash_name, data).digest()
        z = int.from_bytes(digest, "big")
        counter = 0
        while True:
            nonce_bytes = hmac.new(int_bytes(self.d, curve.size), digest + bytes([counter]), hashlib.sha512).digest()
            k = int.from_bytes(nonce_bytes, "big") % (curve.n - 1) + 1
            r = curve.mul(k, curve.g)[0] % curve.n
            s = pow(k, -1, curve.n) * (z + r * self.d) % curve.n
            if r and s:
                return r, s
            counter += 1

    def sign(self, data: bytes) -> bytes:
        """The JWS form: R||S, each the curve's size."""
        r, s = self.sign_rs(data)
        return int_bytes(r, self.curve.size) + int_bytes(s, self.curve.size)

    def sign_der(self, data: bytes) -> bytes:
        """The same signature as DER (RFC 3279 Ecdsa-Sig-Value), as OpenSSL and Java write it."""
        r, s = self.sign_rs(data)
        return der_seq(der_int(r), der_int(s))


# --- Ed25519 (RFC 8032 §6) ------------------------------------------------------------------
_ED_P = 2**255 - 19
_ED_L = 2**252 + 27742317777372353535851937790883648493
_ED_D = -121665 * pow(121666, -1, _ED_P) % _ED_P
ED25519_ORDER = _ED_L


def _ed_add(P, Q):
    A = (P[1] - P[0]) * (Q[1] - Q[0]) % _ED_P
    B = (P[1] + P[0]) * (Q[1] + Q[0]) % _ED_P
    C = 2 * P[3] * Q[3] * _ED_D % _ED_P
    D = 2 * P[2] * Q[2] % _ED_P
    E, F, G, H = B - A, D - C, D + C, B + A
    return E * F % _ED_P, G * H % _ED_P, F * G % _ED_P, E * H % _ED_P


def _ed_mul(s, P):
    Q = (0, 1, 1, 0)
    while s:
        if s & 1:
            Q = _ed_add(Q, P)
        P = _ed_add(P, P)
        s >>= 1
    return Q


def _ed_recover_x(y, sign):
    x2 = (y * y - 1) * pow(_ED_D * y * y + 1, -1, _ED_P)
    x = pow(x2, (_ED_P + 3) // 8, _ED_P)
    if (x * x - x2) % _ED_P != 0:
        x = x * pow(2, (_ED_P - 1) // 4, _ED_P) % _ED_P
    if (x & 1) != sign:
        x = _ED_P - x
    return x


_ED_GY = 4 * pow(5, -1, _ED_P) % _ED_P
_ED_GX = _ed_recover_x(_ED_GY, 0)
_ED_G = (_ED_GX, _ED_GY, 1, _ED_GX * _ED_GY % _ED_P)


def _ed_compress(P):
    zinv = pow(P[2], -1, _ED_P)
    x, y = P[0] * zinv % _ED_P, P[1] * zinv % _ED_P
    return int.to_bytes(y | ((x & 1) << 255), 32, "little")


def _ed_sha512_int(data: bytes) -> int:
    return int.from_bytes(hashlib.sha512(data).digest(), "little")


class Ed25519Key:
    def __init__(self, seed: str):
        self.secret = hashlib.sha256(seed.encode()).digest()
        h = hashlib.sha512(self.secret).digest()
        self.a = int.from_bytes(h[:32], "little") & ((1 << 254) - 8) | (1 << 254)
        self.prefix = h[32:]
        self.public = _ed_compress(_ed_mul(self.a, _ED_G))

    def jwk(self, private: bool = False, **extra) -> dict:
        out = {"kty": "OKP", "crv": "Ed25519", "x": b64u(self.public)}
        if private:
            out["d"] = b64u(self.secret)
        out.update(extra)
        return out

    def spki_der(self) -> bytes:
        return der_seq(der_seq(der_oid("1.3.101.112")), der_bits(self.public))

    def sign(self, data: bytes) -> bytes:
        r = _ed_sha512_int(self.prefix + data) % _ED_L
        R = _ed_compress(_ed_mul(r, _ED_G))
        k = _ed_sha512_int(R + self.public + data) % _ED_L
        return R + int.to_bytes((r + k * self.a) % _ED_L, 32, "little")
