// TFTP results as report messages, and as the lines people read: the client's one-line summary
// and the server's log line per transfer.
#pragma once

#include <optional>
#include <string>

#include "tftp/transfer_events.hpp"
#include "udplab/v1/report.pb.h"

namespace udplab::report {

// Everything a client transfer report is made from.
struct TftpTransferInfo {
  std::string operation;  // "get" / "put"
  std::string server, remote, local;
  tftp::Mode mode = tftp::Mode::octet;
  std::optional<net::Endpoint> peer;
  tftp::TransferStats stats;
  bool ok = false;
  std::optional<tftp::Failure> failure;
  std::string sha256, expected_sha256;
};

v1::TftpTransferReport make_tftp_transfer_report(const TftpTransferInfo& info);
v1::TftpOptions make_tftp_options(const tftp::TransferStats& stats);

// "get boot.img: 1048576 bytes in 0.052 s (20.2 MB/s); blksize 1468, windowsize 8; 0 retransmissions, 0 duplicates"
// or "get boot.img failed after 3.000 s: timed out: block 17 never came after 5 retransmissions"
std::string render_tftp_transfer(const v1::TftpTransferReport& r);

// "192.0.2.5:3000 read boot.img octet [blksize=1468] 1048576 bytes 0.052s 0 retransmissions: ok"
std::string tftp_log_line(const v1::TftpServerTransfer& t);
std::string render_tftp_server(const v1::TftpServerReport& r);

// "1.5 MB/s" style rate, decimal units.
std::string format_rate(double bytes_per_second);

}  // namespace udplab::report
