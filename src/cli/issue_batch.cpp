#include "cli/batch_commands.hpp"

#include "cli/render.hpp"

#include "jwt/base64url.hpp"
#include "jwt/claims.hpp"
#include "jwt/hmac.hpp"
#include "jwt/json_reader.hpp"
#include "jwt/random.hpp"
#include "jwt/token.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <utility>

namespace cli {

namespace {

// Longest line of claims accepted, like a --claims file.
constexpr std::size_t k_max_claims_line = std::size_t{64} * 1024;
// Random token ids are drawn this many at a time.
constexpr std::size_t k_ids_per_draw = 256;
constexpr std::size_t k_id_bytes = 16;
// The registered claims in the order jwtool writes them (build_claims).
constexpr const auto& k_claim_order = jwt::k_registered_claims;
constexpr std::size_t k_jti_place = 8;
static_assert(k_claim_order[k_jti_place] == "jti");
static_assert(k_claim_order[0] == "sub");

// A default claim as the flags give it: its name and `"name":value,` ready to copy.
struct DefaultClaim {
  std::string name;
  std::string member;
};

class IssueLine final : public LineHandler
{
public:
  IssueLine(const jwt::Signer& signer, std::string header_segment, const std::vector<DefaultClaim>& defaults,
            bool with_token_id, bool json)
    : m_signer(signer), m_header_segment(std::move(header_segment)), m_with_token_id(with_token_id), m_json(json)
  {
    for (const DefaultClaim& claim : defaults) {
      if (const std::size_t place = claim_place(claim.name); place < k_claim_order.size()) {
        m_ordered_defaults[place] = &claim;
      } else {
        m_custom_defaults.push_back(&claim);
      }
    }
  }

  void handle(std::string_view line, std::size_t number, std::size_t too_long_bytes, LineOutcome& outcome) override
  {
    std::string& out = *outcome.output;
    const std::size_t start = out.size();
    if (m_json) {
      open_line(out, number);
      out += R"(,"token":")";
    }
    const std::size_t token_start = out.size();
    auto payload = too_long_bytes > 0
                     ? jwt::Status(jwt::make_error(jwt::ErrorKind::invalid_argument,
                                                   fmt::format("the line is {} bytes, more than the limit of {}",
                                                               too_long_bytes, k_max_claims_line)))
                     : build_payload(util::trim(line));
    if (!payload) {
      refuse(payload.error(), number, start, outcome);
      return;
    }
    out += m_header_segment;
    out += '.';
    jwt::base64url_encode_into(m_payload, out);
    if (auto signing = m_signer.sign_into(std::string_view(out).substr(token_start), m_signature); !signing) {
      refuse(signing.error(), number, start, outcome);
      return;
    }
    out += '.';
    jwt::base64url_encode_into(m_signature, out);
    out += m_json ? "\"}\n" : "\n";
  }

  void release_buffers() override
  {
    // Swapped with fresh ones, which free them (assigning would keep a std::string's buffer).
    jwt::JsonReader line;
    std::swap(m_line, line);
    std::string().swap(m_payload);
  }

private:
  // A refused line: its output line (from `start` on) says so, empty in plain text; standard
  // error names it.
  void refuse(const jwt::Error& error, std::size_t number, std::size_t start, LineOutcome& outcome) const
  {
    std::string& out = *outcome.output;
    out.resize(start);
    const std::string message = util::printable(error.message);
    if (m_json) {
      open_line(out, number);
      out += R"(,"error":)";
      append_json_string(out, jwt::to_string(error.kind));
      out += R"(,"message":)";
      append_json_string(out, message);
      out += '}';
    }
    out += '\n';
    outcome.failure = error.kind;
    *outcome.diagnostics += fmt::format("jwtool: line {}: {}\n", number, message);
  }

  static void open_line(std::string& out, std::size_t number)
  {
    out += "{\"line\":";
    const fmt::format_int digits(number);
    out.append(digits.data(), digits.size());
  }

  // The claims in the order a single issue writes them (sub, iss, aud, iat, nbf, exp, type, fresh,
  // jti), each from the line if it has it, else from the flags; then the flags' custom claims
  // the line does not set; then the line's other members, in its order.
  jwt::Status build_payload(std::string_view line)
  {
    if (line.empty()) {
      return jwt::make_error(jwt::ErrorKind::invalid_argument, "the line is empty");
    }
    if (auto read = m_line.read(line); !read) {
      return jwt::make_error(jwt::ErrorKind::invalid_argument, read.error().message);
    }
    if (m_line.root().kind != jwt::JsonKind::object) {
      return jwt::make_error(jwt::ErrorKind::invalid_argument,
                             fmt::format("expected a JSON object of claims, found {}", jwt::json_type_name(m_line.root().kind)));
    }
    if (auto types = jwt::check_registered_types(m_line); !types) {
      return jwt::make_error(jwt::ErrorKind::invalid_argument, types.error().message);
    }
    // The line's registered claims by their place in k_claim_order, found in one pass.
    std::array<const jwt::JsonNode*, k_claim_order.size()> from_line{};
    const auto& nodes = m_line.nodes();
    for (std::size_t i = 1; i < nodes.front().end; i = nodes[i + 1].end) {
      if (const std::size_t place = claim_place(nodes[i].text); place < k_claim_order.size()) {
        from_line[place] = &nodes[i + 1];
      }
    }
    if (from_line[0] == nullptr && m_ordered_defaults[0] == nullptr) {
      return jwt::make_error(jwt::ErrorKind::invalid_argument, R"(no "sub": give --sub or a "sub" member)");
    }
    if (from_line[0] != nullptr) {
      if (auto subject = check_subject(from_line[0]->text); !subject) {
        return subject;
      }
    }
    m_payload.assign(1, '{');
    for (std::size_t place = 0; place < k_claim_order.size(); ++place) {
      if (from_line[place] != nullptr) {
        append_member(k_claim_order[place], *from_line[place]);
      } else if (place == k_jti_place && m_with_token_id) {
        if (auto id = next_token_id(); !id) {
          return id;
        }
      } else if (m_ordered_defaults[place] != nullptr) {
        m_payload += m_ordered_defaults[place]->member;
      }
    }
    for (const DefaultClaim* claim : m_custom_defaults) {
      if (m_line.find(0, claim->name) == nullptr) {
        m_payload += claim->member;
      }
    }
    for (std::size_t i = 1; i < nodes.front().end; i = nodes[i + 1].end) {
      if (claim_place(nodes[i].text) == k_claim_order.size()) {
        append_member(nodes[i].text, nodes[i + 1]);
      }
    }
    if (m_payload.size() > 1) {
      m_payload.pop_back(); // the last member's comma
    }
    m_payload += '}';
    return jwt::Ok{};
  }

  // The index of `name` in k_claim_order, or its size for any other name.
  static std::size_t claim_place(std::string_view name)
  {
    return static_cast<std::size_t>(std::find(k_claim_order.begin(), k_claim_order.end(), name) - k_claim_order.begin());
  }

  // `"name":value,` for a member of the line.
  void append_member(std::string_view name, const jwt::JsonNode& value)
  {
    append_json_string(m_payload, name);
    m_payload += ':';
    switch (value.kind) {
    case jwt::JsonKind::string: append_json_string(m_payload, value.text); break;
    case jwt::JsonKind::number: m_payload += value.text; break;
    case jwt::JsonKind::boolean: m_payload += value.boolean ? "true" : "false"; break;
    case jwt::JsonKind::null: m_payload += "null"; break;
    case jwt::JsonKind::array:
    case jwt::JsonKind::object: m_payload += jwt::to_json(m_line, value).dump(); break;
    }
    m_payload += ',';
  }

  // `"jti":"<22 base64url characters>",` from a pool of random bytes drawn in bulk.
  jwt::Status next_token_id()
  {
    if (m_random_used == m_random.size()) {
      auto bytes = jwt::random_bytes(k_id_bytes * k_ids_per_draw);
      if (!bytes) {
        return std::move(bytes).error();
      }
      jwt::wipe(m_random);
      m_random = std::move(bytes).value();
      m_random_used = 0;
    }
    m_payload += R"("jti":")";
    jwt::base64url_encode_into(std::string_view(m_random).substr(m_random_used, k_id_bytes), m_payload);
    m_payload += "\",";
    m_random_used += k_id_bytes;
    return jwt::Ok{};
  }

  const jwt::Signer& m_signer;
  std::string m_signature;
  std::string m_header_segment;
  std::array<const DefaultClaim*, k_claim_order.size()> m_ordered_defaults{}; // by place in k_claim_order
  std::vector<const DefaultClaim*> m_custom_defaults;
  bool m_with_token_id;
  bool m_json; // {"line": N, "token": ...} or {"line": N, "error": ..., "message": ...} per line
  jwt::JsonReader m_line;
  std::string m_payload;
  std::string m_random;
  std::size_t m_random_used = 0;
};

} // namespace

jwt::Status run_issue_batch(const IssueBatch& issue, const BatchOptions& batch, bool quiet)
{
  auto header = jwt::write_json(issue.header);
  if (!header) {
    return std::move(header).error();
  }
  std::vector<DefaultClaim> defaults;
  for (const auto& [name, value] : issue.defaults.items()) {
    auto text = jwt::write_json(value);
    if (!text) {
      return std::move(text).error();
    }
    std::string member;
    append_json_string(member, name);
    member += ':';
    member += *text;
    member += ',';
    defaults.push_back(DefaultClaim{name, std::move(member)});
  }
  const std::string header_segment = jwt::base64url_encode(*header);
  const auto make_handler = [&]() -> jwt::Result<std::unique_ptr<LineHandler>> {
    return std::unique_ptr<LineHandler>(
      std::make_unique<IssueLine>(*issue.signer, header_segment, defaults, issue.with_token_id, issue.json));
  };
  auto tally = run_batch(batch, k_max_claims_line, make_handler, !quiet);
  if (!tally) {
    return std::move(tally).error();
  }
  if (tally->first_failure) {
    // Each refused line was named on standard error already; this sums up.
    const std::size_t refused = tally->lines - tally->passed;
    return jwt::make_error(jwt::ErrorKind::invalid_argument,
                           fmt::format("{} of {} lines refused ({} for each), {} token{} issued",
                                       refused, tally->lines,
                                       issue.json ? "an \"error\" object" : "an empty output line",
                                       tally->passed, tally->passed == 1 ? "" : "s"));
  }
  print_status(fmt::format("{} token{} issued", tally->passed, tally->passed == 1 ? "" : "s"));
  return jwt::Ok{};
}

} // namespace cli
