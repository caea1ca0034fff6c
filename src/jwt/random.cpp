#include "jwt/random.hpp"

#include "jwt/base64url.hpp"

#include <openssl/rand.h>

namespace jwt {

Result<std::string> random_bytes(std::size_t count)
{
  std::string bytes(count, '\0');
  if (count > 0
      // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): OpenSSL's bytes are unsigned char.
      && RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(count)) != 1) {
    return make_error(ErrorKind::internal, "OpenSSL's random generator failed");
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
