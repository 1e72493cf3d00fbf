// Nicknames: which ones a room accepts, and what it gives instead.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace udplab::chat {

// 1-32 bytes of printable UTF-8 (text/printable.hpp), without spaces, not starting with '/' or '*'
// (so that neither a command nor a notice line can be faked with a name).
bool valid_nick(std::string_view nick);

// The nick a room gives to someone asking for `wanted`: `wanted` itself when valid and free,
// "wanted-2", "wanted-3"... when taken, and "guest-N" (N = `guest_number`, or the next free one)
// when invalid or empty. `taken` says whether a nick is in use.
std::string assign_nick(std::string_view wanted, std::uint64_t guest_number,
                        const std::function<bool(std::string_view)>& taken);

}  // namespace udplab::chat
