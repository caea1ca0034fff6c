#include "store/open_store.hpp"

#include "support.hpp"

TEST_CASE("open_store: URLs of neither form are usage errors")
{
  using jwt::ErrorKind;
  CHECK_ERROR(store::open_store("postgres://db"), ErrorKind::invalid_argument,
              "expected sqlite:PATH or redis://HOST[:PORT][/DB]");
  CHECK_ERROR(store::open_store("/tmp/store.db"), ErrorKind::invalid_argument, "expected sqlite:PATH");
  CHECK_ERROR(store::open_store("sqlite:"), ErrorKind::invalid_argument, "the path is empty");
  CHECK_ERROR(store::open_store("redis://"), ErrorKind::invalid_argument, "no host");
  CHECK_ERROR(store::open_store("redis://:6379"), ErrorKind::invalid_argument, "no host");
  CHECK_ERROR(store::open_store("redis://localhost:"), ErrorKind::invalid_argument, "the port is empty");
  CHECK_ERROR(store::open_store("redis://localhost:0"), ErrorKind::invalid_argument, "not a number from 1 to 65535");
  CHECK_ERROR(store::open_store("redis://localhost:65536"), ErrorKind::invalid_argument, "1 to 65535");
  CHECK_ERROR(store::open_store("redis://localhost:63x9"), ErrorKind::invalid_argument, "\"63x9\"");
  CHECK_ERROR(store::open_store("redis://localhost:6379/x"), ErrorKind::invalid_argument, "database \"x\"");
  CHECK_ERROR(store::open_store("redis://user:secret@localhost"), ErrorKind::invalid_argument, "not supported");
  CHECK_ERROR(store::open_store("redis://localhost?timeout=1"), ErrorKind::invalid_argument, "not supported");
  CHECK_ERROR(store::open_store("redis://[::1"), ErrorKind::invalid_argument, "closing ']'");
}

TEST_CASE("open_store: an unreachable Redis is a store fault")
{
  // Port 1 on loopback: nothing listens there, so the connection is refused at once.
  CHECK_ERROR(store::open_store("redis://127.0.0.1:1"), jwt::ErrorKind::store_unavailable,
              "store redis://127.0.0.1:1/0: cannot connect");
  CHECK_ERROR(store::open_store("redis://[::1]:1/2"), jwt::ErrorKind::store_unavailable, "store redis://[::1]:1/2");
}
