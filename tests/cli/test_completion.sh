#!/usr/bin/env bash
# Shell completion: the bash script, run in a real bash, completes commands, flags and values;
# the zsh and fish scripts name every flag.
. "$(dirname "$0")/lib.sh"

"$JWTOOL" completion bash >"$TMP/jwtool.bash"
check "completion bash: exit code" "$?" 0

# complete WORDS...: what bash's completion of the last word offers, space separated.
complete_words() {
  bash --norc --noprofile -c '
    source "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
    _jwtool
    printf "%s\n" "${COMPREPLY[*]}"' _ "$TMP/jwtool.bash" "$@"
}

CASE="commands"
check "$CASE: all" "$(complete_words jwtool "")" "issue refresh decode verify revoke keygen jwks serve completion help --help --version"
check "$CASE: a prefix" "$(complete_words jwtool ver)" "verify"
check "$CASE: another" "$(complete_words jwtool k)" "keygen"
check "$CASE: jwks" "$(complete_words jwtool j)" "jwks"
CASE="flags of a command"
check "$CASE: --al" "$(complete_words jwtool verify --al)" "--alg"
check "$CASE: --se" "$(complete_words jwtool issue --se)" "--secret --secret-file --secret-encoding --session-max-age"
check "$CASE: --c on decode" "$(complete_words jwtool decode --c)" "--claim-value --color"
check "$CASE: after other words" "$(complete_words jwtool issue --sub alice --no-)" "--no-kid --no-jti --no-iat"
CASE="values of a flag"
touch "$TMP/keyfile-for-completion"
check "$CASE: --alg" "$(complete_words jwtool verify --alg "")" "HS256 HS384 HS512 RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512 ES256K EdDSA"
check "$CASE: --type on issue" "$(complete_words jwtool issue --type "")" "access refresh pair"
check "$CASE: --type on verify" "$(complete_words jwtool verify --type "")" "access refresh"
check "$CASE: --format" "$(complete_words jwtool keygen --format j)" "jwk"
check "$CASE: keygen --alg" "$(complete_words jwtool keygen --alg "")" \
  "HS256 HS384 HS512 RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512 ES256K EdDSA"
check "$CASE: keygen --alg E" "$(complete_words jwtool keygen --alg E)" "ES256 ES384 ES512 ES256K EdDSA"
check "$CASE: keygen --curve" "$(complete_words jwtool keygen --alg EdDSA --curve "")" "Ed25519 Ed448"
check "$CASE: keygen --format" "$(complete_words jwtool keygen --format "")" "raw base64url jwk pem"
check "$CASE: keygen --bits takes free text" "$(complete_words jwtool keygen --bits "")" ""
check "$CASE: keygen --out takes a file" "$(complete_words jwtool keygen --out "$TMP/keyfile-for")" "$TMP/keyfile-for-completion"
check "$CASE: keygen's flags" "$(complete_words jwtool keygen --)" "--help --alg --bits --curve --kid --format --out"
check "$CASE: --color" "$(complete_words jwtool verify --color "")" "auto always never"
check "$CASE: completion's shell" "$(complete_words jwtool completion "")" "bash zsh fish --help -h"
touch "$TMP/keyfile-for-completion"
touch "$TMP/keyfile-for-completion"
check "$CASE: a file for --key" "$(complete_words jwtool verify --key "$TMP/keyfile-for")" "$TMP/keyfile-for-completion"
check "$CASE: a file for --secret-file" "$(complete_words jwtool verify --secret-file "$TMP/keyfile-for")" "$TMP/keyfile-for-completion"
check "$CASE: a file for jwks --key" "$(complete_words jwtool jwks --key "$TMP/keyfile-for")" "$TMP/keyfile-for-completion"
check "$CASE: a file for serve --clients" "$(complete_words jwtool serve --clients "$TMP/keyfile-for")" "$TMP/keyfile-for-completion"
check "$CASE: free text for --sub" "$(complete_words jwtool issue --sub "")" ""

# Every flag of every command is in each script.
"$JWTOOL" completion zsh >"$TMP/jwtool.zsh"
"$JWTOOL" completion fish >"$TMP/jwtool.fish"
for command in issue refresh decode verify revoke keygen jwks serve; do
  for flag in $("$JWTOOL" "$command" --help | sed -n 's/^  \(-[a-z],\)\{0,1\}--\([a-z-]*\).*/\2/p'); do
    check_contains "completion zsh: $command --$flag" "$(cat "$TMP/jwtool.zsh")" "--$flag"
    check_contains "completion fish: $command --$flag" "$(grep "from $command' " "$TMP/jwtool.fish")" "-l $flag "
    check "completion bash: $command --$flag" "$(grep "^  $command) " "$TMP/jwtool.bash" | grep -Ec "[\" ]--$flag[\" ]")" 1
  done
done
if command -v zsh >/dev/null 2>&1; then
  zsh -n "$TMP/jwtool.zsh"
  check "completion zsh: parses" "$?" 0
fi

CASE="completion zsh: descriptions"
# An apostrophe closes the single-quoted spec and a backslash-escaped one reopens it ('\''); a
# colon is plain text inside _arguments' brackets: both are kept.
check "$CASE: keygen --kid, as written" "$(sed -n '/^    keygen)$/,/;;/p' "$TMP/jwtool.zsh" | grep -F -- "'--kid[")" \
  "        '--kid[With --format jwk: the key'\\''s kid]:value:' \\"
if command -v zsh >/dev/null 2>&1; then
  # specs COMMAND: the words zsh hands _arguments (or _describe) for COMMAND's arguments, one a line.
  specs() {
    zsh -fc '_arguments() { print -rl -- "$@"; }; _describe() { print -rl -- "${(@P)2}"; }
      words=(jwtool "$2" ""); CURRENT=$3; source "$1"' _ "$TMP/jwtool.zsh" "$1" "${2:-3}"
  }
  check "$CASE: keygen --kid, as zsh reads it" "$(specs keygen | grep -F -- '--kid[')" \
    "--kid[With --format jwk: the key's kid]:value:"
  check "$CASE: a command's description keeps its apostrophe" "$(specs "" 2 | grep '^verify:')" \
    "verify:Check a token's signature and claims"
fi

CASE="completion fish: descriptions"
# A flag's values have no description of their own, not the flag's beside each; a description
# keeps its apostrophes and colons, escaped for fish's single quotes.
fish_line() { grep "from $1' -l $2 " "$TMP/jwtool.fish"; }
check "$CASE: keygen --format" "$(fish_line keygen format)" \
  "complete -c jwtool -n '__fish_seen_subcommand_from keygen' -l format -x -a \"raw\\t'' base64url\\t'' jwk\\t'' pem\\t''\" -d 'How the key is written'"
check "$CASE: keygen --kid" "$(fish_line keygen kid)" \
  "complete -c jwtool -n '__fish_seen_subcommand_from keygen' -l kid -x -d 'With --format jwk: the key\\'s kid'"
if command -v fish >/dev/null 2>&1; then
  # complete LINE: what fish offers for LINE, one "candidate<TAB>description" a line.
  fish_complete() { fish --no-config -c 'source $argv[1]; complete -C $argv[2]' "$TMP/jwtool.fish" "$1"; }
  tab=$(printf '\t')
  check "$CASE: fish offers keygen --format's values bare" "$(fish_complete "jwtool keygen --format ")" \
    "$(printf '%s\n' base64url jwk pem raw)"
  check "$CASE: fish shows --format's description" "$(fish_complete "jwtool keygen --form")" \
    "--format${tab}How the key is written"
  check "$CASE: fish shows --kid's description whole" "$(fish_complete "jwtool keygen --ki")" \
    "--kid${tab}With --format jwk: the key's kid"
fi

CASE="completion with a shell jwtool does not know"
run completion tcsh
expect_rc 2
expect_err "jwtool: shell: tcsh not in {bash,zsh,fish} (see 'jwtool help completion')"

finish
