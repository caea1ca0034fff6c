// PKey::from_pem_or_der: a key file's bytes, recognised by their content.

#include "jwt/openssl_handles.hpp"
#include "jwt/pkey.hpp"
#include "util/text.hpp"

#include <fmt/core.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/decoder.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <algorithm>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

namespace jwt {

namespace {

Error bad_key(std::string message)
{
  openssl::clear_errors();
  return make_error(ErrorKind::invalid_key, std::move(message));
}

constexpr std::string_view k_begin = "-----BEGIN ";
constexpr std::string_view k_dashes = "-----";

// The labels whose block holds a key jwtool reads. "EC PARAMETERS" (before the key in
// `openssl ecparam -genkey` output) is passed over; any other block is not a key.
constexpr std::string_view k_key_labels[] = {"PRIVATE KEY",
                                             "RSA PRIVATE KEY",
                                             "EC PRIVATE KEY",
                                             "PUBLIC KEY",
                                             "RSA PUBLIC KEY",
                                             "CERTIFICATE",
                                             "ENCRYPTED PRIVATE KEY"};

struct PemBlock {
  std::string_view label;
  std::string_view text; // BEGIN line to END line, both included
};

// Every BEGIN ... END block of the text; text around them is ignored, as OpenSSL does.
Result<std::vector<PemBlock>> pem_blocks(std::string_view text)
{
  std::vector<PemBlock> blocks;
  std::size_t at = text.find(k_begin);
  while (at != std::string_view::npos) {
    const std::size_t label_start = at + k_begin.size();
    const std::size_t label_end = text.find(k_dashes, label_start);
    const std::size_t line_end = text.find('\n', label_start);
    if (label_end == std::string_view::npos || label_end > line_end) {
      return bad_key("a PEM BEGIN line is not closed with \"-----\"");
    }
    const std::string_view label = text.substr(label_start, label_end - label_start);
    const std::string end_line = fmt::format("-----END {}-----", label);
    const std::size_t end = text.find(end_line, label_end);
    if (end == std::string_view::npos) {
      return bad_key(fmt::format("the PEM block {} has no END line", util::quote(label)));
    }
    blocks.push_back(PemBlock{label, text.substr(at, end + end_line.size() - at)});
    at = text.find(k_begin, end + end_line.size());
  }
  return blocks;
}

bool is_key_label(std::string_view label)
{
  return std::find(std::begin(k_key_labels), std::end(k_key_labels), label) != std::end(k_key_labels);
}

Error encrypted_key()
{
  return bad_key("the key is encrypted, and jwtool never asks for a passphrase: decrypt it first "
                 "(openssl pkey -in KEY -out PLAIN.pem)");
}

// Handed to OpenSSL wherever it might ask for a passphrase: it refuses, and notes the question.
int refuse_passphrase(char* /*buffer*/, std::size_t /*size*/, std::size_t* /*length*/, const OSSL_PARAM* /*params*/,
                      void* asked)
{
  *static_cast<bool*>(asked) = true;
  return 0;
}

int refuse_pem_passphrase(char* /*buffer*/, int /*size*/, int /*rwflag*/, void* /*asked*/)
{
  return -1;
}

// One decoding attempt for keys of `selection`: the key, or null. Sets `asked` when OpenSSL
// wanted a passphrase; `left` is what followed the key.
EvpPkeyPtr try_decode(std::string_view data, const char* input_type, int selection, bool& asked, std::size_t& left)
{
  EVP_PKEY* decoded = nullptr;
  const openssl::DecoderCtxPtr ctx(
    OSSL_DECODER_CTX_new_for_pkey(&decoded, input_type, nullptr, nullptr, selection, nullptr, nullptr));
  if (!ctx || OSSL_DECODER_CTX_set_passphrase_cb(ctx.get(), refuse_passphrase, &asked) != 1) {
    return nullptr;
  }
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): OpenSSL reads unsigned char.
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
  left = data.size();
  const bool ok = OSSL_DECODER_from_data(ctx.get(), &bytes, &left) == 1;
  EvpPkeyPtr key(decoded);
  openssl::clear_errors();
  return ok ? std::move(key) : nullptr;
}

struct OpensslFree {
  void operator()(void* object) const noexcept
  {
    OPENSSL_free(object);
  }
};

// A SubjectPublicKeyInfo, when `der` is exactly one, by d2i_PUBKEY: it hands OpenSSL's decoders
// the key type that the algorithm identifier names. A decoder set up for every key type, as
// decode_key's are, costs OpenSSL 3.0 about a millisecond (twice for a public key, looked for as
// a private key first): most of what a one-shot `verify --key public.pem` adds to an HMAC one.
// Null otherwise; decode_key then decides, and accepts the keys this accepts.
EvpPkeyPtr public_key_info(const unsigned char* der, long size)
{
  const unsigned char* cursor = der;
  EvpPkeyPtr key(d2i_PUBKEY_ex(nullptr, &cursor, size, nullptr, nullptr));
  openssl::clear_errors();
  return key && cursor == der + size ? std::move(key) : nullptr;
}

// The same for a "PUBLIC KEY" PEM block without header lines (OpenSSL's PEM decoder refuses a
// block with any that are not an encryption's, so those go to decode_key too).
EvpPkeyPtr public_key_info(const PemBlock& block)
{
  const openssl::BioPtr bio(BIO_new_mem_buf(block.text.data(), static_cast<int>(block.text.size())));
  char* name = nullptr;
  char* header = nullptr;
  unsigned char* der = nullptr;
  long size = 0;
  if (!bio || PEM_read_bio(bio.get(), &name, &header, &der, &size) != 1) {
    openssl::clear_errors();
    return nullptr;
  }
  const std::unique_ptr<char, OpensslFree> owned_name(name);
  const std::unique_ptr<char, OpensslFree> owned_header(header);
  const std::unique_ptr<unsigned char, OpensslFree> owned_der(der);
  return *header == '\0' ? public_key_info(der, size) : nullptr;
}

// A key (not a certificate) from PEM text of one block or from DER bytes; with DER, nothing may
// follow the key. A private key is looked for first, then a public one: OpenSSL's decoders
// take one or the other.
Result<EvpPkeyPtr> decode_key(std::string_view data, const char* input_type)
{
  bool asked = false;
  std::size_t left = 0;
  EvpPkeyPtr key = try_decode(data, input_type, EVP_PKEY_KEYPAIR, asked, left);
  if (!key && !asked) {
    key = try_decode(data, input_type, EVP_PKEY_PUBLIC_KEY, asked, left);
  }
  if (asked) {
    return encrypted_key();
  }
  if (!key) {
    return bad_key(std::string_view(input_type) == "PEM"
                     ? "the PEM block does not hold a valid key"
                     : "the bytes are neither PEM nor a DER key or certificate jwtool reads (PKCS#8, PKCS#1, "
                       "SEC1, SubjectPublicKeyInfo, X.509)");
  }
  if (left != 0 && std::string_view(input_type) == "DER") {
    return bad_key("the DER key is followed by other bytes");
  }
  return key;
}

Result<EvpPkeyPtr> certificate_key(const openssl::X509Ptr& certificate)
{
  EvpPkeyPtr key(X509_get_pubkey(certificate.get()));
  if (!key) {
    return bad_key("the certificate's public key is not one jwtool reads");
  }
  return key;
}

Result<EvpPkeyPtr> from_pem_block(const PemBlock& block)
{
  if (block.label == "ENCRYPTED PRIVATE KEY" || block.text.find("Proc-Type: 4,ENCRYPTED") != std::string_view::npos) {
    return encrypted_key();
  }
  if (block.label == "PUBLIC KEY") {
    if (EvpPkeyPtr key = public_key_info(block); key) {
      return key;
    }
  }
  if (block.label != "CERTIFICATE") {
    return decode_key(block.text, "PEM");
  }
  const openssl::BioPtr bio(BIO_new_mem_buf(block.text.data(), static_cast<int>(block.text.size())));
  if (!bio) {
    return openssl::library_error("certificate reader set-up");
  }
  const openssl::X509Ptr certificate(PEM_read_bio_X509(bio.get(), nullptr, refuse_pem_passphrase, nullptr));
  if (!certificate) {
    return bad_key("the PEM certificate is not a valid X.509 certificate");
  }
  return certificate_key(certificate);
}

Result<EvpPkeyPtr> from_pem(std::string_view text)
{
  auto blocks = pem_blocks(text);
  if (!blocks) {
    return std::move(blocks).error();
  }
  const PemBlock* key_block = nullptr;
  std::size_t keys = 0;
  std::string others;
  for (const PemBlock& block : *blocks) {
    if (is_key_label(block.label)) {
      key_block = &block;
      ++keys;
    } else if (block.label != "EC PARAMETERS") {
      others += fmt::format("{}{}", others.empty() ? "" : ", ", util::quote(block.label));
    }
  }
  if (keys > 1) {
    return bad_key(fmt::format("the PEM text holds {} keys or certificates: give one", keys));
  }
  if (key_block == nullptr) {
    return bad_key(others.empty() ? std::string("the PEM text holds no key")
                                  : fmt::format("the PEM text holds no key, only {}", others));
  }
  return from_pem_block(*key_block);
}

Result<EvpPkeyPtr> from_der(std::string_view bytes)
{
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): OpenSSL reads unsigned char.
  const auto* start = reinterpret_cast<const unsigned char*>(bytes.data());
  const unsigned char* end = start;
  const openssl::X509Ptr certificate(d2i_X509(nullptr, &end, static_cast<long>(bytes.size())));
  if (certificate && end == start + bytes.size()) {
    return certificate_key(certificate);
  }
  openssl::clear_errors();
  if (EvpPkeyPtr key = public_key_info(start, static_cast<long>(bytes.size())); key) {
    return key;
  }
  return decode_key(bytes, "DER");
}

} // namespace

Result<PKey> PKey::from_pem_or_der(std::string_view bytes)
{
  if (bytes.empty()) {
    return bad_key("the key is empty");
  }
  // The largest key jwtool takes (RSA 16384-bit, PKCS#8 PEM) is 13 KiB; a certificate with
  // many extensions a few more. (Also keeps sizes within OpenSSL's int lengths.)
  constexpr std::size_t k_max_bytes = std::size_t{1024} * 1024;
  if (bytes.size() > k_max_bytes) {
    return bad_key("the key is larger than 1 MiB: not a key");
  }
  auto key = bytes.find(k_begin) != std::string_view::npos ? from_pem(bytes) : from_der(bytes);
  if (!key) {
    return std::move(key).error();
  }
  return make_pkey(std::move(key).value());
}

} // namespace jwt
