#!/usr/bin/env bash
# One source of truth: the exit-code table printed by `jwtool --help` is the one the README and
# every man page promise, row for row; every flag a command accepts is in its man page.
. "$(dirname "$0")/lib.sh"
: "${JWTOOL_SOURCE_DIR:?JWTOOL_SOURCE_DIR must name the source tree}"
MAN=$JWTOOL_SOURCE_DIR/man
COMMANDS="issue refresh decode verify revoke keygen jwks serve completion help"

from_help=$("$JWTOOL" --help | sed -n '/^Exit codes:$/,/^$/p' | sed -n 's/^  \([0-9]\)  /\1 /p')
from_readme=$(sed -n 's/^| \([0-9]\) | \(.*\) |$/\1 \2/p' "$JWTOOL_SOURCE_DIR/README.md")
# exit_status PAGE: the EXIT STATUS entries of a man page as "N meaning" lines.
exit_status() {
  sed -n '/^\.SH "\{0,1\}EXIT STATUS/,/^\.SH/p' "$1" | sed -n '/^\.B [0-9]$/{s/^\.B //;N;s/\n/ /;s/\\-/-/g;p}'
}

CASE="exit codes"
check "$CASE: --help has rows" "$(printf '%s\n' "$from_help" | wc -l)" 7
check "$CASE: README matches --help" "$from_readme" "$from_help"
for page in "$MAN"/jwtool.1 "$MAN"/jwtool-*.1; do
  check "$CASE: $(basename "$page") matches --help" "$(exit_status "$page")" "$from_help"
done

CASE="every command is in the README and the overview page, and has its own page"
for command in $COMMANDS; do
  check_contains "$CASE: README" "$(cat "$JWTOOL_SOURCE_DIR/README.md")" "jwtool $command"
  check_contains "$CASE: jwtool.1" "$(cat "$MAN/jwtool.1")" "$command"
  check "$CASE: jwtool-$command.1" "$([ -s "$MAN/jwtool-$command.1" ] && echo yes)" yes
done

# Every flag a command's --help lists is documented in its page as ".B \-\-flag ..." or
# ".BR \-q ", " \-\-quiet" (so the pages cannot fall behind the code).
for command in $COMMANDS; do
  CASE="jwtool-$command.1"
  page=$(sed 's/\\-/-/g' "$MAN/jwtool-$command.1" 2>/dev/null)
  for flag in $("$JWTOOL" help "$command" | sed -n 's/^  \(-[a-z],\)\{0,1\}\(--[a-z-]*\).*/\2/p'); do
    check "$CASE: $flag documented" \
      "$(printf '%s\n' "$page" | grep -Eq "^\.BR? (-[a-z] \", \" )?$flag( |\$)" && echo yes)" yes
  done
done

# Every key flag (and --allow-weak-key) of a command that takes a key is in its SYNOPSIS.
for command in issue refresh verify revoke serve; do
  CASE="jwtool-$command.1 SYNOPSIS"
  synopsis=$(sed -n '/^\.SH SYNOPSIS/,/^\.SH DESCRIPTION/p' "$MAN/jwtool-$command.1" | sed 's/\\-/-/g')
  for flag in $("$JWTOOL" help "$command" | sed -n '/^Key:$/,/^$/s/^  \(--[a-z-]*\).*/\1/p'); do
    check "$CASE: $flag" "$(printf '%s\n' "$synopsis" | grep -Eq "^\.(B|RB \[) $flag( |\$)" && echo yes)" yes
  done
done

# --alg means the same on every command that checks a token: the key's family decides.
CASE="--alg help"
alg_help() { "$JWTOOL" help "$1" | sed -n '/^  --alg /{N;p;}'; }
for command in refresh revoke; do
  check "$CASE: $command as verify" "$(alg_help "$command")" "$(alg_help verify)"
done
CASE="jwtool --help"
check_contains "$CASE: names JWTOOL_KEY_FILE" "$("$JWTOOL" --help)" "JWTOOL_KEY_FILE"
check_contains "$CASE: names the public-key algorithms" "$("$JWTOOL" --help | head -1)" "EdDSA"

# One key recipe (README "Keys"): a key from jwtool keygen, raw bytes in a file or base64url text
# read with --secret-encoding base64url, never text used as raw bytes nor a key from elsewhere.
CASE="one key recipe"
all_help=$("$JWTOOL" --help; for command in $COMMANDS; do "$JWTOOL" help "$command"; done)
# Man pages as plain text, a line continued by \e (a backslash) joined to the next.
all_docs=$(cat "$JWTOOL_SOURCE_DIR/README.md"; sed 's/\\-/-/g; s/\\%//g' "$MAN"/*.1)
joined=$(printf '%s\n%s\n' "$all_docs" "$all_help" | sed -e ':a' -e '/\\e$/{N;s/\\e\n */ /;ba' -e '}' -e ':b' -e '/\\$/{N;s/\\\n */ /;bb' -e '}')
check "$CASE: no /dev/urandom recipe" "$(printf '%s\n' "$joined" | grep -c 'urandom')" 0
check "$CASE: keygen base64url text is decoded where it is used" \
  "$(printf '%s\n' "$joined" | grep -E 'jwtool keygen --format base64url\).*jwtool (issue|verify|refresh|revoke)' |
    grep -vc -- '--secret-encoding base64url')" 0
ci_recipe=$(sed -n '/^## CI recipe/,/^## /p' "$JWTOOL_SOURCE_DIR/README.md"; printf '%s\n' "$joined" | sed -n '/A CI pipeline/,/^\.EE/p')
check "$CASE: the CI recipe decodes \$JWTOOL_SECRET on every command" \
  "$(printf '%s\n' "$ci_recipe" | grep -E '(^|[$(])jwtool (issue|verify|refresh|revoke) ' | grep -vc -- '--secret-encoding base64url')" 0
check "$CASE: the CI recipe has commands" "$(printf '%s\n' "$ci_recipe" | grep -cE 'jwtool (issue|verify) ')" 4

# The pages render without warnings.
if command -v groff >/dev/null 2>&1; then
  for page in "$MAN"/*.1; do
    check "groff -ww: $(basename "$page")" "$(groff -man -ww -z "$page" 2>&1)" ""
  done
fi

finish
