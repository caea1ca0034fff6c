#!/usr/bin/env bash
# Builds jwtool and its tests with AddressSanitizer and UndefinedBehaviorSanitizer (gcc) in
# build-asan/ and runs the whole test suite there. Any sanitizer report fails the run: reports
# exit with codes (86, 87) that no test expects from jwtool.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${ASAN_BUILD_DIR:-$root/build-asan}

"$root/scripts/install-deps.sh"
flags="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" >/dev/null
cmake --build "$build_dir" --parallel "$(nproc)" >"$build_dir/build.log" 2>&1 || {
  tail -n 40 "$build_dir/build.log"
  exit 1
}
export ASAN_OPTIONS=exitcode=86:detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=exitcode=87:halt_on_error=1:print_stacktrace=1
# The store race's 500 rounds hunt for a lost race, which the main suite does at full speed; under
# the sanitizers 50 rounds run the same code paths (500 took 3.7 minutes of a 2-core CI run).
export RACE_ATTEMPTS=50
cd "$build_dir"
# The interop tests exercise the peers more than jwtool, and the package test packages the
# binary (a sanitized one is not for a .deb); both run in the main suite.
ctest --output-on-failure --parallel "$(nproc)" -E '^(interop|package)' | tail -n 3
