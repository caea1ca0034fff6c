#!/usr/bin/env bash
# --batch on tokens of about 1 MiB whose payload nests arrays 62 deep (the work on such a line
# takes about 30 times its size): the output is the same for every --jobs, and the peak memory
# stays bounded whatever --jobs is (checked with /usr/bin/time when it is there, on a plain
# build: a sanitizer or valgrind has memory of its own).
. "$(dirname "$0")/lib.sh"

if [ -n "${ASAN_OPTIONS:-}" ]; then
  # Megabyte tokens under the sanitizers take minutes, and the sanitizers' memory hides the bound.
  echo "skipped: a sanitizer build"
  finish
  exit
fi

NOW=1700000000

# {"m0":[[...]],"m1":[[...]],...}: 730 KB of claims, a token of 974 KB.
awk 'BEGIN {
  nest = ""
  for (i = 0; i < 62; i++) nest = nest "["
  for (i = 0; i < 62; i++) nest = nest "]"
  printf "{"
  for (m = 0; m < 5500; m++) printf "%s\"m%d\":%s", (m ? "," : ""), m, nest
  printf "}\n"
}' >"$TMP/nested.json"
for sub in u1 u2 u3; do
  "$JWTOOL" issue --sub "$sub" --no-jti --now "$NOW" --claims "$TMP/nested.json" --secret-file "$TMP/key" \
    >"$TMP/big-$sub.txt" || echo "FAIL: cannot issue a nested token"
done
check "a nested token is less than 1 MiB" "$(($(wc -c <"$TMP/big-u1.txt") < 1048576))" 1

# 17 nested tokens, and between them a short token, an expired one, garbage, an empty line and
# a line over the 1 MiB limit.
small=$("$JWTOOL" issue --sub small --no-jti --now "$NOW" --secret-file "$TMP/key")
{
  for i in 1 2 3 4 5 6 7 8; do
    cat "$TMP/big-u1.txt" "$TMP/big-u2.txt"
    [ "$i" = 2 ] && printf '%s\n' "$small" "$KNOWN_HS256_ACCESS" not-a-token ""
    [ "$i" = 5 ] && head -c 1048577 /dev/zero | tr '\0' a && echo
    [ "$i" = 6 ] && cat "$TMP/big-u3.txt"
  done
} >"$TMP/lines.txt"

CASE="decode and verify --batch on nested 1 MiB tokens: the same output for every --jobs"
run decode --batch --input "$TMP/lines.txt"
expect_rc 1
expect_err "jwtool: 22 tokens: 19 decoded, 3 refused (3 malformed)"
check "$CASE: decode, lines out" "$(printf '%s\n' "$OUT" | wc -l)" 22
check "$CASE: decode, line 1" "$(printf '%s\n' "$OUT" | head -n 1 | cut -c 1-128)" \
  '{"line":1,"header":{"alg":"HS256","typ":"JWT"},"payload":{"sub":"u1","iat":1700000000,"exp":1700001800,"type":"access","m0":[[[['
printf '%s\n' "$OUT" >"$TMP/decode-1"
run_key verify --batch --now "$NOW" --input "$TMP/lines.txt"
expect_rc 1
expect_err "jwtool: 22 tokens: 19 valid, 3 refused (3 malformed)"
printf '%s\n' "$OUT" >"$TMP/verify-1"
run_key verify --batch --no-claims --now 1700003000 --input "$TMP/lines.txt"
expect_rc 3
expect_err "jwtool: 22 tokens: 0 valid, 22 refused (3 malformed, 19 expired)"
printf '%s\n' "$OUT" >"$TMP/verify-no-claims-1"
for jobs in 2 5 64 256; do
  run decode --batch --jobs "$jobs" --input "$TMP/lines.txt"
  check "$CASE: decode --jobs $jobs" "$(printf '%s\n' "$OUT" | cmp - "$TMP/decode-1" && echo same)" same
  run_key verify --batch --jobs "$jobs" --now "$NOW" --input "$TMP/lines.txt"
  check "$CASE: verify --jobs $jobs" "$(printf '%s\n' "$OUT" | cmp - "$TMP/verify-1" && echo same)" same
  run_key verify --batch --no-claims --jobs "$jobs" --now 1700003000 --input "$TMP/lines.txt"
  check "$CASE: verify --no-claims --jobs $jobs" \
    "$(printf '%s\n' "$OUT" | cmp - "$TMP/verify-no-claims-1" && echo same)" same
done

# Peak memory: a thread's work on such a line takes about 30 MB, so before the budget
# --jobs 64 took over 400 MB here, and now about 60 MB.
CASE="peak memory of --batch --jobs 64 and 256 on nested 1 MiB tokens"
if [ -x /usr/bin/time ] && [ -z "${ASAN_OPTIONS-}" ] && [ "$(head -c 4 "$JWTOOL" | tr -d '\177')" = ELF ]; then
  peak_kib() {
    /usr/bin/time -f '%M' -o "$TMP/peak" "$JWTOOL" "$@" --input "$TMP/lines.txt" >/dev/null 2>&1
    tail -n 1 "$TMP/peak"
  }
  for jobs in 64 256; do
    decode_peak=$(peak_kib decode --batch --jobs "$jobs")
    check "$CASE: decode --jobs $jobs under 200 MB (peak $decode_peak KiB)" "$((decode_peak < 200000))" 1
    verify_peak=$(peak_kib verify --batch --jobs "$jobs" --now "$NOW" --secret-file "$TMP/key")
    check "$CASE: verify --jobs $jobs under 200 MB (peak $verify_peak KiB)" "$((verify_peak < 200000))" 1
  done
else
  echo "note: peak memory not checked (no /usr/bin/time, or a sanitizer or valgrind build)"
fi

finish
