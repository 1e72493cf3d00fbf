#include "tftp/file_store.hpp"

#include <vector>

#include "tftp/netascii.hpp"

namespace udplab::tftp {

Refusal refusal_for(std::error_code ec, std::string_view what) {
  ErrorCode code = ErrorCode::not_defined;
  if (ec == std::errc::no_space_on_device || ec == std::errc::file_too_large) code = ErrorCode::disk_full;
#if defined(EDQUOT)
  if (ec.value() == EDQUOT && ec.category() == std::generic_category()) code = ErrorCode::disk_full;
#endif
  if (ec == std::errc::permission_denied || ec == std::errc::operation_not_permitted ||
      ec == std::errc::read_only_file_system)
    code = ErrorCode::access_violation;
  if (ec == std::errc::no_such_file_or_directory) code = ErrorCode::file_not_found;
  return Refusal{code, std::string(what) + ": " + ec.message()};
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
