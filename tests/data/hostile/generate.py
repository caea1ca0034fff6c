#!/usr/bin/env python3
"""Writes corpus.tsv: malformed and forged tokens for tests/cli/test_hostile.sh.

Run from anywhere: python3 tests/data/hostile/generate.py. Standard library only (the
public-key signatures come from pkey_math.py beside it). The output is deterministic; the test
reads corpus.tsv and the key files in keys/, and never runs this script.

Tokens are made here, independently of jwtool: header and payload JSON are written by hand as
bytes (so that duplicates, trailing bytes, invalid UTF-8, NUL and other things json.dumps
cannot produce are possible), base64url-encoded without padding, and signed with HMAC over
"header.payload" using TEST_KEY, or with one of the public-key test keys written to keys/.
Unless a case is about the signature, its signature is right, so the only thing wrong with the
token is the rule the case names.

The expected exit codes and error kinds are the specification, decided from RFC 7515, 7518,
7519, 8725 and jwtool's documented rules (exit 1 rejected, 3 expired, 4 wrong type, 5 not yet
valid; refresh checks signature and time claims before the type, needs "type": "refresh" and a
string "sub"). They are not copied from jwtool's output.
"""

import base64
import hashlib
import hmac
import json
import os

import pkey_math

TEST_KEY = b"0123456789abcdef" * 4  # 64 bytes: enough for HS512 (RFC 7518 §3.2)
OTHER_KEY = b"another-key-another-key-another-k"
NOW = 1700000060
IAT = 1700000000
EXP_REFRESH = 1700604800  # iat + 7 days
EXP_ACCESS = 1700001800  # iat + 30 minutes

DIGESTS = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def mac(data: bytes, alg: str = "HS256", key: bytes = TEST_KEY) -> bytes:
    return hmac.new(key, data, DIGESTS[alg]).digest()


def compact(value) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def header(alg="HS256", **extra) -> bytes:
    value = {"alg": alg, "typ": "JWT"}
    value.update(extra)
    return compact(value)


def claims(**override) -> dict:
    value = {"sub": "alice", "iat": IAT, "exp": EXP_REFRESH, "type": "refresh"}
    for name, claim in override.items():
        if claim is DROP:
            value.pop(name, None)
        else:
            value[name] = claim
    return value


DROP = object()
H256 = header("HS256")
REFRESH = compact(claims())
ACCESS = compact(claims(exp=EXP_ACCESS, type="access"))


def token_from_text(header_text: str, payload_text: str, alg="HS256", key=TEST_KEY) -> str:
    """Signs the segments exactly as they will be sent."""
    signing_input = f"{header_text}.{payload_text}"
    return f"{signing_input}.{b64u(mac(signing_input.encode('utf-8'), alg, key))}"


def token(header_bytes: bytes, payload_bytes: bytes, alg="HS256", key=TEST_KEY) -> str:
    return token_from_text(b64u(header_bytes), b64u(payload_bytes), alg, key)


def raw_payload(fields) -> bytes:
    """A payload written by hand: the refresh claims followed by `fields`, JSON text as str
    (written as UTF-8) or as bytes (written as they are: for invalid UTF-8)."""
    if isinstance(fields, str):
        fields = fields.encode("utf-8")
    return f'{{"sub":"alice","iat":{IAT},"exp":{EXP_REFRESH},"type":"refresh"'.encode() + fields + b"}"


def with_char_in_signature(ch_from: str, ch_to: str) -> str:
    """A valid refresh token whose signature text holds ch_from, with it replaced by ch_to."""
    for n in range(1000):
        tok = token(H256, compact(claims(jti=f"id-{n}")))
        sig = tok.rsplit(".", 1)[1]
        if ch_from in sig[:-1]:  # not the last character, whose low bits may be unused
            return tok[: len(tok) - len(sig)] + sig.replace(ch_from, ch_to, 1)
    raise SystemExit(f"no signature with {ch_from!r}")


def with_char_in_payload(ch_from: str, ch_to: str) -> str:
    """A refresh token whose payload text holds ch_to where base64url has ch_from, signed over
    the text as sent (so the signature is right for what the verifier sees)."""
    for jti in (c * k for k in range(1, 7) for c in "~?>}|"):
        text = b64u(compact(claims(jti=jti)))
        if ch_from in text[:-1]:
            return token_from_text(b64u(H256), text.replace(ch_from, ch_to, 1))
    raise SystemExit(f"no payload with {ch_from!r}")


def payload_with_length(modulo: int) -> str:
    """A base64url payload text whose length is 0 mod 4 plus `modulo` characters of filler
    that leave the value canonical unless the caller breaks it."""
    for n in range(100):
        text = b64u(compact(claims(jti="x" * n)))
        if len(text) % 4 == modulo:
            return text
    raise SystemExit("no payload of that length")


ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def flip_unused_bit(text: str) -> str:
    """The same bytes, non-canonically: set the lowest (unused) bit of the last character."""
    assert len(text) % 4 in (2, 3)
    last = ALPHABET.index(text[-1])
    assert last & 1 == 0
    return text[:-1] + ALPHABET[last | 1]


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


CASES = []


def case(name, v_exit, v_kind, r_exit, r_kind, tok, now=NOW, flags=None, stdin=False):
    CASES.append((name, now, v_exit, v_kind, r_exit, r_kind, tok, flags, stdin))


def same(name, exit_code, kind, tok, **kw):
    """A token refused by verify and refresh alike."""
    case(name, exit_code, kind, exit_code, kind, tok, **kw)


# --- controls: what must be accepted -------------------------------------------------------
case("valid_refresh_hs256", 0, "-", 0, "-", token(H256, REFRESH))
case("valid_refresh_hs384", 0, "-", 0, "-", token(header("HS384"), REFRESH, "HS384"))
case("valid_refresh_hs512", 0, "-", 0, "-", token(header("HS512"), REFRESH, "HS512"))
case("valid_refresh_pinned_alg", 0, "-", 0, "-", token(H256, REFRESH), flags="--alg HS256")
case("valid_access_is_wrong_type_for_refresh", 0, "-", 4, "wrong_type", token(H256, ACCESS))
case("valid_no_type_claim", 0, "-", 4, "wrong_type", token(H256, compact(claims(type=DROP))))
case("valid_type_not_a_string", 0, "-", 4, "wrong_type", token(H256, compact(claims(type=1))))
case("valid_no_exp_exp_is_optional", 0, "-", 0, "-", token(H256, compact(claims(exp=DROP))))
case("valid_no_sub_refresh_needs_sub", 0, "-", 1, "invalid_claim", token(H256, compact(claims(sub=DROP))))
case("valid_sub_number_refresh_needs_string", 0, "-", 1, "invalid_claim", token(H256, compact(claims(sub=42))))
case("valid_sub_null_refresh_needs_string", 0, "-", 1, "invalid_claim", token(H256, compact(claims(sub=None))))
case("valid_unknown_kid_single_key", 0, "-", 0, "-", token(header(kid="nobody"), REFRESH))
case("valid_b64_true", 0, "-", 0, "-", token(header(b64=True), REFRESH))
case("valid_exp_float", 0, "-", 0, "-", token(H256, compact(claims(exp=1700604800.5))))
case("valid_exp_exponent_form", 0, "-", 0, "-", token(H256, raw_payload("").replace(b'"exp":1700604800', b'"exp":1.7006048E9')))
case("valid_exp_1e20_far_future", 0, "-", 0, "-", token(H256, raw_payload("").replace(b'"exp":1700604800', b'"exp":1e20')))
case("valid_exp_above_uint64", 0, "-", 0, "-", token(H256, raw_payload("").replace(b'"exp":1700604800', b'"exp":99999999999999999999999')))
case("valid_nbf_float_past", 0, "-", 0, "-", token(H256, compact(claims(nbf=1700000000.5))))
case("valid_iat_negative", 0, "-", 0, "-", token(H256, compact(claims(iat=-1))))
case("valid_json_whitespace_around", 0, "-", 0, "-", token(b' {"alg" : "HS256"}\r\n\t', b'\n' + REFRESH + b' '))
case("valid_payload_nested_64_deep", 0, "-", 0, "-", token(H256, raw_payload(',"x":' + nested(63))))
case("valid_bearer_prefix", 0, "-", 0, "-", "Bearer " + token(H256, REFRESH))

# --- alg none, in any case, with and without a signature ------------------------------------
for alg in ("none", "None", "NONE", "nOnE"):
    h = header(alg)
    unsigned = f"{b64u(h)}.{b64u(REFRESH)}."
    same(f"alg_{alg}_unsigned", 1, "alg_not_allowed", unsigned)
    same(f"alg_{alg}_with_hmac_signature", 1, "alg_not_allowed", token(h, REFRESH))
same("alg_none_two_segments", 1, "malformed", f"{b64u(header('none'))}.{b64u(REFRESH)}")

# --- alg mismatch and algorithm confusion ---------------------------------------------------
same("alg_hs512_checked_as_hs256", 1, "alg_not_allowed", token(header("HS512"), REFRESH, "HS512"), flags="--alg HS256")
same("alg_hs256_checked_as_hs512", 1, "alg_not_allowed", token(H256, REFRESH), flags="--alg HS512")
same("alg_hs384_checked_as_hs256", 1, "alg_not_allowed", token(header("HS384"), REFRESH, "HS384"), flags="--alg HS256")
same("alg_header_hs512_signed_hs256", 1, "bad_signature", token(header("HS512"), REFRESH, "HS256"))
same("alg_header_hs256_signed_hs512", 1, "bad_signature", token(H256, REFRESH, "HS512"))
for alg in ("RS256", "ES256", "PS256", "EdDSA"):
    same(f"alg_{alg}_signed_with_hmac_key", 1, "alg_not_allowed", token(header(alg), REFRESH))
same("alg_RS256_pinned_hs256", 1, "alg_not_allowed", token(header("RS256"), REFRESH), flags="--alg HS256")
same("alg_missing", 1, "malformed", token(compact({"typ": "JWT"}), REFRESH))
same("alg_number", 1, "malformed", token(compact({"alg": 256}), REFRESH))
same("alg_null", 1, "malformed", token(compact({"alg": None}), REFRESH))
same("alg_array", 1, "malformed", token(compact({"alg": ["HS256"]}), REFRESH))
same("alg_lowercase_hs256", 1, "alg_not_allowed", token(header("hs256"), REFRESH))
same("alg_trailing_space", 1, "alg_not_allowed", token(header("HS256 "), REFRESH))
same("alg_empty_string", 1, "alg_not_allowed", token(header(""), REFRESH))
same("alg_with_escaped_nul", 1, "alg_not_allowed", token(header("HS256\u0000"), REFRESH))
same("alg_with_escaped_newline", 1, "alg_not_allowed", token(header("HS256\nx"), REFRESH))
same("alg_raw_del_byte", 1, "alg_not_allowed", token(b'{"alg":"HS256\x7f"}', REFRESH))
same("alg_terminal_escape", 1, "alg_not_allowed", token(header("\u001b[2J\u001b[31mHS256"), REFRESH))
same("alg_5000_chars", 1, "alg_not_allowed", token(header("A" * 5000), REFRESH))
# RFC 7515 4.1.4: "kid" MUST be a string; a header breaking a member's syntax is malformed,
# as a non-string "alg" is.
same("kid_number", 1, "malformed", token(header(kid=7), REFRESH))
same("kid_object", 1, "malformed", token(header(kid={"k": "v"}), REFRESH))
# CVE-2018-0114 style: the header carries its own key; it must be ignored.
same("embedded_jwk_signed_with_it", 1, "bad_signature",
     token(header(jwk={"kty": "oct", "k": b64u(OTHER_KEY)}), REFRESH, key=OTHER_KEY))
same("signed_with_another_key", 1, "bad_signature", token(H256, REFRESH, key=OTHER_KEY))
same("signed_with_empty_key", 1, "bad_signature", token(H256, REFRESH, key=b""))

# --- crit and b64 ---------------------------------------------------------------------------
same("crit_unknown_extension", 1, "unsupported_header", token(header(crit=["exp2"], exp2=1), REFRESH))
same("crit_empty_list", 1, "unsupported_header", token(header(crit=[]), REFRESH))
same("b64_false", 1, "unsupported_header", token(header(b64=False), REFRESH))
h7797 = b64u(header(b64=False, crit=["b64"]))
same("b64_false_rfc7797_detached", 1, "unsupported_header",
     f"{h7797}..{b64u(mac(h7797.encode() + b'.' + REFRESH))}")

# --- segments -------------------------------------------------------------------------------
good = token(H256, REFRESH)
gh, gp, gs = good.split(".")
same("empty_token", 1, "malformed", "")
same("whitespace_only_token", 1, "malformed", " \t ")
same("one_segment", 1, "malformed", gh)
same("two_segments", 1, "malformed", f"{gh}.{gp}")
same("four_segments", 1, "malformed", f"{good}.{gs}")
same("five_segments", 1, "malformed", f"{gh}.{gp}.{gs}.{gs}.{gs}")
same("only_one_dot", 1, "malformed", ".")
same("only_two_dots", 1, "malformed", "..")
same("only_four_dots", 1, "malformed", "....")
same("empty_header_segment", 1, "malformed", token_from_text("", gp))
same("empty_payload_segment", 1, "not_a_claims_set", token_from_text(gh, ""))
same("empty_signature_segment", 1, "bad_signature", f"{gh}.{gp}.")
same("bearer_twice", 1, "malformed", "Bearer Bearer " + good)
same("leading_dash_looks_like_an_option", 1, "malformed", "-" + good)
same("help_flag_as_token", 1, "malformed", "--help")

# --- base64url text -------------------------------------------------------------------------
padded_header = b64u(H256) + "=" * (-len(b64u(H256)) % 4 or 1)
same("padding_in_header", 1, "malformed", token_from_text(padded_header, gp))
p3 = payload_with_length(3)
same("padding_in_payload", 1, "malformed", token_from_text(gh, p3 + "="))
same("padding_in_signature", 1, "malformed", good + "=")
same("plus_in_signature", 1, "malformed", with_char_in_signature("-", "+"))
same("slash_in_signature", 1, "malformed", with_char_in_signature("_", "/"))
same("plus_in_payload", 1, "malformed", with_char_in_payload("-", "+"))
same("slash_in_payload", 1, "malformed", with_char_in_payload("_", "/"))
same("asterisk_in_header", 1, "malformed", token_from_text(gh[:5] + "*" + gh[6:], gp))
same("high_bytes_in_payload_text", 1, "malformed", token_from_text(gh, gp[:10] + "\u00e9" + gp[11:]))
same("nbsp_in_signature", 1, "malformed", good[:-5] + "\u00a0" + good[-4:])
same("non_canonical_signature", 1, "malformed", f"{gh}.{gp}.{flip_unused_bit(gs)}")
same("non_canonical_payload", 1, "malformed", token_from_text(gh, flip_unused_bit(p3)))
p0 = payload_with_length(0)
same("payload_length_1_mod_4", 1, "malformed", token_from_text(gh, p0 + "A"))
same("space_inside", 1, "malformed", f"{gh}.{gp[:20]} {gp[20:]}.{gs}")
same("tab_inside", 1, "malformed", f"{gh}.{gp[:20]}\t{gp[20:]}.{gs}")
same("newline_inside", 1, "malformed", f"{gh}\n.{gp}.{gs}")
same("cr_inside", 1, "malformed", f"{gh}.{gp}\r.{gs}")
same("nul_inside_stdin", 1, "malformed", f"{gh}.{gp[:20]}\0{gp[20:]}.{gs}", stdin=True)
same("nul_at_end_stdin", 1, "malformed", f"{good}\0", stdin=True)
same("nul_before_token_stdin", 1, "malformed", f"\0{good}", stdin=True)

# --- header JSON ----------------------------------------------------------------------------
for label, text in [
    ("not_json", b"hello world"),
    ("array", b"[]"),
    ("number", b"1"),
    ("string", b'"HS256"'),
    ("null", b"null"),
    ("empty_object", b"{}"),
    ("duplicate_alg", b'{"alg":"HS256","alg":"none"}'),
    ("duplicate_alg_same_value", b'{"alg":"HS256","alg":"HS256"}'),
    ("trailing_bytes", b'{"alg":"HS256"}x'),
    ("two_objects", b'{"alg":"HS256"}{}'),
    ("trailing_comma", b'{"alg":"HS256",}'),
    ("comment", b'{"alg":"HS256"/* c */}'),
    ("single_quotes", b"{'alg':'HS256'}"),
    ("bom", b'\xef\xbb\xbf{"alg":"HS256"}'),
    ("invalid_utf8", b'{"alg":"HS256","typ":"J\xffT"}'),
    ("overlong_utf8", b'{"alg":"HS256","typ":"\xc0\xafJWT"}'),
    ("encoded_surrogate_utf8", b'{"alg":"HS256","typ":"\xed\xa0\x80"}'),
    ("surrogate_escape", b'{"alg":"HS256","typ":"\\ud800"}'),
    ("raw_nul", b'{"alg":"HS256","typ":"J\x00T"}'),
    ("nul_after_object", b'{"alg":"HS256"}\x00'),
    ("nested_65_deep", b'{"alg":"HS256","x":' + nested(64).encode() + b"}"),
    ("unterminated", b'{"alg":"HS256"'),
    ("duplicate_name_with_escaped_newline", b'{"alg":"HS256","x\\n":1,"x\\n":2}'),
    ("duplicate_name_with_escaped_escape", b'{"alg":"HS256","\\u001b[2J":1,"\\u001b[2J":2}'),
    ("raw_newline_in_string", b'{"alg":"HS256","typ":"J\nWT"}'),
    ("raw_escape_in_string", b'{"alg":"HS256","typ":"\x1b[31mJWT"}'),
    ("truncated_utf8_at_end", b'{"alg":"HS256","typ":"JWT\xe2\x82'),
]:
    same(f"header_{label}", 1, "malformed", token(text, REFRESH))

# --- payload JSON: the signature is valid, so these are JWSs but not JWT claims sets --------
for label, text in [
    ("not_json", b"hello world"),
    ("array", b"[]"),
    ("number", b"1"),
    ("string", b'"s"'),
    ("null", b"null"),
    ("true", b"true"),
    ("duplicate_type_access_then_refresh",
     f'{{"sub":"alice","iat":{IAT},"exp":{EXP_REFRESH},"type":"access","type":"refresh"}}'.encode()),
    ("duplicate_type_refresh_then_access",
     f'{{"sub":"alice","iat":{IAT},"exp":{EXP_REFRESH},"type":"refresh","type":"access"}}'.encode()),
    ("duplicate_exp", raw_payload(f',"exp":{IAT}')),
    ("duplicate_sub_nested", raw_payload(',"x":{"a":1,"a":2}')),
    ("duplicate_name_with_escaped_newline", raw_payload(',"x\\ny":1,"x\\ny":2')),
    ("trailing_bytes", raw_payload("") + b"garbage"),
    ("two_objects", raw_payload("") + b"{}"),
    ("bom", b"\xef\xbb\xbf" + REFRESH),
    ("invalid_utf8", raw_payload(b',"name":"\xff\xfe"')),
    ("invalid_utf8_in_name", raw_payload(b',"\x80":1')),
    ("overlong_utf8", raw_payload(b',"name":"\xc0\xaf"')),
    ("surrogate_escape", raw_payload(',"name":"\\ud800"')),
    ("raw_nul", raw_payload(b',"name":"a\x00b"')),
    ("nul_after_object", raw_payload("") + b"\x00"),
    ("nested_65_deep", raw_payload(',"x":' + nested(64))),
    ("exp_leading_zero", raw_payload("").replace(b'"exp":1700604800', b'"exp":01700604800')),
    ("exp_nan", raw_payload("").replace(b'"exp":1700604800', b'"exp":NaN')),
    ("exp_infinity", raw_payload("").replace(b'"exp":1700604800', b'"exp":Infinity')),
    ("exp_hex", raw_payload("").replace(b'"exp":1700604800', b'"exp":0x6553F100')),
]:
    same(f"payload_{label}", 1, "not_a_claims_set", token(H256, text))

# --- time claims ----------------------------------------------------------------------------
def with_exp_text(text: str) -> bytes:
    return raw_payload("").replace(b'"exp":1700604800', b'"exp":' + text.encode())


same("exp_string", 1, "invalid_claim", token(H256, compact(claims(exp=str(EXP_REFRESH)))))
same("exp_boolean", 1, "invalid_claim", token(H256, compact(claims(exp=True))))
same("exp_null", 1, "invalid_claim", token(H256, compact(claims(exp=None))))
same("exp_array", 1, "invalid_claim", token(H256, compact(claims(exp=[EXP_REFRESH]))))
# A number beyond the range of a double is refused by the strict JSON reader (RFC 8259 §6
# allows it), so a payload holding one is not a claims set, whatever the claim.
same("exp_1e400_overflows", 1, "not_a_claims_set", token(H256, with_exp_text("1e400")))
same("exp_minus_1e400_overflows", 1, "not_a_claims_set", token(H256, with_exp_text("-1e400")))
same("exp_float_past", 3, "expired", token(H256, compact(claims(exp=1700000059.5))))
same("exp_negative", 3, "expired", token(H256, compact(claims(exp=-1))))
same("exp_huge_negative", 3, "expired", token(H256, with_exp_text("-1e20")))
same("exp_int64_min", 3, "expired", token(H256, with_exp_text("-9223372036854775808")))
same("exp_zero", 3, "expired", token(H256, compact(claims(exp=0))))
same("exp_equals_now", 3, "expired", token(H256, compact(claims(exp=NOW))))
same("expired_access_token", 3, "expired", token(H256, ACCESS), now=EXP_ACCESS)
same("nbf_string", 1, "invalid_claim", token(H256, compact(claims(nbf=str(IAT)))))
same("nbf_boolean", 1, "invalid_claim", token(H256, compact(claims(nbf=False))))
same("nbf_in_future", 5, "not_yet_valid", token(H256, compact(claims(nbf=NOW + 600))))
same("nbf_huge", 5, "not_yet_valid", token(H256, raw_payload(',"nbf":1e20')))
same("nbf_1e400_overflows", 1, "not_a_claims_set", token(H256, raw_payload(',"nbf":1e400')))
same("iat_string", 1, "invalid_claim", token(H256, compact(claims(iat=str(IAT)))))
same("iat_boolean", 1, "invalid_claim", token(H256, compact(claims(iat=True))))
same("iat_object", 1, "invalid_claim", token(H256, compact(claims(iat={"t": IAT}))))
same("iat_in_future", 5, "issued_in_future", token(H256, compact(claims(iat=NOW + 60))))
same("iat_huge", 5, "issued_in_future", token(H256, raw_payload("").replace(b'"iat":1700000000', b'"iat":1e20')))
# exp is checked first: a string exp is refused even on an expired-looking token.
same("exp_string_on_access_token", 1, "invalid_claim", token(H256, compact(claims(exp="soon", type="access"))))

# --- signatures -----------------------------------------------------------------------------
same("signature_truncated", 1, "bad_signature", good[:-3])
same("signature_truncated_to_one_byte", 1, "bad_signature", f"{gh}.{gp}.{b64u(mac(f'{gh}.{gp}'.encode())[:1])}")
sig = bytearray(mac(f"{gh}.{gp}".encode()))
sig[17] ^= 0x08
same("signature_one_bit_flipped", 1, "bad_signature", f"{gh}.{gp}.{b64u(bytes(sig))}")
sig = bytearray(mac(f"{gh}.{gp}".encode()))
sig[-1] ^= 0x01
same("signature_last_bit_flipped", 1, "bad_signature", f"{gh}.{gp}.{b64u(bytes(sig))}")
good_sig = mac(f"{gh}.{gp}".encode())
same("signature_one_byte_too_long", 1, "bad_signature", f"{gh}.{gp}.{b64u(good_sig + bytes([0]))}")
same("signature_doubled", 1, "bad_signature", f"{gh}.{gp}.{b64u(good_sig * 2)}")
hs512_sig = mac(f"{gh}.{gp}".encode(), "HS512")
same("signature_hs512_truncated_to_32", 1, "bad_signature", f"{gh}.{gp}.{b64u(hs512_sig[:32])}")
forged_payload = b64u(compact(claims(exp=EXP_ACCESS, type="refresh")))
access_sig = token(H256, ACCESS).rsplit(".", 1)[1]
same("access_signature_on_payload_retyped_refresh", 1, "bad_signature", f"{gh}.{forged_payload}.{access_sig}")
same("signature_from_another_token", 1, "bad_signature", f"{gh}.{gp}.{token(H256, ACCESS).rsplit('.', 1)[1]}")


# --- public-key tokens ----------------------------------------------------------------------
# Keys made by pkey_math from fixed seeds, written to keys/ beside this script (test keys: they
# protect nothing); a flag word "@keys/NAME" names one of them. Cases with --key or --jwks are
# given no --secret-file. Controls use private keys, so that refresh can mint; a public key
# given to refresh is refused before the token is read (exit 2, invalid_key).
KEYS = {}
RSA = pkey_math.RsaKey(2048, "jwtool hostile corpus: RSA 2048")
RSA_WEAK = pkey_math.RsaKey(1024, "jwtool hostile corpus: RSA 1024")
P256 = pkey_math.EcKey(pkey_math.P256, "jwtool hostile corpus: P-256")
P384 = pkey_math.EcKey(pkey_math.P384, "jwtool hostile corpus: P-384")
K256 = pkey_math.EcKey(pkey_math.SECP256K1, "jwtool hostile corpus: secp256k1")
ED = pkey_math.Ed25519Key("jwtool hostile corpus: Ed25519")
ATTACKER = pkey_math.EcKey(pkey_math.P256, "jwtool hostile corpus: the attacker's P-256")
ATTACKER_ED = pkey_math.Ed25519Key("jwtool hostile corpus: the attacker's Ed25519")


def jwk_file(*keys) -> str:
    return json.dumps(keys[0] if len(keys) == 1 else {"keys": list(keys)}, indent=2) + "\n"


KEYS["rsa.pem"] = RSA.pkcs1_private_pem()
KEYS["rsa.pub.pem"] = pkey_math.pem("PUBLIC KEY", RSA.spki_der())
KEYS["rsa.pub.der"] = RSA.spki_der()
KEYS["rsa1024.pem"] = RSA_WEAK.pkcs1_private_pem()
KEYS["p256.jwk"] = jwk_file(P256.jwk(private=True))
KEYS["p384.jwk"] = jwk_file(P384.jwk(private=True))
KEYS["secp256k1.jwk"] = jwk_file(K256.jwk(private=True))
KEYS["ed25519.jwk"] = jwk_file(ED.jwk(private=True))
KEYS["mixed.jwks"] = jwk_file(RSA.jwk(True, kid="rsa-1"), P256.jwk(True, kid="ec-1"), ED.jwk(True, kid="ed-1"),
                              {"kty": "oct", "kid": "hmac-1", "k": b64u(TEST_KEY)})
# Keys that must not import: each exits 2 (invalid_key) whatever the token.
bad_keys = {
    "p256-alg-es384.jwk": P256.jwk(True, alg="ES384"),
    "p256-alg-eddsa.jwk": P256.jwk(True, alg="EdDSA"),
    "p256-crv-p384.jwk": P256.jwk(True, crv="P-384"),
    "p256-crv-secp256k1.jwk": P256.jwk(True, crv="secp256k1"),
    "ed25519-crv-ed448.jwk": ED.jwk(True, crv="Ed448"),
    "ed25519-alg-es256.jwk": ED.jwk(True, alg="ES256"),
    "p256-off-curve.jwk": dict(P256.jwk(), y=b64u(pkey_math.int_bytes((P256.q[1] + 1) % pkey_math.P256.p, 32))),
    "p256-halves.jwk": dict(P256.jwk(True), d=ATTACKER.jwk(True)["d"]),
    "rsa-halves.jwk": dict(RSA.jwk(True), **{m: RSA_WEAK.jwk(True)[m] for m in ("d", "p", "q", "dp", "dq", "qi")}),
    "ed25519-halves.jwk": dict(ED.jwk(True), d=ATTACKER_ED.jwk(True)["d"]),
}
for file_name, jwk in bad_keys.items():
    KEYS[file_name] = jwk_file(jwk)
KEYS["set-with-halves.jwks"] = jwk_file(P256.jwk(True, kid="good"), dict(bad_keys["p256-halves.jwk"], kid="bad"))


def signed(header_bytes: bytes, payload_bytes: bytes, sign) -> str:
    signing_input = f"{b64u(header_bytes)}.{b64u(payload_bytes)}"
    return f"{signing_input}.{b64u(sign(signing_input.encode()))}"


def with_signature(tok: str, signature: bytes) -> str:
    return f"{tok.rsplit('.', 1)[0]}.{b64u(signature)}"


K_RSA, K_WEAK = "--key @keys/rsa.pem", "--key @keys/rsa1024.pem"
K_RSA_PUB, K_RSA_DER = "--key @keys/rsa.pub.pem", "--key @keys/rsa.pub.der"
K_P256, K_P384, K_K256 = "--jwks @keys/p256.jwk", "--jwks @keys/p384.jwk", "--jwks @keys/secp256k1.jwk"
K_ED, K_SET = "--jwks @keys/ed25519.jwk", "--jwks @keys/mixed.jwks"
RS256 = signed(header("RS256"), REFRESH, RSA.sign_pkcs1)
ES256 = signed(header("ES256"), REFRESH, P256.sign)
EDDSA = signed(header("EdDSA"), REFRESH, ED.sign)
ES256_INPUT = ES256.rsplit(".", 1)[0].encode()

case("pkey_valid_rs256", 0, "-", 0, "-", RS256, flags=K_RSA)
case("pkey_valid_rs512", 0, "-", 0, "-", signed(header("RS512"), REFRESH, lambda d: RSA.sign_pkcs1(d, "sha512")), flags=K_RSA)
case("pkey_valid_ps256", 0, "-", 0, "-", signed(header("PS256"), REFRESH, RSA.sign_pss), flags=K_RSA)
case("pkey_valid_ps384", 0, "-", 0, "-", signed(header("PS384"), REFRESH, lambda d: RSA.sign_pss(d, "sha384")), flags=K_RSA)
case("pkey_valid_es256", 0, "-", 0, "-", ES256, flags=K_P256)
case("pkey_valid_es384", 0, "-", 0, "-", signed(header("ES384"), REFRESH, P384.sign), flags=K_P384)
case("pkey_valid_es256k", 0, "-", 0, "-", signed(header("ES256K"), REFRESH, K256.sign), flags=K_K256)
case("pkey_valid_eddsa", 0, "-", 0, "-", EDDSA, flags=K_ED)
for kid, alg, key in (("rsa-1", "RS256", RSA.sign_pkcs1), ("ec-1", "ES256", P256.sign), ("ed-1", "EdDSA", ED.sign),
                      ("hmac-1", "HS256", mac)):
    case(f"pkey_valid_kid_{kid}_in_mixed_set", 0, "-", 0, "-", signed(header(alg, kid=kid), REFRESH, key), flags=K_SET)
# Without kid, a set mixing key types checks the token with its one key of the token's type.
case("pkey_valid_no_kid_one_rsa_key_in_mixed_set", 0, "-", 0, "-", RS256, flags=K_SET)
# jwk, jku, x5u and x5c never supply or choose a key: on a token signed by the right key, ignored.
ATTACKER_HEADERS = {"jwk": ATTACKER.jwk(), "jku": "https://attacker.example/jwks.json",
                    "x5u": "https://attacker.example/cert.pem", "x5c": [base64.b64encode(ATTACKER.spki_der()).decode()]}
case("pkey_valid_embedded_jwk_jku_x5u_x5c_ignored", 0, "-", 0, "-",
     signed(header("ES256", **ATTACKER_HEADERS), REFRESH, P256.sign), flags=K_P256)

# Algorithm confusion (RFC 8725 §2.1): an HS256 token MACed with the public key's bytes.
PUBLIC_PEM = KEYS["rsa.pub.pem"].encode()
confused = token(H256, REFRESH, key=PUBLIC_PEM)
case("pkey_hs256_maced_with_public_pem", 1, "alg_not_allowed", 2, "invalid_key", confused, flags=K_RSA_PUB)
same("pkey_hs256_maced_with_public_pem_private_key_given", 1, "alg_not_allowed", confused, flags=K_RSA)
case("pkey_hs256_maced_with_public_der", 1, "alg_not_allowed", 2, "invalid_key",
     token(H256, REFRESH, key=RSA.spki_der()), flags=K_RSA_DER)
same("pkey_hs256_maced_with_public_pem_named_by_kid", 1, "alg_not_allowed",
     token(header(kid="rsa-1"), REFRESH, key=PUBLIC_PEM), flags=K_SET)
same("pkey_hs256_maced_with_public_jwk_text", 1, "alg_not_allowed",
     token(H256, REFRESH, key=compact(P256.jwk())), flags=K_P256)
same("pkey_rs256_token_ec_key", 1, "alg_not_allowed", RS256, flags=K_P256)
same("pkey_eddsa_token_rsa_key", 1, "alg_not_allowed", EDDSA, flags=K_RSA)
same("pkey_es256_token_eddsa_key", 1, "alg_not_allowed", ES256, flags=K_ED)
same("pkey_rs256_pinned_ps256", 1, "alg_not_allowed", RS256, flags=K_RSA + " --alg PS256")
same("pkey_alg_flag_the_key_cannot_do", 2, "invalid_key", RS256, flags=K_RSA + " --alg ES256")
same("pkey_ps256_header_pkcs1_signature", 1, "bad_signature", signed(header("PS256"), REFRESH, RSA.sign_pkcs1),
     flags=K_RSA)
same("pkey_rs256_header_pss_signature", 1, "bad_signature", signed(header("RS256"), REFRESH, RSA.sign_pss), flags=K_RSA)
same("pkey_rs256_header_sha384_digest", 1, "bad_signature",
     signed(header("RS256"), REFRESH, lambda d: RSA.sign_pkcs1(d, "sha384")), flags=K_RSA)
# RFC 7518 §3.5: the salt is as long as the hash; OpenSSL takes any length unless told.
for salt in (0, 20, 64):
    same(f"pkey_ps256_salt_of_{salt}_bytes", 1, "bad_signature",
         signed(header("PS256"), REFRESH, lambda d, s=salt: RSA.sign_pss(d, "sha256", s)), flags=K_RSA)

# RSA signature values: exactly the modulus's length, below it, never 0 or 1.
rsa_sig = base64.urlsafe_b64decode(RS256.rsplit(".", 1)[1] + "==")
same("pkey_rs256_signature_with_leading_zero_byte", 1, "bad_signature", with_signature(RS256, b"\0" + rsa_sig),
     flags=K_RSA)
same("pkey_rs256_signature_last_byte_dropped", 1, "bad_signature", with_signature(RS256, rsa_sig[:-1]), flags=K_RSA)
same("pkey_rs256_signature_zero", 1, "bad_signature", with_signature(RS256, bytes(256)), flags=K_RSA)
same("pkey_rs256_signature_one", 1, "bad_signature", with_signature(RS256, pkey_math.int_bytes(1, 256)), flags=K_RSA)
same("pkey_rs256_signature_the_modulus", 1, "bad_signature", with_signature(RS256, pkey_math.int_bytes(RSA.n)),
     flags=K_RSA)
same("pkey_rs256_signature_bit_flipped", 1, "bad_signature",
     with_signature(RS256, rsa_sig[:100] + bytes([rsa_sig[100] ^ 1]) + rsa_sig[101:]), flags=K_RSA)
# RFC 7518 §3.3: a key under 2048 bits verifies, with a warning ("-!"), but never mints.
case("pkey_rs256_rsa_key_of_1024_bits", 0, "-!", 2, "weak_key", signed(header("RS256"), REFRESH, RSA_WEAK.sign_pkcs1),
     flags=K_WEAK)

# ECDSA signatures: R||S of exact length, r and s in [1, n-1] (CVE-2022-21449), the right curve.
es_r, es_s = P256.sign_rs(ES256_INPUT)
order = pkey_math.P256.n
for label, signature in [
    ("der_encoded", P256.sign_der(ES256_INPUT)),
    ("zero", bytes(64)),
    ("r_zero", bytes(32) + pkey_math.int_bytes(es_s, 32)),
    ("s_zero", pkey_math.int_bytes(es_r, 32) + bytes(32)),
    ("r_and_s_the_order", pkey_math.int_bytes(order, 32) * 2),
    ("s_the_order", pkey_math.int_bytes(es_r, 32) + pkey_math.int_bytes(order, 32)),
    ("all_ff", b"\xff" * 64),
    ("r_and_s_one", pkey_math.int_bytes(1, 32) * 2),
    ("one_byte_short", pkey_math.int_bytes(es_r, 32) + pkey_math.int_bytes(es_s, 32)[:-1]),
    ("one_zero_byte_more", pkey_math.int_bytes(es_r, 32) + b"\0" + pkey_math.int_bytes(es_s, 32)),
    ("empty", b""),
]:
    same(f"pkey_es256_signature_{label}", 1, "bad_signature", with_signature(ES256, signature), flags=K_P256)
same("pkey_es384_signature_zero", 1, "bad_signature",
     with_signature(signed(header("ES384"), REFRESH, P384.sign), bytes(96)), flags=K_P384)
same("pkey_es256_signed_by_another_p256_key", 1, "bad_signature", signed(header("ES256"), REFRESH, ATTACKER.sign),
     flags=K_P256)
same("pkey_es384_token_p256_key", 1, "alg_not_allowed", signed(header("ES384"), REFRESH, P384.sign), flags=K_P256)
same("pkey_es256_header_p384_signature", 1, "bad_signature", signed(header("ES256"), REFRESH, P384.sign),
     flags=K_P256)
same("pkey_es256k_token_p256_key", 1, "alg_not_allowed", signed(header("ES256K"), REFRESH, K256.sign), flags=K_P256)
same("pkey_es256_token_secp256k1_key", 1, "alg_not_allowed", ES256, flags=K_K256)
same("pkey_es256_header_secp256k1_signature", 1, "bad_signature", signed(header("ES256"), REFRESH, K256.sign),
     flags=K_P256)

# Ed25519 signatures: 64 bytes, S below the group order (RFC 8032 §5.1.7).
ed_sig = base64.urlsafe_b64decode(EDDSA.rsplit(".", 1)[1] + "==")
ed_s = int.from_bytes(ed_sig[32:], "little")
for label, signature in [
    ("63_bytes", ed_sig[:-1]),
    ("65_bytes", ed_sig + b"\0"),
    ("114_bytes_ed448_length", ed_sig + bytes(50)),
    ("empty", b""),
    ("zero", bytes(64)),
    ("s_plus_the_order", ed_sig[:32] + (ed_s + pkey_math.ED25519_ORDER).to_bytes(32, "little")),
    ("by_another_key", ATTACKER_ED.sign(EDDSA.rsplit(".", 1)[0].encode())),
]:
    same(f"pkey_eddsa_signature_{label}", 1, "bad_signature", with_signature(EDDSA, signature), flags=K_ED)

# A header's jwk, jku, x5u, x5c never supply a key: signed with the attacker's key they name.
for member, value in ATTACKER_HEADERS.items():
    same(f"pkey_embedded_{member}_signed_by_its_key", 1, "bad_signature",
         signed(header("ES256", **{member: value}), REFRESH, ATTACKER.sign), flags=K_P256)
same("pkey_embedded_jwk_with_unknown_kid", 1, "key_not_found",
     signed(header("ES256", kid="attacker", jwk=ATTACKER.jwk(kid="attacker")), REFRESH, ATTACKER.sign), flags=K_SET)
same("pkey_embedded_jwk_eddsa_signed_by_its_key", 1, "bad_signature",
     signed(header("EdDSA", jwk=ATTACKER_ED.jwk()), REFRESH, ATTACKER_ED.sign), flags=K_ED)

# A kid naming a key of another family: the key decides the algorithm, never the token.
for kid, alg, key in (("rsa-1", "ES256", P256.sign), ("ec-1", "HS256", mac), ("hmac-1", "RS256", RSA.sign_pkcs1),
                      ("rsa-1", "EdDSA", ED.sign), ("ed-1", "ES256", P256.sign), ("ec-1", "RS256", RSA.sign_pkcs1)):
    same(f"pkey_kid_{kid}_on_{alg.lower()}_token", 1, "alg_not_allowed", signed(header(alg, kid=kid), REFRESH, key),
         flags=K_SET)
same("pkey_kid_unknown_in_mixed_set", 1, "key_not_found", signed(header("ES256", kid="nobody"), REFRESH, P256.sign),
     flags=K_SET)

# Keys that do not import: exit 2 whatever the token.
for file_name in list(bad_keys) + ["set-with-halves.jwks"]:
    label = file_name.split(".")[0].replace("-", "_")
    same(f"pkey_key_{label}", 2, "invalid_key", ES256, flags=f"--jwks @keys/{file_name}")


def field(tok: str, stdin: bool) -> str:
    """The token as a TSV field: as is when it is plain printable ASCII without a backslash;
    otherwise "arg:" or "stdin:" and the bytes as printf %b escapes."""
    plain = tok != "" and all(0x21 <= ord(c) <= 0x7E and c != "\\" for c in tok)
    if plain and not stdin:
        return tok
    data = tok.encode("utf-8")
    escaped = "".join(
        chr(b) if 0x21 <= b <= 0x7E and b != 0x5C else f"\\x{b:02x}" for b in data
    )
    return ("stdin:" if stdin else "arg:") + escaped


def main() -> None:
    names = set()
    lines = [
        "# Hostile-token corpus for tests/cli/test_hostile.sh, written by generate.py (do not edit",
        "# by hand: change generate.py and run it). One case a line, fields separated by one tab:",
        "#   name  now  verify_exit  verify_error_kind  refresh_exit  refresh_error_kind  token  [flags]",
        "# now: Unix seconds given as --now. *_error_kind: the --json \"error\" member, or - on success.",
        "# token: as is; or \"arg:\" then the bytes as printf %b escapes (\\xHH), passed as the argument;",
        "#   or \"stdin:\" then printf %b escapes, given on standard input (for NUL bytes). \"arg:\" alone",
        "#   is the empty token.",
        "# flags: optional extra options for both commands, split on spaces (e.g. --alg HS256); a word",
        "#   \"@keys/NAME\" names a key file beside this corpus. With --key or --jwks among them, no",
        "#   --secret-file is given.",
        "# *_error_kind \"-!\": success, with one warning on standard error (a weak key).",
        "# Every token is signed with TEST_KEY (or the key its flags give) unless its case is about",
        "# the signature.",
    ]
    for name, now, v_exit, v_kind, r_exit, r_kind, tok, flags, stdin in CASES:
        assert name not in names, name
        names.add(name)
        if not stdin and "\0" in tok:
            raise SystemExit(f"{name}: a NUL byte cannot be an argument")
        row = [name, str(now), str(v_exit), v_kind, str(r_exit), r_kind, field(tok, stdin)]
        if flags:
            row.append(flags)
        assert all(row) and not any("\t" in f or "\n" in f for f in row), name
        lines.append("\t".join(row))
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, "corpus.tsv")
    with open(out, "w", encoding="ascii", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    os.makedirs(os.path.join(here, "keys"), exist_ok=True)
    for name, content in KEYS.items():
        with open(os.path.join(here, "keys", name), "wb") as f:
            f.write(content if isinstance(content, bytes) else content.encode("ascii"))
    print(f"{len(CASES)} cases written to {out}, {len(KEYS)} keys to {os.path.join(here, 'keys')}")


if __name__ == "__main__":
    main()
