#include "store/sqlite_store.hpp"

#include "store_contract.hpp"
#include "support.hpp"

#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A fresh directory, removed with everything in it.
class TempDir
{
public:
  TempDir()
  {
    std::string pattern = (fs::temp_directory_path() / "jwtool-store-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    m_path = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir()
  {
    std::error_code ignored;
    fs::permissions(m_path, fs::perms::owner_all, fs::perm_options::add, ignored);
    fs::remove_all(m_path, ignored);
  }
  std::string file(std::string_view name) const
  {
    return (m_path / name).string();
  }
  const fs::path& path() const
  {
    return m_path;
  }

private:
  fs::path m_path;
};

std::unique_ptr<jwt::TokenStore> open_ok(const std::string& path, std::chrono::milliseconds timeout = 5000ms)
{
  auto store = store::open_sqlite_store(path, timeout);
  REQUIRE_MESSAGE(store.ok(), (store.ok() ? std::string() : store.error().message));
  return std::move(store).value();
}

// A second connection on the store's file, as another process would hold it.
struct RawDatabase {
  explicit RawDatabase(const std::string& path)
  {
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  }
  RawDatabase(const RawDatabase&) = delete;
  RawDatabase& operator=(const RawDatabase&) = delete;
  ~RawDatabase()
  {
    sqlite3_close(db);
  }
  int exec(const char* sql) const
  {
    return sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  }
  long long count(const char* sql) const
  {
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
    const long long value = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    return value;
  }
  sqlite3* db = nullptr;
};

} // namespace

TEST_CASE("sqlite store: the store contract")
{
  TempDir dir;
  auto store = open_ok(dir.file("store.db"));
  test::check_store_contract(*store);
}

TEST_CASE("sqlite store: created in WAL mode, shared by two connections")
{
  TempDir dir;
  const std::string path = dir.file("store.db");
  auto first = open_ok(path);
  auto second = open_ok(path); // finds the tables there
  CHECK(RawDatabase(path).count("SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'") == 1);

  REQUIRE(first->start_session("s", test::new_session(), test::k_login).ok());
  const jwt::NumericDate now{test::k_login.seconds + 1};
  CHECK(first->spend("t", "s", test::k_token_end, now, jwt::SpendMode::spend)->result == jwt::SpendResult::spent);
  CHECK(second->spend("t", "s", test::k_token_end, now, jwt::SpendMode::spend)->result == jwt::SpendResult::reused);
  CHECK(first->revocation("", "s").value() == jwt::Revocation::session);
}

TEST_CASE("sqlite store: entries are purged on write once their time and the margin are past")
{
  TempDir dir;
  const std::string path = dir.file("store.db");
  auto store = open_ok(path);
  const double margin = static_cast<double>(jwt::k_store_retention_margin.count());
  const jwt::Session long_session{test::k_login, jwt::NumericDate{test::k_login.seconds + 1e7}, false};
  REQUIRE(store->start_session("long", long_session, test::k_login).ok());
  REQUIRE(store->start_session("short", test::new_session(), test::k_login).ok());
  CHECK(store->spend("t", "long", test::k_token_end, test::k_login, jwt::SpendMode::spend)->result == jwt::SpendResult::spent);
  REQUIRE(store->revoke_token("r", test::k_token_end, test::k_login).ok());
  RawDatabase raw(path);
  CHECK(raw.count("SELECT count(*) FROM tokens") == 2);

  SUBCASE("not before")
  {
    const jwt::NumericDate just_before{test::k_token_end.seconds + margin - 1};
    REQUIRE(store->revoke_token("other", test::k_token_end, just_before).ok()); // a write
    CHECK(raw.count("SELECT count(*) FROM tokens") == 3);
    CHECK(store->spend("t", "long", test::k_token_end, just_before, jwt::SpendMode::spend)->result == jwt::SpendResult::reused);
  }
  SUBCASE("after: tokens first, sessions at their own limit")
  {
    const jwt::NumericDate after{test::k_token_end.seconds + margin};
    CHECK(store->spend("t", "long", test::k_token_end, after, jwt::SpendMode::spend)->result == jwt::SpendResult::spent); // purged: new
    CHECK(store->revocation("r", "").value() == jwt::Revocation::none);
    CHECK(raw.count("SELECT count(*) FROM tokens") == 1);
    CHECK(raw.count("SELECT count(*) FROM sessions") == 2);
    const jwt::NumericDate session_over{test::k_session_end.seconds + margin};
    REQUIRE(store->revoke_token("x", session_over, session_over).ok());
    CHECK(raw.count("SELECT count(*) FROM sessions WHERE sid = 'short'") == 0);
    CHECK(store->spend("y", "short", test::k_token_end, session_over, jwt::SpendMode::spend)->result == jwt::SpendResult::unknown_session);
  }
  SUBCASE("reads never purge")
  {
    CHECK(store->revocation("r", "").value() == jwt::Revocation::token);
    CHECK(raw.count("SELECT count(*) FROM tokens") == 2);
  }
}

TEST_CASE("sqlite store: a version 1 store is upgraded, its sessions counted as started")
{
  TempDir dir;
  const std::string path = dir.file("store.db");
  {
    // The schema jwtool wrote before marks had a column of their own.
    RawDatabase old(path);
    REQUIRE(old.exec("CREATE TABLE sessions (sid TEXT PRIMARY KEY, created_at INTEGER NOT NULL, "
                     "expires_at INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0, keep_until INTEGER NOT NULL) "
                     "WITHOUT ROWID;"
                     "CREATE TABLE tokens (jti TEXT PRIMARY KEY, state TEXT NOT NULL CHECK (state IN ('spent', "
                     "'revoked')), keep_until INTEGER NOT NULL) WITHOUT ROWID;"
                     "INSERT INTO sessions VALUES ('old', 1700000000, 1800000000, 0, 1800086400);"
                     "PRAGMA user_version = 1;")
            == SQLITE_OK);
  }
  auto store = open_ok(path);
  CHECK(RawDatabase(path).count("PRAGMA user_version") == 2);
  CHECK(store->revoke_session("old", test::k_token_end, test::k_login).value() == jwt::SessionFound::started);
  CHECK(store->revoke_session("new", test::k_token_end, test::k_login).value() == jwt::SessionFound::unknown);
  CHECK(store->revocation("", "old").value() == jwt::Revocation::session);
  // Opened again, nothing is upgraded twice.
  CHECK(open_ok(path)->revoke_session("new", test::k_token_end, test::k_login).value() == jwt::SessionFound::unknown);
}

TEST_CASE("sqlite store: faults are errors, never an answer")
{
  TempDir dir;

  SUBCASE("a missing directory is not created")
  {
    const std::string path = dir.file("missing/store.db");
    CHECK_ERROR(store::open_sqlite_store(path), jwt::ErrorKind::store_unavailable, "No such file or directory");
    CHECK_FALSE(fs::exists(dir.path() / "missing"));
  }
  SUBCASE("an empty path")
  {
    CHECK_ERROR(store::open_sqlite_store(""), jwt::ErrorKind::invalid_argument, "the path is empty");
  }
  SUBCASE("a file that is not a database")
  {
    const std::string path = dir.file("garbage.db");
    std::ofstream(path) << std::string(4096, 'x');
    CHECK_ERROR(store::open_sqlite_store(path), jwt::ErrorKind::store_unavailable, "file is not a database");
  }
  SUBCASE("a directory where the file should be")
  {
    fs::create_directory(dir.path() / "dir.db");
    CHECK_ERROR(store::open_sqlite_store(dir.file("dir.db")), jwt::ErrorKind::store_unavailable, "store sqlite:");
  }
  SUBCASE("a schema from a newer jwtool")
  {
    const std::string path = dir.file("store.db");
    open_ok(path);
    REQUIRE(RawDatabase(path).exec("PRAGMA user_version = 99") == SQLITE_OK);
    CHECK_ERROR(store::open_sqlite_store(path), jwt::ErrorKind::store_unavailable, "newer jwtool");
  }
  SUBCASE("locked by another writer for longer than the busy timeout")
  {
    const std::string path = dir.file("store.db");
    auto store = open_ok(path, 100ms);
    REQUIRE(store->start_session("s", test::new_session(), test::k_login).ok());
    RawDatabase other(path);
    REQUIRE(other.exec("BEGIN IMMEDIATE") == SQLITE_OK);
    CHECK_ERROR(store->spend("t", "s", test::k_token_end, test::k_login, jwt::SpendMode::spend), jwt::ErrorKind::store_unavailable,
                "database is locked");
    CHECK_ERROR(store->revoke_session("s", test::k_token_end, test::k_login), jwt::ErrorKind::store_unavailable,
                "locked");
    // Readers do not wait for the writer (WAL).
    CHECK(store->revocation("t", "s").value() == jwt::Revocation::none);
    REQUIRE(other.exec("ROLLBACK") == SQLITE_OK);
    CHECK(store->spend("t", "s", test::k_token_end, test::k_login, jwt::SpendMode::spend)->result == jwt::SpendResult::spent);
  }
  SUBCASE("a read-only file")
  {
    if (geteuid() == 0) {
      MESSAGE("skipped: root writes to read-only files");
      return;
    }
    const std::string path = dir.file("store.db");
    open_ok(path);
    fs::permissions(path, fs::perms::owner_read);
    fs::permissions(dir.path(), fs::perms::owner_read | fs::perms::owner_exec);
    auto store = store::open_sqlite_store(path);
    if (store) {
      CHECK_ERROR((*store)->revoke_token("t", test::k_token_end, test::k_login), jwt::ErrorKind::store_unavailable,
                  "store sqlite:");
    } else {
      CHECK(store.error().kind == jwt::ErrorKind::store_unavailable);
    }
  }
}

TEST_CASE("sqlite store: a new file, its -wal and its -shm are readable by their owner only")
{
  TempDir dir;
  const std::string path = dir.file("store.db");
  const mode_t old_umask = umask(022); // the usual one, which would leave 0644
  {
    auto store = open_ok(path);
    REQUIRE(store->start_session("sid", test::new_session(), test::k_login).ok());
    for (const std::string& file : {path, path + "-wal", path + "-shm"}) {
      CAPTURE(file);
      struct stat info {};
      REQUIRE(stat(file.c_str(), &info) == 0);
      CHECK((info.st_mode & 07777) == 0600);
    }
  }
  // A file that exists keeps its mode: the owner may have opened it to a group on purpose.
  const std::string shared = dir.file("shared.db");
  { std::ofstream create(shared); }
  REQUIRE(chmod(shared.c_str(), 0640) == 0);
  open_ok(shared);
  struct stat info {};
  REQUIRE(stat(shared.c_str(), &info) == 0);
  CHECK((info.st_mode & 07777) == 0640);
  umask(old_umask);
}

TEST_CASE("sqlite store: a path starting with file: is refused, not read as a URI")
{
  TempDir dir;
  // SQLite (built with SQLITE_USE_URI, as Debian's is) would open an in-memory database here,
  // and a store that forgets everything would accept every spent and revoked token.
  const std::string uri = "file:" + dir.file("store.db") + "?mode=memory";
  CHECK_ERROR(store::open_sqlite_store(uri), jwt::ErrorKind::invalid_argument,
              "store sqlite:" + uri + ": SQLite reads a name starting with \"file:\" as a URI; for a file of "
              "that name write sqlite:./" + uri);
  CHECK_FALSE(fs::exists(dir.file("store.db")));
  // The same name after ./ is a plain file name.
  const fs::path old_cwd = fs::current_path();
  fs::current_path(dir.path());
  auto plain = store::open_sqlite_store("./file:store.db");
  const bool created = fs::exists(dir.path() / "file:store.db");
  fs::current_path(old_cwd);
  CHECK(plain.ok());
  CHECK(created);
}
