#!/usr/bin/env bash
# The speed benchmark of issues 7 and 13: jwtool's batch modes and one-shot start-up, side by
# side with PyJWT, npm jsonwebtoken, libjwt and latchset jose (HS256), and for the public-key
# algorithms with `openssl speed` (the bare primitive) too. Not a test (nothing here runs in
# ctest).
#
#   ./scripts/bench.sh                  # about 10 minutes on 2 idle cores
#   BENCH_RUNS=3 ./scripts/bench.sh     # fewer repetitions while developing
#   BENCH_QUICK=1 ./scripts/bench.sh    # a smoke test: small counts, 3 runs, a few minutes
#                                       # (most of it the builds); the figures mean little
#   BENCH_BASELINE=main ./scripts/bench.sh   # also builds that git ref and measures its batch
#                                       # verify and one-token verify beside this tree's (issue 17)
#
# Knobs (environment; BENCH_QUICK=1 changes the defaults in brackets): BENCH_RUNS 5 [3],
# BENCH_TOKENS 100000 [2000] (the HS256 workload), BENCH_LATENCY_RUNS 200 [20],
# BENCH_PK_SECONDS 1 [0.1] (the CPU seconds of one single-thread jwtool run per public-key case,
# which sets its token counts from openssl speed's figures), BENCH_PK_PEER_TOKENS 5000 [200]
# (the tokens each peer loops over per public-key case), BENCH_SPEED_SECONDS 2 [1] (openssl
# speed -seconds).
#
# 1. Installs what is missing: the build dependencies (install-deps.sh), python3-jwt,
#    hyperfine, jose, libjwt-dev, time, cargo and librust-jsonwebtoken-dev with apt-get, and
#    jsonwebtoken with npm into build-bench/peers (never into the source tree).
# 2. Builds jwtool in Release into build-bench/ and installs it (cmake --install) into
#    build-bench/install, the build people install; when CMakeLists.txt has the JWTOOL_STATIC
#    option, a static one into build-bench-static/; with BENCH_BASELINE=REF, that git ref's
#    tree (git archive) into build-bench-baseline/. Compiles the libjwt peer program,
#    evp_primitive (the bare JWS signature operation over OpenSSL's EVP), and the floors of one
#    process (issue 17): empty.c and hs256_verify.c (HMAC-SHA-256 over OpenSSL's low-level
#    SHA-256 and a constant-time compare), both static; builds rust_verify (the Rust
#    jsonwebtoken crate, what jwt-cli is built on) offline from Debian's packaged crates, in a
#    copy under build-bench/peers.
# 3. Makes the workload with jwtool itself, in build-bench/work/: a random 64-byte key
#    (jwtool keygen), BENCH_TOKENS (100,000) HS256 access tokens {sub, iat, exp, type, jti}
#    from issue --batch, a mixed file (80 % valid, 10 % forged: half with an altered
#    signature, half signed with another key; 10 % expired) shuffled with a fixed seed, and
#    ten copies of the tokens (1,000,000) for peak memory.
#    Public-key cases (issue 13): RS256 with RSA 2048 and 3072, PS256 (RSA 2048), ES256 (P-256)
#    and EdDSA (Ed25519), each made and measured in turn (so that its references and jwtool
#    see the same load): openssl speed of its primitive (rsa2048, rsa3072, ecdsap256, ed25519;
#    one process on CPU time, and on wall time one process and two, -multi 2) sizes the case
#    so that a single-thread jwtool run takes about BENCH_PK_SECONDS of CPU: keys from jwtool
#    keygen (private PKCS#8, the public half from openssl pkey -pubout), claims for issue
#    --batch, and a file of tokens for verify --batch (the distinct tokens of one issue run,
#    repeated to the count; RSA signing is too slow to make them all).
# 4. Measures, each figure the median of BENCH_RUNS (5) runs: jwtool verify --batch (claims
#    and --no-claims, one thread and --jobs 2), on the mixed file too (whose verdicts are
#    checked line by line), issue --batch, and the million tokens (wall time of the whole
#    process / tokens, peak RSS from /usr/bin/time); the peers' in-process loops over the
#    same tokens and key (signature and exp; only the loop timed); and hyperfine's median for
#    one process verifying one token (installed jwtool, static jwtool, the baseline's, the empty
#    and the HS256 static C programs, the Rust verifier, jose jws ver, the libjwt program) and
#    for one `jwtool issue --sub x`, all in one hyperfine run, BENCH_LATENCY_RUNS (200) runs
#    after 20 warm-ups.
#    Public-key cases: jwtool verify --batch (public key, claims) and issue --batch (private
#    key) with one thread and --jobs 2, wall and CPU time (user + system, /usr/bin/time) of
#    the whole process / tokens; PyJWT, jsonwebtoken and libjwt verifying the first
#    BENCH_PK_PEER_TOKENS of the same tokens in process (wall and CPU time of the loop; a
#    peer without the algorithm is marked so); evp_primitive doing the same signature
#    operations on the same signing inputs with nothing of a JWT around them; and one jwtool
#    verify of an RS256 token (RSA 2048 public key) in the hyperfine run beside the HS256 one
#    (for the static build too).
# 5. Prints markdown tables (ratios to jwtool, and to openssl speed for the public-key cases)
#    and the issues' targets with met / missed; the raw figures stay in build-bench/work/raw/.
#    jwtool's public-key per-token time is set against the primitive on CPU time on both
#    sides (openssl speed divides by its CPU time too), which other processes on a shared
#    machine barely change; --jobs 2 can only be judged on wall time, beside openssl speed's
#    own two-process speed-up measured in the same run. Exits 1 when a correctness check
#    failed (a wrong verdict, a peer refusing a valid token, an unexpected exit code), not for
#    a missed target.
# 6. Keys over HTTPS (issue 15), after the report, in its own section: scripts/bench/oidc.sh (see
#    there) times a warm verify --oidc-issuer against --jwks FILE, one process and per token in
#    verify --batch, against a local HTTPS server.
#
# Tokens are issued at the real time (PyJWT checks exp against the clock and takes no "now")
# with a one-day lifetime; jwtool, jsonwebtoken and libjwt verify at that instant plus a
# minute, fixed for the whole run.
set -euo pipefail
export LC_ALL=C

root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/apt.sh"
bench_src=$root/scripts/bench
build=$root/build-bench
static_build=$root/build-bench-static
baseline_build=$root/build-bench-baseline
BASELINE=${BENCH_BASELINE:-}
peers=$build/peers
work=$build/work
raw=$work/raw

if [ "${BENCH_QUICK:-0}" = 1 ]; then
  defaults=(3 2000 20 0.1 200 1)
else
  defaults=(5 100000 200 1 5000 2)
fi
RUNS=${BENCH_RUNS:-${defaults[0]}}
TOKENS=${BENCH_TOKENS:-${defaults[1]}}
LATENCY_RUNS=${BENCH_LATENCY_RUNS:-${defaults[2]}}
PK_SECONDS=${BENCH_PK_SECONDS:-${defaults[3]}}
PK_PEER_TOKENS=${BENCH_PK_PEER_TOKENS:-${defaults[4]}}
SPEED_SECONDS=${BENCH_SPEED_SECONDS:-${defaults[5]}}
PK_MAX_TOKENS=200000 # per public-key case: bounds the files (an RS256 token is about 550 bytes)
BIG_REPEAT=10
JSONWEBTOKEN_VERSION=9.0.3

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "bench: BENCH_RUNS must be a positive number" >&2; exit 2; }
[[ $TOKENS =~ ^[1-9][0-9]*$ && $TOKENS -ge 20 ]] || { echo "bench: BENCH_TOKENS must be a number, at least 20" >&2; exit 2; }
[[ $LATENCY_RUNS =~ ^[1-9][0-9]*$ ]] || { echo "bench: BENCH_LATENCY_RUNS must be a positive number" >&2; exit 2; }
if ! [[ $PK_SECONDS =~ ^[0-9]*\.?[0-9]+$ ]] || ! awk -v s="$PK_SECONDS" 'BEGIN { exit !(s > 0) }'; then
  echo "bench: BENCH_PK_SECONDS must be a positive number of seconds" >&2
  exit 2
fi
[[ $PK_PEER_TOKENS =~ ^[1-9][0-9]*$ ]] || { echo "bench: BENCH_PK_PEER_TOKENS must be a positive number" >&2; exit 2; }
[[ $SPEED_SECONDS =~ ^[1-9][0-9]*$ ]] || { echo "bench: BENCH_SPEED_SECONDS must be a positive whole number" >&2; exit 2; }

say() { echo "bench: $*" >&2; }
die() {
  echo "bench: $*" >&2
  exit 1
}

FAILED=0
# fail WHAT: a correctness check failed; the run goes on, and exits 1 at the end.
fail() {
  FAILED=1
  echo "bench: FAIL: $*" >&2
}

# ---------------------------------------------------------------------------------------------
# 1. Dependencies and peers

install_peers() {
  local packages=(python3-jwt hyperfine jose libjwt-dev time cargo librust-jsonwebtoken-dev)
  command -v node >/dev/null || packages+=(nodejs)
  command -v npm >/dev/null || packages+=(npm)
  mkdir -p "$build"
  apt_install_missing "$build/bench-install.log" "${packages[@]}" || die "the packages above could not be installed"

  local installed
  installed=$(node -p 'require(process.argv[1]).version' "$peers/node_modules/jsonwebtoken/package.json" 2>/dev/null || true)
  if [ "$installed" != "$JSONWEBTOKEN_VERSION" ]; then
    say "installing jsonwebtoken@$JSONWEBTOKEN_VERSION (npm, into $peers)"
    mkdir -p "$peers"
    npm install --prefix "$peers" --no-save --no-audit --no-fund --loglevel=error \
      "jsonwebtoken@$JSONWEBTOKEN_VERSION" >"$build/bench-npm.log" 2>&1 ||
      die "npm install jsonwebtoken@$JSONWEBTOKEN_VERSION failed: see $build/bench-npm.log"
  fi
}

"$root/scripts/install-deps.sh"
install_peers
# PyJWT from python3-jwt lives in Debian's python, which may not be the python3 first on PATH.
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
"$PY" -c 'import jwt' 2>/dev/null || die "$PY cannot import jwt (python3-jwt)"

# ---------------------------------------------------------------------------------------------
# 2. Builds

# build_jwtool DIR CMAKE_ARGS...: configures and builds jwtool (without the tests) in DIR, from
# $src_tree (the tree of this script unless set). Warnings are not errors here: GCC 12 at -O3
# warns of a maybe-uninitialized std::string in a std::variant (src/cli/verify_batch.cpp) that
# the test builds at -O2 do not see.
build_jwtool() {
  local dir=$1 launcher=()
  shift
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  mkdir -p "$dir"
  { cmake -S "${src_tree:-$root}" -B "$dir" -DCMAKE_BUILD_TYPE=Release -DJWTOOL_BUILD_TESTS=OFF \
    -DJWTOOL_WARNINGS_AS_ERRORS=OFF "${launcher[@]}" "$@" &&
    cmake --build "$dir" -j2; } >"$dir/bench-build.log" 2>&1
}

say "building jwtool (Release) in $build"
build_jwtool "$build" || die "the build failed: see $build/bench-build.log"
JWTOOL=$build/src/jwtool
# The build people install: the same binary as installed by cmake --install (README).
rm -rf "$build/install"
cmake --install "$build" --prefix "$build/install" >"$build/bench-install-prefix.log" 2>&1 ||
  die "cmake --install failed: see $build/bench-install-prefix.log"
INSTALLED_JWTOOL=$build/install/bin/jwtool
STATIC_JWTOOL=
static_note="not built: CMakeLists.txt has no JWTOOL_STATIC option"
if grep -q JWTOOL_STATIC "$root/CMakeLists.txt"; then
  say "building jwtool (Release, JWTOOL_STATIC=ON) in $static_build"
  if build_jwtool "$static_build" -DJWTOOL_STATIC=ON; then
    STATIC_JWTOOL=$static_build/src/jwtool
  else
    static_note="build failed: see $static_build/bench-build.log"
    fail "the static build failed: see $static_build/bench-build.log"
  fi
fi

BASELINE_JWTOOL=
if [ -n "$BASELINE" ]; then
  say "building $BASELINE (Release) in $baseline_build"
  rm -rf "$baseline_build/src-tree"
  mkdir -p "$baseline_build/src-tree"
  git -C "$root" archive "$BASELINE" | tar -x -C "$baseline_build/src-tree" ||
    die "git archive $BASELINE failed"
  src_tree=$baseline_build/src-tree build_jwtool "$baseline_build" ||
    die "the build of $BASELINE failed: see $baseline_build/bench-build.log"
  BASELINE_JWTOOL=$baseline_build/src/jwtool
fi

LIBJWT_PEER=$peers/libjwt_verify
mkdir -p "$peers"
# The floors of one process: nothing at all, and HS256 with nothing of a JWT library around it.
EMPTY_C=$peers/empty
cc -O2 -Wall -static -o "$EMPTY_C" "$bench_src/empty.c" || die "cannot compile empty.c (static)"
HS256_C=$peers/hs256_verify
cc -O2 -Wall -static -o "$HS256_C" "$bench_src/hs256_verify.c" -l:libcrypto.a ||
  die "cannot compile hs256_verify.c (static, libcrypto.a from libssl-dev)"
# The Rust peer: a copy of scripts/bench/rust_verify (its .cargo/config.toml points cargo at
# Debian's crates in /usr/share/cargo/registry), so that Cargo.lock and target/ stay out of the
# source tree. Debian's cargo, which matches the crates' rustc.
RUST_PEER=
rm -rf "$peers/rust_verify"
cp -r "$bench_src/rust_verify" "$peers/rust_verify"
cargo=/usr/bin/cargo
[ -x "$cargo" ] || cargo=cargo
say "building the Rust jsonwebtoken peer (cargo --offline) in $peers/rust_verify"
if (cd "$peers/rust_verify" && "$cargo" build --release --offline) >"$build/bench-cargo.log" 2>&1; then
  RUST_PEER=$peers/rust_verify/target/release/rust_verify
else
  fail "the Rust peer did not build: see $build/bench-cargo.log"
fi
cc -O2 -Wall -o "$LIBJWT_PEER" "$bench_src/libjwt_verify.c" -ljwt || die "cannot compile the libjwt peer"
EVP_PRIMITIVE=$peers/evp_primitive
cc -O2 -Wall -o "$EVP_PRIMITIVE" "$bench_src/evp_primitive.c" -lcrypto || die "cannot compile the EVP primitive program"

# ---------------------------------------------------------------------------------------------
# 3. Workload

rm -rf "$work"
mkdir -p "$raw"
say "making the workload in $work"

KEY=$work/key.bin
"$JWTOOL" keygen --alg HS512 >"$KEY" # 64 random bytes, signing HS256 tokens here
"$JWTOOL" keygen --alg HS512 >"$work/other-key.bin"
[ "$(wc -c <"$KEY")" -eq 64 ] || die "jwtool keygen --alg HS512 did not give 64 bytes"
# The same key as a JWK, for jose.
printf '{"kty":"oct","alg":"HS256","k":"%s"}\n' "$(basenc --base64url -w0 "$KEY" | tr -d =)" >"$work/key.jwk"

ISSUED_AT=$(date +%s)
NOW=$((ISSUED_AT + 60)) # the verifying instant, fixed for the run
TTL=1d
EXPIRED_AT=$((ISSUED_AT - 2 * 86400)) # with a one-hour lifetime: expired long before NOW

awk -v n="$TOKENS" 'BEGIN { for (i = 1; i <= n; i++) printf "{\"sub\":\"user%06d\"}\n", i }' >"$work/claims.jsonl"
ISSUE=("$JWTOOL" issue --batch --type access --ttl "$TTL" --now "$ISSUED_AT" --secret-file "$KEY")
"${ISSUE[@]}" --input "$work/claims.jsonl" >"$work/tokens.jwt" 2>"$raw/workload.stderr" ||
  die "jwtool issue --batch failed: $(cat "$raw/workload.stderr")"
[ "$(wc -l <"$work/tokens.jwt")" -eq "$TOKENS" ] || die "jwtool issue --batch did not write $TOKENS tokens"
shape=$(head -n 1 "$work/tokens.jwt" | "$PY" -c '
import base64, json, sys
payload = sys.stdin.read().split(".")[1]
print(",".join(sorted(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))))))')
[ "$shape" = exp,iat,jti,sub,type ] || fail "the tokens' claims are $shape, not exp,iat,jti,sub,type"

# The mixed file: per token, its expected verdict; then shuffled with a fixed seed.
n_forged=$((TOKENS / 10))
n_expired=$((TOKENS / 10))
n_valid=$((TOKENS - n_forged - n_expired))
n_altered=$((n_forged / 2))
{
  head -n "$n_valid" "$work/tokens.jwt" | sed 's/^/valid\t/'
  # An altered signature: its first character changed (never the last, whose trailing bits
  # would make the token malformed rather than forged).
  sed -n "$((n_valid + 1)),$((n_valid + n_altered))p" "$work/tokens.jwt" |
    awk -F. '{ c = substr($3, 1, 1); printf "bad_signature\t%s.%s.%s%s\n", $1, $2, (c == "A" ? "B" : "A"), substr($3, 2) }'
  sed -n "$((n_valid + n_altered + 1)),$((n_valid + n_forged))p" "$work/claims.jsonl" |
    "$JWTOOL" issue --batch --type access --ttl "$TTL" --now "$ISSUED_AT" --secret-file "$work/other-key.bin" |
    sed 's/^/bad_signature\t/'
  sed -n "$((n_valid + n_forged + 1)),\$p" "$work/claims.jsonl" |
    "$JWTOOL" issue --batch --type access --ttl 1h --now "$EXPIRED_AT" --secret-file "$KEY" |
    sed 's/^/expired\t/'
} >"$work/mixed.tsv" 2>>"$raw/workload.stderr" || die "making the mixed file failed: $(cat "$raw/workload.stderr")"
"$PY" -c '
import random, sys
lines = open(sys.argv[1]).readlines()
random.Random(7).shuffle(lines)
sys.stdout.writelines(lines)' "$work/mixed.tsv" >"$work/mixed.shuffled.tsv"
cut -f1 "$work/mixed.shuffled.tsv" >"$work/mixed.expected"
cut -f2 "$work/mixed.shuffled.tsv" >"$work/mixed.jwt"
rm "$work/mixed.tsv" "$work/mixed.shuffled.tsv"
[ "$(wc -l <"$work/mixed.jwt")" -eq "$TOKENS" ] || die "the mixed file does not hold $TOKENS tokens"
# The exit code of verify --batch on it: the first failure's, in input order.
case $(grep -m 1 -v '^valid$' "$work/mixed.expected") in
expired) MIXED_RC=3 ;;
*) MIXED_RC=1 ;;
esac

BIG_TOKENS=$((TOKENS * BIG_REPEAT))
for ((i = 0; i < BIG_REPEAT; i++)); do cat "$work/tokens.jwt"; done >"$work/big.jwt"

# ---------------------------------------------------------------------------------------------
# 4. Measurements

declare -A NS RATE RSS CPU # per case: median ns/token, tokens/s, peak RSS (KiB), CPU ns/token

# How busy the machine was with other work: the CPU time all processes used (/proc/stat)
# less this script's own and its children's (/proc/$$/stat), in clock ticks.
cpu_busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8; exit }' /proc/stat; }
cpu_ours() { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$$/stat"; }
busy_start=$(cpu_busy) ours_start=$(cpu_ours) measure_start=$EPOCHREALTIME

microseconds() { local t=${1//[!0-9]/}; echo $((10#$t)); }

# measure CASE TOKENS EXPECTED_RC OUTPUT COMMAND...: runs COMMAND $RUNS times under
# /usr/bin/time with its standard output to OUTPUT; keeps each run's wall time, peak RSS and
# CPU time (user + system, from bash's time to the millisecond: /usr/bin/time rounds it to
# 10 ms) in $raw/CASE.tsv (its standard error in $raw/CASE.stderr) and the medians in NS,
# RATE, RSS, CPU.
measure() {
  local case=$1 count=$2 want_rc=$3 out=$4
  shift 4
  local file=$raw/$case.tsv run start end rc user system TIMEFORMAT='%3U %3S'
  printf 'run\tseconds\tpeak_rss_kib\texit_code\tcpu_seconds\n' >"$file"
  say "measuring $case ($RUNS runs)"
  for ((run = 1; run <= RUNS; run++)); do
    rc=0
    start=$EPOCHREALTIME
    { time /usr/bin/time -f %M -o "$raw/time.out" "$@" >"$out" 2>"$raw/$case.stderr"; } 2>"$raw/cpu.out" || rc=$?
    end=$EPOCHREALTIME
    [ "$rc" -eq "$want_rc" ] || fail "$case: exit code $rc, expected $want_rc (see $raw/$case.stderr)"
    read -r user system <"$raw/cpu.out"
    printf '%d\t%s\t%s\t%d\t%s\n' "$run" \
      "$(awk -v us="$(($(microseconds "$end") - $(microseconds "$start")))" 'BEGIN { printf "%.6f", us / 1e6 }')" \
      "$(tail -n 1 "$raw/time.out")" "$rc" "$(awk -v u="$user" -v s="$system" 'BEGIN { printf "%.3f", u + s }')" >>"$file"
  done
  rm -f "$raw/time.out" "$raw/cpu.out"
  local seconds cpu_seconds
  seconds=$(median "$file" 2)
  cpu_seconds=$(median "$file" 5)
  NS[$case]=$(awk -v s="$seconds" -v n="$count" 'BEGIN { printf "%.1f", s * 1e9 / n }')
  RATE[$case]=$(awk -v s="$seconds" -v n="$count" 'BEGIN { printf "%.0f", n / s }')
  RSS[$case]=$(median "$file" 3)
  CPU[$case]=$(awk -v s="$cpu_seconds" -v n="$count" 'BEGIN { printf "%.1f", s * 1e9 / n }')
}

# median FILE COLUMN: the median of a column of a .tsv with a header line.
median() {
  tail -n +2 "$1" | cut -f "$2" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

VERIFY=("$JWTOOL" verify --batch --now "$NOW" --secret-file "$KEY")
measure verify_claims_1 "$TOKENS" 0 /dev/null "${VERIFY[@]}" --input "$work/tokens.jwt"
if [ -n "$BASELINE_JWTOOL" ]; then
  # Right after this tree's, on the same load: issue 17's "batch throughput does not regress".
  measure baseline_verify_claims_1 "$TOKENS" 0 /dev/null "$BASELINE_JWTOOL" "${VERIFY[@]:1}" --input "$work/tokens.jwt"
fi
measure verify_noclaims_1 "$TOKENS" 0 /dev/null "${VERIFY[@]}" --input "$work/tokens.jwt" --no-claims
measure verify_claims_2 "$TOKENS" 0 /dev/null "${VERIFY[@]}" --input "$work/tokens.jwt" --jobs 2
measure verify_noclaims_2 "$TOKENS" 0 /dev/null "${VERIFY[@]}" --input "$work/tokens.jwt" --no-claims --jobs 2
measure verify_mixed_1 "$TOKENS" "$MIXED_RC" "$work/mixed.out.jobs1.jsonl" "${VERIFY[@]}" --input "$work/mixed.jwt"
measure verify_mixed_2 "$TOKENS" "$MIXED_RC" "$work/mixed.out.jobs2.jsonl" "${VERIFY[@]}" --input "$work/mixed.jwt" --jobs 2
measure issue_1 "$TOKENS" 0 /dev/null "${ISSUE[@]}" --input "$work/claims.jsonl"
measure verify_big_1 "$BIG_TOKENS" 0 /dev/null "${VERIFY[@]}" --input "$work/big.jwt"
measure verify_big_2 "$BIG_TOKENS" 0 /dev/null "${VERIFY[@]}" --input "$work/big.jwt" --jobs 2

declare -A VERDICTS
for jobs in 1 2; do
  if VERDICTS[$jobs]=$("$PY" "$bench_src/check_verdicts.py" "$work/mixed.expected" "$work/mixed.out.jobs$jobs.jsonl"); then :; else
    fail "mixed file, --jobs $jobs: ${VERDICTS[$jobs]}"
  fi
  echo "${VERDICTS[$jobs]}" >"$raw/verdicts_jobs$jobs.txt"
done

declare -A UNSUPPORTED # per peer case that lacks the algorithm: the peer's word for it
# peer CASE VALID COMMAND...: an in-process loop printing "NS_PER_TOKEN CPU_NS_PER_TOKEN
# VALID"; all VALID tokens must pass. A peer without the algorithm exits 3 saying so.
peer() {
  local case=$1 want=$2 result rc=0 ns cpu valid
  shift 2
  say "measuring $case (1 warm-up + $RUNS passes in one process)"
  result=$("$@" 2>"$raw/$case.stderr") || rc=$?
  if [ "$rc" -eq 3 ]; then
    UNSUPPORTED[$case]=$(head -n 1 "$raw/$case.stderr")
    return 0
  fi
  [ "$rc" -eq 0 ] || { fail "$case failed (see $raw/$case.stderr)"; return 0; }
  echo "$result" >"$raw/$case.txt"
  read -r ns cpu valid <<<"$result"
  NS[$case]=$ns CPU[$case]=$cpu
  RATE[$case]=$(awk -v ns="$ns" 'BEGIN { printf "%.0f", 1e9 / ns }')
  [ "$valid" -eq "$want" ] || fail "$case accepted $valid of the $want valid tokens"
}

# Public-key cases (issue 13).
PK_CASES=(rs256_2048 rs256_3072 ps256_2048 es256 eddsa)
declare -A PK_ALG=([rs256_2048]=RS256 [rs256_3072]=RS256 [ps256_2048]=PS256 [es256]=ES256 [eddsa]=EdDSA)
declare -A PK_KEY=([rs256_2048]=rsa2048 [rs256_3072]=rsa3072 [ps256_2048]=rsa2048 [es256]=p256 [eddsa]=ed25519)
declare -A PK_LABEL=([rs256_2048]="RS256 (RSA 2048)" [rs256_3072]="RS256 (RSA 3072)" [ps256_2048]="PS256 (RSA 2048)"
  [es256]="ES256 (P-256)" [eddsa]="EdDSA (Ed25519)")
# openssl speed's primitive for each key. PS256 has the rsa2048 figures: openssl speed 3.0 has no
# PSS, and its padding costs little beside the private- or public-key operation.
declare -A PK_PRIMITIVE=([rsa2048]=rsa2048 [rsa3072]=rsa3072 [p256]=ecdsap256 [ed25519]=ed25519)
declare -A PK_KEYGEN=([rsa2048]="--alg RS256 --bits 2048" [rsa3072]="--alg RS256 --bits 3072" [p256]="--alg ES256"
  [ed25519]="--alg EdDSA")

# SPEED[MODE:CASE:OP]: openssl speed's ns per sign or verify of the case's primitive. MODE cpu:
# one process, on its CPU time (openssl speed's default); wall1 and wall2: on wall time
# (-elapsed), one process and two (-multi 2: per op of their summed rate).
declare -A SPEED
# speed MODE CASE FLAGS...: one openssl speed run of the case's primitive, its -mr line parsed.
speed() {
  local mode=$1 case=$2 tag c d e sign='' verify='' primitive=${PK_PRIMITIVE[${PK_KEY[$2]}]}
  local out=$raw/openssl-speed-$2-$1
  shift 2
  if ! openssl speed -mr -seconds "$SPEED_SECONDS" "$@" "$primitive" >"$out.txt" 2>"$out.stderr"; then
    fail "openssl speed $* $primitive failed (see $out.stderr)"
    return 0
  fi
  while IFS=: read -r tag _ _ c d e; do
    case $tag in
    +F2 | +F4) sign=$c verify=$d ;; # RSA, ECDSA: +F2:index:bits:sign/s:verify/s
    +F6) sign=$d verify=$e ;;       # EdDSA: +F6:index:bits:name:sign/s:verify/s
    esac
  done <"$out.txt"
  SPEED[$mode:$case:sign]=$(awk -v r="$sign" 'BEGIN { if (r > 0) printf "%.1f", 1e9 / r }')
  SPEED[$mode:$case:verify]=$(awk -v r="$verify" 'BEGIN { if (r > 0) printf "%.1f", 1e9 / r }')
  if [ -z "${SPEED[$mode:$case:sign]}" ] || [ -z "${SPEED[$mode:$case:verify]}" ]; then
    fail "openssl speed $* $primitive gave no figures (see $out.txt)"
  fi
}

# pk_count NS_PER_OP: the tokens one single-thread run works on, about $PK_SECONDS of CPU.
pk_count() {
  awk -v s="$PK_SECONDS" -v ns="${1:-100000}" -v max="$PK_MAX_TOKENS" \
    'BEGIN { n = int(s * 1e9 / ns); if (n < 20) n = 20; if (n > max) n = max; print n }'
}

say "making the public-key keys in $work"
for key in "${!PK_KEYGEN[@]}"; do
  # shellcheck disable=SC2086 # the keygen flags are words
  if ! "$JWTOOL" keygen ${PK_KEYGEN[$key]} --out "$work/$key.pem" 2>>"$raw/workload.stderr" ||
    ! openssl pkey -in "$work/$key.pem" -pubout -out "$work/$key.pub.pem" 2>>"$raw/workload.stderr"; then
    die "making the $key key failed: $(cat "$raw/workload.stderr")"
  fi
done

# Each case in turn, its references measured just before jwtool (the load of a shared machine
# changes by the minute): openssl speed, which sizes its workload, then the bare EVP operation
# and jwtool, verifying and then issuing.
declare -A PK_N_ISSUE PK_N_VERIFY PK_N_PEERS
for case in "${PK_CASES[@]}"; do
  key=$work/${PK_KEY[$case]} alg=${PK_ALG[$case]}
  say "measuring openssl speed ${PK_PRIMITIVE[${PK_KEY[$case]}]} for $case (CPU time; wall time, one and two processes)"
  speed cpu "$case"
  speed wall1 "$case" -elapsed
  speed wall2 "$case" -elapsed -multi 2

  PK_N_ISSUE[$case]=$(pk_count "${SPEED[cpu:$case:sign]:-}")
  PK_N_VERIFY[$case]=$(pk_count "${SPEED[cpu:$case:verify]:-}")
  awk -v n="${PK_N_ISSUE[$case]}" 'BEGIN { for (i = 1; i <= n; i++) printf "{\"sub\":\"user%06d\"}\n", i }' >"$work/$case.claims.jsonl"
  "$JWTOOL" issue --batch --jobs 2 --type access --ttl "$TTL" --now "$ISSUED_AT" --key "$key.pem" \
    --alg "$alg" --input "$work/$case.claims.jsonl" >"$work/$case.distinct.jwt" 2>>"$raw/workload.stderr" ||
    die "jwtool issue --batch --alg $alg failed: $(cat "$raw/workload.stderr")"
  # The tokens to verify: the distinct ones, repeated up to the count (the file is read in order).
  awk -v n="${PK_N_VERIFY[$case]}" '{ t[NR] = $0 } END { for (i = 0; i < n; i++) print t[i % NR + 1] }' \
    "$work/$case.distinct.jwt" >"$work/$case.jwt"
  [ "$(wc -l <"$work/$case.jwt")" -eq "${PK_N_VERIFY[$case]}" ] || die "the $case tokens are not ${PK_N_VERIFY[$case]}"
  # The peers' tokens, and the bare operation's: it verifies those and signs as many of the
  # distinct tokens' inputs as one jwtool run signs (at most BENCH_PK_PEER_TOKENS).
  head -n "$PK_PEER_TOKENS" "$work/$case.jwt" >"$work/$case.peers.jwt"
  PK_N_PEERS[$case]=$(wc -l <"$work/$case.peers.jwt")
  head -n "$PK_PEER_TOKENS" "$work/$case.distinct.jwt" >"$work/$case.sign.jwt"

  PK_VERIFY=("$JWTOOL" verify --batch --now "$NOW" --key "$key.pub.pem" --input "$work/$case.jwt")
  PK_ISSUE=("$JWTOOL" issue --batch --type access --ttl "$TTL" --now "$ISSUED_AT" --key "$key.pem"
    --alg "$alg" --input "$work/$case.claims.jsonl")
  peer "pk_${case}_evp_verify" "${PK_N_PEERS[$case]}" "$EVP_PRIMITIVE" verify "$key.pub.pem" "$alg" "$work/$case.peers.jwt" "$RUNS"
  measure "pk_${case}_verify_1" "${PK_N_VERIFY[$case]}" 0 /dev/null "${PK_VERIFY[@]}"
  measure "pk_${case}_verify_2" "${PK_N_VERIFY[$case]}" 0 /dev/null "${PK_VERIFY[@]}" --jobs 2
  peer "pk_${case}_evp_sign" "$(wc -l <"$work/$case.sign.jwt")" "$EVP_PRIMITIVE" sign "$key.pem" "$alg" "$work/$case.sign.jwt" "$RUNS"
  measure "pk_${case}_issue_1" "${PK_N_ISSUE[$case]}" 0 /dev/null "${PK_ISSUE[@]}"
  measure "pk_${case}_issue_2" "${PK_N_ISSUE[$case]}" 0 /dev/null "${PK_ISSUE[@]}" --jobs 2
done

peer pyjwt "$TOKENS" "$PY" "$bench_src/pyjwt_verify.py" "$KEY" "$work/tokens.jwt" "$RUNS"
peer jsonwebtoken "$TOKENS" env NODE_PATH="$peers/node_modules" node "$bench_src/jsonwebtoken_verify.js" "$KEY" "$work/tokens.jwt" "$NOW" "$RUNS"
peer libjwt "$TOKENS" "$LIBJWT_PEER" loop "$KEY" "$work/tokens.jwt" "$NOW" "$RUNS"
for case in "${PK_CASES[@]}"; do
  public=$work/${PK_KEY[$case]}.pub.pem tokens=$work/$case.peers.jwt alg=${PK_ALG[$case]} n=${PK_N_PEERS[$case]}
  peer "pk_${case}_pyjwt" "$n" "$PY" "$bench_src/pyjwt_verify.py" "$public" "$tokens" "$RUNS" "$alg"
  peer "pk_${case}_jsonwebtoken" "$n" env NODE_PATH="$peers/node_modules" node "$bench_src/jsonwebtoken_verify.js" \
    "$public" "$tokens" "$NOW" "$RUNS" "$alg"
  peer "pk_${case}_libjwt" "$n" "$LIBJWT_PEER" loop "$public" "$tokens" "$NOW" "$RUNS" "$alg"
done

# One process, one token.
TOKEN=$(head -n 1 "$work/tokens.jwt")
quote() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
RS256_TOKEN=$(head -n 1 "$work/rs256_2048.jwt")
latency_names=(jwtool jwtool-issue jwtool-rs256)
latency_commands=("$(quote "$INSTALLED_JWTOOL") verify --now $NOW --secret-file $(quote "$KEY") $TOKEN"
  "$(quote "$INSTALLED_JWTOOL") issue --sub x --now $NOW --secret-file $(quote "$KEY")"
  "$(quote "$INSTALLED_JWTOOL") verify --now $NOW --key $(quote "$work/rsa2048.pub.pem") $RS256_TOKEN")
if [ -n "$BASELINE_JWTOOL" ]; then
  latency_names+=(jwtool-baseline)
  latency_commands+=("$(quote "$BASELINE_JWTOOL") verify --now $NOW --secret-file $(quote "$KEY") $TOKEN")
fi
if [ -n "$STATIC_JWTOOL" ]; then
  latency_names+=(jwtool-static jwtool-static-rs256)
  latency_commands+=("$(quote "$STATIC_JWTOOL") verify --now $NOW --secret-file $(quote "$KEY") $TOKEN"
    "$(quote "$STATIC_JWTOOL") verify --now $NOW --key $(quote "$work/rsa2048.pub.pem") $RS256_TOKEN")
fi
latency_names+=(c-empty c-hs256)
latency_commands+=("$(quote "$EMPTY_C")" "$(quote "$HS256_C") $(quote "$KEY") $TOKEN")
if [ -n "$RUST_PEER" ]; then
  latency_names+=(rust)
  latency_commands+=("$(quote "$RUST_PEER") $(quote "$KEY") $TOKEN")
fi
latency_names+=(jose libjwt)
latency_commands+=("jose jws ver -i $TOKEN -k $(quote "$work/key.jwk") -O -"
  "$(quote "$LIBJWT_PEER") one $(quote "$KEY") $NOW $TOKEN")
# hyperfine 1.13 and later run a command without a shell with -N; an older one gets the
# default shell, whose start-up it measures and subtracts.
hyperfine_flags=(--warmup 20 --runs "$LATENCY_RUNS" --style none)
if hyperfine --help | grep -q -- '--shell=none'; then
  hyperfine_flags+=(-N)
  hyperfine_shell="-N (no shell)"
else
  hyperfine_shell="default shell (no -N in this hyperfine), its start-up subtracted"
fi
hyperfine_args=()
for i in "${!latency_names[@]}"; do
  # Each command must succeed once before it is timed.
  bash -c "${latency_commands[$i]}" >/dev/null 2>"$raw/latency_check.stderr" ||
    fail "one-token verification with ${latency_names[$i]} failed: $(cat "$raw/latency_check.stderr")"
  hyperfine_args+=(-n "${latency_names[$i]}" "${latency_commands[$i]}")
done
rm -f "$raw/latency_check.stderr"
say "measuring one process verifying one token (hyperfine, $LATENCY_RUNS runs each)"
declare -A LAT_MEDIAN LAT_MEAN LAT_SD
if hyperfine "${hyperfine_flags[@]}" --export-json "$raw/latency.json" "${hyperfine_args[@]}" >"$raw/latency.txt" 2>&1; then
  while read -r name med mean sd; do
    LAT_MEDIAN[$name]=$med LAT_MEAN[$name]=$mean LAT_SD[$name]=$sd
  done < <("$PY" -c '
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(r["command"], r["median"] * 1e3, r["mean"] * 1e3, r["stddev"] * 1e3)' "$raw/latency.json")
else
  fail "hyperfine failed: see $raw/latency.txt"
fi

# Cores' worth of CPU time other processes took while this script measured.
other_load=$(awk -v busy=$(($(cpu_busy) - busy_start)) -v ours=$(($(cpu_ours) - ours_start)) \
  -v us=$(($(microseconds "$EPOCHREALTIME") - $(microseconds "$measure_start"))) -v hz="$(getconf CLK_TCK)" \
  'BEGIN { other = (busy - ours) / hz / (us / 1e6); printf "%.2f", other < 0 ? 0 : other }')

# ---------------------------------------------------------------------------------------------
# 5. Report

group() { sed -E ':a;s/^([0-9]+)([0-9]{3})/\1,\2/;ta'; }
# The formats of the table; each prints n/a for a figure that is missing (a failed step).
fmt_ns() { if [ -n "${1:-}" ]; then printf '%.0f' "$1" | group; else echo n/a; fi; }
fmt_rate() { if [ -n "${1:-}" ]; then echo "$1" | group; else echo n/a; fi; }
fmt_mib() { if [ -n "${1:-}" ]; then awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; else echo n/a; fi; }
fmt_ms() { if [ -n "${1:-}" ]; then awk -v v="$1" 'BEGIN { printf "%.3f", v }'; else echo n/a; fi; }
# ratio A B: A / B as "1.23x" (n/a when either is missing).
ratio() {
  if [ -n "${1:-}" ] && [ -n "${2:-}" ]; then awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'; else echo n/a; fi
}
# verdict MET: "met" or "**missed**".
verdict() { if [ "$1" = 1 ]; then echo met; else echo "**missed**"; fi; }
le() { [ -n "${1:-}" ] && awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
lt() { [ -n "${1:-}" ] && awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
ge() { [ -n "${1:-}" ] && awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
met() { if "$@"; then echo 1; else echo 0; fi; }

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
sha=$(grep -q -w sha_ni /proc/cpuinfo && echo "SHA-NI" || echo "no SHA-NI")
jose_version=$(dpkg-query -W -f='${Version}' jose 2>/dev/null || echo '?')
pyjwt_version=$("$PY" -c 'import jwt; print(jwt.__version__)')
python_version=$("$PY" -c 'import platform; print(platform.python_version())')
libjwt_version=$(pkg-config --modversion libjwt 2>/dev/null || dpkg-query -W -f='${Version}' libjwt-dev)
node_version=$(node --version)
openssl_version=$(pkg-config --modversion openssl 2>/dev/null || echo '?')
ref=verify_claims_1

row() { # row LABEL CASE [RATIO]
  printf '| %s | %s | %s | %s | %s |\n' "$1" "$(fmt_ns "${NS[$2]:-}")" "$(fmt_rate "${RATE[$2]:-}")" \
    "$(fmt_mib "${RSS[$2]:-}")" "${3:-$(ratio "${NS[$2]:-}" "${NS[$ref]:-}")}"
}

# pk_label CASE OP: "RS256 (RSA 2048) verify".
pk_label() { echo "${PK_LABEL[$1]} $([ "$2" = sign ] && echo issue || echo verify)"; }
# pk_case CASE OP JOBS: the measure case of jwtool for OP (sign or verify) with JOBS threads.
pk_case() { echo "pk_${1}_$([ "$2" = sign ] && echo issue || echo verify)_$3"; }

report_pk() {
  local case op jcase tokens peer name cpu
  echo "### Public-key tokens: jwtool and the bare primitive (issue 13)"
  echo
  echo "jwtool: verify --batch with the public key (claims out) and issue --batch with the private key, the whole"
  echo "process (start-up, key import, reading, writing) / tokens, median of $RUNS runs; about $PK_SECONDS s of CPU"
  echo "each. openssl speed: its figure for the primitive (${SPEED_SECONDS} s each), which signs a short digest: no"
  echo "hash of the message, RSA with PKCS#1 v1.5 padding only (PS256 has the RSA 2048 figures: no PSS in"
  echo "openssl speed 3.0). EVP: scripts/bench/evp_primitive.c, the same JWS operation as jwtool (hash, padding,"
  echo "key operation) on the same signing inputs with a prepared context, nothing of a JWT around it. CPU ="
  echo "user + system time (openssl speed: user), which other processes on the machine barely change."
  echo
  echo "| algorithm | op | tokens | openssl speed ns/op | EVP ns/op | jwtool 1 thread ns/token | jwtool / openssl speed | jwtool / EVP |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|"
  for case in "${PK_CASES[@]}"; do
    for op in verify sign; do
      jcase=$(pk_case "$case" "$op" 1)
      [ "$op" = sign ] && tokens=${PK_N_ISSUE[$case]} || tokens=${PK_N_VERIFY[$case]}
      printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "${PK_LABEL[$case]}" \
        "$([ "$op" = sign ] && echo issue || echo verify)" "$(fmt_rate "$tokens")" \
        "$(fmt_ns "${SPEED[cpu:$case:$op]:-}")" "$(fmt_ns "${CPU[pk_${case}_evp_$op]:-}")" \
        "$(fmt_ns "${CPU[$jcase]:-}")" "$(ratio "${CPU[$jcase]:-}" "${SPEED[cpu:$case:$op]:-}")" \
        "$(ratio "${CPU[$jcase]:-}" "${CPU[pk_${case}_evp_$op]:-}")"
    done
  done
  echo
  echo "### Public-key tokens: wall time, and --jobs 2"
  echo
  echo "Wall time of the whole jwtool process / tokens. The speed-up is the --jobs 2 rate over the one-thread"
  echo "rate; beside it, jwtool's CPU per token with --jobs 2 over one thread's (1.00×: the threads add no work)"
  echo "and openssl speed's own speed-up on wall time (-elapsed, two processes, -multi 2, over one), measured in"
  echo "this run: what the machine gave two busy processes then."
  if [ "$(cat /proc/sys/kernel/sched_autogroup_enabled 2>/dev/null)" = 1 ]; then
    echo "This kernel shares CPU time out by session (sched_autogroup_enabled): a session's share does not grow"
    echo "with its threads, so while other sessions keep the cores busy --jobs 2 (and -multi 2) get little more"
    echo "CPU than one thread."
  fi
  echo
  echo "| algorithm | op | jwtool 1 thread ns/token | jwtool --jobs 2 ns/token | --jobs 2 speed-up | --jobs 2 CPU / 1 thread CPU | openssl speed -multi 2 speed-up |"
  echo "|---|---|---:|---:|---:|---:|---:|"
  for case in "${PK_CASES[@]}"; do
    for op in verify sign; do
      jcase=$(pk_case "$case" "$op" 1)
      printf '| %s | %s | %s | %s | %s | %s | %s |\n' "${PK_LABEL[$case]}" \
        "$([ "$op" = sign ] && echo issue || echo verify)" "$(fmt_ns "${NS[$jcase]:-}")" \
        "$(fmt_ns "${NS[$(pk_case "$case" "$op" 2)]:-}")" "$(ratio "${NS[$jcase]:-}" "${NS[$(pk_case "$case" "$op" 2)]:-}")" \
        "$(ratio "${CPU[$(pk_case "$case" "$op" 2)]:-}" "${CPU[$jcase]:-}")" \
        "$(ratio "${SPEED[wall1:$case:$op]:-}" "${SPEED[wall2:$case:$op]:-}")"
    done
  done
  echo
  echo "### Public-key verification in process: the peers on the same tokens"
  echo
  echo "Peers: a loop over the first $PK_PEER_TOKENS of the tokens jwtool verified (signature and exp; PyJWT and"
  echo "jsonwebtoken given a key object made once, libjwt the PEM text, which it parses on every call), median of"
  echo "$RUNS passes after one warm-up, the loop only. jwtool: verify --batch, 1 thread, the whole process."
  echo
  echo "| algorithm | implementation | ns/token (CPU) | ns/token (wall) | CPU vs jwtool |"
  echo "|---|---|---:|---:|---:|"
  for case in "${PK_CASES[@]}"; do
    jcase=$(pk_case "$case" verify 1)
    printf '| %s | %s | %s | %s | %s |\n' "${PK_LABEL[$case]}" "jwtool verify --batch" "$(fmt_ns "${CPU[$jcase]:-}")" \
      "$(fmt_ns "${NS[$jcase]:-}")" "1.00×"
    for peer in pyjwt jsonwebtoken libjwt; do
      case $peer in
      pyjwt) name="PyJWT $pyjwt_version" ;;
      jsonwebtoken) name="jsonwebtoken $JSONWEBTOKEN_VERSION" ;;
      libjwt) name="libjwt $libjwt_version" ;;
      esac
      if [ -n "${UNSUPPORTED[pk_${case}_$peer]:-}" ]; then
        printf '| %s | %s | — | — | not supported (%s) |\n' "${PK_LABEL[$case]}" "$name" "${UNSUPPORTED[pk_${case}_$peer]#*: }"
      else
        cpu=${CPU[pk_${case}_$peer]:-}
        printf '| %s | %s | %s | %s | %s |\n' "${PK_LABEL[$case]}" "$name" "$(fmt_ns "$cpu")" \
          "$(fmt_ns "${NS[pk_${case}_$peer]:-}")" "$(ratio "$cpu" "${CPU[$jcase]:-}")"
      fi
    done
  done
  echo
  echo "### Targets (issue 13)"
  echo
  echo "| target | goal | measured | |"
  echo "|---|---|---:|---|"
  local measured speedup
  for case in "${PK_CASES[@]}"; do
    for op in verify sign; do
      measured=$(ratio "${CPU[$(pk_case "$case" "$op" 1)]:-}" "${SPEED[cpu:$case:$op]:-}")
      printf '| %s, 1 thread: jwtool / openssl speed, CPU per token (jwtool / EVP: %s) | ≤ 1.15× | %s | %s |\n' \
        "$(pk_label "$case" "$op")" "$(ratio "${CPU[$(pk_case "$case" "$op" 1)]:-}" "${CPU[pk_${case}_evp_$op]:-}")" \
        "$measured" "$(verdict "$(met le "${measured%×}" 1.15)")"
    done
  done
  for case in "${PK_CASES[@]}"; do
    for op in verify sign; do
      speedup=$(ratio "${NS[$(pk_case "$case" "$op" 1)]:-}" "${NS[$(pk_case "$case" "$op" 2)]:-}")
      printf '| %s, --jobs 2 rate / 1 thread rate (openssl speed -multi 2: %s) | ≥ 1.85× | %s | %s |\n' \
        "$(pk_label "$case" "$op")" "$(ratio "${SPEED[wall1:$case:$op]:-}" "${SPEED[wall2:$case:$op]:-}")" \
        "$speedup" "$(verdict "$(met ge "${speedup%×}" 1.85)")"
    done
  done
  local build
  for build in jwtool jwtool-static; do
    [ "$build" = jwtool ] || [ -n "$STATIC_JWTOOL" ] || continue
    measured=
    [ -n "${LAT_MEDIAN[$build-rs256]:-}" ] && [ -n "${LAT_MEDIAN[$build]:-}" ] &&
      measured=$(awk -v a="${LAT_MEDIAN[$build-rs256]}" -v b="${LAT_MEDIAN[$build]}" 'BEGIN { printf "%+.3f", a - b }')
    printf '| one jwtool verify, RS256 (RSA 2048 public key) median − HS256 median, %s build | ≤ +0.3 ms | %s ms | %s |\n' \
      "$([ "$build" = jwtool ] && echo default || echo static)" "${measured:-n/a}" "$(verdict "$(met le "$measured" 0.3)")"
  done
}

report() {
  echo "## jwtool benchmark ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
  echo
  echo "Machine: $cpu, $(nproc) cores, $sha. Other processes used $other_load cores on average while this measured$(
    awk -v l="$other_load" 'BEGIN { exit !(l >= 0.25) }' && echo ": the figures are slower than on an idle machine, --jobs 2 most of all")."
  echo "jwtool $("$JWTOOL" --version | head -n 1 | awk '{ print $NF }') (Release$([ -z "$STATIC_JWTOOL" ] || echo ", and static")), OpenSSL $openssl_version; each figure the median of $RUNS runs; $TOKENS tokens (HS256, 64-byte key)."
  echo
  echo "### Many tokens (ns/token: whole jwtool process / tokens; peers: the loop only)"
  echo
  echo "| what | ns/token | tokens/s | peak RSS | time vs jwtool verify (1 thread, claims) |"
  echo "|---|---:|---:|---:|---:|"
  row "jwtool verify --batch, 1 thread, claims" verify_claims_1
  [ -z "$BASELINE_JWTOOL" ] || row "jwtool verify --batch, 1 thread, claims: $BASELINE (baseline build)" baseline_verify_claims_1
  row "jwtool verify --batch, 1 thread, --no-claims" verify_noclaims_1
  row "jwtool verify --batch, --jobs 2, claims" verify_claims_2
  row "jwtool verify --batch, --jobs 2, --no-claims" verify_noclaims_2
  row "jwtool verify --batch, mixed file, 1 thread, claims" verify_mixed_1
  row "jwtool verify --batch, mixed file, --jobs 2, claims" verify_mixed_2
  row "jwtool issue --batch, 1 thread" issue_1 "—"
  row "jwtool verify --batch, $BIG_TOKENS tokens, 1 thread, claims" verify_big_1
  row "jwtool verify --batch, $BIG_TOKENS tokens, --jobs 2, claims" verify_big_2
  row "PyJWT $pyjwt_version (python $python_version), in process" pyjwt
  row "jsonwebtoken $JSONWEBTOKEN_VERSION (node $node_version), in process" jsonwebtoken
  row "libjwt $libjwt_version (C, -O2), in process" libjwt
  echo
  echo "Peak RSS of the peers is not measured (their loops hold all tokens in memory)."
  echo
  echo "### One process verifying one token (hyperfine $(hyperfine --version | awk '{ print $2 }'), $hyperfine_shell, $LATENCY_RUNS runs)"
  echo
  echo "| command | median ms | mean ± σ ms | median vs jwtool |"
  echo "|---|---:|---:|---:|"
  local name label jobs speedup kind case measured peak=
  for name in "${latency_names[@]}"; do
    case $name in
    jwtool) label="jwtool verify TOKEN (default build, installed)" ;;
    jwtool-issue) label="jwtool issue --sub x (default build, installed)" ;;
    jwtool-baseline) label="jwtool verify TOKEN ($BASELINE, Release)" ;;
    jwtool-rs256) label="jwtool verify RS256-TOKEN (RSA 2048 public key, default build)" ;;
    c-empty) label="empty C program (static)" ;;
    c-hs256) label="C HS256 verifier: low-level SHA-256 HMAC + compare (static)" ;;
    rust) label="Rust jsonwebtoken $(ls /usr/share/cargo/registry | sed -n 's/^jsonwebtoken-//p' | tail -n 1) verifier (cargo --release)" ;;
    jwtool-static) label="jwtool verify TOKEN (static build)" ;;
    jwtool-static-rs256) label="jwtool verify RS256-TOKEN (RSA 2048 public key, static build)" ;;
    jose) label="jose jws ver -O - (latchset jose $jose_version)" ;;
    libjwt) label="libjwt $libjwt_version program" ;;
    esac
    printf '| %s | %s | %s ± %s | %s |\n' "$label" "$(fmt_ms "${LAT_MEDIAN[$name]:-}")" \
      "$(fmt_ms "${LAT_MEAN[$name]:-}")" "$(fmt_ms "${LAT_SD[$name]:-}")" \
      "$(ratio "${LAT_MEDIAN[$name]:-}" "${LAT_MEDIAN[jwtool]:-}")"
  done
  echo
  echo "### Targets (issue 7)"
  echo
  echo "| target | goal | measured | |"
  echo "|---|---|---:|---|"
  printf '| batch verify, 1 thread, claims | ≤ 500 ns/token | %s ns | %s |\n' "$(fmt_ns "${NS[verify_claims_1]:-}")" "$(verdict "$(met le "${NS[verify_claims_1]:-}" 500)")"
  printf '| batch verify, 1 thread, --no-claims | ≤ 500 ns/token | %s ns | %s |\n' "$(fmt_ns "${NS[verify_noclaims_1]:-}")" "$(verdict "$(met le "${NS[verify_noclaims_1]:-}" 500)")"
  for jobs in 1 2; do
    printf '| mixed file verdicts, --jobs %s | every line right | %s | %s |\n' "$jobs" "${VERDICTS[$jobs]%%:*}" \
      "$(verdict "$([ "${VERDICTS[$jobs]%%:*}" = OK ] && echo 1 || echo 0)")"
  done
  printf '| batch issue, 1 thread | ≤ 500 ns/token | %s ns | %s |\n' "$(fmt_ns "${NS[issue_1]:-}")" "$(verdict "$(met le "${NS[issue_1]:-}" 500)")"
  for kind in claims noclaims; do
    speedup=$(ratio "${NS[verify_${kind}_1]:-}" "${NS[verify_${kind}_2]:-}")
    printf '| --jobs 2 rate / 1 thread rate, %s | ≥ 1.70× | %s | %s |\n' "$([ $kind = claims ] && echo claims || echo --no-claims)" \
      "$speedup" "$(verdict "$(met ge "${speedup%×}" 1.7)")"
  done
  for case in verify_big_1 verify_big_2; do
    if [ -n "${RSS[$case]:-}" ] && { [ -z "$peak" ] || [ "${RSS[$case]}" -gt "$peak" ]; }; then peak=${RSS[$case]}; fi
  done
  printf '| peak RSS, %s tokens (1 thread and --jobs 2) | < 16 MiB | %s | %s |\n' "$BIG_TOKENS" "$(fmt_mib "$peak")" "$(verdict "$(met lt "$peak" 16384)")"
  printf '| one invocation, default build | ≤ 0.8 ms | %s ms | %s |\n' "$(fmt_ms "${LAT_MEDIAN[jwtool]:-}")" "$(verdict "$(met le "${LAT_MEDIAN[jwtool]:-}" 0.8)")"
  if [ -n "$STATIC_JWTOOL" ]; then
    printf '| one invocation, static build | ≤ 0.3 ms | %s ms | %s |\n' "$(fmt_ms "${LAT_MEDIAN[jwtool-static]:-}")" "$(verdict "$(met le "${LAT_MEDIAN[jwtool-static]:-}" 0.3)")"
  else
    printf '| one invocation, static build | ≤ 0.3 ms | %s | not measured |\n' "$static_note"
  fi
  echo
  echo
  echo "### Targets (issue 17)"
  echo
  echo "| target | goal | measured | |"
  echo "|---|---|---:|---|"
  measured=$(ratio "${LAT_MEDIAN[jwtool]:-}" "${LAT_MEDIAN[rust]:-}")
  printf '| one verify, installed build / Rust jsonwebtoken, medians | ≤ 1.00× | %s | %s |\n' "$measured" "$(verdict "$(met le "${measured%×}" 1.0)")"
  measured=$(ratio "${LAT_MEDIAN[jwtool-static]:-}" "${LAT_MEDIAN[c-empty]:-}")
  printf '| one verify, static build / empty static C program, medians | ≤ 2.00× | %s | %s |\n' "$measured" "$(verdict "$(met le "${measured%×}" 2.0)")"
  measured=$(ratio "${LAT_MEDIAN[jwtool-issue]:-}" "${LAT_MEDIAN[jwtool]:-}")
  printf '| one issue --sub x / one verify, installed build, medians | ≤ 1.10× | %s | %s |\n' "$measured" "$(verdict "$(met le "${measured%×}" 1.1)")"
  if [ -n "$BASELINE_JWTOOL" ]; then
    measured=$(ratio "${NS[verify_claims_1]:-}" "${NS[baseline_verify_claims_1]:-}")
    printf '| batch verify, 1 thread, claims: this tree / %s, ns/token | ≤ 1.03× | %s | %s |\n' "$BASELINE" "$measured" "$(verdict "$(met le "${measured%×}" 1.03)")"
  else
    printf '| batch verify, 1 thread, claims: this tree / a baseline | ≤ 1.03× | n/a | not measured (BENCH_BASELINE=REF) |\n'
  fi
  echo
  for jobs in 1 2; do
    echo "Mixed file verdicts, line by line, --jobs $jobs: ${VERDICTS[$jobs]:-not checked}"
  done
  echo "(expected: $n_valid valid, $n_forged bad_signature, $n_expired expired)."
  echo
  report_pk
  echo
  echo "Whole run: $SECONDS s. Raw data: $raw (per-run .tsv files, the peers' .txt, hyperfine's latency.json); workload in $work."
}

report | tee "$work/results.md"

# ---------------------------------------------------------------------------------------------
# 6. Keys over HTTPS (issue 15): a warm --oidc-issuer verify against --jwks FILE, one process and
# per token in --batch, through scripts/bench/oidc.sh (a local HTTPS server; also runs alone).
say "measuring keys over HTTPS (scripts/bench/oidc.sh)"
echo | tee -a "$work/results.md"
if ! "$bench_src/oidc.sh" "$JWTOOL" "$work/oidc" "$LATENCY_RUNS" 20000 | tee -a "$work/results.md"; then
  fail "scripts/bench/oidc.sh failed"
fi
[ "$FAILED" -eq 0 ] || { say "some checks FAILED (above)"; exit 1; }
