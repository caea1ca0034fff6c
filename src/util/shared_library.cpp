#include "util/shared_library.hpp"

#include <dlfcn.h>

namespace util {

SharedLibrary::SharedLibrary(const char* name, Unload unload)
  : m_handle(::dlopen(name, RTLD_NOW | RTLD_LOCAL)), m_unload(unload)
{
  if (m_handle == nullptr) {
    const char* why = ::dlerror(); // NOLINT(concurrency-mt-unsafe): opened before threads or under a lock
    m_error = why != nullptr ? why : std::string(name) + " not found";
  }
}

SharedLibrary::~SharedLibrary()
{
  if (m_handle != nullptr && m_unload == Unload::on_destruction) {
    static_cast<void>(::dlclose(m_handle));
  }
}

void* SharedLibrary::symbol(const char* name) const noexcept
{
  return m_handle == nullptr ? nullptr : ::dlsym(m_handle, name);
}

} // namespace util
