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

source "$(dirname "$0")/lib/apt.sh"
apt_install_missing /dev/null "${packages[@]}"
