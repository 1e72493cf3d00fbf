// printf-style formatting into a std::string, with the compiler checking the arguments.
// (std::format is not in GCC 12's library.)
#pragma once

#include <string>

namespace udplab::util {

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
std::string format(const char* fmt, ...);

}  // namespace udplab::util
