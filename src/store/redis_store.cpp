#include "store/redis_store.hpp"

#include "jwt/keys.hpp"
#include "store/instants.hpp"
#include "store/open_store.hpp"

#include <fmt/core.h>
#include <hiredis/hiredis.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <sys/time.h>
#include <utility>
#include <vector>

namespace store {

namespace {

struct ContextFree {
  void operator()(redisContext* context) const noexcept
  {
    redisFree(context);
  }
};
using Context = std::unique_ptr<redisContext, ContextFree>;

struct ReplyFree {
  void operator()(redisReply* reply) const noexcept
  {
    freeReplyObject(reply);
  }
};
using Reply = std::unique_ptr<redisReply, ReplyFree>;

// Keys: one hash per session (created_at, expires_at, revoked) and one string per token that
// the store knows ("spent" or "revoked"), each expiring with what it describes.
constexpr std::string_view k_session_prefix = "jwtool:session:";
constexpr std::string_view k_token_prefix = "jwtool:token:";

// The key lifetimes in milliseconds are computed by the caller from its own `now` (ARGV), not
// from the server's clock, so a --now far from the real time still keeps an entry as long as its
// token has left to live at `now` (at least a second).

// KEYS: session, token. ARGV: lifetime of the token's entry (ms), mode ('spend' or 'check':
// a live token is left live).
constexpr std::string_view k_spend_script = R"LUA(
local session = redis.call('HMGET', KEYS[1], 'created_at', 'expires_at', 'revoked')
if not session[2] then return {'unknown_session'} end
local state = redis.call('GET', KEYS[2])
local result
if state == 'spent' then
  redis.call('HSET', KEYS[1], 'revoked', '1')
  result = 'reused'
elseif state == 'revoked' or session[3] == '1' then
  result = 'revoked'
elseif ARGV[2] == 'check' then
  result = 'live'
else
  redis.call('SET', KEYS[2], 'spent', 'PX', ARGV[1])
  result = 'spent'
end
return {result, session[1], session[2], session[3]}
)LUA";

// KEYS: session. ARGV: created_at, expires_at, lifetime of the entry (ms).
constexpr std::string_view k_start_session_script = R"LUA(
redis.call('HSET', KEYS[1], 'created_at', ARGV[1], 'expires_at', ARGV[2], 'revoked', '0')
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
)LUA";

// KEYS: token. ARGV: lifetime of the entry (ms). A longer lifetime already there is kept, and
// so is a 'spent' mark, the stronger one (presented again, the token is reuse).
constexpr std::string_view k_revoke_token_script = R"LUA(
local state = 'revoked'
if redis.call('GET', KEYS[1]) == 'spent' then state = 'spent' end
if redis.call('PTTL', KEYS[1]) > tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], state, 'KEEPTTL')
else
  redis.call('SET', KEYS[1], state, 'PX', ARGV[1])
end
return 1
)LUA";

// KEYS: session. ARGV: created_at, expires_at, lifetime (ms) for a session the store does not
// know, recorded as a mark (field 'mark'); a known one keeps its own limit and expiry. Returns
// 'started' for a session the store started, 'unknown' for none or a mark.
constexpr std::string_view k_revoke_session_script = R"LUA(
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HSET', KEYS[1], 'revoked', '1')
  if redis.call('HEXISTS', KEYS[1], 'mark') == 1 then return 'unknown' end
  return 'started'
end
redis.call('HSET', KEYS[1], 'created_at', ARGV[1], 'expires_at', ARGV[2], 'revoked', '1', 'mark', '1')
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 'unknown'
)LUA";

// KEYS: the token's key when ARGV[1] is '1', then the session's when ARGV[2] is '1': an empty
// jti or sid names no key, so nothing is read for it (and an ACL user held to jwtool's keys is
// never refused another). Returns 'token', 'session', 'spent' or 'none': a revoked token first,
// then a revoked session, then a spent token.
constexpr std::string_view k_revocation_script = R"LUA(
local session, state = 1, false
if ARGV[1] == '1' then
  state = redis.call('GET', KEYS[1])
  if state == 'revoked' then return 'token' end
  session = 2
end
if ARGV[2] == '1' and redis.call('HGET', KEYS[session], 'revoked') == '1' then return 'session' end
if state == 'spent' then return 'spent' end
return 'none'
)LUA";

// The SHA-1 that EVALSHA names a script by, in lowercase hex.
std::string script_sha1(std::string_view script)
{
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_Digest(script.data(), script.size(), digest.data(), &size, EVP_sha1(), nullptr) != 1) {
    return {}; // then EVAL runs the script itself
  }
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    hex += fmt::format("{:02x}", digest.at(i));
  }
  return hex;
}

std::string_view reply_text(const redisReply& reply)
{
  return reply.str == nullptr ? std::string_view() : std::string_view(reply.str, reply.len);
}

std::int64_t reply_int(const redisReply& reply)
{
  std::int64_t value = 0;
  const std::string_view text = reply_text(reply);
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

timeval to_timeval(std::chrono::milliseconds duration)
{
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(duration.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((duration.count() % 1000) * 1000);
  return tv;
}

// Milliseconds from `now` until an entry for something ending at `expires_at` may go.
std::string entry_lifetime_ms(jwt::NumericDate expires_at, jwt::NumericDate now)
{
  const std::int64_t seconds = std::max<std::int64_t>(keep_until(expires_at) - floor_seconds(now), 1);
  return std::to_string(seconds * 1000);
}

class RedisStore final : public jwt::TokenStore
{
public:
  RedisStore(Context context, std::string name) : m_context(std::move(context)), m_name(std::move(name))
  {
  }

  // AUTH [USER] PASSWORD. The server's refusal says nothing of the password, and neither does
  // the message; the copies of the password made here are wiped.
  jwt::Status authenticate(const std::string& user, std::string_view password)
  {
    std::vector<std::string> args{"AUTH"};
    if (!user.empty()) {
      args.push_back(user);
    }
    args.emplace_back(password);
    Reply reply = send(args);
    jwt::wipe(args.back());
    if (!reply) {
      return lost_connection();
    }
    if (reply->type == REDIS_REPLY_ERROR) {
      return fault(fmt::format("authentication failed ({})", reply_text(*reply)));
    }
    return jwt::Ok{};
  }

  jwt::Status select(int database)
  {
    if (database == 0) {
      return jwt::Ok{};
    }
    auto reply = command({"SELECT", std::to_string(database)});
    if (!reply) {
      return std::move(reply).error();
    }
    return jwt::Ok{};
  }

  jwt::Status start_session(std::string_view sid, const jwt::Session& session, jwt::NumericDate now) override
  {
    auto reply = eval(k_start_session_script,
                      {session_key(sid)},
                      {std::to_string(floor_seconds(session.created_at)),
                       std::to_string(ceil_seconds(session.expires_at)),
                       entry_lifetime_ms(session.expires_at, now)});
    if (!reply) {
      return std::move(reply).error();
    }
    return jwt::Ok{};
  }

  jwt::Result<jwt::SpendOutcome> spend(std::string_view jti, std::string_view sid, jwt::NumericDate expires_at,
                                       jwt::NumericDate now, jwt::SpendMode mode) override
  {
    auto reply = eval(k_spend_script, {session_key(sid), token_key(jti)},
                      {entry_lifetime_ms(expires_at, now), mode == jwt::SpendMode::check ? "check" : "spend"});
    if (!reply) {
      return std::move(reply).error();
    }
    const redisReply& array = **reply;
    if (array.type != REDIS_REPLY_ARRAY || array.elements < 1) {
      return fault("unexpected reply to the spend script");
    }
    const std::string_view result = reply_text(*array.element[0]);
    jwt::SpendOutcome outcome;
    if (result == "unknown_session") {
      outcome.result = jwt::SpendResult::unknown_session;
      return outcome;
    }
    if (array.elements < 4) {
      return fault("unexpected reply to the spend script");
    }
    outcome.session.created_at = jwt::NumericDate{static_cast<double>(reply_int(*array.element[1]))};
    outcome.session.expires_at = jwt::NumericDate{static_cast<double>(reply_int(*array.element[2]))};
    outcome.session.revoked = reply_text(*array.element[3]) == "1";
    if (result == "spent") {
      outcome.result = jwt::SpendResult::spent;
    } else if (result == "live") {
      outcome.result = jwt::SpendResult::live;
    } else if (result == "reused") {
      outcome.result = jwt::SpendResult::reused;
      outcome.session.revoked = true;
    } else if (result == "revoked") {
      outcome.result = jwt::SpendResult::revoked;
    } else {
      return fault("unexpected reply to the spend script");
    }
    return outcome;
  }

  jwt::Status revoke_token(std::string_view jti, jwt::NumericDate expires_at, jwt::NumericDate now) override
  {
    auto reply = eval(k_revoke_token_script, {token_key(jti)}, {entry_lifetime_ms(expires_at, now)});
    if (!reply) {
      return std::move(reply).error();
    }
    return jwt::Ok{};
  }

  jwt::Result<jwt::SessionFound> revoke_session(std::string_view sid, jwt::NumericDate expires_at,
                                                jwt::NumericDate now) override
  {
    auto reply = eval(k_revoke_session_script,
                      {session_key(sid)},
                      {std::to_string(floor_seconds(now)),
                       std::to_string(ceil_seconds(expires_at)),
                       entry_lifetime_ms(expires_at, now)});
    if (!reply) {
      return std::move(reply).error();
    }
    const std::string_view found = reply_text(**reply);
    if (found == "started") {
      return jwt::SessionFound::started;
    }
    if (found == "unknown") {
      return jwt::SessionFound::unknown;
    }
    return fault("unexpected reply to the revoke-session script");
  }

  jwt::Result<jwt::Revocation> revocation(std::string_view jti, std::string_view sid) override
  {
    if (jti.empty() && sid.empty()) {
      return jwt::Revocation::none;
    }
    std::vector<std::string> keys;
    if (!jti.empty()) {
      keys.push_back(token_key(jti));
    }
    if (!sid.empty()) {
      keys.push_back(session_key(sid));
    }
    auto reply = eval(k_revocation_script, keys, {jti.empty() ? "0" : "1", sid.empty() ? "0" : "1"});
    if (!reply) {
      return std::move(reply).error();
    }
    const std::string_view answer = reply_text(**reply);
    if (answer == "token") {
      return jwt::Revocation::token;
    }
    if (answer == "session") {
      return jwt::Revocation::session;
    }
    if (answer == "spent") {
      return jwt::Revocation::spent;
    }
    if (answer == "none") {
      return jwt::Revocation::none;
    }
    return fault("unexpected reply to the revocation script");
  }

private:
  static std::string session_key(std::string_view sid)
  {
    return std::string(k_session_prefix) + std::string(sid);
  }
  static std::string token_key(std::string_view jti)
  {
    return std::string(k_token_prefix) + std::string(jti);
  }

  jwt::Error fault(std::string_view what) const
  {
    return jwt::make_error(jwt::ErrorKind::store_unavailable, fmt::format("store {}: {}", m_name, what));
  }

  // One command, its arguments binary-safe; null when the connection failed.
  Reply send(const std::vector<std::string>& args) const
  {
    std::vector<const char*> pointers;
    std::vector<std::size_t> sizes;
    for (const std::string& arg : args) {
      pointers.push_back(arg.data());
      sizes.push_back(arg.size());
    }
    return Reply(static_cast<redisReply*>(
      redisCommandArgv(m_context.get(), static_cast<int>(args.size()), pointers.data(), sizes.data())));
  }

  jwt::Error lost_connection() const
  {
    const std::string_view why = static_cast<const char*>(m_context->errstr);
    return fault(why.empty() ? "the connection was lost" : why);
  }

  // One command. A lost connection or an error reply is a fault.
  jwt::Result<Reply> command(const std::vector<std::string>& args) const
  {
    Reply reply = send(args);
    if (!reply) {
      return lost_connection();
    }
    if (reply->type == REDIS_REPLY_ERROR) {
      const std::string_view text = reply_text(*reply);
      if (text.substr(0, 6) == "NOAUTH") {
        return fault(fmt::format("the server asks for a password: {}", k_password_hint));
      }
      return fault(fmt::format("{} failed: {}", args.front(), text));
    }
    return reply;
  }

  // Runs a script by its SHA-1 and, the first time a server sees it, by its text.
  jwt::Result<Reply> eval(std::string_view script, const std::vector<std::string>& keys,
                          const std::vector<std::string>& args) const
  {
    // An empty jti or sid would name the bare prefix: a key shared by every token without one.
    for (const std::string& key : keys) {
      if (key == k_token_prefix || key == k_session_prefix) {
        return jwt::make_error(jwt::ErrorKind::invalid_argument,
                               fmt::format("store {}: an empty token or session id names no entry", m_name));
      }
    }
    const std::string sha = script_sha1(script);
    std::vector<std::string> argv{"EVALSHA", sha, std::to_string(keys.size())};
    argv.insert(argv.end(), keys.begin(), keys.end());
    argv.insert(argv.end(), args.begin(), args.end());
    if (!sha.empty()) {
      auto reply = command(argv);
      if (reply || reply.error().message.find("NOSCRIPT") == std::string::npos) {
        return reply;
      }
    }
    argv[0] = "EVAL";
    argv[1] = std::string(script);
    return command(argv);
  }

  Context m_context;
  std::string m_name;
};

} // namespace

std::string redis_name(const RedisAddress& address)
{
  if (!address.socket_path.empty()) {
    return fmt::format("redis+unix://{}?db={}", address.socket_path, address.database);
  }
  const bool ipv6 = address.host.find(':') != std::string::npos;
  return fmt::format("redis://{}:{}/{}", ipv6 ? "[" + address.host + "]" : address.host, address.port,
                     address.database);
}

jwt::Result<std::unique_ptr<jwt::TokenStore>> open_redis_store(const RedisAddress& address, std::string_view password)
{
  const std::string name = redis_name(address);
  const timeval connect_timeout = to_timeval(k_redis_connect_timeout);
  Context context(address.socket_path.empty()
                    ? redisConnectWithTimeout(address.host.c_str(), address.port, connect_timeout)
                    : redisConnectUnixWithTimeout(address.socket_path.c_str(), connect_timeout));
  if (!context) {
    return jwt::make_error(jwt::ErrorKind::store_unavailable, fmt::format("store {}: cannot connect", name));
  }
  if (context->err != 0) {
    return jwt::make_error(jwt::ErrorKind::store_unavailable,
                           fmt::format("store {}: cannot connect: {}", name, context->errstr));
  }
  if (redisSetTimeout(context.get(), to_timeval(k_redis_command_timeout)) != REDIS_OK) {
    return jwt::make_error(jwt::ErrorKind::store_unavailable, fmt::format("store {}: cannot set a timeout", name));
  }
  auto store = std::make_unique<RedisStore>(std::move(context), name);
  if (!password.empty()) {
    if (auto authenticated = store->authenticate(address.user, password); !authenticated) {
      return std::move(authenticated).error();
    }
  }
  if (auto selected = store->select(address.database); !selected) {
    return std::move(selected).error();
  }
  return std::unique_ptr<jwt::TokenStore>(std::move(store));
}

} // namespace store
