#include "jwt/base64url.hpp"

#include "util/text.hpp"

#include <array>
#include <cstdint>
#include <fmt/core.h>
#include <openssl/crypto.h>

namespace jwt {

namespace {

constexpr std::string_view k_alphabet =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::uint8_t k_invalid = 0xff;

constexpr std::array<std::uint8_t, 256> make_decode_table()
{
  std::array<std::uint8_t, 256> table{};
  for (auto& entry : table) {
    entry = k_invalid;
  }
  for (std::size_t i = 0; i < k_alphabet.size(); ++i) {
    table[static_cast<unsigned char>(k_alphabet[i])] = static_cast<std::uint8_t>(i);
  }
  return table;
}

constexpr auto k_decode_table = make_decode_table();

// The decode table pre-shifted for each place in a group of four characters, so a group is
// four lookups OR-ed together; an invalid character sets bit 24, tested once per group.
constexpr std::uint32_t k_invalid_bit = 1U << 24;
constexpr std::array<std::uint32_t, 256> make_shifted_table(unsigned shift)
{
  std::array<std::uint32_t, 256> table{};
  for (std::size_t i = 0; i < table.size(); ++i) {
    table[i] = k_decode_table[i] == k_invalid ? k_invalid_bit : std::uint32_t{k_decode_table[i]} << shift;
  }
  return table;
}
constexpr auto k_place0 = make_shifted_table(18);
constexpr auto k_place1 = make_shifted_table(12);
constexpr auto k_place2 = make_shifted_table(6);
constexpr auto k_place3 = make_shifted_table(0);

Error invalid_character(std::string_view text, std::size_t at, std::size_t offset_base)
{
  const char c = text[at];
  const char* hint = c == '=' ? " (padding is not allowed)"
                     : c == '+' || c == '/' ? " (standard base64, not base64url)"
                                            : "";
  return make_error(ErrorKind::malformed,
                    fmt::format("invalid base64url character {} at offset {}{}",
                                util::describe_byte(c),
                                offset_base + at,
                                hint));
}

} // namespace

namespace {

// Every 12-bit value as its two base64url characters: a group of three bytes is two lookups.
struct PairTable {
  std::array<char, std::size_t{2} * 4096> chars{};
  constexpr PairTable()
  {
    for (std::size_t value = 0; value < 4096; ++value) {
      chars[2 * value] = k_alphabet[value >> 6];
      chars[2 * value + 1] = k_alphabet[value & 0x3f];
    }
  }
};
constexpr PairTable k_pairs;

} // namespace

void base64url_encode_into(std::string_view bytes, std::string& out)
{
  const std::size_t start = out.size();
  out.resize(start + (bytes.size() * 4 + 2) / 3);
  char* dest = out.data() + start;
  const auto byte = [&](std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at]));
  };
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t group = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
    const char* high = &k_pairs.chars[std::size_t{2} * (group >> 12)];
    const char* low = &k_pairs.chars[std::size_t{2} * (group & 0xfff)];
    dest[0] = high[0];
    dest[1] = high[1];
    dest[2] = low[0];
    dest[3] = low[1];
    dest += 4;
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    const std::uint32_t group = byte(i) << 16 | (rest == 2 ? byte(i + 1) << 8 : 0);
    *dest++ = k_alphabet[(group >> 18) & 0x3f];
    *dest++ = k_alphabet[(group >> 12) & 0x3f];
    if (rest == 2) {
      *dest++ = k_alphabet[(group >> 6) & 0x3f];
    }
  }
}

std::string base64url_encode(std::string_view bytes)
{
  std::string out;
  base64url_encode_into(bytes, out);
  return out;
}

Status base64url_decode_into(std::string_view text, std::size_t offset_base, std::string& out)
{
  if (text.size() % 4 == 1) {
    // Said after any invalid character, which is the likelier mistake.
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (k_decode_table[static_cast<unsigned char>(text[i])] == k_invalid) {
        return invalid_character(text, i, offset_base);
      }
    }
    return make_error(ErrorKind::malformed,
                      fmt::format("invalid base64url length {}: a final group of one character "
                                  "cannot encode a byte",
                                  text.size()));
  }
  out.resize(text.size() / 4 * 3 + (text.size() % 4 == 0 ? 0 : text.size() % 4 - 1));
  auto* bytes = out.data();
  std::size_t i = 0;
  std::size_t o = 0;
  const auto sextet = [&](std::size_t at) {
    return k_decode_table[static_cast<unsigned char>(text[at])];
  };
  // Whole groups of four characters: three bytes each.
  const auto* chars = reinterpret_cast<const unsigned char*>(text.data()); // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
  for (; i + 4 <= text.size(); i += 4) {
    const std::uint32_t group = k_place0[chars[i]] | k_place1[chars[i + 1]] | k_place2[chars[i + 2]] | k_place3[chars[i + 3]];
    if ((group & k_invalid_bit) != 0) {
      for (std::size_t j = i; j < i + 4; ++j) {
        if (sextet(j) == k_invalid) {
          return invalid_character(text, j, offset_base);
        }
      }
    }
    bytes[o++] = static_cast<char>(group >> 16);
    bytes[o++] = static_cast<char>((group >> 8) & 0xff);
    bytes[o++] = static_cast<char>(group & 0xff);
  }
  const std::size_t rest = text.size() - i;
  if (rest > 0) {
    std::uint32_t group = 0;
    for (std::size_t j = i; j < text.size(); ++j) {
      if (sextet(j) == k_invalid) {
        return invalid_character(text, j, offset_base);
      }
      group = group << 6 | sextet(j);
    }
    // The bits left over after the last whole byte must be zero, or two encodings would
    // decode to the same bytes (RFC 4648 §3.5).
    const unsigned unused_bits = rest == 2 ? 4 : 2;
    if ((group & ((1U << unused_bits) - 1)) != 0) {
      return make_error(ErrorKind::malformed,
                        fmt::format("non-canonical base64url: unused trailing bits of the "
                                    "character at offset {} are not zero",
                                    offset_base + text.size() - 1));
    }
    group >>= unused_bits;
    if (rest == 3) {
      bytes[o++] = static_cast<char>(group >> 8);
    }
    bytes[o++] = static_cast<char>(group & 0xff);
  }
  return Ok{};
}

Result<std::string> base64url_decode(std::string_view text, std::size_t offset_base)
{
  std::string out;
  if (auto decoded = base64url_decode_into(text, offset_base, out); !decoded) {
    return std::move(decoded).error();
  }
  return out;
}

Result<std::string> decode_key_text(std::string_view text, Alphabet alphabet)
{
  std::string compact;
  compact.reserve(text.size());
  for (const char c : text) {
    if (util::is_ascii_space(c)) {
      continue;
    }
    // The standard alphabet differs from base64url in two characters only.
    if (alphabet == Alphabet::base64 && (c == '-' || c == '_')) {
      return make_error(ErrorKind::malformed,
                        fmt::format("invalid base64 character {} (base64url, not base64)", util::describe_byte(c)));
    }
    compact += alphabet == Alphabet::base64 && c == '+' ? '-' : alphabet == Alphabet::base64 && c == '/' ? '_' : c;
  }
  // Padding, if any, only at the end and only as much as the length calls for.
  std::size_t padding = 0;
  while (!compact.empty() && compact.back() == '=' && padding < 2) {
    compact.pop_back();
    ++padding;
  }
  if (padding > 0 && (compact.size() + padding) % 4 != 0) {
    return make_error(ErrorKind::malformed, "misplaced '=' padding");
  }
  auto bytes = base64url_decode(compact);
  OPENSSL_cleanse(compact.data(), compact.size()); // the copy held key text; not a dead store
  return bytes;
}

} // namespace jwt
