#!/usr/bin/env bash
# The speed benchmark of issue 7: jwtool's batch modes and one-shot start-up, side by side with
# PyJWT, npm jsonwebtoken, libjwt and latchset jose. Not a test (nothing here runs in ctest).
#
#   ./scripts/bench.sh                  # about 5 minutes on 2 cores, most of it building
#   BENCH_RUNS=3 ./scripts/bench.sh     # fewer repetitions while developing
#
# 1. Installs what is missing: the build dependencies (install-deps.sh), python3-jwt,
#    hyperfine, jose, libjwt-dev and time with apt-get, and jsonwebtoken with npm into
#    build-bench/peers (never into the source tree).
# 2. Builds jwtool in Release into build-bench/ and, when CMakeLists.txt has the JWTOOL_STATIC
#    option, a static one into build-bench-static/; compiles the libjwt peer program.
# 3. Makes the workload with jwtool itself, in build-bench/work/: a random 64-byte key
#    (jwtool keygen), BENCH_TOKENS (100,000) HS256 access tokens {sub, iat, exp, type, jti}
#    from issue --batch, a mixed file (80 % valid, 10 % forged: half with an altered
#    signature, half signed with another key; 10 % expired) shuffled with a fixed seed, and
#    ten copies of the tokens (1,000,000) for peak memory.
# 4. Measures, each figure the median of BENCH_RUNS (5) runs: jwtool verify --batch (claims
#    and --no-claims, one thread and --jobs 2), on the mixed file too (whose verdicts are
#    checked line by line), issue --batch, and the million tokens (wall time of the whole
#    process / tokens, peak RSS from /usr/bin/time); the peers' in-process loops over the
#    same tokens and key (signature and exp; only the loop timed); and hyperfine's median for
#    one process verifying one token (jwtool, static jwtool, jose jws ver, the libjwt
#    program), BENCH_LATENCY_RUNS (200) runs after 20 warm-ups.
# 5. Prints markdown tables (ratios to jwtool) and the issue's targets with met / missed; the
#    raw figures stay in build-bench/work/raw/. Exits 1 when a correctness check failed (a
#    wrong verdict, a peer refusing a valid token, an unexpected exit code), not for a missed
#    target.
#
# Tokens are issued at the real time (PyJWT checks exp against the clock and takes no "now")
# with a one-day lifetime; jwtool, jsonwebtoken and libjwt verify at that instant plus a
# minute, fixed for the whole run.
set -euo pipefail
export LC_ALL=C

root=$(cd "$(dirname "$0")/.." && pwd)
bench_src=$root/scripts/bench
build=$root/build-bench
static_build=$root/build-bench-static
peers=$build/peers
work=$build/work
raw=$work/raw

RUNS=${BENCH_RUNS:-5}
TOKENS=${BENCH_TOKENS:-100000}
LATENCY_RUNS=${BENCH_LATENCY_RUNS:-200}
BIG_REPEAT=10
JSONWEBTOKEN_VERSION=9.0.3

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "bench: BENCH_RUNS must be a positive number" >&2; exit 2; }
[[ $TOKENS =~ ^[1-9][0-9]*$ && $TOKENS -ge 20 ]] || { echo "bench: BENCH_TOKENS must be a number, at least 20" >&2; exit 2; }
[[ $LATENCY_RUNS =~ ^[1-9][0-9]*$ ]] || { echo "bench: BENCH_LATENCY_RUNS must be a positive number" >&2; exit 2; }

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

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

# ---------------------------------------------------------------------------------------------
# 1. Dependencies and peers

install_peers() {
  local packages=(python3-jwt hyperfine jose libjwt-dev time) missing=() package
  command -v node >/dev/null || packages+=(nodejs)
  command -v npm >/dev/null || packages+=(npm)
  for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    say "installing ${missing[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    mkdir -p "$build"
    {
      as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" ||
        { as_root apt-get update -qq && as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"; }
    } >"$build/bench-install.log" 2>&1 || die "apt-get install ${missing[*]} failed: see $build/bench-install.log"
  fi

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

# build_jwtool DIR CMAKE_ARGS...: configures and builds jwtool (without the tests) in DIR.
build_jwtool() {
  local dir=$1
  shift
  mkdir -p "$dir"
  { cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=Release -DJWTOOL_BUILD_TESTS=OFF "$@" &&
    cmake --build "$dir" -j2; } >"$dir/bench-build.log" 2>&1
}

say "building jwtool (Release) in $build"
build_jwtool "$build" || die "the build failed: see $build/bench-build.log"
JWTOOL=$build/src/jwtool
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

LIBJWT_PEER=$peers/libjwt_verify
mkdir -p "$peers"
cc -O2 -Wall -o "$LIBJWT_PEER" "$bench_src/libjwt_verify.c" -ljwt || die "cannot compile the libjwt peer"

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

declare -A NS RATE RSS # per case: median ns/token, tokens/s, peak RSS (KiB)

# How busy the machine was with other work: the CPU time all processes used (/proc/stat)
# less this script's own and its children's (/proc/$$/stat), in clock ticks.
cpu_busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8; exit }' /proc/stat; }
cpu_ours() { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$$/stat"; }
busy_start=$(cpu_busy) ours_start=$(cpu_ours) measure_start=$EPOCHREALTIME

microseconds() { local t=${1//[!0-9]/}; echo $((10#$t)); }

# measure CASE TOKENS EXPECTED_RC OUTPUT COMMAND...: runs COMMAND $RUNS times under
# /usr/bin/time with its standard output to OUTPUT; keeps each run's wall time and peak RSS in
# $raw/CASE.tsv (its standard error in $raw/CASE.stderr) and the medians in NS, RATE, RSS.
measure() {
  local case=$1 count=$2 want_rc=$3 out=$4
  shift 4
  local file=$raw/$case.tsv run start end rc
  printf 'run\tseconds\tpeak_rss_kib\texit_code\n' >"$file"
  say "measuring $case ($RUNS runs)"
  for ((run = 1; run <= RUNS; run++)); do
    rc=0
    start=$EPOCHREALTIME
    /usr/bin/time -f %M -o "$raw/time.out" "$@" >"$out" 2>"$raw/$case.stderr" || rc=$?
    end=$EPOCHREALTIME
    [ "$rc" -eq "$want_rc" ] || fail "$case: exit code $rc, expected $want_rc (see $raw/$case.stderr)"
    printf '%d\t%s\t%s\t%d\n' "$run" \
      "$(awk -v us="$(($(microseconds "$end") - $(microseconds "$start")))" 'BEGIN { printf "%.6f", us / 1e6 }')" \
      "$(tail -n 1 "$raw/time.out")" "$rc" >>"$file"
  done
  rm -f "$raw/time.out"
  local seconds
  seconds=$(median "$file" 2)
  NS[$case]=$(awk -v s="$seconds" -v n="$count" 'BEGIN { printf "%.1f", s * 1e9 / n }')
  RATE[$case]=$(awk -v s="$seconds" -v n="$count" 'BEGIN { printf "%.0f", n / s }')
  RSS[$case]=$(median "$file" 3)
}

# median FILE COLUMN: the median of a column of a .tsv with a header line.
median() {
  tail -n +2 "$1" | cut -f "$2" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

VERIFY=("$JWTOOL" verify --batch --now "$NOW" --secret-file "$KEY")
measure verify_claims_1 "$TOKENS" 0 /dev/null "${VERIFY[@]}" --input "$work/tokens.jwt"
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

# peer CASE COMMAND...: an in-process loop printing "NS_PER_TOKEN VALID"; every token must pass.
peer() {
  local case=$1 result
  shift
  say "measuring $case (1 warm-up + $RUNS passes in one process)"
  result=$("$@" 2>"$raw/$case.stderr") || { fail "$case failed (see $raw/$case.stderr)"; return 0; }
  echo "$result" >"$raw/$case.txt"
  NS[$case]=${result% *}
  RATE[$case]=$(awk -v ns="${NS[$case]}" 'BEGIN { printf "%.0f", 1e9 / ns }')
  [ "${result#* }" -eq "$TOKENS" ] || fail "$case accepted ${result#* } of the $TOKENS valid tokens"
}

peer pyjwt "$PY" "$bench_src/pyjwt_verify.py" "$KEY" "$work/tokens.jwt" "$RUNS"
peer jsonwebtoken env NODE_PATH="$peers/node_modules" node "$bench_src/jsonwebtoken_verify.js" "$KEY" "$work/tokens.jwt" "$NOW" "$RUNS"
peer libjwt "$LIBJWT_PEER" loop "$KEY" "$work/tokens.jwt" "$NOW" "$RUNS"

# One process, one token.
TOKEN=$(head -n 1 "$work/tokens.jwt")
quote() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
latency_names=(jwtool)
latency_commands=("$(quote "$JWTOOL") verify --now $NOW --secret-file $(quote "$KEY") $TOKEN")
if [ -n "$STATIC_JWTOOL" ]; then
  latency_names+=("jwtool-static")
  latency_commands+=("$(quote "$STATIC_JWTOOL") verify --now $NOW --secret-file $(quote "$KEY") $TOKEN")
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
  local name label jobs speedup kind case peak=
  for name in "${latency_names[@]}"; do
    case $name in
    jwtool) label="jwtool verify TOKEN (default build)" ;;
    jwtool-static) label="jwtool verify TOKEN (static build)" ;;
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
  for jobs in 1 2; do
    echo "Mixed file verdicts, line by line, --jobs $jobs: ${VERDICTS[$jobs]:-not checked}"
  done
  echo "(expected: $n_valid valid, $n_forged bad_signature, $n_expired expired)."
  echo
  echo "Whole run: $SECONDS s. Raw data: $raw (per-run .tsv files, the peers' .txt, hyperfine's latency.json); workload in $work."
}

report | tee "$work/results.md"
[ "$FAILED" -eq 0 ] || { say "some checks FAILED (above)"; exit 1; }
