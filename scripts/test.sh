#!/usr/bin/env bash
# Installs what is missing (the interop tests' peers too), builds, and runs the whole test suite
# with ctest. With CI=true (as .ci/run sets it) or --full, the hardening steps run first: the
# suite under ASan+UBSan, the end-to-end tests under valgrind, clang-tidy and cppcheck, and 20 s
# of fuzzing per target.
# ctest's summary stays the last line.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_DIR:-$root/build}

"$root/scripts/build.sh"
# The interop tests' peers (PyJWT, node, jose): CI must have them; elsewhere those tests are
# skipped without them.
if ! "$root/scripts/interop-deps.sh" "$build_dir/interop-peers"; then
  [ "${CI:-}" != true ] || exit 1
  echo "jwtool: the interop peers could not be installed: the interop tests will be skipped" >&2
fi
if [ "${CI:-}" = true ] || [ "${1:-}" = --full ]; then
  step() { printf '\n== %s\n' "$1"; }
  "$root/scripts/install-deps.sh" --hardening
  step "sanitizers: the test suite under AddressSanitizer and UndefinedBehaviorSanitizer"
  "$root/scripts/sanitize.sh"
  step "valgrind memcheck: end-to-end tests"
  BUILD_DIR=$build_dir "$root/scripts/memcheck.sh"
  step "static analysis: clang-tidy and cppcheck"
  "$root/scripts/lint.sh"
  step "fuzzing: 20 s per target"
  "$root/scripts/fuzz.sh" all 20
  step "the test suite"
fi
cd "$build_dir"
exec ctest --output-on-failure --parallel "$(nproc)"
