#!/usr/bin/env bash
# Runs the walkthrough and the end-to-end tests of verify, refresh and the RFC vectors with every
# jwtool call under valgrind memcheck: any memory error or leak makes that call exit 99, which the
# tests' exact exit-code checks turn into a failure. (Each call costs about 2 s under valgrind, so
# CI takes these four, which between them reach every subcommand's main paths; MEMCHECK_ALL=1
# adds decode, issue and keys.)
# (Run from scripts/test.sh after the build; BUILD_DIR as there.)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_DIR:-$root/build}
real=$build_dir/src/jwtool
[ -x "$real" ] || { echo "memcheck: build first ($real is missing)" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "memcheck: valgrind is not installed" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/jwtool" <<WRAP
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
  --log-file="$work/valgrind.%p.log" "$real" "\$@"
WRAP
chmod +x "$work/jwtool"

tests=(scripts/walkthrough.sh tests/cli/test_verify.sh tests/cli/test_refresh.sh tests/cli/test_vectors.sh)
if [ "${MEMCHECK_ALL:-}" = 1 ]; then
  tests+=(tests/cli/test_decode.sh tests/cli/test_issue.sh tests/cli/test_keys.sh)
fi
status=0
run_one() {
  JWTOOL=$work/jwtool JWTOOL_SOURCE_DIR=$root bash "$root/$1" >"$work/$(basename "$1").out" 2>&1
}
export -f run_one
export work root
printf '%s\n' "${tests[@]}" | xargs -P "$(nproc)" -I{} bash -c 'run_one "$@" || touch "$0/failed.$(basename "$@")"' "$work" {}
for test in "${tests[@]}"; do
  name=$(basename "$test")
  if [ -e "$work/failed.$name" ]; then
    status=1
    echo "memcheck: FAILED $test"
    grep -v '^ok' "$work/$name.out" | head -n 40
  fi
done
if grep -l . "$work"/valgrind.*.log >/dev/null 2>&1; then
  status=1
  echo "memcheck: valgrind reported:"
  cat "$work"/valgrind.*.log | head -n 60
fi
calls=$(find "$work" -name 'valgrind.*.log' | wc -l)
[ "$status" -eq 0 ] && echo "memcheck: ${#tests[@]} test scripts, $calls jwtool calls under valgrind, clean"
exit "$status"
