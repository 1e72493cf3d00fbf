// LiveRuntime: the transport::Runtime on real UDP sockets (Boost.Asio, one io_context, one thread).
//
// Asio stays out of this header so that engines and tools compile fast. On Linux, sockets read and
// write in batches (recvmmsg/sendmmsg) and answers sent while a batch is being handled leave in one
// sendmmsg, runs of one size to one peer as one GSO send (UDP_SEGMENT); a socket receiving bursts
// takes such runs whole (UDP_GRO) and cuts them up itself. Elsewhere (macOS, the BSDs, Windows), in
// a build with UDPLAB_PORTABLE_SOCKETS (CMake option: Linux then runs that same path), and when
// batching is switched off, they fall back to one receive_from/send_to per datagram. The engines
// cannot tell the difference.
//
// Platform differences sit behind two seams of lib/live, one file per platform picked by CMake:
// socket_platform.hpp (address reuse, Windows' ICMP reports) and interfaces.hpp (broadcast
// addresses).
#pragma once

#include <chrono>
#include <csignal>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "transport/runtime.hpp"

namespace udplab::live {

struct LiveOptions {
  bool batch_io = true;          // recvmmsg/sendmmsg where the platform has them
  std::size_t batch_size = 32;   // datagrams per system call
  // After a datagram is handled and its answers are sent, keep asking the socket for the next one
  // this long before going back to sleep in the reactor (batch mode only; 0: never). A peer in
  // lock-step (TFTP without windows, a request/response) answers within microseconds on a LAN or
  // loopback; catching that answer without sleeping saves both sides a wake-up, which on a virtual
  // machine costs more than the rest of the exchange (docs/benchmarks.md has the figures). Spins
  // that catch nothing are tried less and less often, so a slow or quiet peer costs next to nothing.
  std::chrono::microseconds spin{20};
};

class LiveRuntime final : public transport::Runtime {
 public:
  explicit LiveRuntime(LiveOptions options = {});
  ~LiveRuntime() override;

  Time now() const override;
  std::expected<std::unique_ptr<transport::Socket>, std::error_code> bind(
      const net::Endpoint& local, const transport::BindOptions& options = {}) override;
  std::unique_ptr<transport::Timer> make_timer() override;
  std::vector<net::IpAddress> broadcast_addresses() const override;
  void post(std::function<void()> fn) override;

  // Runs handlers until stop() or until nothing is left to do.
  void run();
  // Runs handlers for at most `d` of wall time.
  void run_for(Duration d);
  void stop();
  // Calls `handler(signal_number)` on SIGINT or SIGTERM, and on Windows SIGBREAK (Ctrl-Break) (once
  // per signal, from the loop).
  void on_signal(std::function<void(int)> handler);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// True when batched system calls (recvmmsg/sendmmsg) are compiled in: Linux, unless built with
// UDPLAB_PORTABLE_SOCKETS. Spinning (LiveOptions::spin) and GSO sends come with them.
bool batch_io_available();
// True when coalesced receives (UDP_GRO, see ReceiveStats) are compiled in (a kernel older than
// 5.0 may still refuse them at run time).
bool coalesced_receives_available();

// How a live socket has been receiving, for tests and diagnostics. On Linux a socket that receives
// bursts turns on coalesced receives (UDP_GRO): a peer's GSO send then arrives as one run, which
// the socket cuts back into its datagrams; it turns them off again when datagrams come one by one.
struct ReceiveStats {
  std::uint64_t coalesced_runs = 0;  // runs received coalesced so far
  bool coalescing = false;           // coalesced receives are on now
  std::uint64_t spun = 0;            // datagrams caught by spinning (LiveOptions::spin)
};
// Nothing for a socket that is not a live one.
std::optional<ReceiveStats> receive_stats(const transport::Socket& socket);

}  // namespace udplab::live
