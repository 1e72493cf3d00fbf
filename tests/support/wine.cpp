#include "support/wine.hpp"

#if defined(_WIN32)
#include <windows.h>
#endif

namespace udplab::test {

bool running_under_wine() {
#if defined(_WIN32)
  // Wine's ntdll exports wine_get_version; Windows' does not.
  const HMODULE ntdll = ::GetModuleHandleA("ntdll.dll");
  return ntdll != nullptr && ::GetProcAddress(ntdll, "wine_get_version") != nullptr;
#else
  return false;
#endif
}

}  // namespace udplab::test
