#!/usr/bin/env bash
# Installs the Debian packages jwtool needs to build and test, when any is missing; with
# --hardening also the tools of the CI's hardening steps (valgrind, clang and its fuzzer
# runtime, clang-tidy, cppcheck). Idempotent, and silent when everything is already there.
set -euo pipefail

packages=(cmake make g++ pkg-config libssl-dev nlohmann-json3-dev libfmt-dev libcli11-dev doctest-dev tmux groff-base
  libsqlite3-dev libhiredis-dev redis-server sqlite3 openssl python3 libcurl4-openssl-dev
  libmicrohttpd-dev # jwtool serve's HTTP server (headers; libmicrohttpd12 is loaded at run time)
  dpkg-dev file man-db zsh fish) # the .deb's test (cpack, dpkg-shlibdeps, `man -l`) and the shells' completions
if [ "${1:-}" = --hardening ]; then
  packages+=(valgrind clang libclang-rt-14-dev clang-tidy cppcheck)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done
[ "${#missing[@]}" -eq 0 ] && exit 0

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || {
    echo "jwtool: need root (or sudo) to install: ${missing[*]}" >&2
    exit 2
  }
  sudo=(sudo)
fi
echo "jwtool: installing ${missing[*]}" >&2
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
