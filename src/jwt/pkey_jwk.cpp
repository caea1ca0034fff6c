// PKey::from_jwk: an RSA, EC or OKP JSON Web Key (RFC 7517, RFC 7518 §6, RFC 8037 §2).

#include "jwt/base64url.hpp"
#include "jwt/openssl_handles.hpp"
#include "jwt/pkey.hpp"
#include "jwt/keys.hpp"
#include "util/text.hpp"

#include <fmt/core.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <string>
#include <utility>
#include <vector>

namespace jwt {

namespace {

Error bad_key(std::string_view kty, const std::string& message)
{
  openssl::clear_errors();
  return make_error(ErrorKind::invalid_key, fmt::format("{} JWK: {}", kty, message));
}

// A base64url member's bytes, wiped when it goes.
class Member
{
public:
  Member() = default;
  Member(const Member&) = delete;
  Member& operator=(const Member&) = delete;
  Member(Member&& other) noexcept : m_bytes(std::move(other.m_bytes))
  {
  }
  Member& operator=(Member&& other) noexcept
  {
    wipe(m_bytes);
    m_bytes = std::move(other.m_bytes);
    return *this;
  }
  ~Member()
  {
    wipe(m_bytes);
  }
  explicit Member(std::string bytes) : m_bytes(std::move(bytes))
  {
  }
  const std::string& bytes() const noexcept
  {
    return m_bytes;
  }
  const unsigned char* data() const noexcept
  {
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): OpenSSL reads unsigned char.
    return reinterpret_cast<const unsigned char*>(m_bytes.data());
  }
  std::size_t size() const noexcept
  {
    return m_bytes.size();
  }

private:
  std::string m_bytes;
};

// The member `name`: present, a string, strict base64url, not empty, and `size` bytes if given.
// Messages never quote the value.
Result<Member> read_member(const Json& jwk, std::string_view kty, const char* name, std::size_t size = 0)
{
  const auto found = jwk.find(name);
  if (found == jwk.end()) {
    return bad_key(kty, fmt::format("no \"{}\" member", name));
  }
  if (!found->is_string()) {
    return bad_key(kty, fmt::format("\"{}\" must be a string, found {}", name, json_type_name(*found)));
  }
  auto bytes = base64url_decode(found->get_ref<const std::string&>());
  if (!bytes) {
    return bad_key(kty, fmt::format("\"{}\" is not strict base64url (no padding, no whitespace, no '+' or '/')", name));
  }
  Member member(std::move(bytes).value());
  if (member.size() == 0) {
    return bad_key(kty, fmt::format("\"{}\" is empty", name));
  }
  if (size != 0 && member.size() != size) {
    return bad_key(kty, fmt::format("\"{}\" is {} bytes, not {}", name, member.size(), size));
  }
  return member;
}

// The members of a key for EVP_PKEY_fromdata. OSSL_PARAM_BLD keeps pointers to what is pushed
// until build() copies it: the BIGNUMs are kept here until then, the other values by the caller.
class KeyParams
{
public:
  KeyParams() : m_builder(OSSL_PARAM_BLD_new())
  {
  }

  // RFC 7518 §2 "Base64urlUInt": big-endian. Secure BIGNUMs, so that the builder puts their
  // copies in the params' secure block, cleared when freed.
  bool push_bignum(const char* name, const Member& member)
  {
    openssl::SecretBignumPtr value(BN_secure_new());
    if (!m_builder || !value || BN_bin2bn(member.data(), static_cast<int>(member.size()), value.get()) == nullptr
        || OSSL_PARAM_BLD_push_BN(m_builder.get(), name, value.get()) != 1) {
      return false;
    }
    m_values.push_back(std::move(value));
    return true;
  }
  bool push_octets(const char* name, const Member& member)
  {
    return m_builder && OSSL_PARAM_BLD_push_octet_string(m_builder.get(), name, member.data(), member.size()) == 1;
  }
  bool push_text(const char* name, const std::string& text)
  {
    return m_builder && OSSL_PARAM_BLD_push_utf8_string(m_builder.get(), name, text.c_str(), 0) == 1;
  }

  // The key of `type` ("RSA", "EC") made of the members; `refusal` when OpenSSL will not.
  Result<EvpPkeyPtr> build(const char* type, bool is_private, std::string_view kty, const std::string& refusal)
  {
    const openssl::ParamsPtr params(m_builder ? OSSL_PARAM_BLD_to_param(m_builder.get()) : nullptr);
    const openssl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1) {
      return openssl::library_error(fmt::format("{} key import set-up", kty));
    }
    EVP_PKEY* key = nullptr;
    if (EVP_PKEY_fromdata(ctx.get(), &key, is_private ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
      return bad_key(kty, refusal);
    }
    openssl::clear_errors();
    return EvpPkeyPtr(key);
  }

private:
  openssl::ParamBldPtr m_builder;
  std::vector<openssl::SecretBignumPtr> m_values;
};

Result<EvpPkeyPtr> rsa_key(const Json& jwk)
{
  constexpr std::string_view k_kty = "RSA";
  if (jwk.contains("oth")) {
    return bad_key(k_kty, "multi-prime keys (\"oth\") are not supported");
  }
  auto n = read_member(jwk, k_kty, "n");
  auto e = read_member(jwk, k_kty, "e");
  if (!n || !e) {
    return !n ? std::move(n).error() : std::move(e).error();
  }
  KeyParams params;
  if (!params.push_bignum(OSSL_PKEY_PARAM_RSA_N, *n) || !params.push_bignum(OSSL_PKEY_PARAM_RSA_E, *e)) {
    return openssl::library_error("RSA key import");
  }
  const bool is_private = jwk.contains("d");
  if (is_private) {
    for (const auto& [member, param] : openssl::rsa_private_members()) {
      auto value = read_member(jwk, k_kty, member);
      if (!value) {
        return std::move(value).error();
      }
      if (!params.push_bignum(param, *value)) {
        return openssl::library_error("RSA key import");
      }
    }
  }
  return params.build("RSA", is_private, k_kty, "the members do not make an RSA key");
}

Result<Curve> read_curve(const Json& jwk, std::string_view kty, KeyType type)
{
  const auto crv = jwk.find("crv");
  if (crv == jwk.end() || !crv->is_string()) {
    return bad_key(kty, "no \"crv\" member (a string)");
  }
  const auto& name = crv->get_ref<const std::string&>();
  const auto curve = parse_curve(name);
  if (!curve || curve_key_type(*curve) != type) {
    return bad_key(kty,
                   fmt::format("\"crv\" {} is not {}",
                               util::quote(name),
                               type == KeyType::ec ? "P-256, P-384, P-521 or secp256k1" : "Ed25519 or Ed448"));
  }
  return *curve;
}

Result<EvpPkeyPtr> ec_key(const Json& jwk)
{
  constexpr std::string_view k_kty = "EC";
  const auto curve = read_curve(jwk, k_kty, KeyType::ec);
  if (!curve) {
    return curve.error();
  }
  const std::size_t size = curve_key_size(*curve);
  auto x = read_member(jwk, k_kty, "x", size);
  auto y = read_member(jwk, k_kty, "y", size);
  if (!x || !y) {
    return !x ? std::move(x).error() : std::move(y).error();
  }
  // SEC 1 §2.3.3: an uncompressed point.
  const Member point(std::string(1, '\x04') + x->bytes() + y->bytes());
  const std::string group(curve_name(*curve)); // OpenSSL takes the JOSE names of these curves
  KeyParams params;
  if (!params.push_text(OSSL_PKEY_PARAM_GROUP_NAME, group) || !params.push_octets(OSSL_PKEY_PARAM_PUB_KEY, point)) {
    return openssl::library_error("EC key import");
  }
  const bool is_private = jwk.contains("d");
  if (is_private) {
    auto d = read_member(jwk, k_kty, "d", size);
    if (!d) {
      return std::move(d).error();
    }
    if (!params.push_bignum(OSSL_PKEY_PARAM_PRIV_KEY, *d)) {
      return openssl::library_error("EC key import");
    }
  }
  return params.build(
    "EC", is_private, k_kty, fmt::format(R"("x" and "y" are not a point on {})", curve_name(*curve)));
}

Result<EvpPkeyPtr> okp_key(const Json& jwk)
{
  constexpr std::string_view k_kty = "OKP";
  const auto curve = read_curve(jwk, k_kty, KeyType::okp);
  if (!curve) {
    return curve.error();
  }
  const std::size_t size = curve_key_size(*curve);
  const char* type = *curve == Curve::ed25519 ? "ED25519" : "ED448";
  auto x = read_member(jwk, k_kty, "x", size);
  if (!x) {
    return std::move(x).error();
  }
  if (!jwk.contains("d")) {
    EvpPkeyPtr key(EVP_PKEY_new_raw_public_key_ex(nullptr, type, nullptr, x->data(), x->size()));
    if (!key) {
      return bad_key(k_kty, fmt::format("\"x\" is not an {} public key", curve_name(*curve)));
    }
    return key;
  }
  auto d = read_member(jwk, k_kty, "d", size);
  if (!d) {
    return std::move(d).error();
  }
  // The public key is derived from d; "x" must be that key (RFC 8037 §2).
  EvpPkeyPtr key(EVP_PKEY_new_raw_private_key_ex(nullptr, type, nullptr, d->data(), d->size()));
  std::string derived(size, '\0');
  std::size_t length = size;
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): OpenSSL writes unsigned char.
  if (!key || EVP_PKEY_get_raw_public_key(key.get(), reinterpret_cast<unsigned char*>(derived.data()), &length) != 1) {
    return openssl::library_error("OKP key import");
  }
  if (derived != x->bytes()) {
    return bad_key(k_kty, R"(the private key "d" does not belong to the public key "x")");
  }
  return key;
}

Result<EvpPkeyPtr> key_of_type(const Json& jwk, const std::string& kty)
{
  if (kty == "RSA") {
    return rsa_key(jwk);
  }
  if (kty == "EC") {
    return ec_key(jwk);
  }
  if (kty == "OKP") {
    return okp_key(jwk);
  }
  if (kty == "oct") {
    return make_error(ErrorKind::invalid_key, "an \"oct\" JWK is a shared secret, not a public or private key");
  }
  return make_error(ErrorKind::invalid_key, fmt::format("kty {} is not RSA, EC or OKP", util::quote(kty)));
}

// "alg", when present, names an algorithm this key can do.
Status check_alg_member(const Json& jwk, const PKey& key)
{
  const auto alg = jwk.find("alg");
  if (alg == jwk.end()) {
    return Ok{};
  }
  const std::string_view kty = key_type_name(key.type());
  if (!alg->is_string()) {
    return bad_key(kty, fmt::format("\"alg\" must be a string, found {}", json_type_name(*alg)));
  }
  const auto& name = alg->get_ref<const std::string&>();
  const auto parsed = parse_jose_algorithm(name);
  if (!parsed) {
    return bad_key(kty, fmt::format("\"alg\" {} is not a signature algorithm jwtool implements", util::quote(name)));
  }
  if (auto fits = key.check_algorithm(*parsed); !fits) {
    return bad_key(kty, fmt::format("\"alg\" {} does not fit the key: {}", util::quote(name), fits.error().message));
  }
  return Ok{};
}

} // namespace

Result<PKey> PKey::from_jwk(const Json& jwk)
{
  if (!jwk.is_object()) {
    return make_error(ErrorKind::invalid_key, fmt::format("a JWK is a JSON object, found {}", json_type_name(jwk)));
  }
  const auto kty = jwk.find("kty");
  if (kty == jwk.end() || !kty->is_string()) {
    return make_error(ErrorKind::invalid_key, "the JWK has no \"kty\" member (a string)");
  }
  auto imported = key_of_type(jwk, kty->get_ref<const std::string&>());
  if (!imported) {
    return std::move(imported).error();
  }
  auto key = make_pkey(std::move(imported).value());
  if (!key) {
    return std::move(key).error();
  }
  if (auto fits = check_alg_member(jwk, *key); !fits) {
    return std::move(fits).error();
  }
  return key;
}

} // namespace jwt
