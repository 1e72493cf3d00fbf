// printf-style formatting into a std::string, with the compiler checking the arguments.
// (std::format is not in GCC 12's library.)
#pragma once

#include <string>
#include <string_view>

namespace udplab::util {

#if defined(__MINGW32__)
// MinGW's C++ library formats with its own C99 printf (%zu, %llu), not the Windows CRT's: check
// the arguments against that one.
__attribute__((format(gnu_printf, 1, 2)))
#elif defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
std::string format(const char* fmt, ...);

// "1 attempt", "3 attempts": a count and an English noun that takes a plain -s.
std::string plural(unsigned long long n, std::string_view noun);

}  // namespace udplab::util
