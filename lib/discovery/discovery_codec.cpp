#include "discovery/discovery_codec.hpp"

#include <algorithm>

#include "text/printable.hpp"
#include "util/bytes.hpp"

namespace udplab::discovery {
namespace {

constexpr std::size_t kHeader = 8;        // magic, version, type, reserved
constexpr std::size_t kProbeFields = 20;  // header + nonce + seq
static_assert(kProbeFields == kHeader + 8 + 4, "the probe fields are the header, a 64-bit nonce and a 32-bit seq");
constexpr std::uint8_t kVersion = 1;
constexpr std::uint8_t kTypeProbe = 1;
constexpr std::uint8_t kTypeReply = 2;
constexpr char kMagic[4] = {'U', 'D', 'L', 'D'};
static_assert(kProbeFields + 3 + kMaxName + kMaxVersion <= kProbeSize, "a reply must never outgrow its probe");

bool valid_field(std::string_view s, std::size_t max) { return !s.empty() && s.size() <= max && text::is_printable(s); }

// Writes the header into out's first kProbeFields bytes, growing it to that size if it is smaller.
void put_header(std::vector<std::byte>& out, std::uint8_t type, const Probe& probe) {
  if (out.size() < kProbeFields) out.resize(kProbeFields);
  for (std::size_t i = 0; i < 4; ++i) out[i] = std::byte(kMagic[i]);
  out[4] = std::byte{kVersion};
  out[5] = std::byte{type};
  out[6] = out[7] = std::byte{0};
  util::put_u64(out.data() + 8, probe.nonce);
  util::put_u32(out.data() + 16, probe.seq);
}

// Checks the common header; returns the probe fields.
std::expected<Probe, DecodeError> read_header(std::span<const std::byte> d, std::uint8_t want_type) {
  if (d.size() < 4) return std::unexpected(DecodeError::too_short);
  for (std::size_t i = 0; i < 4; ++i)
    if (d[i] != std::byte(kMagic[i])) return std::unexpected(DecodeError::bad_magic);
  if (d.size() < kProbeFields) return std::unexpected(DecodeError::too_short);
  if (d[4] != std::byte{kVersion}) return std::unexpected(DecodeError::bad_version);
  const auto type = std::to_integer<std::uint8_t>(d[5]);
  if (type != kTypeProbe && type != kTypeReply) return std::unexpected(DecodeError::unknown_type);
  if (type != want_type) return std::unexpected(DecodeError::wrong_type);
  if (d[6] != std::byte{0} || d[7] != std::byte{0}) return std::unexpected(DecodeError::nonzero_padding);
  return Probe{util::get_u64(d.data() + 8), util::get_u32(d.data() + 16)};
}

}  // namespace

std::string_view to_string(Role r) {
  switch (r) {
    case Role::echo_server: return "echo server";
    case Role::chat_room: return "chat room";
    case Role::responder: return "responder";
  }
  return "unknown";
}

std::string_view to_string(DecodeError e) {
  switch (e) {
    case DecodeError::too_short: return "too short";
    case DecodeError::bad_magic: return "not a discovery datagram";
    case DecodeError::bad_version: return "unknown discovery version";
    case DecodeError::unknown_type: return "unknown message type";
    case DecodeError::wrong_type: return "unexpected message type";
    case DecodeError::bad_size: return "probe of the wrong size";
    case DecodeError::nonzero_padding: return "reserved bytes not zero";
    case DecodeError::bad_role: return "unknown role";
    case DecodeError::bad_name: return "bad name";
    case DecodeError::bad_version_text: return "bad version text";
    case DecodeError::trailing_bytes: return "bytes after the last field";
  }
  return "unknown";
}

std::expected<Identity, std::string> Identity::make(Role role, std::string name, std::string version) {
  if (!valid_field(name, kMaxName))
    return std::unexpected("a discovery name must be 1-" + std::to_string(kMaxName) +
                           " bytes of printable UTF-8, not '" + text::printable(name) + "'");
  if (!valid_field(version, kMaxVersion))
    return std::unexpected("a version must be 1-" + std::to_string(kMaxVersion) + " bytes of printable UTF-8");
  Identity id;
  id.role_ = role;
  id.name_ = std::move(name);
  id.version_ = std::move(version);
  return id;
}

std::vector<std::byte> encode_probe(const Probe& probe) {
  std::vector<std::byte> out(kProbeSize);  // the fields, then zero padding up to the probe size
  put_header(out, kTypeProbe, probe);
  return out;
}

std::expected<Probe, DecodeError> decode_probe(std::span<const std::byte> d) {
  auto probe = read_header(d, kTypeProbe);
  if (!probe) return probe;
  if (d.size() != kProbeSize) return std::unexpected(DecodeError::bad_size);
  if (std::any_of(d.begin() + kProbeFields, d.end(), [](std::byte b) { return b != std::byte{0}; }))
    return std::unexpected(DecodeError::nonzero_padding);
  return probe;
}

std::vector<std::byte> encode_reply(const Reply& reply) {
  std::vector<std::byte> out;
  put_header(out, kTypeReply, reply.probe);
  const Identity& id = reply.identity;
  out.push_back(std::byte{static_cast<std::uint8_t>(id.role())});
  out.push_back(std::byte{static_cast<std::uint8_t>(id.name().size())});
  const auto name = util::as_bytes(id.name());
  out.insert(out.end(), name.begin(), name.end());
  out.push_back(std::byte{static_cast<std::uint8_t>(id.version().size())});
  const auto version = util::as_bytes(id.version());
  out.insert(out.end(), version.begin(), version.end());
  return out;
}

std::expected<Reply, DecodeError> decode_reply(std::span<const std::byte> d) {
  auto probe = read_header(d, kTypeReply);
  if (!probe) return std::unexpected(probe.error());
  std::size_t at = kProbeFields;
  if (d.size() < at + 2) return std::unexpected(DecodeError::too_short);
  const auto role = std::to_integer<std::uint8_t>(d[at++]);
  if (role < 1 || role > 3) return std::unexpected(DecodeError::bad_role);
  // Reads a length-prefixed text field of at most `max` bytes.
  auto field = [&](std::size_t max) -> std::optional<std::string> {
    if (at >= d.size()) return std::nullopt;
    const std::size_t n = std::to_integer<std::size_t>(d[at++]);
    if (n == 0 || n > max || d.size() - at < n) return std::nullopt;
    std::string s(util::as_chars(d.subspan(at, n)));
    at += n;
    if (!text::is_printable(s)) return std::nullopt;
    return s;
  };
  auto name = field(kMaxName);
  if (!name) return std::unexpected(DecodeError::bad_name);
  auto version = field(kMaxVersion);
  if (!version) return std::unexpected(DecodeError::bad_version_text);
  if (at != d.size()) return std::unexpected(DecodeError::trailing_bytes);
  auto id = Identity::make(static_cast<Role>(role), std::move(*name), std::move(*version));
  return Reply{*probe, std::move(*id)};  // the fields were checked above, so make() succeeds
}

std::optional<std::vector<std::byte>> answer_probe(std::span<const std::byte> datagram, const Identity& identity) {
  auto probe = decode_probe(datagram);
  if (!probe) return std::nullopt;
  return encode_reply(Reply{*probe, identity});
}

}  // namespace udplab::discovery
