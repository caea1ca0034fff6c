#include "jwt/random.hpp"

#include "jwt/base64url.hpp"

#include <cerrno>
#include <openssl/rand.h>
#include <sys/random.h>

namespace jwt {

namespace {

// OpenSSL's generator, where the kernel has no getrandom (before Linux 3.17).
bool openssl_random(unsigned char* out, std::size_t count)
{
  return RAND_bytes(out, static_cast<int>(count)) == 1;
}

} // namespace

// The kernel's generator (getrandom, what OpenSSL seeds its own from) rather than OpenSSL's DRBG:
// a token id or an HMAC key does not need a generator in the process, and starting OpenSSL's (its
// configuration, its providers, an AES-CTR DRBG) costs 8 M instructions, three times a whole
// `jwtool verify` of an HMAC token, and all of that before the first byte.
Result<std::string> random_bytes(std::size_t count)
{
  std::string bytes(count, '\0');
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the generators fill unsigned char.
  auto* out = reinterpret_cast<unsigned char*>(bytes.data());
  std::size_t filled = 0;
  while (filled < count) {
    const ssize_t got = ::getrandom(out + filled, count - filled, 0);
    if (got > 0) {
      filled += static_cast<std::size_t>(got);
    } else if (got < 0 && errno == ENOSYS) {
      if (!openssl_random(out + filled, count - filled)) {
        return make_error(ErrorKind::internal, "OpenSSL's random generator failed");
      }
      filled = count;
    } else if (got < 0 && errno != EINTR) {
      return make_error(ErrorKind::internal, "the kernel's random generator (getrandom) failed");
    }
  }
  return bytes;
}

Result<std::string> new_token_id()
{
  auto bytes = random_bytes(16);
  if (!bytes) {
    return std::move(bytes).error();
  }
  return base64url_encode(*bytes);
}

} // namespace jwt
