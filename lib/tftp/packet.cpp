#include "tftp/packet.hpp"

#include <algorithm>
#include <optional>

#include "util/bytes.hpp"

namespace udplab::tftp {
namespace {

constexpr std::byte kNul{0};

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::optional<Mode> parse_mode(std::string_view s) {
  for (Mode m : {Mode::netascii, Mode::octet, Mode::mail})
    if (iequals(s, to_string(m))) return m;
  return std::nullopt;
}

// Walks the NUL-terminated strings of a request or OACK. Every read is bounded by the span.
class StringReader {
 public:
  StringReader(std::span<const std::byte> bytes, std::size_t pos) : bytes_(bytes), pos_(pos) {}
  bool at_end() const { return pos_ == bytes_.size(); }
  // The next string without its NUL, or nullopt if no NUL follows before the end.
  std::optional<std::string_view> next() {
    auto rest = bytes_.subspan(pos_);
    auto nul = std::find(rest.begin(), rest.end(), kNul);
    if (nul == rest.end()) return std::nullopt;
    auto length = static_cast<std::size_t>(nul - rest.begin());
    pos_ += length + 1;
    return util::as_chars(rest.first(length));
  }

 private:
  std::span<const std::byte> bytes_;
  std::size_t pos_;
};

std::error_code read_options(StringReader& reader, Options& options) {
  while (!reader.at_end()) {
    auto name = reader.next();
    if (!name) return errc::missing_nul;
    if (name->empty()) return errc::empty_option_name;
    if (name->size() > kMaxOptionNameLength) return errc::option_too_long;
    if (reader.at_end()) return errc::missing_option_value;
    auto value = reader.next();
    if (!value) return errc::missing_nul;
    if (value->empty()) return errc::empty_option_value;
    if (value->size() > kMaxOptionValueLength) return errc::option_too_long;
    if (find_option(options, *name)) return errc::duplicate_option;
    if (options.size() == kMaxOptions) return errc::too_many_options;
    options.push_back(Option{std::string(*name), std::string(*value)});
  }
  return {};
}

template <Opcode Op>
std::expected<Packet, std::error_code> decode_request(std::span<const std::byte> d) {
  if (d.size() > kMaxRequestSize) return std::unexpected(errc::request_too_large);
  StringReader reader(d, 2);
  if (reader.at_end()) return std::unexpected(errc::truncated);
  auto filename = reader.next();
  if (!filename) return std::unexpected(errc::missing_nul);
  if (filename->empty()) return std::unexpected(errc::empty_filename);
  if (filename->size() > kMaxFilenameLength) return std::unexpected(errc::filename_too_long);
  if (reader.at_end()) return std::unexpected(errc::truncated);
  auto mode_text = reader.next();
  if (!mode_text) return std::unexpected(errc::missing_nul);
  auto mode = parse_mode(*mode_text);  // empty and non-ASCII modes match nothing
  if (!mode) return std::unexpected(errc::bad_mode);
  Request<Op> request{.filename = std::string(*filename), .mode = *mode};
  if (auto ec = read_options(reader, request.options)) return std::unexpected(ec);
  return request;
}

// ERROR: a missing final NUL is accepted (see docs/tftp-protocol.md); bytes after it are not.
std::expected<Packet, std::error_code> decode_error(std::span<const std::byte> d) {
  if (d.size() < kHeaderSize) return std::unexpected(errc::truncated);
  auto text = d.subspan(kHeaderSize);
  auto nul = std::find(text.begin(), text.end(), kNul);
  if (nul != text.end() && nul + 1 != text.end()) return std::unexpected(errc::trailing_bytes);
  auto length = static_cast<std::size_t>(nul - text.begin());
  return Error{.code = static_cast<ErrorCode>(util::get_u16(d.data() + 2)),
               .message = std::string(util::as_chars(text.first(length)))};
}

void put_opcode(Opcode op, std::vector<std::byte>& out) {
  out.resize(2);
  util::put_u16(out.data(), static_cast<std::uint16_t>(op));
}

void put_string(std::string_view s, std::vector<std::byte>& out) {
  auto bytes = util::as_bytes(s);
  out.insert(out.end(), bytes.begin(), bytes.end());
  out.push_back(kNul);
}

bool has_nul(std::string_view s) { return s.find('\0') != std::string_view::npos; }

std::error_code check_options(const Options& options) {
  if (options.size() > kMaxOptions) return usage_errc::too_many_options;
  for (std::size_t i = 0; i < options.size(); ++i) {
    const Option& o = options[i];
    if (o.name.empty()) return usage_errc::empty_option_name;
    if (o.value.empty()) return usage_errc::empty_option_value;
    if (has_nul(o.name) || has_nul(o.value)) return usage_errc::nul_in_string;
    if (o.name.size() > kMaxOptionNameLength || o.value.size() > kMaxOptionValueLength)
      return usage_errc::option_too_long;
    for (std::size_t j = 0; j < i; ++j)
      if (iequals(options[j].name, o.name)) return usage_errc::duplicate_option;
  }
  return {};
}

void put_options(const Options& options, std::vector<std::byte>& out) {
  for (const Option& o : options) {
    put_string(o.name, out);
    put_string(o.value, out);
  }
}

template <Opcode Op>
std::error_code encode_request(const Request<Op>& r, std::vector<std::byte>& out) {
  out.clear();
  if (r.filename.empty()) return usage_errc::empty_filename;
  if (has_nul(r.filename)) return usage_errc::nul_in_string;
  if (r.filename.size() > kMaxFilenameLength) return usage_errc::filename_too_long;
  if (auto ec = check_options(r.options)) return ec;
  put_opcode(Op, out);
  put_string(r.filename, out);
  put_string(to_string(r.mode), out);
  put_options(r.options, out);
  if (out.size() > kMaxRequestSize) {
    out.clear();
    return usage_errc::request_too_large;
  }
  return {};
}

}  // namespace

std::string_view to_string(Opcode op) {
  switch (op) {
    case Opcode::rrq: return "RRQ";
    case Opcode::wrq: return "WRQ";
    case Opcode::data: return "DATA";
    case Opcode::ack: return "ACK";
    case Opcode::error: return "ERROR";
    case Opcode::oack: return "OACK";
  }
  return "unknown";
}

std::string_view to_string(Mode mode) {
  switch (mode) {
    case Mode::netascii: return "netascii";
    case Mode::octet: return "octet";
    case Mode::mail: return "mail";
  }
  return "unknown";
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

const Option* find_option(const Options& options, std::string_view name) {
  for (const Option& o : options)
    if (iequals(o.name, name)) return &o;
  return nullptr;
}

bool operator==(const Data& a, const Data& b) {
  return a.block == b.block && std::ranges::equal(a.payload, b.payload);
}

Opcode opcode_of(const Packet& packet) {
  return std::visit(
      [](const auto& p) -> Opcode {
        using T = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<T, Rrq> || std::is_same_v<T, Wrq>) return T::opcode;
        else if constexpr (std::is_same_v<T, Data>) return Opcode::data;
        else if constexpr (std::is_same_v<T, Ack>) return Opcode::ack;
        else if constexpr (std::is_same_v<T, Error>) return Opcode::error;
        else return Opcode::oack;
      },
      packet);
}

std::optional<Opcode> peek_opcode(std::span<const std::byte> d) {
  if (d.size() < 2) return std::nullopt;
  std::uint16_t v = util::get_u16(d.data());
  if (v < 1 || v > 6) return std::nullopt;
  return static_cast<Opcode>(v);
}

std::error_code encode(const Packet& packet, std::vector<std::byte>& out) {
  return std::visit(
      [&out](const auto& p) -> std::error_code {
        if constexpr (std::is_same_v<std::decay_t<decltype(p)>, Ack>) {
          encode(p, out);
          return {};
        } else {
          return encode(p, out);
        }
      },
      packet);
}

std::error_code encode(const Rrq& rrq, std::vector<std::byte>& out) { return encode_request(rrq, out); }
std::error_code encode(const Wrq& wrq, std::vector<std::byte>& out) { return encode_request(wrq, out); }

std::error_code encode(const Data& data, std::vector<std::byte>& out) {
  out.clear();
  if (data.payload.size() > kMaxDataPayload) return usage_errc::payload_too_large;
  write_data_header(data.block, out);
  out.insert(out.end(), data.payload.begin(), data.payload.end());
  return {};
}

void encode(const Ack& ack, std::vector<std::byte>& out) {
  out.resize(kHeaderSize);
  util::put_u16(out.data(), static_cast<std::uint16_t>(Opcode::ack));
  util::put_u16(out.data() + 2, ack.block);
}

std::error_code encode(const Error& error, std::vector<std::byte>& out) {
  out.clear();
  if (has_nul(error.message)) return usage_errc::nul_in_string;
  if (error.message.size() > kMaxErrorMessageLength) return usage_errc::message_too_long;
  out.resize(kHeaderSize);
  util::put_u16(out.data(), static_cast<std::uint16_t>(Opcode::error));
  util::put_u16(out.data() + 2, static_cast<std::uint16_t>(error.code));
  put_string(error.message, out);
  return {};
}

std::error_code encode(const Oack& oack, std::vector<std::byte>& out) {
  out.clear();
  if (auto ec = check_options(oack.options)) return ec;
  put_opcode(Opcode::oack, out);
  put_options(oack.options, out);
  return {};
}

void write_data_header(std::uint16_t block, std::vector<std::byte>& out) {
  out.resize(kHeaderSize);
  util::put_u16(out.data(), static_cast<std::uint16_t>(Opcode::data));
  util::put_u16(out.data() + 2, block);
}

std::expected<Packet, std::error_code> decode(std::span<const std::byte> d) {
  if (d.size() < 2) return std::unexpected(errc::truncated);
  auto opcode = peek_opcode(d);
  if (!opcode) return std::unexpected(errc::bad_opcode);
  // Requests have their own, smaller limit (request_too_large), checked in decode_request.
  bool request = *opcode == Opcode::rrq || *opcode == Opcode::wrq;
  if (!request && d.size() > kMaxPacketSize) return std::unexpected(errc::packet_too_large);
  switch (*opcode) {
    case Opcode::rrq: return decode_request<Opcode::rrq>(d);
    case Opcode::wrq: return decode_request<Opcode::wrq>(d);
    case Opcode::data:
      if (d.size() < kHeaderSize) return std::unexpected(errc::truncated);
      return Data{.block = util::get_u16(d.data() + 2), .payload = d.subspan(kHeaderSize)};
    case Opcode::ack:
      if (d.size() < kHeaderSize) return std::unexpected(errc::truncated);
      if (d.size() > kHeaderSize) return std::unexpected(errc::trailing_bytes);
      return Ack{.block = util::get_u16(d.data() + 2)};
    case Opcode::error: return decode_error(d);
    case Opcode::oack: {
      Oack oack;
      StringReader reader(d, 2);
      if (auto ec = read_options(reader, oack.options)) return std::unexpected(ec);
      return oack;
    }
  }
  return std::unexpected(errc::bad_opcode);
}

}  // namespace udplab::tftp
