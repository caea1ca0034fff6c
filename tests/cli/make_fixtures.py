#!/usr/bin/env python3
"""Writes tests/cli/fixtures.sh: tokens for the end-to-end tests, signed independently of
jwtool (Python's hmac/hashlib/base64/json), with TEST_KEY.

    python3 tests/cli/make_fixtures.py > tests/cli/fixtures.sh
"""
import hmac, hashlib, base64, json
def b64(b): return base64.urlsafe_b64encode(b).rstrip(b'=').decode()
KEY=b"0123456789abcdef" * 4  # 64 bytes: long enough for HS512 (RFC 7518 §3.2)
H={"HS256":hashlib.sha256,"HS384":hashlib.sha384,"HS512":hashlib.sha512}
def tok(header, payload, alg="HS256", key=KEY, raw_payload=None):
    h=b64(json.dumps(header,separators=(',',':')).encode())
    p=b64(raw_payload if raw_payload is not None else json.dumps(payload,separators=(',',':')).encode())
    si=(h+'.'+p).encode()
    sig=b64(hmac.new(key,si,H[alg]).digest()) if alg in H else ''
    return h+'.'+p+'.'+sig
out={}
hd=lambda a="HS256": {"alg":a,"typ":"JWT"}
out['NBF_TOKEN']=tok(hd(),{"sub":"alice","nbf":1700000600,"exp":1700003600})
out['NONE_TOKEN']=tok({"alg":"none","typ":"JWT"},{"sub":"alice"},alg="none")
out['NONE_UPPER_TOKEN']=tok({"alg":"NONE","typ":"JWT"},{"sub":"alice"},alg="none")
out['RS256_TOKEN']=tok({"alg":"RS256","typ":"JWT"},{"sub":"alice"},alg="HS256")
out['CRIT_TOKEN']=tok({"alg":"HS256","crit":["exp2"],"exp2":1},{"sub":"alice"})
out['NOT_JSON_TOKEN']=tok(hd(),None,raw_payload=b"hello world")
out['EXP_STRING_TOKEN']=tok(hd(),{"sub":"alice","exp":"1700001800"})
out['NO_EXP_TOKEN']=tok(hd(),{"sub":"alice","type":"refresh"})
out['FRACTIONAL_EXP_TOKEN']=tok(hd(),{"sub":"alice","exp":1700000000.5})
out['HS512_TOKEN']=tok(hd("HS512"),{"sub":"alice","exp":1700001800},alg="HS512")
out['REFRESH_NO_SUB_TOKEN']=tok(hd(),{"type":"refresh","exp":1700604800})
print("# Tokens for the end-to-end tests, made independently of jwtool with Python's hmac, hashlib,")
print('# base64 and json modules (compact JSON, HMAC over "header.payload") and the key in TEST_KEY.')
print("# Written by make_fixtures.py (python3 tests/cli/make_fixtures.py > tests/cli/fixtures.sh);")
print("# never by running jwtool.")
print(f"TEST_KEY='{KEY.decode()}'")
for k,v in out.items(): print(f"{k}='{v}'")
# known answers for issue --no-jti / --jti at now=1700000000, sub alice
for alg in H:
    for typ,ttl in (("access",1800),("refresh",604800)):
        print(f"KNOWN_{alg}_{typ.upper()}='"+tok(hd(alg),{"sub":"alice","iat":1700000000,"exp":1700000000+ttl,"type":typ},alg=alg)+"'")
print("KNOWN_HS256_PAIR_ACCESS='"+tok(hd(),{"sub":"alice","iat":1700000000,"exp":1700001800,"type":"access","fresh":True})+"'")
print("AUD_NUMBER_TOKEN='"+tok(hd(),{"sub":"alice","iat":1700000000,"exp":1700001800,"aud":["api",7]})+"'")
print("KNOWN_HS256_ACCESS_JTI='"+tok(hd(),{"sub":"alice","iat":1700000000,"exp":1700001800,"type":"access","jti":"id-1"})+"'")
# Terminal control characters in a claim (issue 12, finding 7): ESC ] 0 ; title BEL (window
# title), ESC [ 2 J (clear screen), U+009B (CSI), DEL, a newline and a tab, raw in the payload
# where JSON allows it (ensure_ascii=False); C0 is escaped there, as JSON requires.
CONTROL_SUB="\x1b]0;pwned\x07\x1b[2Jeve\x9b31mred\x7f\nroot\tx"
raw=lambda sep: json.dumps({"sub":CONTROL_SUB,"exp":1700001800},ensure_ascii=False,separators=sep).encode()
print("CONTROL_TOKEN='"+tok(hd(),None,raw_payload=raw((',',':')))+"'")
print("CONTROL_SPACED_TOKEN='"+tok(hd(),None,raw_payload=raw((', ',': ')))+"'")
