#!/usr/bin/env bash
# Installs the peers of the interop tests (tests/interop/) when any is missing: PyJWT and
# python3-cryptography from Debian (in /usr/bin/python3), node and npm, and the jose npm
# package at pinned versions into PEERS_DIR (default $BUILD_DIR/interop-peers, or
# build/interop-peers), with a copy of jose_peer.mjs beside its node_modules. Idempotent, and
# silent when everything is already there. --check installs nothing: it exits 0 when all is
# there, 1 when not.
#
#   scripts/interop-deps.sh [--check] [PEERS_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/apt.sh"

check_only=
if [ "${1:-}" = --check ]; then
  check_only=1
  shift
fi
peers_dir=${1:-${BUILD_DIR:-$root/build}/interop-peers}

# jose 6 runs on WebCrypto alone, so it has no ES256K and no Ed448 (WebCrypto has neither);
# jose 5 (node:crypto in Node.js) has both: it is installed beside it as "jose5" for those two
# algorithms. jose 6 wants Node 20 (the WebCrypto global); an older node (Debian 12's own
# nodejs is 18) gets jose 5 under both names.
JOSE_VERSION=6.2.17
JOSE5_VERSION=5.10.0

debian_packages=(python3-jwt python3-cryptography)

missing_packages() {
  apt_missing "${debian_packages[@]}"
  # nodejs from another source (NodeSource) brings its own npm and conflicts with Debian's.
  command -v node >/dev/null 2>&1 || echo nodejs
  command -v npm >/dev/null 2>&1 || echo npm
}

jose_wanted() {
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" -ge 20 ]; then echo "$JOSE_VERSION"; else echo "$JOSE5_VERSION"; fi
}

# The version of the package installed as NAME in peers_dir, or nothing.
installed_version() {
  node -p 'require(process.argv[1]).version' "$peers_dir/node_modules/$1/package.json" 2>/dev/null || true
}

jose_ok() {
  [ "$(installed_version jose)" = "$(jose_wanted)" ] && [ "$(installed_version jose5)" = "$JOSE5_VERSION" ] &&
    cmp -s "$root/tests/interop/jose_peer.mjs" "$peers_dir/jose_peer.mjs"
}

if [ -n "$check_only" ]; then
  [ -z "$(missing_packages)" ] && jose_ok
  exit
fi

# One install at a time (ctest may start both interop tests at once); then look again.
mkdir -p "$(dirname "$peers_dir")"
exec 9>"$peers_dir.lock"
flock 9
read -r -a missing <<<"$(missing_packages | tr '\n' ' ')"

if [ "${#missing[@]}" -ne 0 ]; then
  apt_install_missing /dev/null "${missing[@]}"
fi

if ! jose_ok; then
  jose=$(jose_wanted)
  mkdir -p "$peers_dir"
  if [ "$(installed_version jose)" != "$jose" ] || [ "$(installed_version jose5)" != "$JOSE5_VERSION" ]; then
    echo "jwtool: installing jose@$jose and jose@$JOSE5_VERSION (npm) into $peers_dir" >&2
    npm install --prefix "$peers_dir" --save-exact --no-audit --no-fund --loglevel=error \
      --prefer-offline --fetch-retries=1 --fetch-timeout=30000 "jose@$jose" "jose5@npm:jose@$JOSE5_VERSION" >&2
  fi
  # ES modules resolve 'jose' from the importing file's folder, so the peer runs from there;
  # replaced by a rename, so that a test running it never reads half a file.
  cp "$root/tests/interop/jose_peer.mjs" "$peers_dir/jose_peer.mjs.new"
  mv -f "$peers_dir/jose_peer.mjs.new" "$peers_dir/jose_peer.mjs"
  jose_ok || {
    echo "jwtool: jose is not as wanted in $peers_dir after npm install" >&2
    exit 1
  }
fi
