"""Checks jwtool verify --batch's verdicts on the benchmark's mixed file, line by line.

    python3 check_verdicts.py EXPECTED OUTPUT

EXPECTED has one word per token (valid, expired, bad_signature), OUTPUT is jwtool's JSON Lines.
Line i of OUTPUT must be {"line": i, "valid": true, ...} for a valid token, else
{"line": i, "valid": false, "error": WORD, ...}. Prints "OK: ..." or "FAIL: ..." (with the
first mismatches) and the counts per verdict; exits 1 on a mismatch.
"""
import collections
import json
import sys


def verdict(obj):
    if obj.get("valid") is True and "error" not in obj:
        return "valid"
    if obj.get("valid") is False:
        return str(obj.get("error"))
    return "unreadable"


def main():
    with open(sys.argv[1], encoding="ascii") as f:
        expected = f.read().split()
    problems = []
    counts = collections.Counter()
    seen = 0
    with open(sys.argv[2], encoding="utf-8") as f:
        for number, text in enumerate(f, 1):
            seen = number
            try:
                obj = json.loads(text)
            except ValueError:
                obj = None
            if not isinstance(obj, dict):
                obj = {}
            got = verdict(obj)
            counts[got] += 1
            want = expected[number - 1] if number <= len(expected) else "(no such line)"
            if obj.get("line") != number:
                problems.append(f"output line {number}: \"line\" is {obj.get('line')}")
            elif got != want:
                problems.append(f"line {number}: expected {want}, got {got}")
    if seen != len(expected):
        problems.append(f"{seen} output lines for {len(expected)} tokens")
    summary = ", ".join(f"{counts[k]} {k}" for k in sorted(counts))
    if problems:
        print(f"FAIL: {len(problems)} mismatches ({summary}); first: " + "; ".join(problems[:3]))
        sys.exit(1)
    print(f"OK: {seen} lines, {summary}")


if __name__ == "__main__":
    main()
