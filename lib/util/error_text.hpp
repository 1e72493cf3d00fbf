// What an error says to a user. std::generic_category()'s text comes from the C library, and
// MinGW-w64's has none for the socket errors (EADDRINUSE, ECONNREFUSED ... read "Unknown error"),
// which the simulator reports on every platform: those are worded here as glibc words them, so a
// run reads the same on every platform. Other errors keep their category's text.
#pragma once

#include <string>
#include <system_error>

namespace udplab::util {

std::string error_text(std::error_code ec);

}  // namespace udplab::util
