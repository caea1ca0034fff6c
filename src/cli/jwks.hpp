#pragma once

#include "jwt/json.hpp"
#include "jwt/keys.hpp"

#include <string>

namespace cli {

// The public half of a key as a JWK Set entry, as `jwtool jwks` prints it: kty, kid, alg and use
// first, then the key's public members (RSA n, e; EC crv, x, y; OKP crv, x). Built from
// PKey::public_jwk() alone, so no private member can ever get in. `key` must be a public-key
// key (key.pkey set).
jwt::Json public_entry(const jwt::Key& key, const std::string& kid);

// {"keys": [...]}: the public-key keys of `keys`, each under its header kid; HMAC keys are
// never published (a ring of secrets only gives {"keys": []}).
jwt::Json public_key_set(const jwt::KeyRing& keys);

} // namespace cli
