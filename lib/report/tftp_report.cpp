#include "report/tftp_report.hpp"

#include "report/echo_report.hpp"
#include "util/format.hpp"

namespace udplab::report {

using util::format;

v1::TftpOptions make_tftp_options(const tftp::TransferStats& s) {
  v1::TftpOptions o;
  o.set_blksize(s.params.blksize);
  o.set_windowsize(s.params.windowsize);
  o.set_timeout_s(s.params.timeout_s.value_or(0));
  if (s.params.tsize) o.set_tsize(*s.params.tsize);
  o.set_oack(s.oack);
  o.set_options_dropped(s.options_dropped);
  o.set_sliding(s.params.sliding);
  return o;
}

v1::TftpTransferReport make_tftp_transfer_report(const TftpTransferInfo& info) {
  v1::TftpTransferReport r;
  r.set_operation(info.operation);
  r.set_server(info.server);
  if (info.peer) r.set_peer(info.peer->to_string());
  r.set_remote(info.remote);
  r.set_local(info.local);
  r.set_mode(std::string(tftp::to_string(info.mode)));
  r.set_ok(info.ok);
  const auto& s = info.stats;
  r.set_bytes(s.file_bytes);
  r.set_wire_bytes(s.bytes);
  r.set_blocks(s.blocks);
  r.set_retransmissions(s.retransmissions);
  r.set_duplicates(s.duplicates);
  r.set_out_of_order(s.out_of_order);
  r.set_stray(s.stray);
  r.set_duration_s(to_report_seconds(s.duration));
  const double seconds = to_seconds(s.duration);
  r.set_goodput_bytes_per_s(seconds > 0 ? static_cast<double>(static_cast<std::uint64_t>(
                                              static_cast<double>(s.file_bytes) / seconds))
                                        : 0.0);
  *r.mutable_negotiated() = make_tftp_options(s);
  if (info.failure) {
    const auto& f = *info.failure;
    r.set_failure(std::string(tftp::to_string(f.kind)));
    r.set_error(f.message);
    r.set_stalled_block(f.block);
    if (f.peer_code) {
      r.set_peer_error_code(static_cast<std::uint32_t>(*f.peer_code));
      r.set_peer_error_message(f.peer_message);
    }
  }
  r.set_sha256(info.sha256);
  r.set_expected_sha256(info.expected_sha256);
  r.set_verified(info.ok && !info.expected_sha256.empty() && info.sha256 == info.expected_sha256);
  return r;
}

std::string format_rate(double bytes_per_second) {
  if (bytes_per_second >= 1e9) return format("%.2f GB/s", bytes_per_second / 1e9);
  if (bytes_per_second >= 1e6) return format("%.1f MB/s", bytes_per_second / 1e6);
  if (bytes_per_second >= 1e3) return format("%.1f kB/s", bytes_per_second / 1e3);
  return format("%.0f B/s", bytes_per_second);
}

std::string render_tftp_transfer(const v1::TftpTransferReport& r) {
  const std::string what = r.operation() + " " + r.remote();
  if (!r.ok()) return format("%s failed after %.3f s: %s", what.c_str(), r.duration_s(), r.error().c_str());
  std::string out = format("%s: %llu bytes in %.3f s (%s); blksize %u", what.c_str(),
                           static_cast<unsigned long long>(r.bytes()), r.duration_s(),
                           format_rate(r.goodput_bytes_per_s()).c_str(), r.negotiated().blksize());
  if (r.negotiated().windowsize() > 1u)
    out += format(", windowsize %u%s", r.negotiated().windowsize(), r.negotiated().sliding() ? " (sliding)" : "");
  if (r.negotiated().options_dropped()) out += " (server refused the options)";
  out += format("; %llu retransmissions, %llu duplicates", static_cast<unsigned long long>(r.retransmissions()),
                static_cast<unsigned long long>(r.duplicates()));
  if (!r.sha256().empty()) out += "; sha256 " + r.sha256();
  return out;
}

std::string tftp_log_line(const v1::TftpServerTransfer& t) {
  std::string out = t.peer() + " " + t.operation() + " " + t.file() + " " + t.mode();
  if (!t.options().empty()) out += " [" + t.options() + "]";
  out += format(" %llu bytes %.3fs %llu retransmissions: %s", static_cast<unsigned long long>(t.bytes()), t.duration_s(),
                static_cast<unsigned long long>(t.retransmissions()), t.outcome().c_str());
  return out;
}

std::string render_tftp_server(const v1::TftpServerReport& r) {
  std::string out = format("tftp server on %s: %llu transfers, %llu completed, %llu failed; %llu bytes sent, %llu received, "
                           "%llu retransmissions; at most %u at once\n",
                           r.bind().c_str(), static_cast<unsigned long long>(r.requests()),
                           static_cast<unsigned long long>(r.completed()), static_cast<unsigned long long>(r.failed()),
                           static_cast<unsigned long long>(r.bytes_sent()),
                           static_cast<unsigned long long>(r.bytes_received()),
                           static_cast<unsigned long long>(r.retransmissions()), r.max_concurrent());
  if (r.malformed() + r.busy() + r.rate_limited() > 0)
    out += format("refused at the request port: %llu malformed, %llu busy, %llu rate-limited\n",
                  static_cast<unsigned long long>(r.malformed()), static_cast<unsigned long long>(r.busy()),
                  static_cast<unsigned long long>(r.rate_limited()));
  for (const auto& f : r.files())
    out += format("file %s: %llu bytes, sha256 %s\n", f.name().c_str(), static_cast<unsigned long long>(f.size()),
                  f.sha256().c_str());
  return out;
}

}  // namespace udplab::report
