#include "tftp/path_policy.hpp"

namespace udplab::tftp {
namespace {

std::unexpected<Refusal> refuse(std::string message) {
  return std::unexpected(Refusal{ErrorCode::access_violation, std::move(message)});
}

bool is_separator(char c) { return c == '/' || c == '\\'; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

// Whether Windows opens a device for `component`: it looks at the part before the first '.', less
// trailing spaces, so "nul", "NUL.txt", "nul.tar.gz" and "nul .txt" are all the null device.
bool is_device_name(std::string_view component) {
  std::string_view base = component.substr(0, component.find('.'));
  while (!base.empty() && base.back() == ' ') base.remove_suffix(1);
  for (std::string_view device : {"con", "prn", "aux", "nul", "conin$", "conout$"})
    if (equals_ignoring_case(base, device)) return true;
  if (base.size() < 4) return false;
  const std::string_view port = base.substr(0, 3), number = base.substr(3);
  if (!equals_ignoring_case(port, "com") && !equals_ignoring_case(port, "lpt")) return false;
  if (number.size() == 1) return number[0] >= '0' && number[0] <= '9';
  return number == "\xC2\xB9" || number == "\xC2\xB2" || number == "\xC2\xB3";  // ¹ ² ³ in UTF-8
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

std::optional<std::string_view> windows_name_hazard(std::string_view name) {
  if (!name.empty() && is_separator(name[0])) {
    if (name.size() > 1 && is_separator(name[1])) return "UNC and device paths are not served";
    return "absolute paths are not served";
  }
  if (const std::size_t colon = name.find(':'); colon != std::string_view::npos) {
    const char first = static_cast<char>(name[0] | 0x20);
    if (colon == 1 && first >= 'a' && first <= 'z') return "drive letter in the file name";
    return "':' in the file name (a stream on Windows)";
  }
  for (const char c : name)
    if (static_cast<unsigned char>(c) < 0x20 || std::string_view("<>\"|?*").find(c) != std::string_view::npos)
      return "character not allowed in Windows file names";
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = start;
    while (end < name.size() && !is_separator(name[end])) ++end;
    const std::string_view component = name.substr(start, end - start);
    start = end + 1;
    if (component.empty() || component == ".") continue;
    if (component == "..") return "'..' in the file name";
    if (component.back() == '.' || component.back() == ' ') return "file name part ending in a dot or space";
    if (is_device_name(component)) return "reserved device name in the file name";
  }
  return std::nullopt;
}

}  // namespace udplab::tftp
