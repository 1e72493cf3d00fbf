#include "tftp/error.hpp"

#include <string>

namespace udplab::tftp {
namespace {

constexpr int kErrorPacketOffset = 65536;

class PeerCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "tftp.peer"; }
  std::string message(int ev) const override {
    switch (static_cast<errc>(ev)) {
      case errc::truncated: return "packet ends before a required field";
      case errc::bad_opcode: return "unknown TFTP opcode";
      case errc::missing_nul: return "string field not NUL-terminated";
      case errc::empty_filename: return "empty filename";
      case errc::filename_too_long: return "filename too long";
      case errc::bad_mode: return "unknown transfer mode";
      case errc::empty_option_name: return "empty option name";
      case errc::missing_option_value: return "option without a value";
      case errc::empty_option_value: return "empty option value";
      case errc::option_too_long: return "option name or value too long";
      case errc::too_many_options: return "too many options";
      case errc::duplicate_option: return "option given twice";
      case errc::request_too_large: return "request larger than 512 bytes";
      case errc::packet_too_large: return "packet larger than the largest block size";
      case errc::trailing_bytes: return "bytes after the end of the packet";
      case errc::unrequested_option: return "OACK contains an option that was not requested";
      case errc::bad_option_value: return "invalid option value";
      case errc::blksize_raised: return "OACK raised the block size";
      case errc::windowsize_raised: return "OACK raised the window size";
      case errc::timeout_changed: return "OACK changed the timeout";
      case errc::tsize_changed: return "OACK changed the transfer size";
      case errc::file_too_large: return "transfer size exceeds the limit";
    }
    return "unknown tftp.peer error " + std::to_string(ev);
  }
};

class UsageCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "tftp.usage"; }
  std::string message(int ev) const override {
    switch (static_cast<usage_errc>(ev)) {
      case usage_errc::empty_filename: return "a request needs a filename";
      case usage_errc::empty_option_name: return "option name is empty";
      case usage_errc::empty_option_value: return "option value is empty";
      case usage_errc::nul_in_string: return "string contains a NUL byte";
      case usage_errc::filename_too_long: return "filename too long";
      case usage_errc::option_too_long: return "option name or value too long";
      case usage_errc::message_too_long: return "error message too long";
      case usage_errc::too_many_options: return "too many options";
      case usage_errc::duplicate_option: return "option given twice";
      case usage_errc::request_too_large: return "request would exceed 512 bytes";
      case usage_errc::payload_too_large: return "DATA payload exceeds 65464 bytes";
      case usage_errc::option_out_of_range: return "option value outside its RFC range";
    }
    return "unknown tftp.usage error " + std::to_string(ev);
  }
};

class ErrorPacketCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "tftp.error-packet"; }
  std::string message(int ev) const override {
    if (ev < kErrorPacketOffset || ev > kErrorPacketOffset + 0xFFFF)
      return "unknown tftp.error-packet value " + std::to_string(ev);
    auto code = static_cast<ErrorCode>(ev - kErrorPacketOffset);
    return std::string(standard_message(code));
  }
};

}  // namespace

std::string_view standard_message(ErrorCode code) {
  // RFC 1350 section 5 and RFC 2347 ("Negotiation Protocol").
  switch (code) {
    case ErrorCode::not_defined: return "Not defined, see error message (if any).";
    case ErrorCode::file_not_found: return "File not found.";
    case ErrorCode::access_violation: return "Access violation.";
    case ErrorCode::disk_full: return "Disk full or allocation exceeded.";
    case ErrorCode::illegal_operation: return "Illegal TFTP operation.";
    case ErrorCode::unknown_transfer_id: return "Unknown transfer ID.";
    case ErrorCode::file_already_exists: return "File already exists.";
    case ErrorCode::no_such_user: return "No such user.";
    case ErrorCode::option_negotiation: return "Transfer terminated due to option negotiation.";
  }
  return "Unknown error code";
}

const std::error_category& peer_category() {
  static const PeerCategory category;
  return category;
}
const std::error_category& usage_category() {
  static const UsageCategory category;
  return category;
}
const std::error_category& error_packet_category() {
  static const ErrorPacketCategory category;
  return category;
}

std::error_code make_error_code(errc e) { return {static_cast<int>(e), peer_category()}; }
std::error_code make_error_code(usage_errc e) { return {static_cast<int>(e), usage_category()}; }
std::error_code make_error_code(ErrorCode e) {
  return {kErrorPacketOffset + static_cast<int>(e), error_packet_category()};
}

std::optional<ErrorCode> error_code_of(std::error_code ec) {
  if (ec.category() != error_packet_category()) return std::nullopt;
  int v = ec.value() - kErrorPacketOffset;
  if (v < 0 || v > 0xFFFF) return std::nullopt;
  return static_cast<ErrorCode>(v);
}

ErrorCode reply_code_for(std::error_code ec) {
  if (auto code = error_code_of(ec)) return *code;
  if (ec.category() != peer_category()) return ErrorCode::not_defined;
  switch (static_cast<errc>(ec.value())) {
    case errc::unrequested_option:
    case errc::bad_option_value:
    case errc::blksize_raised:
    case errc::windowsize_raised:
    case errc::timeout_changed:
    case errc::tsize_changed:
      return ErrorCode::option_negotiation;
    case errc::file_too_large:
      return ErrorCode::disk_full;
    default:
      return ErrorCode::illegal_operation;
  }
}

}  // namespace udplab::tftp
