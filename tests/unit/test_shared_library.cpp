#include "util/shared_library.hpp"

#include <cstddef>
#include <doctest/doctest.h>

TEST_CASE("SharedLibrary binds a library's function by name")
{
  const util::SharedLibrary libc("libc.so.6");
  REQUIRE(libc.loaded());
  CHECK(libc.error().empty());
  std::size_t (*length)(const char*) = nullptr;
  REQUIRE(libc.bind(length, "strlen"));
  CHECK(length("jwtool") == 6);
  CHECK_FALSE(libc.bind(length, "jwtool_no_such_function"));
  const bool unset = length == nullptr;
  CHECK(unset);
}

TEST_CASE("SharedLibrary: a library that is not there says why, and binds nothing")
{
  const util::SharedLibrary missing("libjwtool-no-such-library.so.0", util::SharedLibrary::Unload::never);
  CHECK_FALSE(missing.loaded());
  CHECK(missing.error().find("libjwtool-no-such-library.so.0") != std::string::npos);
  int (*function)() = nullptr;
  CHECK_FALSE(missing.bind(function, "anything"));
}
