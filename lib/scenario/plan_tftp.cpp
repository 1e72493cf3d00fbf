// Compiles the TFTP workloads of a scenario (see tftp_plan.hpp).
#include <algorithm>

#include "scenario/plan.hpp"
#include "util/format.hpp"
#include "util/sha256.hpp"

namespace udplab::scenario {
namespace {

using Unexpected = std::unexpected<Problem>;

// Files live in memory during a run: keep them to a size a laptop holds many times over.
constexpr std::uint64_t kMaxFileSize = 256ull << 20;

std::string sha256_of(const std::vector<std::byte>& data) {
  util::Sha256 h;
  h.update(data);
  return h.hex_digest();
}

std::expected<TftpFilePlan, Problem> file(const v1::TftpFile& f, const FieldPath& at) {
  if (f.size() > kMaxFileSize)
    return Unexpected(Problem{at + FieldStep{"size"}, "at most " + std::to_string(kMaxFileSize >> 20) + " MiB"});
  TftpFilePlan plan;
  plan.name = f.name();
  auto content = std::make_shared<std::vector<std::byte>>(make_tftp_content(f.size(), f.content(), f.seed()));
  plan.sha256 = sha256_of(*content);
  plan.content = std::move(content);
  return plan;
}

std::expected<tftp::Timing, Problem> timing(const std::string& timeout, std::uint32_t retries, const FieldPath& at) {
  tftp::Timing t;
  auto d = duration_field(timeout, at + FieldStep{"timeout"}, std::chrono::seconds(1));
  if (!d) return Unexpected(d.error());
  if (*d <= Duration::zero()) return Unexpected(Problem{at + FieldStep{"timeout"}, "must be positive"});
  t.timeout = *d;
  t.retries = retries == 0 ? 5 : retries;
  return t;
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

std::expected<TftpServerPlan, Problem> compile_tftp_server(const v1::TftpServerOptions& o, const FieldPath& at) {
  TftpServerPlan p;
  if (o.port() > 65535) return Unexpected(Problem{at + FieldStep{"port"}, "port must be 0-65535"});
  p.port = static_cast<std::uint16_t>(o.port() == 0 ? 69 : o.port());
  for (int i = 0; i < o.files_size(); ++i) {
    const FieldPath fat = at + FieldStep{"files", i};
    if (o.files(i).name().empty()) return Unexpected(Problem{fat + FieldStep{"name"}, "a file needs a name"});
    auto f = file(o.files(i), fat);
    if (!f) return Unexpected(f.error());
    p.files.push_back(std::move(*f));
  }
  p.store.writable = o.writable();
  p.store.create = o.create();
  if (o.max_blksize() != 0) p.session.limits.max_blksize = o.max_blksize();
  if (o.max_windowsize() != 0) p.session.limits.max_windowsize = o.max_windowsize();
  auto t = timing(o.timeout(), o.retries(), at);
  if (!t) return Unexpected(t.error());
  p.session.timing = *t;
  p.session.timing.answer_duplicate_acks = o.sorcerers_apprentice();
  if (o.max_sessions() != 0) p.listener.max_sessions = o.max_sessions();
  return p;
}

std::expected<TftpClientPlan, Problem> compile_tftp_client(const v1::TftpClientOptions& o, tftp::Direction direction,
                                                           const FieldPath& at) {
  TftpClientPlan p;
  p.direction = direction;
  auto server = net::Endpoint::parse(o.server(), 69);
  if (!server) return Unexpected(Problem{at + FieldStep{"server"}, server.error()});
  p.config.server = *server;
  p.config.remote = o.remote();
  if (o.mode().empty() || tftp::iequals(o.mode(), "octet")) p.config.mode = tftp::Mode::octet;
  else if (tftp::iequals(o.mode(), "netascii")) p.config.mode = tftp::Mode::netascii;
  else return Unexpected(Problem{at + FieldStep{"mode"}, "mode must be \"octet\" or \"netascii\""});
  if (o.blksize() != 0) p.config.blksize = o.blksize();
  if (o.windowsize() != 0) p.config.windowsize = o.windowsize();
  p.config.sliding = !o.rfc7440_windows();
  if (o.timeout_option() != 0) p.config.timeout_s = o.timeout_option();
  p.config.tsize = o.tsize();
  auto t = timing(o.timeout(), o.retries(), at);
  if (!t) return Unexpected(t.error());
  p.config.timing = *t;
  if (auto bad = tftp::validate(p.config)) return Unexpected(config_problem(*bad, at));
  if (direction == tftp::Direction::write) {
    auto f = file(o.upload(), at + FieldStep{"upload"});
    if (!f) return Unexpected(f.error());
    p.upload = f->content;
    p.expected_sha256 = f->sha256;
  }
  return p;
}

void link_tftp_expectations(Plan& plan) {
  // Which host owns which address, to find the server a download asks.
  std::map<net::IpAddress, std::string> owner;
  for (const auto& seg : plan.segments)
    for (const auto& m : seg.members) owner[m.address.address] = m.host;
  for (auto& w : plan.workloads) {
    auto* client = std::get_if<TftpClientPlan>(&w.engine);
    if (!client || client->direction != tftp::Direction::read) continue;
    auto host = owner.find(client->config.server.address);
    if (host == owner.end()) continue;
    for (const auto& s : plan.workloads) {
      const auto* server = std::get_if<TftpServerPlan>(&s.engine);
      if (!server || s.host != host->second || server->port != client->config.server.port) continue;
      for (const auto& f : server->files)
        if (f.name == client->config.remote) client->expected_sha256 = f.sha256;
    }
  }
}

}  // namespace udplab::scenario
