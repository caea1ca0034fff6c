#pragma once

#include "jwt/error.hpp"

#include <cstddef>
#include <string>

namespace jwt {

// `count` bytes from the kernel's CSPRNG (getrandom; OpenSSL's where there is none); ErrorKind::internal
// if it cannot supply them.
Result<std::string> random_bytes(std::size_t count);

// A fresh jti: 128 random bits, base64url (22 characters).
Result<std::string> new_token_id();

} // namespace jwt
