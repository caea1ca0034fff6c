#include "cli/serve_clients.hpp"

#include "cli/options.hpp"
#include "cli/render.hpp"

#include "jwt/json.hpp"
#include "net/form.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <fmt/core.h>
#include <sys/stat.h>

namespace cli {

namespace {

// Largest --clients file read.
constexpr std::size_t k_max_clients_bytes = std::size_t{1024} * 1024;

jwt::Error refused(std::string message)
{
  return jwt::make_error(jwt::ErrorKind::invalid_argument, std::move(message));
}

// The claims object of one entry, into `claims` (whose sub is the entry's name already).
jwt::Status read_claims(const std::string& where, const jwt::Json& object, jwt::NewClaims& claims)
{
  if (!object.is_object()) {
    return refused(fmt::format("{}: \"claims\" must be an object", where));
  }
  for (const auto& [name, value] : object.items()) {
    if (name == "sub") {
      if (!value.is_string() || value.get_ref<const std::string&>().empty()) {
        return refused(fmt::format("{}: \"sub\" must be a non-empty string", where));
      }
      claims.subject = value.get<std::string>();
    } else if (name == "aud") {
      const bool strings = value.is_string()
                           || (value.is_array() && std::all_of(value.begin(), value.end(), [](const jwt::Json& v) {
                                 return v.is_string();
                               }));
      if (!strings) {
        return refused(fmt::format("{}: \"aud\" must be a string or a list of strings", where));
      }
      claims.audiences = value.is_string() ? std::vector<std::string>{value.get<std::string>()}
                                           : value.get<std::vector<std::string>>();
    } else if (jwt::is_registered_claim(name) || name == "sid" || name == "client_id") {
      return refused(fmt::format("{}: the claim {} is set by the server", where, util::quote(name)));
    } else {
      claims.custom[name] = value;
    }
  }
  return jwt::Ok{};
}

// One "clients" or "users" member: names to {secret_member, "claims"}.
jwt::Status read_principals(const jwt::Json& root, const char* member, const char* secret_member,
                            std::map<std::string, Principal, std::less<>>& out)
{
  const auto found = root.find(member);
  if (found == root.end()) {
    return jwt::Ok{};
  }
  if (!found->is_object()) {
    return refused(fmt::format("\"{}\" must be an object", member));
  }
  for (const auto& [name, entry] : found->items()) {
    const std::string where = fmt::format("{} {}", member, util::quote(name));
    if (name.empty()) {
      return refused(fmt::format("{}: an empty name", member));
    }
    if (!entry.is_object()) {
      return refused(fmt::format("{}: must be an object", where));
    }
    for (const auto& [key, value] : entry.items()) {
      static_cast<void>(value);
      if (key != secret_member && key != "claims") {
        return refused(fmt::format(R"({}: unknown member {} (expected "{}" and "claims"))", where, util::quote(key),
                                   secret_member));
      }
    }
    const auto secret = entry.find(secret_member);
    if (secret == entry.end() || !secret->is_string() || secret->get_ref<const std::string&>().empty()) {
      return refused(fmt::format("{}: \"{}\" must be a non-empty string", where, secret_member));
    }
    Principal principal;
    principal.secret = jwt::Secret(secret->get_ref<const std::string&>());
    principal.claims.subject = name;
    if (const auto claims = entry.find("claims"); claims != entry.end()) {
      if (auto read = read_claims(where, *claims, principal.claims); !read) {
        return read;
      }
    }
    out.emplace(name, std::move(principal));
  }
  return jwt::Ok{};
}

// Overwrites every string of a parsed document: the secrets it held. A stack, not recursion:
// the document's depth is the file's to choose.
void wipe_strings(jwt::Json& document)
{
  std::vector<jwt::Json*> pending{&document};
  while (!pending.empty()) {
    jwt::Json& value = *pending.back();
    pending.pop_back();
    if (value.is_string()) {
      jwt::wipe(value.get_ref<std::string&>());
    } else if (value.is_structured()) {
      for (auto& item : value) {
        pending.push_back(&item);
      }
    }
  }
}

} // namespace

jwt::Result<Clients> parse_clients(std::string_view text)
{
  auto root = jwt::parse_json(text);
  if (!root) {
    return refused(root.error().message);
  }
  const auto finish = [&](jwt::Result<Clients> result) {
    wipe_strings(*root);
    return result;
  };
  if (!root->is_object()) {
    return finish(refused(fmt::format("expected a JSON object, found {}", jwt::json_type_name(*root))));
  }
  for (const auto& [key, value] : root->items()) {
    static_cast<void>(value);
    if (key != "clients" && key != "users") {
      return finish(refused(fmt::format(R"(unknown member {} (expected "clients" and "users"))", util::quote(key))));
    }
  }
  Clients clients;
  if (auto read = read_principals(*root, "clients", "secret", clients.clients); !read) {
    return finish(std::move(read).error());
  }
  if (auto read = read_principals(*root, "users", "password", clients.users); !read) {
    return finish(std::move(read).error());
  }
  return finish(std::move(clients));
}

jwt::Result<Clients> load_clients(const std::string& path)
{
  auto text = read_flag_file("--clients", path, k_max_clients_bytes);
  if (!text) {
    return std::move(text).error();
  }
  auto clients = parse_clients(*text);
  jwt::wipe(*text);
  if (!clients) {
    return refused("--clients: " + clients.error().message);
  }
  struct stat status {};
  if (!names_stdin(path) && ::stat(path.c_str(), &status) == 0 && (status.st_mode & S_IROTH) != 0) {
    print_warning(fmt::format("--clients {}: the file is readable by other users, and it holds secrets "
                              "(chmod o-r it)",
                              util::quote(path)));
  }
  return clients;
}

const Principal* authenticate(const std::map<std::string, Principal, std::less<>>& map, std::string_view name,
                              std::string_view presented)
{
  const auto found = map.find(name);
  // An unknown name is compared against itself so that it takes as long as a known one.
  const std::string_view expected = found == map.end() ? presented : found->second.secret.view();
  const bool equal = net::constant_time_equal(presented, expected);
  return found != map.end() && equal ? &found->second : nullptr;
}

} // namespace cli
