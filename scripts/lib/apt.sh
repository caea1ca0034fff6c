# shellcheck shell=bash
# Installing Debian packages that are missing, for the scripts beside it (sourced, not run):
#
#   source "$root/scripts/lib/apt.sh"
#   apt_install_missing LOG PACKAGE...
#
# apt_missing PACKAGE... prints, one per line, those not installed. apt_install_missing installs
# them with apt-get (as root, else with sudo: without a password prompt when no terminal can
# answer one) and writes apt-get's output to LOG (/dev/null: its progress dropped, its errors of
# the last attempt shown); the package lists are updated only when an install without it fails. It returns 0 when nothing was missing or
# all got installed, 2 when it cannot become root, 1 when apt-get failed.

apt_missing() {
  local package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || echo "$package"
  done
}

apt_install_missing() {
  local log=$1 missing=() sudo=()
  shift
  read -r -a missing <<<"$(apt_missing "$@" | tr '\n' ' ')"
  [ "${#missing[@]}" -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || {
      echo "jwtool: need root (or sudo) to install: ${missing[*]}" >&2
      return 2
    }
    if [ -t 0 ]; then sudo=(sudo); else sudo=(sudo -n); fi
  fi
  echo "jwtool: installing ${missing[*]} (apt-get)" >&2
  # Through env: sudo's env_reset would drop an exported DEBIAN_FRONTEND, and a debconf prompt
  # nobody sees would hang the script.
  local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -y -qq)
  if [ "$log" = /dev/null ]; then
    # Only apt-get's progress is dropped: its errors (E: ...) reach the terminal or CI log.
    { "${apt[@]}" install --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
      { "${apt[@]}" update >/dev/null && "${apt[@]}" install --no-install-recommends "${missing[@]}" >/dev/null; }; } || {
      echo "jwtool: apt-get install ${missing[*]} failed" >&2
      return 1
    }
  else
    { "${apt[@]}" install --no-install-recommends "${missing[@]}" ||
      { "${apt[@]}" update && "${apt[@]}" install --no-install-recommends "${missing[@]}"; }; } >"$log" 2>&1 || {
      echo "jwtool: apt-get install ${missing[*]} failed: see $log" >&2
      return 1
    }
  fi
}
