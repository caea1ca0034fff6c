#pragma once

#include <string>

namespace util {

// A shared library opened with dlopen for the life of this object, for a feature whose library
// only some commands need (so the others do not pay for loading it at start). Not thread-safe:
// open it under a static's lock or before starting threads.
class SharedLibrary
{
public:
  enum class Unload {
    on_destruction,
    never, // threads the library started may outlive this object (until the process ends)
  };

  // Opens `name` (a soname such as "libcurl.so.4"); on failure loaded() is false and error()
  // says why.
  explicit SharedLibrary(const char* name, Unload unload = Unload::on_destruction);
  SharedLibrary(const SharedLibrary&) = delete;
  SharedLibrary& operator=(const SharedLibrary&) = delete;
  SharedLibrary(SharedLibrary&&) = delete;
  SharedLibrary& operator=(SharedLibrary&&) = delete;
  ~SharedLibrary();

  bool loaded() const noexcept
  {
    return m_handle != nullptr;
  }
  const std::string& error() const noexcept
  {
    return m_error;
  }

  // Sets `function` to the library's function `name`; false (and `function` null) when the
  // library lacks it.
  template <typename Function> bool bind(Function& function, const char* name) const
  {
    // POSIX: a function's address from dlsym is converted this way.
    function = reinterpret_cast<Function>(symbol(name)); // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
    return function != nullptr;
  }

private:
  void* symbol(const char* name) const noexcept;

  void* m_handle;
  Unload m_unload;
  std::string m_error;
};

} // namespace util
