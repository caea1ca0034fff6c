#!/usr/bin/env bash
# The Debian package and `cmake --install`: cpack makes the .deb from this build tree's binary
# (nothing is rebuilt) in a scratch directory, dpkg-deb shows what is in it, `dpkg -x` unpacks it
# into a throwaway root where the installed jwtool runs and `man -l` reads every page; lintian,
# when installed, finds nothing of error or warning level. Then `cmake --install` into a scratch
# DESTDIR with prefix /usr/local puts the same files where the shells look under /usr/local.
# Needs dpkg-dev, file and man-db (scripts/install-deps.sh); without them it is skipped (exit 77),
# except under CI=true, where it fails. lintian is not installed by install-deps.sh (it brings
# about 130 packages): install it to have it run here.
. "$JWTOOL_SOURCE_DIR/tests/cli/lib.sh"
: "${JWTOOL_BUILD_DIR:?JWTOOL_BUILD_DIR must name the build directory}"

for tool in cpack dpkg-deb dpkg-shlibdeps file man gzip; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "test_deb: $tool is missing (scripts/install-deps.sh installs it)" >&2
    [ "${CI:-}" = true ] && exit 1
    exit 77
  fi
done

version=$("$JWTOOL" --version | sed -n 's/^jwtool \([0-9.]*\).*/\1/p')
arch=$(dpkg --print-architecture)
deb=$TMP/out/jwtool_${version}_${arch}.deb
# man pages as the package and `cmake --install` name them: jwtool.1.gz ...
man_pages=()
for page in "$JWTOOL_SOURCE_DIR"/man/*.1; do
  man_pages+=("$(basename "$page").gz")
done

CASE="cpack -G DEB"
cpack -G DEB --config "$JWTOOL_BUILD_DIR/CPackConfig.cmake" -B "$TMP/out" >"$TMP/cpack.log" 2>&1
rc=$?
check "$CASE: exit code" "$rc" 0
[ "$rc" -eq 0 ] || cat "$TMP/cpack.log"
check "$CASE: the package" "$(cd "$TMP/out" && ls -- *.deb)" "$(basename "$deb")"

CASE="dpkg-deb -I"
info=$(dpkg-deb -f "$deb" Package Version Architecture Section Priority Maintainer)
check "$CASE: fields" "$info" "Package: jwtool
Version: $version
Architecture: $arch
Section: utils
Priority: optional
Maintainer: Seed 371129d8 maintainers <maintainers@users.noreply.r-seed-371129d8.example>"
check_contains "$CASE: description" "$(dpkg-deb -f "$deb" Description)" \
  "command-line tool to issue, verify and revoke JSON Web Tokens
 jwtool issues, refreshes, decodes, verifies and revokes JSON Web Tokens (JWT)
 signed with HMAC, RSA, ECDSA or EdDSA keys, one token or a batch of them, with"
# dpkg-shlibdeps names each library's package with the least version of it jwtool needs; the
# libraries loaded with dlopen (libcurl, libmicrohttpd) are named by packaging/deb/cpack.cmake.
# The default build (JWTOOL_BUNDLE_LIBS) has libstdc++, fmt, SQLite and hiredis inside: it links
# libc and OpenSSL's libcrypto (libssl3) only, which keep their security updates from Debian.
depends=$(dpkg-deb -f "$deb" Depends)
depends_names=$(tr ',' '\n' <<<"$depends" | sed -n 's/^ *//; s/ (>= [^)]*)$//p' | sort)
if grep -qx 'JWTOOL_BUNDLE_LIBS:BOOL=ON' "$JWTOOL_BUILD_DIR/CMakeCache.txt"; then
  check "$CASE: Depends names libc6, libssl3 and the dlopen'ed libraries only" "$depends_names" "libc6
libcurl4
libmicrohttpd12
libssl3"
else
  for library in libc6 libfmt9 libhiredis0.14 libsqlite3-0 libssl3 'libstdc++6' libcurl4 libmicrohttpd12; do
    check "$CASE: Depends names $library" "$(grep -cxF "$library" <<<"$depends_names")" 1
  done
fi

CASE="dpkg-deb -c"
# "mode owner path" of every file (directories left out), sorted.
listing=$(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ {print $1, $2, $6}' | sort -k3)
expected="-rwxr-xr-x root/root ./usr/bin/jwtool
-rw-r--r-- root/root ./usr/share/bash-completion/completions/jwtool
-rw-r--r-- root/root ./usr/share/doc/jwtool/changelog.gz
-rw-r--r-- root/root ./usr/share/doc/jwtool/copyright
-rw-r--r-- root/root ./usr/share/fish/vendor_completions.d/jwtool.fish
$(printf -- '-rw-r--r-- root/root ./usr/share/man/man1/%s\n' "${man_pages[@]}")
-rw-r--r-- root/root ./usr/share/zsh/vendor-completions/_jwtool"
check "$CASE: files" "$listing" "$(printf '%s\n' "$expected" | sort -k3)"
check "$CASE: directories are rwxr-xr-x root/root" \
  "$(dpkg-deb -c "$deb" | awk '$1 ~ /^d/ && ($1 != "drwxr-xr-x" || $2 != "root/root")')" ""

# check_installed ROOT PREFIX ZSH_DIR: jwtool and its files under ROOT/PREFIX, as `cmake --install`
# or dpkg put them, zsh's completion in ZSH_DIR.
check_installed() {
  local root=$1 prefix=$2 zsh_dir=$3 installed=$1$2/bin/jwtool page
  check "$CASE: --version" "$("$installed" --version)" "$("$JWTOOL" --version)"
  local token
  token=$("$installed" issue --sub alice --no-jti --now 1700000000 --secret-file "$TMP/key")
  check "$CASE: issue" "$token" "$KNOWN_HS256_ACCESS"
  "$installed" verify --now 1700000060 --secret-file "$TMP/key" "$token" >/dev/null
  check "$CASE: verify the token issued" "$?" 0
  check "$CASE: verify refuses another key" \
    "$(printf 'another key' | "$installed" verify --now 1700000060 --secret-file - "$token" 2>&1)" \
    "jwtool: signature does not match: wrong key or altered token"
  check_contains "$CASE: stripped" "$(file -b "$installed")" ", stripped"
  check "$CASE: under 10 MB" "$(($(stat -c %s "$installed") < 10000000))" 1
  for page in "${man_pages[@]}"; do
    check "$CASE: man -l $page" "$(MANWIDTH=80 man -P cat -l "$root$prefix/share/man/man1/$page" 2>&1 | sed -n '/^NAME/{n;p;q}' | sed 's/^ *//;s/ .*//')" \
      "${page%.1.gz}"
  done
  check "$CASE: bash completion" "$(cat "$root$prefix/share/bash-completion/completions/jwtool")" "$("$JWTOOL" completion bash)"
  check "$CASE: zsh completion" "$(cat "$root$prefix/$zsh_dir/_jwtool")" "$("$JWTOOL" completion zsh)"
  check "$CASE: fish completion" "$(cat "$root$prefix/share/fish/vendor_completions.d/jwtool.fish")" "$("$JWTOOL" completion fish)"
}

CASE="dpkg -x, the installed jwtool"
dpkg -x "$deb" "$TMP/root"
check_installed "$TMP/root" /usr share/zsh/vendor-completions
check "$CASE: copyright" "$(cat "$TMP/root/usr/share/doc/jwtool/copyright")" "$(cat "$JWTOOL_SOURCE_DIR/packaging/deb/copyright")"
check_contains "$CASE: changelog" "$(gzip -dc "$TMP/root/usr/share/doc/jwtool/changelog.gz")" "jwtool ($version) unstable; urgency=medium"
man_page=$(MANWIDTH=80 man -P cat -l "$TMP/root/usr/share/man/man1/jwtool.1.gz" 2>"$TMP/man.err")
check "$CASE: man -l jwtool.1.gz: exit code" "$?" 0
check "$CASE: man -l jwtool.1.gz: no warning" "$(cat "$TMP/man.err")" ""
check_contains "$CASE: man -l jwtool.1.gz: the page" "$(tr -s ' ' <<<"$man_page")" \
  "jwtool - issue, refresh, decode and verify JSON Web Tokens"

# The directories the shells search: zsh's and fish's own lists, when they are installed.
CASE="the shells look there"
if command -v zsh >/dev/null 2>&1; then
  fpath=$(zsh -fc 'print -l $fpath')
  check "$CASE: zsh searches /usr/share/zsh/vendor-completions" "$(grep -cx /usr/share/zsh/vendor-completions <<<"$fpath")" 1
  check "$CASE: zsh searches /usr/local/share/zsh/site-functions" "$(grep -cx /usr/local/share/zsh/site-functions <<<"$fpath")" 1
fi
if command -v fish >/dev/null 2>&1; then
  check "$CASE: fish searches /usr/share/fish/vendor_completions.d" \
    "$(HOME=$TMP XDG_CONFIG_HOME=$TMP/config env -u XDG_DATA_DIRS fish -c 'string join \n $fish_complete_path' |
      grep -cx /usr/share/fish/vendor_completions.d)" 1
fi

if command -v lintian >/dev/null 2>&1; then
  CASE="lintian"
  lintian --fail-on error,warning --no-tag-display-limit "$deb" >"$TMP/lintian.out" 2>&1
  rc=$?
  check "$CASE: exit code" "$rc" 0
  [ "$rc" -eq 0 ] || cat "$TMP/lintian.out"
  check "$CASE: no error or warning" "$(grep -E '^[EW]: ' "$TMP/lintian.out")" ""
else
  echo "test_deb: lintian is not installed: not run" >&2
fi

CASE="cmake --install --prefix /usr/local"
DESTDIR=$TMP/dest cmake --install "$JWTOOL_BUILD_DIR" --prefix /usr/local >"$TMP/install.log" 2>&1
rc=$?
check "$CASE: exit code" "$rc" 0
[ "$rc" -eq 0 ] || cat "$TMP/install.log"
check_installed "$TMP/dest" /usr/local share/zsh/site-functions
check "$CASE: files" "$(cd "$TMP/dest" && find . -type f | sort)" \
  "$(printf '%s\n' "$expected" | sed 's/^[^ ]* [^ ]* //; s,^\./usr/,./usr/local/,; s,/zsh/vendor-completions/,/zsh/site-functions/,' | sort)"

finish
