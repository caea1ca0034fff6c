#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets, tests/fuzz/corpus/<target>/, one input a file:

    python3 tests/fuzz/make_seeds.py

Each directory is emptied and written again, so the committed corpus is exactly this script's
output. Token seeds come from the end-to-end fixtures (tests/cli/fixtures.sh), the RFC vectors
(tests/cli/rfc_vectors.sh) and the hostile-token corpus (tests/data/hostile/corpus.tsv, its
token column, with the "arg:" / "stdin:" printf %b escapes decoded); each file is named after
where it comes from. The other seeds are written out below.
"""
import pathlib
import re
import shutil

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fuzz" / "corpus"
# Seeds longer than this are left out (the hostile corpus's 5000-character alg): they slow
# every mutation down and add no path that a shorter seed lacks.
MAX_SEED_BYTES = 4096


def shell_assignments(path):
    """NAME='value' lines of a sourced shell file, in order."""
    pattern = re.compile(r"^([A-Z0-9_]+)='([^']*)'$")
    for line in path.read_text(encoding="utf-8").splitlines():
        match = pattern.match(line)
        if match:
            yield match.group(1), match.group(2)


def printf_b(text):
    """The bytes printf %b writes for text (the escapes generate.py uses, and the usual others)."""
    simple = {"\\": 0x5C, "a": 7, "b": 8, "e": 0x1B, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11}
    out = bytearray()
    i = 0
    while i < len(text):
        c = text[i]
        if c != "\\" or i + 1 == len(text):
            out += c.encode("utf-8")
            i += 1
            continue
        e = text[i + 1]
        if e == "x":
            digits = re.match(r"[0-9a-fA-F]{1,2}", text[i + 2:])
            if digits:
                out.append(int(digits.group(0), 16))
                i += 2 + len(digits.group(0))
                continue
        elif e == "0":
            digits = re.match(r"[0-7]{0,3}", text[i + 2:]).group(0)
            out.append(int(digits or "0", 8) & 0xFF)
            i += 2 + len(digits)
            continue
        elif e in simple:
            out.append(simple[e])
            i += 2
            continue
        out += c.encode("utf-8")
        i += 1
    return bytes(out)


def hostile_tokens():
    path = ROOT / "tests" / "data" / "hostile" / "corpus.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        name, token = fields[0], fields[6]
        for prefix in ("arg:", "stdin:"):
            if token.startswith(prefix):
                yield name, printf_b(token[len(prefix):])
                break
        else:
            yield name, token.encode("utf-8")


def token_seeds():
    seeds = []
    for name, value in shell_assignments(ROOT / "tests" / "cli" / "fixtures.sh"):
        if value.count(".") == 2:
            seeds.append(("fixture-" + name.lower(), value.encode()))
    for name, value in shell_assignments(ROOT / "tests" / "cli" / "rfc_vectors.sh"):
        if name.endswith("_TOKEN"):
            seeds.append(("rfc-" + name.lower(), value.encode()))
    seeds += [("hostile-" + name, token) for name, token in hostile_tokens()]
    return seeds


def jwk_seeds():
    seeds = [("rfc-" + name.lower(), value.encode())
             for name, value in shell_assignments(ROOT / "tests" / "cli" / "rfc_vectors.sh")
             if name.endswith("_JWK")]
    texts = {
        "set-two-keys": '{"keys":[{"kty":"oct","kid":"a","k":"YWJjZGVmZ2hpamtsbW5vcA","alg":"HS256","use":"sig"},'
                        '{"kty":"oct","kid":"b","k":"ZGVmZ2hpamtsbW5vcHFy"}]}',
        "set-kid-twice": '{"keys":[{"kty":"oct","kid":"a","k":"YWJj"},{"kty":"oct","kid":"a","k":"ZGVm"}]}',
        "set-no-kids": '{"keys":[{"kty":"oct","k":"YWJj"},{"kty":"oct","k":"ZGVm"}]}',
        "set-empty": '{"keys":[]}',
        "set-not-array": '{"keys":{"kty":"oct","k":"YWJj"}}',
        "set-bad-second-key": '{"keys":[{"kty":"oct","k":"YWJj"},{"kty":"oct","k":"c2VjcmV0c2VjcmV0="}]}',
        "keygen-hs512": '{"kty":"oct","kid":"2024-05","alg":"HS512","use":"sig",'
                        '"k":"MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZg"}',
        "kty-rsa": '{"kty":"RSA","n":"AQAB","e":"AQAB"}',
        "no-kty": '{"k":"YWJjZGVmZ2hpamts"}',
        "no-k": '{"kty":"oct"}',
        "k-empty": '{"kty":"oct","k":""}',
        "k-padded": '{"kty":"oct","k":"c2VjcmV0c2VjcmV0cw=="}',
        "k-standard-base64": '{"kty":"oct","k":"c2Vj+mV0/2VjcmV0"}',
        "k-trailing-bits": '{"kty":"oct","k":"c2VjcmV0c2VjcmV0cx"}',
        "k-number": '{"kty":"oct","k":12345678}',
        "kid-number": '{"kty":"oct","k":"YWJj","kid":7}',
        "alg-rs256": '{"kty":"oct","k":"YWJj","alg":"RS256"}',
        "use-enc": '{"kty":"oct","k":"YWJj","use":"enc"}',
        "k-escaped": '{"kty":"oct","k":"\\u0059WJjZGVmZ2hp"}',
        "unterminated-secret": '{"kty":"oct","k":"TOPSECRETKEYMATERIAL',
        "duplicate-k": '{"kty":"oct","k":"YWJjZGVmZ2hp","k":"ZGVmZ2hpamts"}',
        "array": '[{"kty":"oct","k":"YWJj"}]',
        "not-json": "kty=oct k=YWJj",
        "bom": '\ufeff{"kty":"oct","k":"YWJj"}',
    }
    return seeds + [(name, text.encode("utf-8")) for name, text in texts.items()]


def verify_seeds():
    # Claims for verify's "minted" path (tokens come from corpus/token/, which replay adds).
    texts = {
        "claims-access": '{"sub":"alice","iat":1700000000,"exp":1700001800,"type":"access"}',
        "claims-strict": '{"sub":"alice","iss":"auth.example.com","aud":["api","web"],"iat":1700000000,'
                         '"exp":1700604800,"type":"refresh","jti":"id1"}',
        "claims-aud-string": '{"sub":"alice","iss":"auth.example.com","aud":"web","iat":1700000000,'
                             '"type":"refresh","jti":"id2"}',
        "claims-expired": '{"sub":"alice","exp":1700000000}',
        "claims-not-yet": '{"sub":"alice","nbf":1700003600}',
        "claims-future-iat": '{"sub":"alice","iat":1800000000}',
        "claims-old-iat": '{"sub":"alice","iat":1000000000,"type":"refresh"}',
        "claims-exp-string": '{"exp":"1700001800"}',
        "claims-exp-float": '{"exp":1.7e9,"nbf":-1e308,"iat":1e308}',
        "claims-nested": '{"a":{"b":[1,2,{"c":null}]},"d":true,"e":-0.0,"f":18446744073709551616}',
        "claims-unicode": '{"name":"\u00e9\u4e2d\U0001F600","esc":"\\u0000\\n"}',
        "claims-empty": "{}",
        "not-object-array": "[1,2,3]",
        "not-json-text": "hello world",
        "not-utf8": b"\xff\xfe\x80 raw bytes",
    }
    return [(name, text if isinstance(text, bytes) else text.encode("utf-8")) for name, text in texts.items()]


def base64url_seeds():
    texts = {
        "empty": b"", "one-char": b"A", "two-chars": b"AA", "two-chars-bits": b"AB",
        "three-chars": b"AAA", "three-chars-bits": b"AAB", "four-chars": b"YWJj",
        "header": b"eyJhbGciOiJIUzI1NiJ9", "padded": b"YWI=", "standard-alphabet": b"+/+/",
        "url-alphabet": b"-_-_", "space": b"YW Jj", "binary": bytes(range(256)),
        "high-bytes": b"\xff\xfe\xfd\x00",
    }
    return list(texts.items())


def time_seeds():
    texts = [
        "45s", "15m", "1h30m", "7d", "2d12h", "1d2h3m4s", "0", "100000000000", "1000000000000",
        "1h1h", "30m1h", "5x", "1h30", "+8d", "-1h", "+0", "+", "1700000000", "1700000000.5",
        "1700000000.", "999999999999", "2024-05-01T12:00:00Z", "2024-05-01T14:00:00.5+02:00",
        "2024-02-29t23:59:60z", "2023-02-29T00:00:00Z", "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z", "2024-05-01 12:00:00-23:59", "2024-13-01T00:00:00Z", "junk", "",
    ]
    return [("seed-%03d" % (i + 1), text.encode("utf-8")) for i, text in enumerate(texts)]


def pkey_seeds():
    """Keys as PEM, DER and JWK: the published vectors' keys, the test keys of tests/data/keys,
    and JWKs with one thing wrong each."""
    import json
    vectors = json.loads((ROOT / "tests" / "data" / "asym-vectors.json").read_text(encoding="utf-8"))
    for vector in vectors["vectors"]:
        name = vector["id"]
        yield f"{name}-private.pem", vector["private_key_pem"].encode()
        yield f"{name}-public.pem", vector["public_key_pem"].encode()
        yield f"{name}-private.jwk", json.dumps(vector["jwk"]).encode()
        yield f"{name}-public.jwk", json.dumps(vector["jwk_public"]).encode()
    for path in sorted((ROOT / "tests" / "data" / "keys").iterdir()):
        if path.suffix in (".pem", ".der"):
            yield f"file-{path.name}", path.read_bytes()
    es256 = next(v for v in vectors["vectors"] if v["alg"] == "ES256")["jwk"]
    yield "jwk-ec-wrong-crv", json.dumps(dict(es256, crv="P-384")).encode()
    yield "jwk-ec-alg-mismatch", json.dumps(dict(es256, alg="ES512")).encode()
    yield "jwk-ec-short-x", json.dumps(dict(es256, x=es256["x"][:-2])).encode()
    yield "jwk-okp-x25519", b'{"kty":"OKP","crv":"X25519","x":"hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo"}'
    yield "jwk-oct", b'{"kty":"oct","k":"AAAA"}'
    yield "jwk-rsa-oth", b'{"kty":"RSA","n":"AQAB","e":"AQAB","d":"AQ","oth":[]}'
    yield "pem-unclosed", b"-----BEGIN PUBLIC KEY-----\nMFkw\n"
    yield "pem-two-blocks", b"-----BEGIN PUBLIC KEY-----\nAA==\n-----END PUBLIC KEY-----\n" * 2
    yield "empty", b""


def serve_seeds():
    """fuzz_serve inputs: a flags byte (1: the client's Basic credentials added, 2: @PASSWORD@
    replaced, 4: @REFRESH@ replaced; see fuzz_serve.cpp), the request line, headers, a blank
    line, the body."""
    form = "content-type: application/x-www-form-urlencoded"

    def request(flags, line, headers, body=""):
        return bytes([flags]) + ("\n".join([line, *headers, "", body])).encode()

    yield "cc-basic", request(1, "POST /token", [form], "grant_type=client_credentials")
    yield "cc-post-wrong", request(0, "POST /token", [form], "grant_type=client_credentials&client_id=ci&client_secret=x")
    yield "cc-both", request(1, "POST /token", [form], "grant_type=client_credentials&client_id=ci&client_secret=x")
    yield "password", request(3, "POST /token", [form], "grant_type=password&username=alice&password=@PASSWORD@")
    yield "password-no-client", request(2, "POST /token", [form], "grant_type=password&username=alice&password=@PASSWORD@")
    yield "refresh", request(5, "POST /token", [form], "grant_type=refresh_token&refresh_token=@REFRESH@")
    yield "refresh-no-client", request(4, "POST /token", [form], "grant_type=refresh_token&refresh_token=@REFRESH@")
    yield "walkthrough-query", request(4, "POST /token/refresh?refresh_token=@REFRESH@", [])
    yield "walkthrough-form", request(4, "POST /token/refresh", [form], "refresh_token=@REFRESH@")
    yield "introspect", request(5, "POST /introspect", [form], "token=@REFRESH@")
    yield "revoke", request(5, "POST /revoke", [form], "token=@REFRESH@")
    yield "duplicate", request(1, "POST /token", [form], "grant_type=client_credentials&grant_type=password")
    yield "bad-escape", request(1, "POST /token", [form], "grant_type=client%zz")
    yield "not-utf8", bytes([1]) + b"POST /token\n" + form.encode() + b"\n\ngrant_type=\xff"
    yield "basic-garbage", request(0, "POST /token", [form, "authorization: Basic !!!"], "grant_type=client_credentials")
    yield "basic-encoded", request(0, "POST /token", [form, "authorization: Basic YSUzQWI6cCU0MHNz"], "grant_type=client_credentials")
    yield "json-body", request(1, "POST /token", ["content-type: application/json"], '{"grant_type":"client_credentials"}')
    for path in ("/jwks.json", "/healthz", "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server", "/nothing"):
        yield "get" + path.replace("/", "-"), request(0, "GET " + path, [])
    yield "delete-token", request(0, "DELETE /token", [])
    yield "empty", b""


def write(target, seeds):
    directory = CORPUS / target
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    seen = set()
    for name, data in seeds:
        if len(data) > MAX_SEED_BYTES or data in seen:
            continue
        seen.add(data)
        (directory / name).write_bytes(data)


def main():
    write("base64url", base64url_seeds())
    write("token", token_seeds())
    write("verify", verify_seeds())
    write("jwk", jwk_seeds())
    write("time", time_seeds())
    write("pkey", pkey_seeds())
    write("serve", serve_seeds())


if __name__ == "__main__":
    main()
