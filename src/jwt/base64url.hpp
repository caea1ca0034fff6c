#pragma once

#include "jwt/error.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace jwt {

// RFC 4648 §5 alphabet, no padding (RFC 7515 §2).
std::string base64url_encode(std::string_view bytes);
// The same, appended to `out`.
void base64url_encode_into(std::string_view bytes, std::string& out);

// Strict decode: rejects '=', whitespace, any byte outside the alphabet, a length of 4n+1 and
// non-zero trailing bits, so every byte string has exactly one accepted encoding.
// Errors are ErrorKind::malformed; offsets in messages are counted from offset_base, so a
// caller decoding one segment of a token can report positions within the whole token.
Result<std::string> base64url_decode(std::string_view text, std::size_t offset_base = 0);
// The same into `out` (replacing its content, reusing its capacity).
Status base64url_decode_into(std::string_view text, std::size_t offset_base, std::string& out);

// Key text as people store it: standard base64 (RFC 4648 §4) or base64url, padded or not,
// with ASCII whitespace anywhere (line breaks of `base64` output) ignored. Still refuses
// characters outside the alphabet, misplaced padding and non-zero trailing bits.
enum class Alphabet { base64, base64url };
Result<std::string> decode_key_text(std::string_view text, Alphabet alphabet);

} // namespace jwt
