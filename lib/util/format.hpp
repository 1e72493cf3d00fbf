// printf-style formatting into a std::string, with the compiler checking the arguments.
// (std::format is not in GCC 12's library.)
#pragma once

#include <string>
#include <string_view>

namespace udplab::util {

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
std::string format(const char* fmt, ...);

// "1 attempt", "3 attempts": a count and an English noun that takes a plain -s.
std::string plural(unsigned long long n, std::string_view noun);

}  // namespace udplab::util
