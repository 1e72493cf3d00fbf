// ServerSession: the server's engine for one transfer, on its own socket (its transfer ID). The
// listener (tftp/listener.hpp) decodes the request and hands it over. See transport/engine.hpp for
// the engine contract and tftp/transfer.hpp for the rules every transfer follows.
//
//   start   mail mode: ERROR 4. Opens the file through the FileStore (a refusal is sent as ERROR:
//           2 for names outside the root, 1 missing, 6 exists, ...), negotiates the options
//           (tftp/options.hpp negotiate(); an upload whose tsize does not fit gets ERROR 3), then
//             RRQ  OACK, and DATA 1 once ACK 0 comes; without options DATA 1 at once
//             WRQ  OACK or ACK 0, then receives
//   then    Transfer's DATA/ACK exchange; an upload is committed to the store only when complete.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "tftp/file_store.hpp"
#include "tftp/transfer.hpp"

namespace udplab::tftp {

struct SessionConfig {
  ServerLimits limits;  // option negotiation limits (max blksize, windowsize, write size...)
  Timing timing;
  // What an upload's window must fit in: the session socket's own receive buffer, which the
  // server receives the window into (limits.max_window_bytes is about a client's buffer, for
  // downloads). None: limits.max_window_bytes for both directions.
  std::optional<std::uint64_t> upload_window_bytes;
};

class ServerSession final : public Transfer {
 public:
  using Request = std::variant<Rrq, Wrq>;

  ServerSession(Request request, net::Endpoint client, FileStore& store, SessionConfig config);

  void start(Time now);
  void on_datagram(Time now, const transport::Datagram& d);

  const Request& request() const { return request_; }
  const net::Endpoint& client() const { return client_; }
  Direction direction() const { return std::holds_alternative<Rrq>(request_) ? Direction::read : Direction::write; }
  const std::string& filename() const;
  // The options the OACK carried, as "blksize=1468 tsize=1000" (empty: none).
  const std::string& acknowledged_options() const { return oack_text_; }

 private:
  void start_read(Time now, const Rrq& rrq);
  void start_write(Time now, const Wrq& wrq);
  void refuse(Time now, const Refusal& refusal);
  bool send_oack(Time now, const Options& options);

  Request request_;
  net::Endpoint client_;
  FileStore& store_;
  SessionConfig config_;
  std::unique_ptr<ReadFile> source_;
  std::unique_ptr<WriteFile> sink_;
  std::string oack_text_;
};

}  // namespace udplab::tftp
