// The flags of tftp get|put and tftpd (see option_messages.hpp).
#include "option_messages.hpp"
#include "options/tftp_options.hpp"
#include "util/duration.hpp"

namespace udplab::cli {
namespace {

// --timeout sets both the client's own timer and the RFC 2349 option it asks for.
const FieldFlag kTftpClientFields[] = {{"server", "HOST[:PORT]"},       {"remote", "REMOTE"},
                                       {"mode", "--mode"},              {"blksize", "--blksize"},
                                       {"windowsize", "--windowsize"},  {"timeout_option", "--timeout"},
                                       {"timeout", "--timeout"},        {"retries", "--retries"}};
const FieldFlag kTftpServerFields[] = {{"port", "--port"},
                                       {"writable", "--writable"},
                                       {"create", "--create"},
                                       {"max_blksize", "--max-blksize"},
                                       {"max_windowsize", "--max-windowsize"},
                                       {"timeout", "--timeout"},
                                       {"retries", "--retries"},
                                       {"max_sessions", "--max-sessions"}};

std::string range(std::uint64_t min, std::uint64_t max) { return std::to_string(min) + "-" + std::to_string(max); }

}  // namespace

const FlagTable kTftpClientFlags = kTftpClientFields;
const FlagTable kTftpServerFlags = kTftpServerFields;

void add_tftp_client_flags(po::options_description& o) {
  const tftp::Timing d;
  const std::string blksize = "ask for blocks of this many bytes, " + range(tftp::kMinBlksize, tftp::kMaxBlksize) +
                              " (RFC 2348; default " + std::to_string(tftp::kDefaultBlksize) + ")";
  const std::string windowsize = "ask for this many blocks per ACK, " + range(tftp::kMinWindowsize, tftp::kMaxWindowsize) +
                                 " (RFC 7440; default 1)";
  const std::string timeout = "first retransmission timeout, more than 0 and at most " + std::to_string(tftp::kMaxTimeout) +
                              " s, e.g. 2 or 500ms (default " + util::format_duration(d.timeout) +
                              "); whole seconds are also asked of the server (RFC 2349)";
  const std::string retries = "retransmissions of one packet before giving up, " + range(0, tftp::kMaxRetries);
  o.add_options()
      ("mode,m", po::value<std::string>()->default_value("octet"), "octet (bytes as they are) or netascii (text, CR LF on the wire)")
      ("blksize,b", po::value<std::string>(), blksize.c_str())
      ("windowsize,w", po::value<std::string>(), windowsize.c_str())
      ("tsize", po::bool_switch(), "learn the size before a download / announce it for an upload (RFC 2349)")
      ("rfc7440", po::bool_switch(), "plain RFC 7440 windows: without it, a udplab server is also asked for sliding windows (ACK every windowsize/2 blocks, sending on meanwhile)")
      ("timeout,t", po::value<std::string>(), timeout.c_str())
      ("retries,r", po::value<std::string>()->default_value(std::to_string(d.retries)), retries.c_str());
}

v1::TftpClientOptions tftp_client_options(const po::variables_map& vm, const std::string& server, const std::string& remote) {
  v1::TftpClientOptions m;
  m.set_server(server);
  m.set_remote(remote);
  m.set_mode(vm["mode"].as<std::string>());
  if (vm.count("blksize")) m.set_blksize(static_cast<std::uint32_t>(count_arg(vm, "blksize")));
  if (vm.count("windowsize")) m.set_windowsize(static_cast<std::uint32_t>(count_arg(vm, "windowsize")));
  m.set_tsize(vm["tsize"].as<bool>());
  m.set_rfc7440_windows(vm["rfc7440"].as<bool>());
  if (vm.count("timeout")) set_tftp_timeout(m, vm["timeout"].as<std::string>());
  m.set_retries(static_cast<std::uint32_t>(unsigned_arg(vm, "retries", 0, UINT32_MAX)));
  return m;
}

void set_tftp_timeout(v1::TftpClientOptions& m, const std::string& text) {
  m.set_timeout(text);
  auto d = util::parse_duration(text);
  if (d && *d > Duration::zero() && *d % std::chrono::seconds(1) == Duration::zero())
    m.set_timeout_option(static_cast<std::uint32_t>(
        std::min<std::int64_t>(std::chrono::duration_cast<std::chrono::seconds>(*d).count(), UINT32_MAX)));
}

void add_tftp_server_flags(po::options_description& o) {
  const tftp::SessionConfig session;
  const tftp::ListenerConfig listener;
  const std::string max_blksize = "largest blksize granted, " + range(tftp::kMinBlksize, tftp::kMaxBlksize) +
                                  " (e.g. 1468 to stay within a 1500-byte MTU)";
  const std::string max_windowsize = "largest windowsize granted, " + range(tftp::kMinWindowsize, tftp::kMaxWindowsize) +
                                     " (also lowered to fit a client's default socket buffer: 11 at blksize 8192)";
  const std::string max_sessions = "transfers at once, " + range(1, tftp::kMaxSessions) + "; more get ERROR 0 \"Server busy\"";
  const std::string timeout = "first retransmission timeout, doubling on each retry (at most " +
                              std::to_string(tftp::kMaxTimeout) + " s)";
  const std::string retries = "retransmissions of one packet before a transfer is abandoned, " + range(0, tftp::kMaxRetries);
  o.add_options()
      ("writable", po::bool_switch(), "let uploads replace existing files")
      ("create,c", po::bool_switch(), "let uploads create new files")
      ("port,p", po::value<std::string>()->default_value(std::to_string(options::kTftpPort)), "UDP port for requests (69 needs root)")
      ("max-sessions", po::value<std::string>()->default_value(std::to_string(listener.max_sessions)), max_sessions.c_str())
      ("max-blksize", po::value<std::string>()->default_value(std::to_string(session.limits.max_blksize)), max_blksize.c_str())
      ("max-windowsize", po::value<std::string>()->default_value(std::to_string(session.limits.max_windowsize)), max_windowsize.c_str())
      ("timeout,t", po::value<std::string>()->default_value(util::format_duration(session.timing.timeout)), timeout.c_str())
      ("retries,r", po::value<std::string>()->default_value(std::to_string(session.timing.retries)), retries.c_str());
}

v1::TftpServerOptions tftp_server_options(const po::variables_map& vm) {
  v1::TftpServerOptions m;
  m.set_port(static_cast<std::uint32_t>(unsigned_arg(vm, "port", 0, UINT32_MAX)));
  m.set_writable(vm["writable"].as<bool>());
  m.set_create(vm["create"].as<bool>());
  m.set_max_blksize(static_cast<std::uint32_t>(count_arg(vm, "max-blksize")));
  m.set_max_windowsize(static_cast<std::uint32_t>(count_arg(vm, "max-windowsize")));
  m.set_max_sessions(static_cast<std::uint32_t>(count_arg(vm, "max-sessions")));
  m.set_timeout(vm["timeout"].as<std::string>());
  m.set_retries(static_cast<std::uint32_t>(unsigned_arg(vm, "retries", 0, UINT32_MAX)));
  return m;
}

}  // namespace udplab::cli
