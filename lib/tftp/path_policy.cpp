#include "tftp/path_policy.hpp"

namespace udplab::tftp {
namespace {

std::unexpected<Refusal> refuse(std::string message) {
  return std::unexpected(Refusal{ErrorCode::access_violation, std::move(message)});
}

}  // namespace

std::expected<std::string, Refusal> normalise_request_name(std::string_view name) {
  if (name.find('\0') != std::string_view::npos) return refuse("Access violation: NUL byte in the file name");
  if (name.find('\\') != std::string_view::npos) return refuse("Access violation: backslash in the file name");
  if (!name.empty() && name.front() == '/') return refuse("Access violation: absolute paths are not served");
  std::string clean;
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = name.find('/', start);
    if (end == std::string_view::npos) end = name.size();
    std::string_view segment = name.substr(start, end - start);
    if (segment == "..") return refuse("Access violation: '..' in the file name");
    if (!segment.empty() && segment != ".") {
      if (!clean.empty()) clean += '/';
      clean += segment;
    }
    start = end + 1;
  }
  if (clean.empty()) return refuse("Access violation: no file name");
  return clean;
}

}  // namespace udplab::tftp
