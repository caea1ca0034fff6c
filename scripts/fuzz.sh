#!/usr/bin/env bash
# Fuzzes one target, or every target in turn, for a bounded time:
#   scripts/fuzz.sh TARGET SECONDS     TARGET: base64url, token, verify, jwk, time, pkey, serve, or all
# Installs clang and libFuzzer when missing, configures and builds the fuzzers with clang in
# build-fuzz/ (FUZZ_BUILD_DIR chooses another directory), and runs each over a working copy
# of its seed corpus (tests/fuzz/corpus/<target>/) kept in the build directory, so the inputs
# libFuzzer adds never land in the repository; it grows from run to run, unless FUZZ_FRESH=1
# starts it again from the seeds. Crashes and property violations are written
# to <build dir>/fuzz-artifacts/<target>/, and the script exits non-zero.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${FUZZ_BUILD_DIR:-$root/build-fuzz}
targets=(base64url token verify jwk time pkey serve)

usage() {
  echo "usage: scripts/fuzz.sh TARGET SECONDS (TARGET: ${targets[*]} or all)" >&2
  exit 2
}
[ $# -eq 2 ] || usage
[[ $2 =~ ^[0-9]+$ ]] && [ "$2" -gt 0 ] || usage
seconds=$2
if [ "$1" = all ]; then
  selected=("${targets[@]}")
else
  [[ " ${targets[*]} " == *" $1 "* ]] || usage
  selected=("$1")
fi

# clang and its fuzzer runtime come with the hardening tools.
"$root/scripts/install-deps.sh" --hardening

# Configure once (or again if build-fuzz was configured otherwise), then build quietly.
mkdir -p "$build_dir"
if ! grep -qs '^JWTOOL_FUZZ:BOOL=ON$' "$build_dir/CMakeCache.txt"; then
  configure_log=$build_dir/fuzz-configure.log
  cmake -S "$root" -B "$build_dir" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DJWTOOL_FUZZ=ON >"$configure_log" 2>&1 || {
    cat "$configure_log" >&2
    exit 1
  }
fi
fuzzers=()
for target in "${selected[@]}"; do
  fuzzers+=(--target "fuzz_$target")
done
build_log=$build_dir/fuzz-build.log
cmake --build "$build_dir" --parallel 2 "${fuzzers[@]}" >"$build_log" 2>&1 || {
  cat "$build_log" >&2
  exit 1
}

failed=()
for target in "${selected[@]}"; do
  corpus=$build_dir/fuzz-corpus/$target
  artifacts=$build_dir/fuzz-artifacts/$target
  log=$build_dir/fuzz-logs/$target.log
  [ "${FUZZ_FRESH:-0}" = 1 ] && rm -rf "$corpus"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  # libFuzzer writes new inputs to the first directory and only reads the others.
  seeds=("$root/tests/fuzz/corpus/$target")
  [ "$target" = verify ] && seeds+=("$root/tests/fuzz/corpus/token")
  echo "== fuzz_$target: $seconds s (corpus $corpus, log $log)"
  status=0
  "$build_dir/tests/fuzz/fuzz_$target" "$corpus" "${seeds[@]}" \
    -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1 || status=$?
  # The last status line (cov, ft, corp, exec/s), then libFuzzer's final statistics.
  grep -E '^#[0-9]+' "$log" | tail -n 1 || true
  grep -E '^(Done|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb)' "$log" || true
  echo "working corpus: $(find "$corpus" -type f | wc -l) files in $corpus"
  if [ "$status" -ne 0 ]; then
    echo "fuzz_$target FAILED (exit $status):" >&2
    grep -E 'property violated|ERROR: (AddressSanitizer|libFuzzer)|runtime error|^  |Test unit written' "$log" >&2 || tail -n 40 "$log" >&2
    failed+=("$target")
  fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz.sh: findings in: ${failed[*]} (inputs in $build_dir/fuzz-artifacts/)" >&2
  exit 1
fi
