#include "cli/batch_commands.hpp"

#include "cli/input.hpp"
#include "cli/render.hpp"
#include "cli/session.hpp"

#include "jwt/token.hpp"
#include "jwt/verify.hpp"
#include "util/text.hpp"

#include <atomic>
#include <fmt/format.h>
#include <memory>
#include <mutex>
#include <utility>

namespace cli {

namespace {

// {"line":N, then the verdict's members, then "}\n".
void open_result(std::string& out, std::size_t number)
{
  out += "{\"line\":";
  const fmt::format_int digits(number);
  out.append(digits.data(), digits.size());
}

void append_failure(std::string& out, const jwt::Error& error)
{
  out += R"(,"error":")";
  out += jwt::to_string(error.kind);
  out += R"(","message":)";
  append_json_string(out, util::printable(error.message));
  if (!error.claim.empty()) {
    out += ",\"claim\":";
    append_json_string(out, util::printable(error.claim));
  }
  out += "}\n";
}

// The token of a line, dug out as a single token is (extract_token): what was taken away goes
// into the line's result as "notes":[...], right after "line", so standard output stays JSON
// Lines and standard error a summary.
class LineToken
{
public:
  jwt::Result<std::string_view> read(std::string_view line, std::string& out)
  {
    const std::string_view text = util::trim(line);
    if (is_bare_token(text)) {
      return text; // the common case: nothing to take away, nothing to copy
    }
    auto extracted = extract_token(text);
    if (!extracted) {
      return std::move(extracted).error();
    }
    if (!extracted->notes.empty()) {
      out += R"(,"notes":[)";
      for (std::size_t i = 0; i < extracted->notes.size(); ++i) {
        if (i > 0) {
          out += ',';
        }
        append_json_string(out, extracted->notes[i]);
      }
      out += ']';
    }
    m_token = std::move(extracted->token);
    return std::string_view(m_token);
  }

  void release_buffers()
  {
    std::string().swap(m_token);
  }

private:
  std::string m_token;
};

// The payload as compact JSON: as it came when it was compact already (the common case),
// written again when it had spaces or line breaks, which would break the one-line output.
// Either way DEL and C1 controls leave escaped.
void append_claims(std::string& out, const jwt::JsonReader& claims, std::string_view payload)
{
  if (claims.was_compact()) {
    jwt::append_json_for_output(out, payload);
  } else {
    out += jwt::write_json_line(jwt::to_json(claims, claims.root()));
  }
}

// The keys of a batch, shared by its threads. With keys over HTTPS taken from a fresh cached set,
// the first token that names a kid the set lacks has the set fetched again: once for the whole
// run (and at most once a minute per URL, as for one token); every line after that uses the new
// set. The fetch happens under the lock, so the threads that meet the unknown kid meanwhile wait
// for the new set rather than fetch too.
class BatchKeys
{
public:
  BatchKeys(jwt::KeyRing keys, std::optional<KeyOrigin> origin, const KeyOptions& options, jwt::NumericDate now)
    : m_keys(std::make_shared<const jwt::KeyRing>(std::move(keys))),
      m_may_refetch(origin && !origin->requested), // a set fetched in this run is as new as it gets
      m_origin(std::move(origin)),
      m_options(options),
      m_now(now)
  {
  }

  // The set now in use, and its generation (how many times it was replaced).
  std::shared_ptr<const jwt::KeyRing> current(unsigned& generation) const
  {
    const std::lock_guard lock(m_mutex);
    generation = m_generation.load(std::memory_order_relaxed);
    return m_keys;
  }

  // Cheap enough for every line: whether the set changed since `generation`.
  bool changed_since(unsigned generation) const noexcept
  {
    return m_generation.load(std::memory_order_acquire) != generation;
  }

  // After key_not_found for `token`, checked against the set of `generation`: true when a newer
  // set is there to check it again (fetched now, or by another thread since).
  jwt::Result<bool> renew_for(std::string_view token, unsigned generation)
  {
    if (!m_may_refetch) {
      return false;
    }
    const std::lock_guard lock(m_mutex);
    if (m_generation.load(std::memory_order_relaxed) != generation) {
      return true;
    }
    if (m_refetch_tried || !names_unknown_kid(token, *m_keys)) {
      return false;
    }
    m_refetch_tried = true;
    auto refetched = refetch_remote_keys(m_options, m_now, m_origin->url);
    if (!refetched) {
      return std::move(refetched).error();
    }
    if (!*refetched) {
      return false; // within a minute of the last refetch of this URL, or offline
    }
    m_keys = std::make_shared<const jwt::KeyRing>(std::move((*refetched)->keys));
    m_origin = std::move((*refetched)->origin);
    m_generation.fetch_add(1, std::memory_order_release);
    return true;
  }

private:
  mutable std::mutex m_mutex;
  std::shared_ptr<const jwt::KeyRing> m_keys;
  std::atomic<unsigned> m_generation{0};
  const bool m_may_refetch;
  bool m_refetch_tried = false;
  std::optional<KeyOrigin> m_origin;
  const KeyOptions& m_options;
  jwt::NumericDate m_now;
};

class VerifyLine final : public LineHandler
{
public:
  VerifyLine(BatchKeys& keys, jwt::VerifyPolicy policy, jwt::NumericDate now, bool with_claims,
             std::unique_ptr<jwt::TokenStore> store)
    : m_keys(keys), m_policy(std::move(policy)), m_now(now), m_with_claims(with_claims), m_store(std::move(store))
  {
    adopt_current_keys();
  }

  void handle(std::string_view line, std::size_t number, std::size_t too_long_bytes, LineOutcome& outcome) override
  {
    std::string& out = *outcome.output;
    open_result(out, number);
    if (too_long_bytes > 0) {
      fail(out, jwt::token_too_long(too_long_bytes), outcome);
      return;
    }
    auto token = m_token.read(line, out);
    if (!token) {
      fail(out, token.error(), outcome);
      return;
    }
    if (m_keys.changed_since(m_generation)) {
      adopt_current_keys();
    }
    auto checked = m_verifier->check(*token, m_now);
    if (!checked && checked.error().kind == jwt::ErrorKind::key_not_found) {
      auto renewed = m_keys.renew_for(*token, m_generation);
      if (!renewed) {
        fail(out, renewed.error(), outcome);
        return;
      }
      if (*renewed) {
        adopt_current_keys();
        checked = m_verifier->check(*token, m_now);
      }
    }
    if (!checked) {
      fail(out, checked.error(), outcome);
      return;
    }
    // With a store, a valid token is looked up there, as verify does for one (a fault refuses it).
    if (m_store) {
      if (auto live = check_not_revoked(*m_store, string_member(*checked->claims, "jti"),
                                        string_member(*checked->claims, k_session_claim));
          !live) {
        fail(out, live.error(), outcome);
        return;
      }
    }
    out += ",\"valid\":true";
    if (m_with_claims) {
      out += ",\"claims\":";
      append_claims(out, *checked->claims, checked->token.payload);
    }
    out += "}\n";
  }

  void release_buffers() override
  {
    m_verifier->release_buffers();
    m_token.release_buffers();
  }

private:
  // A verifier for the batch's current set (it keeps the set alive while it checks with it).
  void adopt_current_keys()
  {
    m_verifier.reset();
    m_ring = m_keys.current(m_generation);
    m_verifier.emplace(*m_ring, m_policy);
  }

  static void fail(std::string& out, const jwt::Error& error, LineOutcome& outcome)
  {
    out += ",\"valid\":false";
    append_failure(out, error);
    outcome.failure = error.kind;
  }

  static std::string_view string_member(const jwt::JsonReader& claims, std::string_view name)
  {
    const jwt::JsonNode* value = claims.find(0, name);
    return value != nullptr && value->kind == jwt::JsonKind::string ? value->text : std::string_view();
  }

  LineToken m_token;
  BatchKeys& m_keys;
  jwt::VerifyPolicy m_policy;
  std::shared_ptr<const jwt::KeyRing> m_ring;
  unsigned m_generation = 0;
  std::optional<jwt::Verifier> m_verifier;
  jwt::NumericDate m_now;
  bool m_with_claims;
  std::unique_ptr<jwt::TokenStore> m_store; // one connection per thread; null without a store
};

class DecodeLine final : public LineHandler
{
public:
  void handle(std::string_view line, std::size_t number, std::size_t too_long_bytes, LineOutcome& outcome) override
  {
    std::string& out = *outcome.output;
    open_result(out, number);
    if (too_long_bytes > 0) {
      fail(out, jwt::token_too_long(too_long_bytes), outcome);
      return;
    }
    auto text = m_token.read(line, out);
    if (!text) {
      fail(out, text.error(), outcome);
      return;
    }
    auto token = m_decoder.decode(*text);
    if (!token) {
      fail(out, token.error(), outcome);
      return;
    }
    if (auto claims = jwt::read_claims(token->payload, m_claims); !claims) {
      fail(out, claims.error(), outcome);
      return;
    }
    out += ",\"header\":";
    out += jwt::write_json_line(jwt::to_json(*token->header, token->header->root()));
    out += ",\"payload\":";
    append_claims(out, m_claims, token->payload);
    out += "}\n";
  }

  void release_buffers() override
  {
    // Swapped with fresh ones, which free them (assigning would keep a std::string's buffer).
    jwt::TokenDecoder decoder;
    std::swap(m_decoder, decoder);
    jwt::JsonReader claims;
    std::swap(m_claims, claims);
    m_token.release_buffers();
  }

private:
  static void fail(std::string& out, const jwt::Error& error, LineOutcome& outcome)
  {
    append_failure(out, error);
    outcome.failure = error.kind;
  }

  LineToken m_token;
  jwt::TokenDecoder m_decoder;
  jwt::JsonReader m_claims;
};

// The summary on standard error and the Status of a finished batch of tokens. A hint about the
// secret's encoding is said once, in the summary, when a line had a bad signature. (The tally by
// reference: GCC 12 at -O3 takes a moved-from Result's error for uninitialised, -Werror.)
jwt::Status finish(const jwt::Result<BatchTally>& tally, std::string_view passed, const std::string& bad_signature_hint = {})
{
  if (!tally) {
    return tally.error();
  }
  std::string summary = batch_summary(*tally, "token", passed);
  if (!bad_signature_hint.empty() && tally->failures.count(jwt::ErrorKind::bad_signature) > 0) {
    summary += "; " + bad_signature_hint;
  }
  if (!tally->first_failure) {
    print_status(summary);
  }
  return batch_status(*tally, std::move(summary));
}

} // namespace

jwt::Status run_verify_batch(const CheckOptions& options,
                             const std::optional<std::string>& expected_type,
                             const BatchOptions& batch)
{
  if (key_uses_stdin(options.key) && (batch.input.empty() || batch.input == "-")) {
    return jwt::make_error(jwt::ErrorKind::invalid_argument,
                           "standard input cannot carry both the key and the tokens: give the tokens with --input");
  }
  auto setup = prepare_check(options, expected_type);
  if (!setup) {
    return std::move(setup).error();
  }
  CheckSetup& check = *setup;
  BatchKeys keys(std::move(check.keys), std::move(check.origin), options.key, check.now);
  const auto make_handler = [&]() -> jwt::Result<std::unique_ptr<LineHandler>> {
    auto store = open_store(options.store);
    if (!store) {
      return std::move(store).error();
    }
    return std::unique_ptr<LineHandler>(
      std::make_unique<VerifyLine>(keys, check.policy, check.now, !batch.no_claims, std::move(store).value()));
  };
  auto tally = run_batch(batch, jwt::k_max_token_bytes, make_handler, !options.output.quiet);
  if (tally && tally->lines == 0) {
    // Nothing judged is no success: `jwtool verify --batch` standing for a token must not pass.
    return jwt::make_error(jwt::ErrorKind::invalid_argument, "no token read: the input has no line");
  }
  return finish(tally, "valid", check.bad_signature_hint);
}

jwt::Status run_decode_batch(const BatchOptions& batch, bool quiet)
{
  const auto make_handler = []() -> jwt::Result<std::unique_ptr<LineHandler>> {
    return std::unique_ptr<LineHandler>(std::make_unique<DecodeLine>());
  };
  return finish(run_batch(batch, jwt::k_max_token_bytes, make_handler, !quiet), "decoded");
}

} // namespace cli
