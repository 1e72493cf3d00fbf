#include "chat/nick.hpp"

#include "chat/chat_codec.hpp"
#include "text/printable.hpp"

namespace udplab::chat {

bool valid_nick(std::string_view nick) {
  if (nick.empty() || nick.size() > kMaxNick) return false;
  if (nick.front() == '/' || nick.front() == '*') return false;
  if (nick.find(' ') != std::string_view::npos) return false;
  return text::is_printable(nick);
}

std::string assign_nick(std::string_view wanted, std::uint64_t guest_number,
                        const std::function<bool(std::string_view)>& taken) {
  if (valid_nick(wanted) && !taken(wanted)) return std::string(wanted);
  for (std::uint64_t n = valid_nick(wanted) ? 2 : guest_number;; ++n) {
    const std::string suffix = "-" + std::to_string(n);
    std::string candidate;
    if (valid_nick(wanted)) {
      // Cut the wish to fit the suffix, at a character boundary.
      std::string_view base = wanted.substr(0, kMaxNick - suffix.size());
      while (!base.empty() && !text::is_printable(base)) base.remove_suffix(1);
      candidate = std::string(base) + suffix;
    } else {
      candidate = "guest" + suffix;
    }
    if (!taken(candidate)) return candidate;
  }
}

}  // namespace udplab::chat
