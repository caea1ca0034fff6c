"""PyJWT as a peer for scripts/bench.sh: verifies HS256 tokens (signature and exp).

    python3 pyjwt_verify.py KEYFILE TOKENS PASSES

One untimed warm-up pass over the tokens (one per line), then PASSES timed passes; prints
"NS_PER_TOKEN VALID" (the median pass, and how many tokens were valid in it). Only the loop
is timed. PyJWT checks exp against the real clock (it takes no "now"), so the benchmark's
tokens are issued around the real time.
"""
import statistics
import sys
import time

import jwt


def main():
    keyfile, tokens_path, passes = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(keyfile, "rb") as f:
        key = f.read()
    with open(tokens_path, "r", encoding="ascii") as f:
        tokens = f.read().split()
    decode = jwt.decode
    algorithms = ["HS256"]
    results = []
    for pass_number in range(passes + 1):
        valid = 0
        start = time.perf_counter_ns()
        for token in tokens:
            try:
                decode(token, key, algorithms=algorithms)
                valid += 1
            except jwt.InvalidTokenError:
                pass
        elapsed = time.perf_counter_ns() - start
        if pass_number > 0:
            results.append((elapsed / len(tokens), valid))
    print(f"{statistics.median(ns for ns, _ in results):.1f} {results[0][1]}")


if __name__ == "__main__":
    main()
