#include "tftp/file_store.hpp"

#include <string>
#include <vector>

#include "platform/files.hpp"
#include "tftp/netascii.hpp"

namespace udplab::tftp {

namespace {

// The system's text, in the project's words where the two differ.
std::string describe(std::error_code ec) {
  if (ec == std::errc::no_space_on_device) return "no space left on the device";
  if (platform::is_quota_exceeded(ec)) return "no space left on the device (disk quota exceeded)";
  if (ec == std::errc::file_too_large) return "file too large";
  return ec.message();
}

}  // namespace

Refusal refusal_for(std::error_code ec, std::string_view what) {
  ErrorCode code = ErrorCode::not_defined;
  // ERROR 3 is "Disk full or allocation exceeded": a full disk, a quota and a size limit alike.
  if (ec == std::errc::no_space_on_device || ec == std::errc::file_too_large || platform::is_quota_exceeded(ec))
    code = ErrorCode::disk_full;
  if (ec == std::errc::permission_denied || ec == std::errc::operation_not_permitted ||
      ec == std::errc::read_only_file_system)
    code = ErrorCode::access_violation;
  if (ec == std::errc::no_such_file_or_directory) code = ErrorCode::file_not_found;
  return Refusal{code, std::string(what) + ": " + describe(ec)};
}

std::expected<std::uint64_t, std::error_code> netascii_size(ReadFile& file) {
  std::vector<std::byte> chunk(64 * 1024);
  std::uint64_t total = 0;
  for (;;) {
    auto n = file.read(chunk);
    if (!n) return std::unexpected(n.error());
    total += netascii::encoded_size(std::span<const std::byte>(chunk.data(), *n));
    if (*n < chunk.size()) break;
  }
  if (auto ec = file.rewind()) return std::unexpected(ec);
  return total;
}

}  // namespace udplab::tftp
