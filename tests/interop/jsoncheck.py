#!/usr/bin/env python3
"""JSON helpers for test_interop.sh, independent of jwtool and of the peers.

  jsoncheck.py compare [--subset] EXPECTED ACTUAL
      Compare two JSON values as parsed JSON, strictly: same JSON types (an integer is not a
      float, true is not 1), same numbers, same strings, same members in any order, no
      duplicate member names. With --subset, only the top-level members of EXPECTED are
      compared (each must be present in ACTUAL). Prints "same", or where they first differ.
  jsoncheck.py get SPEC
      Print the value SPEC names, as compact JSON (a string is printed bare).
  jsoncheck.py header TOKEN | payload TOKEN
      Print a JWT's decoded header or payload (strict base64url, compact JSON).
  jsoncheck.py tamper TOKEN
      Print TOKEN with its payload changed (sub "mallory", exp 1800000000), same header and
      signature.

A SPEC is @FILE (a JSON file), @FILE:PATH (a member of it; PATH is dot-separated names),
or a JSON literal. A name in PATH that is a number picks that element of an array (0 first).
"""
import base64
import binascii
import json
import re
import sys


def no_duplicates(pairs):
    obj = {}
    for name, value in pairs:
        if name in obj:
            raise ValueError(f"duplicate member name {name!r}")
        obj[name] = value
    return obj


def loads(text):
    return json.loads(text, object_pairs_hook=no_duplicates)


def load_spec(spec):
    if not spec.startswith("@"):
        return loads(spec)
    path, _, member = spec[1:].partition(":")
    with open(path, encoding="utf-8") as f:
        value = loads(f.read())
    for name in member.split(".") if member else []:
        if isinstance(value, list) and name.isdigit() and int(name) < len(value):
            value = value[int(name)]
            continue
        if not isinstance(value, dict) or name not in value:
            raise KeyError(f"{spec}: no member {name!r}")
        value = value[name]
    return value


def dumps(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def describe(value):
    kind = {bool: "boolean", int: "integer", float: "float", str: "string",
            type(None): "null", list: "array", dict: "object"}[type(value)]
    return f"{dumps(value)} ({kind})"


def first_difference(expected, actual, where="$"):
    """None when equal, else a description of the first difference."""
    if type(expected) is not type(actual):
        return f"{where}: expected {describe(expected)}, actual {describe(actual)}"
    if isinstance(expected, dict):
        for name in expected:
            if name not in actual:
                return f"{where}: member {name!r} missing"
        for name in actual:
            if name not in expected:
                return f"{where}: unexpected member {name!r} = {dumps(actual[name])}"
        for name in expected:
            d = first_difference(expected[name], actual[name], f"{where}.{name}")
            if d:
                return d
        return None
    if isinstance(expected, list):
        if len(expected) != len(actual):
            return f"{where}: expected {len(expected)} elements, actual {len(actual)}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            d = first_difference(e, a, f"{where}[{i}]")
            if d:
                return d
        return None
    if expected != actual:
        return f"{where}: expected {describe(expected)}, actual {describe(actual)}"
    return None


def b64url_decode(part):
    if not re.fullmatch(r"[A-Za-z0-9_-]*", part) or len(part) % 4 == 1:
        raise ValueError(f"not base64url: {part!r}")
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def b64url_encode(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def token_parts(token):
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise ValueError("a JWT has three parts")
    return parts


def main(argv):
    cmd, args = argv[1] if len(argv) > 1 else "", argv[2:]
    try:
        if cmd == "compare":
            subset = bool(args) and args[0] == "--subset"
            if subset:
                args = args[1:]
            if len(args) != 2:
                raise SystemExit(__doc__)
            expected, actual = load_spec(args[0]), load_spec(args[1])
            if subset and isinstance(expected, dict) and isinstance(actual, dict):
                actual = {k: actual[k] for k in expected if k in actual}
            print(first_difference(expected, actual) or "same")
        elif cmd == "get" and len(args) == 1:
            value = load_spec(args[0])
            print(value if isinstance(value, str) else dumps(value))
        elif cmd in ("header", "payload") and len(args) == 1:
            part = token_parts(args[0])[0 if cmd == "header" else 1]
            print(dumps(loads(b64url_decode(part).decode("utf-8"))))
        elif cmd == "tamper" and len(args) == 1:
            header, payload, signature = token_parts(args[0])
            claims = loads(b64url_decode(payload).decode("utf-8"))
            claims["sub"] = "mallory"
            claims["exp"] = 1800000000
            forged = b64url_encode(dumps(claims).encode("utf-8"))
            print(f"{header}.{forged}.{signature}")
        else:
            sys.stderr.write(__doc__)
            return 2
    except (ValueError, KeyError, OSError, binascii.Error, UnicodeDecodeError) as e:
        print(f"error: {e}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
