#pragma once

// Data for the public-key tests: files under tests/data (the published vectors of
// asym-vectors.json, copied from the shared vectors, and keys/ made with the openssl command).

#include "jwt/base64url.hpp"
#include "jwt/json.hpp"
#include "jwt/keys.hpp"
#include "jwt/pkey.hpp"

#include <doctest/doctest.h>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace test {

inline std::string read_data(const std::string& name)
{
  std::ifstream in(std::string(JWTOOL_TEST_DATA_DIR) + "/" + name, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot read tests/data/" + name);
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// RFC 7515 A.2-A.4, RFC 7520 4.1-4.3, RFC 8037 A.4: each with alg, jwk, jwk_public,
// private_key_pem, public_key_pem, compact, deterministic, thumbprint_rfc7638.
inline const jwt::Json& asym_vectors()
{
  static const jwt::Json vectors = jwt::Json::parse(read_data("asym-vectors.json")).at("vectors");
  return vectors;
}

// The DER inside a one-block PEM text.
inline std::string pem_to_der(std::string_view pem)
{
  std::string body;
  std::istringstream lines{std::string(pem)};
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("-----", 0) != 0) {
      body += line;
    }
  }
  auto der = jwt::decode_key_text(body, jwt::Alphabet::base64);
  if (!der) {
    throw std::runtime_error("bad PEM in a test");
  }
  return std::move(der).value();
}

struct Compact {
  std::string signing_input; // header.payload, as published
  std::string signature;     // the decoded third segment
};

inline Compact split_compact(const std::string& compact)
{
  const std::size_t last_dot = compact.rfind('.');
  auto signature = jwt::base64url_decode(std::string_view(compact).substr(last_dot + 1));
  if (!signature) {
    throw std::runtime_error("bad signature segment in a test vector");
  }
  return Compact{compact.substr(0, last_dot), std::move(signature).value()};
}

// The key of a published vector as a jwtool Key: its private JWK, or its public PEM.
inline jwt::Key vector_key(const std::string& id, bool private_half = false)
{
  for (const auto& vector : asym_vectors()) {
    if (vector.at("id") == id) {
      auto pkey = private_half ? jwt::PKey::from_jwk(vector.at("jwk"))
                               : jwt::PKey::from_pem_or_der(vector.at("public_key_pem").get<std::string>());
      REQUIRE(pkey.ok());
      jwt::Key key;
      key.pkey = std::move(pkey).value();
      return key;
    }
  }
  FAIL("no vector " << id);
  return {};
}

} // namespace test
