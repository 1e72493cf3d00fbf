#include "options/tftp_options.hpp"

#include "options/option_fields.hpp"
#include "util/format.hpp"
#include "util/sha256.hpp"

namespace udplab::options {
namespace {

using Unexpected = std::unexpected<Problem>;

std::string sha256_of(const std::vector<std::byte>& data) {
  util::Sha256 h;
  h.update(data);
  return h.hex_digest();
}

std::expected<TftpFileContent, Problem> file(const v1::TftpFile& f, const FieldPath& at) {
  if (f.size() > kMaxMadeUpFileSize)
    return Unexpected(Problem{at + FieldStep{"size"}, "at most " + std::to_string(kMaxMadeUpFileSize >> 20) + " MiB"});
  TftpFileContent plan;
  plan.name = f.name();
  auto content = std::make_shared<std::vector<std::byte>>(make_tftp_content(f.size(), f.content(), f.seed()));
  plan.sha256 = sha256_of(*content);
  plan.content = std::move(content);
  return plan;
}

// Both ends' retransmission settings: a timeout longer than the RFC 2349 option can carry is a
// mistake, and so are more retries than kMaxRetries.
template <class Options>
std::expected<tftp::Timing, Problem> timing(const Options& o, const FieldPath& at) {
  tftp::Timing t;
  auto d = duration_field(o.timeout(), at + FieldStep{"timeout"}, t.timeout);
  if (!d) return Unexpected(d.error());
  if (*d <= Duration::zero() || *d > std::chrono::seconds(tftp::kMaxTimeout))
    return Unexpected(Problem{at + FieldStep{"timeout"},
                              "must be more than 0 and at most " + std::to_string(tftp::kMaxTimeout) + " seconds"});
  t.timeout = *d;
  if (o.has_retries()) {
    if (o.retries() > tftp::kMaxRetries)
      return Unexpected(Problem{at + FieldStep{"retries"}, "must be at most " + std::to_string(tftp::kMaxRetries)});
    t.retries = o.retries();
  }
  return t;
}

// An option limit a server grants at most: 0 leaves `limit` as it is.
std::optional<Problem> limit_field(std::uint32_t value, std::uint32_t min, std::uint32_t max, std::uint32_t& limit,
                                   const FieldPath& at) {
  if (value == 0) return std::nullopt;
  if (value < min || value > max)
    return Problem{at, "must be between " + std::to_string(min) + " and " + std::to_string(max)};
  limit = value;
  return std::nullopt;
}

}  // namespace

std::vector<std::byte> make_tftp_content(std::uint64_t size, int kind, std::uint64_t seed) {
  std::vector<std::byte> out;
  out.reserve(size);
  if (kind == v1::TFTP_CONTENT_TEXT) {
    for (std::uint64_t line = 1; out.size() < size; ++line) {
      std::string text = util::format("line %06llu: the quick brown fox jumps over the lazy dog%s",
                                      static_cast<unsigned long long>(line), line % 7 == 0 ? "\r\n" : "\n");
      for (char c : text) out.push_back(static_cast<std::byte>(c));
    }
    out.resize(size);
    return out;
  }
  std::uint64_t x = seed;
  while (out.size() < size) {
    // splitmix64: eight bytes per step.
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    for (int i = 0; i < 8 && out.size() < size; ++i) out.push_back(static_cast<std::byte>((z >> (8 * i)) & 0xFF));
  }
  return out;
}

std::expected<TftpServerSettings, Problem> to_tftp_server(const v1::TftpServerOptions& o, const FieldPath& at) {
  TftpServerSettings s;
  auto port = server_port_field(o, kTftpPort, at + FieldStep{"port"});
  if (!port) return Unexpected(port.error());
  s.port = *port;
  for (int i = 0; i < o.files_size(); ++i) {
    const FieldPath fat = at + FieldStep{"files", i};
    if (o.files(i).name().empty()) return Unexpected(Problem{fat + FieldStep{"name"}, "a file needs a name"});
    auto f = file(o.files(i), fat);
    if (!f) return Unexpected(f.error());
    s.files.push_back(std::move(*f));
  }
  s.store.writable = o.writable();
  s.store.create = o.create();
  auto& limits = s.session.limits;
  if (auto p = limit_field(o.max_blksize(), tftp::kMinBlksize, tftp::kMaxBlksize, limits.max_blksize,
                           at + FieldStep{"max_blksize"}))
    return Unexpected(*p);
  if (auto p = limit_field(o.max_windowsize(), tftp::kMinWindowsize, tftp::kMaxWindowsize, limits.max_windowsize,
                           at + FieldStep{"max_windowsize"}))
    return Unexpected(*p);
  if (auto p = limit_field(o.max_sessions(), 1, tftp::kMaxSessions, s.listener.max_sessions, at + FieldStep{"max_sessions"}))
    return Unexpected(*p);
  auto t = timing(o, at);
  if (!t) return Unexpected(t.error());
  s.session.timing = *t;
  s.session.timing.answer_duplicate_acks = o.sorcerers_apprentice();
  return s;
}

std::expected<TftpClientSettings, Problem> to_tftp_client(const v1::TftpClientOptions& o, tftp::Direction direction,
                                                          const FieldPath& at) {
  TftpClientSettings s;
  s.direction = direction;
  auto server = net::Endpoint::parse(o.server(), kTftpPort);
  if (!server) return Unexpected(Problem{at + FieldStep{"server"}, server.error()});
  s.config.server = *server;
  s.config.remote = o.remote();
  // The modes the engine transfers (RFC 1350's names, in any case); "mail" it refuses.
  if (o.mode().empty() || tftp::iequals(o.mode(), tftp::to_string(tftp::Mode::octet))) s.config.mode = tftp::Mode::octet;
  else if (tftp::iequals(o.mode(), tftp::to_string(tftp::Mode::netascii))) s.config.mode = tftp::Mode::netascii;
  else return Unexpected(Problem{at + FieldStep{"mode"}, "must be octet or netascii, not '" + o.mode() + "'"});
  if (o.blksize() != 0) s.config.blksize = o.blksize();
  if (o.windowsize() != 0) s.config.windowsize = o.windowsize();
  s.config.sliding = !o.rfc7440_windows();
  if (o.timeout_option() != 0) s.config.timeout_s = o.timeout_option();
  s.config.tsize = o.tsize();
  auto t = timing(o, at);
  if (!t) return Unexpected(t.error());
  s.config.timing = *t;
  if (auto bad = tftp::validate(s.config)) return Unexpected(config_problem(*bad, at));
  if (direction == tftp::Direction::write) {
    auto f = file(o.upload(), at + FieldStep{"upload"});
    if (!f) return Unexpected(f.error());
    s.upload = f->content;
    s.expected_sha256 = f->sha256;
  }
  return s;
}

}  // namespace udplab::options
