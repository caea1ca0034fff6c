#!/usr/bin/env bash
# A person at a terminal: jwtool runs in a real tmux pane (send-keys, capture-pane) and shows
# the coloured view for a valid, an expired and a malformed token, and the plain view when
# NO_COLOR is set.
. "$(dirname "$0")/lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
  echo "FAIL: tmux is not installed (scripts/install-deps.sh installs it)"
  exit 1
fi
SOCKET="$TMP/tmux.socket"
trap 'tmux -S "$SOCKET" kill-server 2>/dev/null; rm -rf "$TMP"' EXIT
tmux -S "$SOCKET" -f /dev/null new-session -d -x 150 -y 50 -s jw \
  "env -i PATH='$PATH' HOME='$TMP' TERM=xterm-256color bash --norc --noprofile"
tmux -S "$SOCKET" set-option -t jw status off >/dev/null
ESC=$'\033'

# on_screen COMMAND: types COMMAND into the pane, waits for it to finish and sets SCREEN to the
# pane's contents, colour escapes included (capture-pane -e).
on_screen() {
  local number=$RANDOM
  # Typed as end-of-run-''N, printed as end-of-run-N: only the output matches the whole line.
  tmux -S "$SOCKET" send-keys -t jw "clear; $1; echo end-of-run-''$number" Enter
  for _ in $(seq 100); do
    SCREEN=$(tmux -S "$SOCKET" capture-pane -t jw -p -e)
    if printf '%s\n' "$SCREEN" | grep -qx "end-of-run-$number"; then
      return
    fi
    sleep 0.1
  done
  echo "FAIL: $1 did not finish within 10 s"
}

# line_of TEXT: the screen line holding TEXT, escapes and all.
line_of() { printf '%s\n' "$SCREEN" | grep -F -- "$1" | head -n 1; }

VERIFY="'$JWTOOL' verify --secret-file '$TMP/key'"

CASE="a valid token"
on_screen "$VERIFY --now 1700000060 $KNOWN_HS256_ACCESS"
check_contains "$CASE: status" "$SCREEN" "VALID"
check_contains "$CASE: status in green" "$(line_of VALID)" "${ESC}[1m${ESC}[32mVALID"
check_contains "$CASE: the key that verified" "$SCREEN" "Key: HMAC secret, 64 bytes"
check_contains "$CASE: a claim in colour" "$(line_of '"sub"')" "${ESC}[34m\"sub\""
check_contains "$CASE: times" "$SCREEN" "exp  1700001800  2023-11-14T22:43:20Z"
check_contains "$CASE: relative time" "$SCREEN" "(expires in 29m)"

CASE="an expired token"
on_screen "$VERIFY --now 1700088200 $KNOWN_HS256_ACCESS"
check_contains "$CASE: status in red" "$(line_of EXPIRED)" "${ESC}[1m${ESC}[31mEXPIRED 1d ago"
check_contains "$CASE: the claims are still shown" "$SCREEN" "Payload:"
check_contains "$CASE: the reason on stderr" "$SCREEN" "jwtool: token expired at 2023-11-14T22:43:20Z (1d ago)"

CASE="a malformed token"
on_screen "$VERIFY --now 1700000060 eyJhbGciOiJIUzI1NiJ9.eyJ=.sig"
check_contains "$CASE: status in red" "$(line_of MALFORMED)" "${ESC}[1m${ESC}[31mMALFORMED"
check_contains "$CASE: where it broke" "$SCREEN" "jwtool: payload segment: invalid base64url character '=' at offset 24 (padding is not allowed)"

CASE="decode at a terminal"
on_screen "'$JWTOOL' decode --now 1700000060 $NO_EXP_TOKEN"
check_contains "$CASE: status in yellow" "$(line_of 'NOT VERIFIED')" "${ESC}[1m${ESC}[33mNOT VERIFIED (decode)"
check_contains "$CASE: warning" "$SCREEN" "no exp: the token never expires"

CASE="NO_COLOR: the same view, plain"
on_screen "NO_COLOR=1 $VERIFY --now 1700000060 $KNOWN_HS256_ACCESS"
check_contains "$CASE: status" "$(line_of VALID)" "VALID"
check "$CASE: no escape sequences" "$(printf '%s' "$SCREEN" | grep -c "$ESC")" 0
on_screen "$VERIFY --color never --now 1700088200 $KNOWN_HS256_ACCESS"
check_contains "$CASE: --color never" "$SCREEN" "EXPIRED 1d ago"
check "$CASE: --color never, no escapes" "$(printf '%s' "$SCREEN" | grep -c "$ESC")" 0

# A claim holding ESC ] 0 ; pwned BEL (set the window title), ESC [ 2 J (clear the screen), U+009B
# (CSI), DEL, a newline and a tab: at a terminal --claim-value shows them as \xNN escapes of their
# bytes, on one line, and the terminal obeys none of them (with --raw: without, such a string is
# refused, see test_control_claims.sh).
SHOWN_SUB='\x1b]0;pwned\x07\x1b[2Jeve\xc2\x9b31mred\x7f\x0aroot\x09x'
pane_title() { tmux -S "$SOCKET" display-message -p -t jw '#{pane_title}'; }
# shows_claim_escaped COMMAND: COMMAND prints the sub of CONTROL_TOKEN at the terminal.
shows_claim_escaped() {
  tmux -S "$SOCKET" select-pane -t jw -T before
  on_screen "$1"
  check "$CASE: the value on one line, escaped" "$(line_of 'pwned')" "$SHOWN_SUB"
  check "$CASE: the window title is not set" "$(pane_title)" "before"
  check "$CASE: nothing else moved" "$(printf '%s\n' "$SCREEN" | head -n 1)" "$SHOWN_SUB"
}
CASE="control characters in a claim: decode --claim-value at a terminal"
shows_claim_escaped "'$JWTOOL' decode --claim-value sub --raw $CONTROL_TOKEN"
CASE="control characters in a claim: verify --claim-value at a terminal"
shows_claim_escaped "$VERIFY --now 1700000060 --claim-value sub --raw $CONTROL_TOKEN"

CASE="control characters in a claim, in the view at a terminal"
tmux -S "$SOCKET" select-pane -t jw -T before
on_screen "'$JWTOOL' decode --color never --now 1700000060 $CONTROL_TOKEN"
check "$CASE: escaped as in JSON, and marked" "$(line_of 'pwned')" \
  '  "sub": "\u001b]0;pwned\u0007\u001b[2Jeve\u009b31mred\u007f\nroot\tx",  <- holds control characters'
check "$CASE: the window title is not set" "$(pane_title)" "before"

CASE="a script capturing verify still gets the payload as JSON"
on_screen "x=\$($VERIFY --now 1700000060 $KNOWN_HS256_ACCESS); echo \"[\${x:0:1}]\""
check_contains "$CASE" "$SCREEN" "[{]"

finish
