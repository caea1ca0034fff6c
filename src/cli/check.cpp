#include "cli/check.hpp"

#include "cli/input.hpp"

#include <CLI/CLI.hpp>

namespace cli {

void add_check_options(CLI::App& command, CheckOptions& options)
{
  command.add_option("token", options.token, "The token; '-' or nothing reads it from standard input")
    ->type_name("TOKEN");
  add_alg_option(command, options.alg, "Accept only this algorithm (default: any of HS256, HS384, HS512; never none)");
  command
    .add_option("--leeway",
                options.leeway,
                "Tolerated clock skew for exp, nbf and iat (default 0: none)")
    ->type_name("DURATION");
  add_key_options(command, options.key);
  add_clock_options(command, options.clock);
  add_json_option(command, options.output);
}

jwt::Result<CheckedToken> check_token(const CheckOptions& options, const std::optional<std::string>& expected_type)
{
  if (token_uses_stdin(options.token) && key_uses_stdin(options.key)) {
    return jwt::make_error(jwt::ErrorKind::invalid_argument,
                           "standard input cannot carry both the secret and the token: give the token as an argument");
  }
  auto leeway = duration_from_flag("--leeway", options.leeway, ZeroDuration::allowed);
  if (!leeway) {
    return std::move(leeway).error();
  }
  auto now = resolve_now(options.clock);
  if (!now) {
    return std::move(now).error();
  }
  auto keys = load_keys(options.key);
  if (!keys) {
    return std::move(keys).error();
  }
  auto token = read_token(options.token);
  if (!token) {
    return std::move(token).error();
  }

  jwt::VerifyPolicy policy;
  if (!options.alg.empty()) {
    policy.algorithms = jwt::AlgorithmSet::only(algorithm_from_flag(options.alg));
  }
  policy.claims.leeway = *leeway;
  policy.claims.expected_type = expected_type;
  jwt::Verifier verifier(*keys, policy);
  auto verified = verifier.verify(*token, *now);
  if (!verified) {
    return std::move(verified).error();
  }
  return CheckedToken{std::move(keys).value(), *now, std::move(verified).value()};
}

} // namespace cli
