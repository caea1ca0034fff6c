"""PyJWT as a peer for scripts/bench.sh: verifies tokens (signature and exp).

    python3 pyjwt_verify.py KEYFILE TOKENS PASSES [ALG]

ALG is HS256 (the default: KEYFILE holds the secret's bytes) or a public-key algorithm (RS256,
PS256, ES256, EdDSA: KEYFILE holds a PEM public key, loaded once with python3-cryptography and
handed to PyJWT as a key object, the way that costs PyJWT least: given PEM bytes it parses them
on every call). One untimed warm-up pass over the tokens (one per line), then PASSES timed
passes; prints "NS_PER_TOKEN CPU_NS_PER_TOKEN VALID" (the median pass's wall time and the
median process CPU time per token, and how many tokens were valid in the first timed pass).
Only the loop is timed. PyJWT checks exp against the real clock (it takes no "now"), so the
benchmark's tokens are issued around the real time.
"""
import statistics
import sys
import time

import jwt


def load_key(keyfile, alg):
    with open(keyfile, "rb") as f:
        key = f.read()
    if alg.startswith("HS"):
        return key
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    return load_pem_public_key(key)


def main():
    keyfile, tokens_path, passes = sys.argv[1], sys.argv[2], int(sys.argv[3])
    alg = sys.argv[4] if len(sys.argv) > 4 else "HS256"
    key = load_key(keyfile, alg)
    with open(tokens_path, "r", encoding="ascii") as f:
        tokens = f.read().split()
    decode = jwt.decode
    algorithms = [alg]
    results = []
    for pass_number in range(passes + 1):
        valid = 0
        start = time.perf_counter_ns()
        cpu_start = time.process_time_ns()
        for token in tokens:
            try:
                decode(token, key, algorithms=algorithms)
                valid += 1
            except jwt.InvalidTokenError:
                pass
        cpu = time.process_time_ns() - cpu_start
        elapsed = time.perf_counter_ns() - start
        if pass_number > 0:
            results.append((elapsed / len(tokens), cpu / len(tokens), valid))
    wall = statistics.median(ns for ns, _, _ in results)
    cpu = statistics.median(ns for _, ns, _ in results)
    print(f"{wall:.1f} {cpu:.1f} {results[0][2]}")


if __name__ == "__main__":
    main()
