#include "jwt/hmac.hpp"

// The HMAC construction (RFC 2104) is written here over OpenSSL's SHA-2 block functions, so
// the key's inner and outer states are hashed once and each token costs two plain struct
// copies: OpenSSL 3's EVP_MAC re-initialisation duplicates a provider context (an allocation)
// per call. The low-level SHA-2 calls are deprecated in OpenSSL 3 but kept, and they run the
// same assembly (SHA-NI where the CPU has it).
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace jwt {

namespace {

constexpr unsigned char k_inner_pad = 0x36;

// Whether a and b hold the same `size` bytes, in time that depends on size only: every word is
// compared, the differences OR-ed together, no branch on the bytes. Eight bytes at a time, as
// MACs are multiples of 8 bytes (CRYPTO_memcmp goes byte by byte, a tenth of a token's cost).
bool equal_in_constant_time(const unsigned char* a, const char* b, std::size_t size) noexcept
{
  std::uint64_t difference = 0;
  std::size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    std::uint64_t x = 0;
    std::uint64_t y = 0;
    std::memcpy(&x, a + i, 8);
    std::memcpy(&y, b + i, 8);
    difference |= x ^ y;
  }
  for (; i < size; ++i) {
    difference |= static_cast<std::uint64_t>(a[i] ^ static_cast<unsigned char>(b[i]));
  }
  return difference == 0;
}
constexpr unsigned char k_outer_pad = 0x5c;

// What differs between SHA-256 and SHA-384/512 for HMAC: the state type and its functions.
struct Sha256 {
  using Context = SHA256_CTX;
  static constexpr std::size_t k_block = SHA256_CBLOCK;
  static void init(Context& ctx, Algorithm /*alg*/) noexcept
  {
    SHA256_Init(&ctx);
  }
  static void update(Context& ctx, const void* data, std::size_t size) noexcept
  {
    SHA256_Update(&ctx, data, size);
  }
  static void final(unsigned char* out, Context& ctx) noexcept
  {
    SHA256_Final(out, &ctx);
  }
};

struct Sha512 {
  using Context = SHA512_CTX;
  static constexpr std::size_t k_block = SHA512_CBLOCK;
  static void init(Context& ctx, Algorithm alg) noexcept
  {
    if (alg == Algorithm::hs384) {
      SHA384_Init(&ctx);
    } else {
      SHA512_Init(&ctx);
    }
  }
  static void update(Context& ctx, const void* data, std::size_t size) noexcept
  {
    SHA512_Update(&ctx, data, size);
  }
  static void final(unsigned char* out, Context& ctx) noexcept
  {
    SHA512_Final(out, &ctx);
  }
};

// The hash states after absorbing (key ^ ipad) and (key ^ opad): all an HMAC needs of its key.
template <typename Hash> struct KeyedStates {
  typename Hash::Context inner;
  typename Hash::Context outer;

  void prepare(Algorithm alg, std::string_view key) noexcept
  {
    std::array<unsigned char, Hash::k_block> block{};
    if (key.size() > Hash::k_block) {
      // RFC 2104 §2: a key longer than the block is hashed first.
      typename Hash::Context ctx;
      Hash::init(ctx, alg);
      Hash::update(ctx, key.data(), key.size());
      Hash::final(block.data(), ctx);
      OPENSSL_cleanse(&ctx, sizeof ctx);
    } else {
      std::copy(key.begin(), key.end(), block.begin());
    }
    for (auto& byte : block) {
      byte ^= k_inner_pad;
    }
    Hash::init(inner, alg);
    Hash::update(inner, block.data(), block.size());
    for (auto& byte : block) {
      byte ^= k_inner_pad ^ k_outer_pad;
    }
    Hash::init(outer, alg);
    Hash::update(outer, block.data(), block.size());
    OPENSSL_cleanse(block.data(), block.size());
  }

  void mac(std::string_view data, unsigned char* out, std::size_t digest_bytes) const noexcept
  {
    std::array<unsigned char, HmacSigner::k_max_digest_size> inner_digest{};
    typename Hash::Context ctx = inner;
    Hash::update(ctx, data.data(), data.size());
    Hash::final(inner_digest.data(), ctx);
    ctx = outer;
    Hash::update(ctx, inner_digest.data(), digest_bytes);
    Hash::final(out, ctx);
    // The copy began as a keyed state: no trace of it stays on the stack (112 or 216 bytes,
    // about 1 % of a token's verification).
    OPENSSL_cleanse(&ctx, sizeof ctx);
  }
};

} // namespace

struct HmacSigner::State {
  KeyedStates<Sha256> sha256;
  KeyedStates<Sha512> sha512; // SHA-384 too: it is SHA-512 with other initial values

  State() = default;
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  State(State&&) = delete;
  State& operator=(State&&) = delete;
  ~State()
  {
    OPENSSL_cleanse(this, sizeof *this);
  }
};

HmacSigner::HmacSigner(Algorithm alg, std::unique_ptr<State> state) noexcept
  : m_alg(alg), m_state(std::move(state))
{
}

HmacSigner::HmacSigner(HmacSigner&&) noexcept = default;
HmacSigner& HmacSigner::operator=(HmacSigner&&) noexcept = default;
HmacSigner::~HmacSigner() = default;

Result<HmacSigner> HmacSigner::create(Algorithm alg, std::string_view key)
{
  if (key.empty()) {
    return make_error(ErrorKind::invalid_key, "the key is empty");
  }
  auto state = std::make_unique<State>();
  if (alg == Algorithm::hs256) {
    state->sha256.prepare(alg, key);
  } else {
    state->sha512.prepare(alg, key);
  }
  return HmacSigner(alg, std::move(state));
}

std::size_t HmacSigner::sign_into(std::string_view data, Digest& out) const noexcept
{
  const std::size_t size = digest_size(m_alg);
  if (m_alg == Algorithm::hs256) {
    m_state->sha256.mac(data, out.data(), size);
  } else {
    m_state->sha512.mac(data, out.data(), size);
  }
  return size;
}

Result<std::string> HmacSigner::sign(std::string_view data) const
{
  Digest digest{};
  const std::size_t size = sign_into(data, digest);
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): OpenSSL's bytes are unsigned char.
  return std::string(reinterpret_cast<const char*>(digest.data()), size);
}

bool HmacSigner::matches(std::string_view data, std::string_view signature) const noexcept
{
  Digest expected{};
  const std::size_t size = sign_into(data, expected);
  // The length is public (it follows from the algorithm); the bytes are compared in
  // constant time so a forger learns nothing from timing.
  if (signature.size() != size) {
    return false;
  }
  return equal_in_constant_time(expected.data(), signature.data(), size);
}

} // namespace jwt
