#include "store/sqlite_store.hpp"

#include "store/instants.hpp"

#include <fmt/core.h>
#include <sqlite3.h>

#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <string>
#include <unistd.h>
#include <utility>

namespace store {

namespace {

struct DatabaseCloser {
  void operator()(sqlite3* db) const noexcept
  {
    sqlite3_close_v2(db);
  }
};
using Database = std::unique_ptr<sqlite3, DatabaseCloser>;

struct StatementFinalizer {
  void operator()(sqlite3_stmt* statement) const noexcept
  {
    sqlite3_finalize(statement);
  }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

// Version 2 of the schema. Tokens and sessions are dropped after keep_until (their end plus
// jwt::k_store_retention_margin), by the purge that precedes every write. A session row with
// started = 0 is a mark: revoke --session of a session the store never started.
constexpr int k_schema_version = 2;
constexpr const char* k_schema = R"SQL(
CREATE TABLE IF NOT EXISTS sessions (
  sid TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0,
  keep_until INTEGER NOT NULL,
  started INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sessions_keep_until ON sessions (keep_until);
CREATE TABLE IF NOT EXISTS tokens (
  jti TEXT PRIMARY KEY,
  state TEXT NOT NULL CHECK (state IN ('spent', 'revoked')),
  keep_until INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tokens_keep_until ON tokens (keep_until);
PRAGMA user_version = 2;
)SQL";

// Version 1 had no marks: each of its sessions counts as started (a mark it holds among them
// stays a revoked session, which is all a mark does).
constexpr const char* k_upgrade_from_1 = R"SQL(
ALTER TABLE sessions ADD COLUMN started INTEGER NOT NULL DEFAULT 1;
PRAGMA user_version = 2;
)SQL";

// At most this many expired rows of each table go per write, so no write waits on a big purge;
// writes outnumber expiries, so the tables still shrink.
constexpr const char* k_purge_tokens =
  "DELETE FROM tokens WHERE jti IN (SELECT jti FROM tokens WHERE keep_until <= ?1 LIMIT 256)";
constexpr const char* k_purge_sessions =
  "DELETE FROM sessions WHERE sid IN (SELECT sid FROM sessions WHERE keep_until <= ?1 LIMIT 256)";

// SQLite's message, with the system's reason when there is one ("unable to open database file"
// says little without "No such file or directory").
std::string describe(sqlite3* db)
{
  const int system_error = sqlite3_system_errno(db);
  if (system_error == 0) {
    return sqlite3_errmsg(db);
  }
  return fmt::format("{} ({})", sqlite3_errmsg(db), std::strerror(system_error));
}

// SQLite names URIs so; without the prefix a name is a plain file name.
constexpr std::string_view k_uri_prefix = "file:";

// Creates the store's file readable by its owner only, when it does not exist: SQLite gives its
// -wal and -shm files the main file's mode, so they are private too. An existing file keeps
// its mode; any other failure is left for SQLite to report.
void create_private(const std::string& path)
{
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-vararg): open(2) is variadic in C.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd >= 0) {
    ::close(fd);
  }
}

class SqliteStore final : public jwt::TokenStore
{
public:
  SqliteStore(Database db, std::string name) : m_db(std::move(db)), m_name(std::move(name))
  {
  }

  jwt::Status open(std::chrono::milliseconds busy_timeout)
  {
    sqlite3_extended_result_codes(m_db.get(), 1);
    sqlite3_busy_timeout(m_db.get(), static_cast<int>(busy_timeout.count()));
    // Reading the mode is the first access to the file: a file that is not a database fails here.
    auto mode = query_text("PRAGMA journal_mode");
    if (!mode) {
      return std::move(mode).error();
    }
    if (*mode != "wal") {
      auto wal = query_text("PRAGMA journal_mode = WAL");
      if (!wal) {
        return std::move(wal).error();
      }
      if (*wal != "wal") {
        return fault(fmt::format("cannot use WAL mode (the journal mode stays \"{}\")", *wal));
      }
    }
    // Every commit reaches the disk before jwtool prints a token that depends on it.
    if (auto synchronous = exec("PRAGMA synchronous = FULL"); !synchronous) {
      return synchronous;
    }
    auto version = query_int("PRAGMA user_version");
    if (!version) {
      return std::move(version).error();
    }
    if (*version > k_schema_version) {
      return fault(fmt::format("written by a newer jwtool (schema version {})", *version));
    }
    if (*version < k_schema_version) {
      return write([&]() { return upgrade_schema(); });
    }
    return jwt::Ok{};
  }

  jwt::Status start_session(std::string_view sid, const jwt::Session& session, jwt::NumericDate now) override
  {
    return write_at(now, [&]() -> jwt::Status {
      auto insert = prepare("INSERT INTO sessions (sid, created_at, expires_at, revoked, keep_until) "
                            "VALUES (?1, ?2, ?3, 0, ?4)");
      if (!insert) {
        return std::move(insert).error();
      }
      bind_text(*insert, 1, sid);
      bind_int(*insert, 2, floor_seconds(session.created_at));
      bind_int(*insert, 3, ceil_seconds(session.expires_at));
      bind_int(*insert, 4, keep_until(session.expires_at));
      return step_done(*insert);
    });
  }

  // Within the write lock: two processes may create or upgrade the store at once, and the
  // second finds the work done.
  jwt::Status upgrade_schema() const
  {
    auto version = query_int("PRAGMA user_version");
    if (!version) {
      return std::move(version).error();
    }
    if (*version == 1) {
      return exec(k_upgrade_from_1);
    }
    return *version == 0 ? exec(k_schema) : jwt::Ok{};
  }

  jwt::Result<jwt::SpendOutcome> spend(std::string_view jti, std::string_view sid, jwt::NumericDate expires_at,
                                       jwt::NumericDate now, jwt::SpendMode mode) override
  {
    jwt::SpendOutcome outcome;
    auto status = write_at(now, [&]() -> jwt::Status {
      auto session = find_session(sid);
      if (!session) {
        return std::move(session).error();
      }
      if (!*session) {
        outcome.result = jwt::SpendResult::unknown_session;
        return jwt::Ok{};
      }
      outcome.session = **session;
      auto state = token_state(jti);
      if (!state) {
        return std::move(state).error();
      }
      if (*state == "spent") {
        outcome.result = jwt::SpendResult::reused;
        outcome.session.revoked = true;
        return mark_session_revoked(sid);
      }
      if (*state == "revoked" || outcome.session.revoked) {
        outcome.result = jwt::SpendResult::revoked;
        return jwt::Ok{};
      }
      if (mode == jwt::SpendMode::check) {
        outcome.result = jwt::SpendResult::live;
        return jwt::Ok{};
      }
      outcome.result = jwt::SpendResult::spent;
      auto insert = prepare("INSERT INTO tokens (jti, state, keep_until) VALUES (?1, 'spent', ?2)");
      if (!insert) {
        return std::move(insert).error();
      }
      bind_text(*insert, 1, jti);
      bind_int(*insert, 2, keep_until(expires_at));
      return step_done(*insert);
    });
    if (!status) {
      return std::move(status).error();
    }
    return outcome;
  }

  jwt::Status revoke_token(std::string_view jti, jwt::NumericDate expires_at, jwt::NumericDate now) override
  {
    return write_at(now, [&]() -> jwt::Status {
      // A token already there keeps its state: 'revoked' again, or 'spent', the stronger mark
      // (presented again, it is reuse and revokes the session).
      auto upsert = prepare("INSERT INTO tokens (jti, state, keep_until) VALUES (?1, 'revoked', ?2) "
                            "ON CONFLICT (jti) DO UPDATE SET keep_until = max(keep_until, excluded.keep_until)");
      if (!upsert) {
        return std::move(upsert).error();
      }
      bind_text(*upsert, 1, jti);
      bind_int(*upsert, 2, keep_until(expires_at));
      return step_done(*upsert);
    });
  }

  jwt::Result<jwt::SessionFound> revoke_session(std::string_view sid, jwt::NumericDate expires_at,
                                                jwt::NumericDate now) override
  {
    jwt::SessionFound found = jwt::SessionFound::unknown;
    auto status = write_at(now, [&]() -> jwt::Status {
      auto started = query_started(sid);
      if (!started) {
        return std::move(started).error();
      }
      if (*started) {
        found = jwt::SessionFound::started;
      }
      // A session the store knows keeps its own limit; an unknown one is recorded as a mark.
      auto upsert = prepare("INSERT INTO sessions (sid, created_at, expires_at, revoked, keep_until, started) "
                            "VALUES (?1, ?2, ?3, 1, ?4, 0) ON CONFLICT (sid) DO UPDATE SET revoked = 1");
      if (!upsert) {
        return std::move(upsert).error();
      }
      bind_text(*upsert, 1, sid);
      bind_int(*upsert, 2, floor_seconds(now));
      bind_int(*upsert, 3, ceil_seconds(expires_at));
      bind_int(*upsert, 4, keep_until(expires_at));
      return step_done(*upsert);
    });
    if (!status) {
      return std::move(status).error();
    }
    return found;
  }

  jwt::Result<jwt::Revocation> revocation(std::string_view jti, std::string_view sid) override
  {
    // Reads only, without a transaction: WAL readers see the last commit and never wait for a
    // writer.
    std::string state;
    if (!jti.empty()) {
      auto found = token_state(jti);
      if (!found) {
        return std::move(found).error();
      }
      state = std::move(found).value();
      if (state == "revoked") {
        return jwt::Revocation::token;
      }
    }
    if (!sid.empty()) {
      auto session = find_session(sid);
      if (!session) {
        return std::move(session).error();
      }
      if (*session && (*session)->revoked) {
        return jwt::Revocation::session;
      }
    }
    return state == "spent" ? jwt::Revocation::spent : jwt::Revocation::none;
  }

private:
  jwt::Error fault(std::string_view what) const
  {
    return jwt::make_error(jwt::ErrorKind::store_unavailable, fmt::format("store {}: {}", m_name, what));
  }
  jwt::Error sqlite_fault() const
  {
    return fault(describe(m_db.get()));
  }

  jwt::Result<Statement> prepare(const char* sql) const
  {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(m_db.get(), sql, -1, &raw, nullptr) != SQLITE_OK) {
      sqlite3_finalize(raw);
      return sqlite_fault();
    }
    return Statement(raw);
  }

  // The text is bound without a copy (a null destructor is SQLITE_STATIC): it outlives the step.
  static void bind_text(Statement& statement, int index, std::string_view text)
  {
    sqlite3_bind_text(statement.get(), index, text.data(), static_cast<int>(text.size()), nullptr);
  }
  static void bind_int(Statement& statement, int index, std::int64_t value)
  {
    sqlite3_bind_int64(statement.get(), index, value);
  }

  // A column of the current row as bytes (a text column's, without conversion).
  static std::string column_string(Statement& statement, int column)
  {
    const void* bytes = sqlite3_column_blob(statement.get(), column);
    const int size = sqlite3_column_bytes(statement.get(), column);
    return bytes == nullptr ? std::string() : std::string(static_cast<const char*>(bytes), static_cast<std::size_t>(size));
  }

  // True with a row to read, false when the statement is done.
  jwt::Result<bool> step(Statement& statement) const
  {
    const int rc = sqlite3_step(statement.get());
    if (rc == SQLITE_ROW) {
      return true;
    }
    if (rc == SQLITE_DONE) {
      return false;
    }
    return sqlite_fault();
  }
  jwt::Status step_done(Statement& statement) const
  {
    auto row = step(statement);
    if (!row) {
      return std::move(row).error();
    }
    return jwt::Ok{};
  }

  jwt::Status exec(const char* sql) const
  {
    if (sqlite3_exec(m_db.get(), sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
      return sqlite_fault();
    }
    return jwt::Ok{};
  }

  jwt::Result<std::string> query_text(const char* sql) const
  {
    auto statement = prepare(sql);
    if (!statement) {
      return std::move(statement).error();
    }
    auto row = step(*statement);
    if (!row) {
      return std::move(row).error();
    }
    return *row ? column_string(*statement, 0) : std::string();
  }

  jwt::Result<std::int64_t> query_int(const char* sql) const
  {
    auto statement = prepare(sql);
    if (!statement) {
      return std::move(statement).error();
    }
    auto row = step(*statement);
    if (!row) {
      return std::move(row).error();
    }
    return *row ? sqlite3_column_int64(statement->get(), 0) : std::int64_t{0};
  }

  // The row that `sql` (its one parameter ?1 bound to `key`) selects, the statement left on it;
  // nullopt when there is none.
  jwt::Result<std::optional<Statement>> select_row(const char* sql, std::string_view key) const
  {
    auto select = prepare(sql);
    if (!select) {
      return std::move(select).error();
    }
    bind_text(*select, 1, key);
    auto row = step(*select);
    if (!row) {
      return std::move(row).error();
    }
    return *row ? std::optional<Statement>(std::move(*select)) : std::optional<Statement>();
  }

  jwt::Result<std::optional<jwt::Session>> find_session(std::string_view sid) const
  {
    auto row = select_row("SELECT created_at, expires_at, revoked FROM sessions WHERE sid = ?1", sid);
    if (!row) {
      return std::move(row).error();
    }
    if (!*row) {
      return std::optional<jwt::Session>();
    }
    sqlite3_stmt* select = (*row)->get();
    jwt::Session session;
    session.created_at = jwt::NumericDate{static_cast<double>(sqlite3_column_int64(select, 0))};
    session.expires_at = jwt::NumericDate{static_cast<double>(sqlite3_column_int64(select, 1))};
    session.revoked = sqlite3_column_int64(select, 2) != 0;
    return std::optional<jwt::Session>(session);
  }

  // Whether `sid` is a session the store started (a row that is not a mark).
  jwt::Result<bool> query_started(std::string_view sid) const
  {
    auto row = select_row("SELECT started FROM sessions WHERE sid = ?1", sid);
    if (!row) {
      return std::move(row).error();
    }
    return *row && sqlite3_column_int64((*row)->get(), 0) != 0;
  }

  // "spent", "revoked", or empty when the store has no entry for the token.
  jwt::Result<std::string> token_state(std::string_view jti) const
  {
    auto row = select_row("SELECT state FROM tokens WHERE jti = ?1", jti);
    if (!row) {
      return std::move(row).error();
    }
    return *row ? column_string(**row, 0) : std::string();
  }

  jwt::Status mark_session_revoked(std::string_view sid) const
  {
    auto update = prepare("UPDATE sessions SET revoked = 1 WHERE sid = ?1");
    if (!update) {
      return std::move(update).error();
    }
    bind_text(*update, 1, sid);
    return step_done(*update);
  }

  jwt::Status purge(jwt::NumericDate now) const
  {
    for (const char* sql : {k_purge_tokens, k_purge_sessions}) {
      auto statement = prepare(sql);
      if (!statement) {
        return std::move(statement).error();
      }
      bind_int(*statement, 1, floor_seconds(now));
      if (auto done = step_done(*statement); !done) {
        return done;
      }
    }
    return jwt::Ok{};
  }

  // Runs `body` in one BEGIN IMMEDIATE transaction: the write lock is taken first, so what the
  // body reads cannot change before it writes. Committed when the body succeeds, else rolled back.
  template <typename Body> jwt::Status write(Body&& body) const
  {
    if (auto begin = exec("BEGIN IMMEDIATE"); !begin) {
      return begin;
    }
    jwt::Status status = body();
    if (status) {
      status = exec("COMMIT");
    }
    if (!status) {
      // After a failed COMMIT SQLite may have rolled back already; a second rollback is harmless.
      sqlite3_exec(m_db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
    return status;
  }

  // A write at `now`, after dropping the entries that expired before it.
  template <typename Body> jwt::Status write_at(jwt::NumericDate now, Body&& body) const
  {
    return write([&]() -> jwt::Status {
      if (auto purged = purge(now); !purged) {
        return purged;
      }
      return body();
    });
  }

  Database m_db;
  std::string m_name;
};

} // namespace

jwt::Result<std::unique_ptr<jwt::TokenStore>> open_sqlite_store(std::string_view path, std::chrono::milliseconds busy_timeout)
{
  const std::string name = fmt::format("sqlite:{}", path);
  if (path.empty()) {
    return jwt::make_error(jwt::ErrorKind::invalid_argument, "store sqlite: the path is empty (sqlite:PATH)");
  }
  if (path.substr(0, k_uri_prefix.size()) == k_uri_prefix) {
    // Debian's SQLite (SQLITE_USE_URI) reads such a name as a URI, options and all.
    return jwt::make_error(jwt::ErrorKind::invalid_argument,
                           fmt::format("store {}: SQLite reads a name starting with \"file:\" as a URI; "
                                       "for a file of that name write sqlite:./{}",
                                       name,
                                       path));
  }
  const std::string file(path);
  create_private(file);
  sqlite3* raw = nullptr;
  // A missing directory is never created.
  const int rc = sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
  Database db(raw);
  if (rc != SQLITE_OK) {
    const std::string why = db ? describe(db.get()) : sqlite3_errstr(rc);
    return jwt::make_error(jwt::ErrorKind::store_unavailable, fmt::format("store {}: {}", name, why));
  }
  auto store = std::make_unique<SqliteStore>(std::move(db), name);
  if (auto opened = store->open(busy_timeout); !opened) {
    return std::move(opened).error();
  }
  return std::unique_ptr<jwt::TokenStore>(std::move(store));
}

} // namespace store
