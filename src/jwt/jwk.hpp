#pragma once

#include "jwt/error.hpp"
#include "jwt/keys.hpp"

#include <string_view>

namespace jwt {

// Reads a JSON Web Key (RFC 7517 §4) or a JWK Set ({"keys": [...]}, §5) of symmetric keys.
// Each key must have kty "oct" and a non-empty base64url "k"; "kid" names it; "alg", when
// present, binds it to HS256, HS384 or HS512; "use", when present, must be "sig"; "key_ops", when
// present, must be an array of unique strings agreeing with "use", and says whether the key may
// sign and verify (other values are ignored). Two keys with the same kid are refused, as is a set
// with no key. Errors are ErrorKind::invalid_key and
// say which key ("key 2: ...") and which member is wrong.
Result<KeyRing> parse_jwk_set(std::string_view json_text);

} // namespace jwt
