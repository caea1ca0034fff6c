# The Debian package: `cpack -G DEB` in the build directory writes jwtool_<version>_<arch>.deb from
# the install rules (packaging/install.cmake) with prefix /usr. Needs dpkg-dev (dpkg-shlibdeps,
# which turns the libraries jwtool links into the Depends line). tests/package/test_deb.sh builds
# it, looks inside, runs what it installs, and runs lintian when lintian is installed.
#
# lintian (Debian 12) reports nothing of error or warning level; tests/package/test_deb.sh fails if
# it does. At the info level it reports, and these stay:
# - hardening-no-bindnow, hardening-no-fortify-functions: jwtool is built with CMake's flags for
#   the build type, not dpkg-buildflags' (-D_FORTIFY_SOURCE=2, -Wl,-z,now); the same flags serve
#   the tests, the sanitizers and the fuzzers. Configure with CMAKE_CXX_FLAGS and
#   CMAKE_EXE_LINKER_FLAGS from `dpkg-buildflags --get CXXFLAGS` (CPPFLAGS, LDFLAGS) to have them.
# - binary-has-unneeded-section, only when JWTOOL_INSTALL_STRIP is OFF: the package's binary is
#   then stripped by CPack's plain `strip`, which leaves the .comment section.
# The version has no Debian revision, so the package is native (changelog.gz, not
# changelog.Debian.gz): jwtool is packaged by its own authors, not by Debian.
set(CPACK_PACKAGE_NAME jwtool)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "Seed 371129d8 maintainers")
set(CPACK_PACKAGE_CONTACT "Seed 371129d8 maintainers <maintainers@users.noreply.r-seed-371129d8.example>")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "command-line tool to issue, verify and revoke JSON Web Tokens")
set(CPACK_PACKAGE_DESCRIPTION # lines under 80 characters, as Debian's policy asks
  "jwtool issues, refreshes, decodes, verifies and revokes JSON Web Tokens (JWT)
signed with HMAC, RSA, ECDSA or EdDSA keys, one token or a batch of them, with
access and refresh token pairs, rotation and revocation in SQLite or Redis,
and JSON output for scripts.")
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # jwtool_1.0.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Libraries jwtool loads with dlopen, which dpkg-shlibdeps cannot see: libcurl for --jwks URL and
# --oidc-issuer (src/net/fetch.cpp), libmicrohttpd for `jwtool serve` (src/net/http_server.cpp).
# Added to what dpkg-shlibdeps finds.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libcurl4 (>= 7.85.0), libmicrohttpd12 (>= 0.9.75)")
set(CPACK_STRIP_FILES ON) # also when JWTOOL_INSTALL_STRIP is OFF
set(CPACK_GENERATOR DEB)
set(CPACK_SOURCE_GENERATOR "")
include(CPack)
