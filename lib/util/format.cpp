#include "util/format.hpp"

#include <cstdarg>
#include <cstdio>

namespace udplab::util {

std::string format(const char* fmt, ...) {
  char small[256];
  va_list args;
  va_start(args, fmt);
  va_list copy;
  va_copy(copy, args);
  const int n = std::vsnprintf(small, sizeof small, fmt, args);
  va_end(args);
  if (n < 0) {
    va_end(copy);
    return {};
  }
  if (static_cast<std::size_t>(n) < sizeof small) {
    va_end(copy);
    return std::string(small, static_cast<std::size_t>(n));
  }
  std::string out(static_cast<std::size_t>(n) + 1, '\0');
  std::vsnprintf(out.data(), out.size(), fmt, copy);
  va_end(copy);
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string plural(unsigned long long n, std::string_view noun) {
  std::string out = std::to_string(n) + " ";
  out += noun;
  if (n != 1) out += 's';
  return out;
}

}  // namespace udplab::util
