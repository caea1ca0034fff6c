#!/usr/bin/env bash
# Static analysis of jwtool's own sources, src/ (not the tests, not the libraries): clang-tidy
# with .clang-tidy, then cppcheck with .cppcheck-suppressions. Any finding fails the run.
# Configures (does not build) jwtool in build-lint/ (LINT_BUILD_DIR chooses another directory)
# for its compile_commands.json; clang-tidy runs $(nproc) files at a time. About 2.5 minutes
# on 2 cores, nearly all of it clang-tidy reading CLI11's and nlohmann's headers.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${LINT_BUILD_DIR:-$root/build-lint}
jobs=$(nproc)

"$root/scripts/install-deps.sh" --hardening
cmake -S "$root" -B "$build_dir" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null

# jwtool's translation units as the build compiles them, sorted so the heavy src/cli/ ones
# (CLI11 is header-only) start first.
mapfile -t sources < <(grep -o "\"file\": \"$root/src/[^\"]*\"" "$build_dir/compile_commands.json" \
  | sed 's/^"file": "//; s/"$//' | sort -u)
[ "${#sources[@]}" -gt 0 ] || {
  echo "jwtool: lint: no src/ files in $build_dir/compile_commands.json" >&2
  exit 2
}

status=0
echo "clang-tidy: ${#sources[@]} files"
# One file per clang-tidy; its report is printed whole, so parallel reports do not interleave.
printf '%s\0' "${sources[@]}" | xargs -0 -n 1 -P "$jobs" sh -c '
  out=$(clang-tidy -p "$0" --quiet --use-color=false "$1" 2>&1) && exit 0
  printf "%s\n" "$out"
  exit 1' "$build_dir" || status=1

echo "cppcheck: ${#sources[@]} files"
# The libraries' include directories are not passed, so cppcheck analyses jwtool's code only,
# with its std, posix and openssl models standing in for the system headers.
cppcheck --project="$build_dir/compile_commands.json" -i "$root/tests" \
  --enable=warning,style,performance,portability --std=c++17 \
  --library=posix --library=openssl \
  --inline-suppr --suppressions-list="$root/.cppcheck-suppressions" \
  --error-exitcode=1 --quiet -j "$jobs" \
  --template='{file}:{line}:{column}: {severity}: {message} [{id}]' || status=1

if [ "$status" -ne 0 ]; then
  echo "jwtool: lint: findings above (fix them, or NOLINT / cppcheck-suppress with a reason)" >&2
else
  echo "lint: clean"
fi
exit "$status"
