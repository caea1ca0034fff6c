#!/usr/bin/env bash
# One source of truth: the exit-code table printed by `jwtool --help` is the one the README and
# the man page promise, row for row.
. "$(dirname "$0")/lib.sh"
: "${JWTOOL_SOURCE_DIR:?JWTOOL_SOURCE_DIR must name the source tree}"

from_help=$("$JWTOOL" --help | sed -n '/^Exit codes:$/,/^$/p' | sed -n 's/^  \([0-9]\)  /\1 /p')
from_readme=$(sed -n 's/^| \([0-9]\) | \(.*\) |$/\1 \2/p' "$JWTOOL_SOURCE_DIR/README.md")
from_man=$(sed -n '/^\.SH "\{0,1\}EXIT STATUS/,/^\.SH/p' "$JWTOOL_SOURCE_DIR/man/jwtool.1" |
  sed -n '/^\.B [0-9]$/{s/^\.B //;N;s/\n/ /;s/\\-/-/g;p}')

CASE="exit codes"
check "$CASE: --help has rows" "$(printf '%s\n' "$from_help" | wc -l)" 6
check "$CASE: README matches --help" "$from_readme" "$from_help"
check "$CASE: man page matches --help" "$from_man" "$from_help"

CASE="every subcommand is in the README and the man page"
for command in issue refresh decode verify keygen; do
  check_contains "$CASE: README" "$(cat "$JWTOOL_SOURCE_DIR/README.md")" "jwtool $command"
  check_contains "$CASE: man page" "$(cat "$JWTOOL_SOURCE_DIR/man/jwtool.1")" "$command"
done

# Every flag a subcommand's --help lists is documented in its section of the man page, as
# ".B \-\-flag ..." (so the page cannot fall behind the code).
for command in issue refresh decode verify keygen; do
  CASE="man page section of $command"
  section=$(sed -n "/^\.SS \"jwtool $command\"/,/^\.S[SH]/p" "$JWTOOL_SOURCE_DIR/man/jwtool.1" | sed 's/\\-/-/g')
  check "$CASE: exists" "$([ -n "$section" ] && echo yes)" yes
  flags=$("$JWTOOL" "$command" --help | sed -n 's/^  \(-[a-z],\)\{0,1\}\(--[a-z-]*\).*/\2/p')
  for flag in $flags; do
    [ "$flag" = --help ] && continue
    check "$CASE: $flag documented" \
      "$(printf '%s\n' "$section" | grep -Eq "^\.BR? (-[a-z] \", \" )?$flag( |\$)" && echo yes)" yes
  done
done

finish
