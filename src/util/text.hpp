#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace util {

// Whitespace here means the ASCII set a shell or an HTTP header may leave around a value.
bool is_ascii_space(char c) noexcept;
std::string_view trim(std::string_view text) noexcept;

// ASCII-only case-insensitive comparison; no locale is consulted.
bool iequals(std::string_view a, std::string_view b) noexcept;
bool istarts_with(std::string_view text, std::string_view prefix) noexcept;

// Length of the well-formed UTF-8 sequence starting at text[i] (RFC 3629: no overlong forms,
// no surrogates, nothing above U+10FFFF), or 0 if there is none.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) noexcept;

// The value of one hexadecimal digit (0-9, a-f, A-F), or -1 for any other character.
int hex_digit_value(char c) noexcept;

// A printable rendering of one byte for error messages: 'a', '\n', '\x00'.
std::string describe_byte(char c);

// Text made safe for a terminal and a log line: control bytes (newline, escape, ...), C1
// controls (U+0080..U+009F) and bytes that are not well-formed UTF-8 are written as \xNN;
// other UTF-8 text is kept as it is.
std::string printable(std::string_view text);

// The first control character in text (U+0000..U+001F, U+007F, or a C1 control U+0080..U+009F),
// or -1 when there is none. Those a terminal obeys or a shell's $(...) drops or mangles.
long first_control_character(std::string_view text) noexcept;

// Which base64 alphabet `text` looks written in, as a random key would be: "base64url" (only
// A-Z a-z 0-9 - _, no padding), "base64" (A-Z a-z 0-9 + /, maybe = padding), or empty. It must
// be at least 16 characters, hold upper and lower case letters and digits (so hex and words do
// not count), and be of a length that decodes. Text of letters and digits only is "base64url".
std::string_view base64_alphabet_of(std::string_view text) noexcept;

// Quotes a user value for a message: '"' and '\\' escaped, control bytes and bytes that are not
// UTF-8 as \xNN, UTF-8 text as it is; longer values are cut at max_bytes, never inside a UTF-8
// sequence.
std::string quote(std::string_view value, std::size_t max_bytes = 80);

// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to word, if close enough to be a plausible typo; empty otherwise.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

} // namespace util
