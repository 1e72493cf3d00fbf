// The TFTP client and server as workloads: engines + sockets + drivers + report messages, the same
// in the CLI (live sockets) and in `udplab sim` (simulated hosts).
//
// The server is a Listener on the request port and one ServerSession per transfer, each on its own
// socket (its transfer ID) bound through the Runtime with its own Driver and timer. A session that
// ends is logged (on_transfer) and destroyed from the runtime's loop, never from inside its own
// callbacks. A request repeated while its session has not heard from the client yet is the same
// request again (the client timed out before our answer arrived) and starts nothing new.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "tftp/client.hpp"
#include "tftp/listener.hpp"
#include "tftp/server_session.hpp"
#include "transport/driver.hpp"
#include "workload/workload.hpp"

namespace udplab::workload {

struct TftpClientSetup {
  tftp::ClientConfig config;
  std::string local;                // the local file name, for the report
  bool hash = false;                // compute the SHA-256 of the content
  std::string expected_sha256;      // netsim: what the content should hash to
  net::Endpoint bind{};             // local address; port 0 picks one
};

class TftpClientWorkload final : public Workload {
 public:
  TftpClientWorkload(transport::Runtime& runtime, TftpClientSetup setup, std::unique_ptr<tftp::WriteFile> sink);
  TftpClientWorkload(transport::Runtime& runtime, TftpClientSetup setup, std::unique_ptr<tftp::ReadFile> source);
  void on_event(std::function<void(const tftp::Event&)> fn) { on_event_ = std::move(fn); }

  std::optional<std::string> start() override;
  bool finite() const override { return true; }
  bool finished() const override { return engine_.finished(); }
  // Cancels a running transfer (ERROR 0 to the server; a download is not kept).
  void stop() override;
  void fill_report(v1::WorkloadReport& report) const override;
  v1::TftpTransferReport report() const;
  const tftp::Client& engine() const { return engine_; }

 private:
  transport::Runtime& runtime_;
  TftpClientSetup setup_;
  std::shared_ptr<std::string> digest_ = std::make_shared<std::string>();
  tftp::Client engine_;
  std::unique_ptr<transport::Driver<tftp::Client>> driver_;
  std::function<void(const tftp::Event&)> on_event_;
};

struct TftpServerSetup {
  net::Endpoint bind;  // the request port; sessions bind the same address with port 0
  tftp::ListenerConfig listener;
  tftp::SessionConfig session;
  transport::BindOptions session_socket;  // socket buffers for sessions
  std::size_t log_capacity = 1000;        // transfers kept for the report
};

class TftpServerWorkload final : public Workload {
 public:
  TftpServerWorkload(transport::Runtime& runtime, std::shared_ptr<tftp::FileStore> store, TftpServerSetup setup);
  ~TftpServerWorkload() override;
  // Called once per transfer when it ends: the server's log line.
  void on_transfer(std::function<void(const v1::TftpServerTransfer&)> fn) { on_transfer_ = std::move(fn); }
  // Adds what the store holds to the report (netsim).
  void on_report(std::function<void(v1::TftpServerReport&)> fn) { on_report_ = std::move(fn); }

  std::optional<std::string> start() override;
  bool finite() const override { return false; }
  bool finished() const override { return false; }
  // Ends every running transfer (ERROR 0 "Server shutting down") and closes the request port.
  void stop() override;
  void fill_report(v1::WorkloadReport& report) const override;
  v1::TftpServerReport report() const;
  net::Endpoint local_endpoint() const { return local_; }
  std::size_t active_sessions() const { return sessions_.size(); }

 private:
  struct Session {
    Session(tftp::ServerSession::Request r, net::Endpoint from, tftp::FileStore& store, tftp::SessionConfig c)
        : engine(std::move(r), from, store, std::move(c)) {}
    tftp::ServerSession engine;
    std::unique_ptr<transport::Driver<tftp::ServerSession>> driver;
  };
  void on_request(const tftp::listener_event::Request& request);
  void finish_session(std::uint64_t id);
  void record(v1::TftpServerTransfer transfer);

  transport::Runtime& runtime_;
  std::shared_ptr<tftp::FileStore> store_;
  TftpServerSetup setup_;
  tftp::Listener listener_;
  std::unique_ptr<transport::Driver<tftp::Listener>> listener_driver_;
  net::Endpoint local_;
  std::map<std::uint64_t, std::unique_ptr<Session>> sessions_;
  std::uint64_t next_id_ = 1;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  v1::TftpServerReport totals_;
  std::deque<v1::TftpServerTransfer> log_;
  std::function<void(const v1::TftpServerTransfer&)> on_transfer_;
  std::function<void(v1::TftpServerReport&)> on_report_;
};

}  // namespace udplab::workload
