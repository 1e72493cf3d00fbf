// Runs programs for CLI and interop tests: capture stdout/stderr and the exit status, with a
// timeout, or keep one running in the background and read its output line by line.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace udplab::test {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal (signal in `signal`)
  int signal = 0;
  bool timed_out = false;
  long peak_rss_kib = 0;  // the process's largest resident set (wait4's ru_maxrss)
  std::string out;
  std::string err;
};

// Fills exit_code or signal from a wait status (waitpid's).
void decode_status(int status, ProcessResult& r);

ProcessResult run_process(const std::vector<std::string>& argv, std::chrono::milliseconds timeout = std::chrono::seconds(60),
                          const std::string& input = "");

class BackgroundProcess {
 public:
  explicit BackgroundProcess(const std::vector<std::string>& argv);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  // The next line of stdout, or nothing if none arrives in time (or the process ended).
  std::optional<std::string> read_line(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Sends `sig` (SIGTERM by default) and collects the rest of the output and the exit status.
  ProcessResult stop(int sig = 15, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Waits for the process to exit by itself.
  ProcessResult wait(std::chrono::milliseconds timeout = std::chrono::seconds(30));
  int pid() const { return pid_; }

 private:
  void pump(std::chrono::milliseconds timeout);
  int pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string out_buffer_;
  std::string out_seen_;
  std::string err_;
  bool exited_ = false;
  ProcessResult result_;
};

// The udplab binary under test.
std::string udplab_binary();
// True when `program` is on PATH.
bool have_program(const std::string& program);
// A UDP port that was free a moment ago on 127.0.0.1 (bind to port 0, read it, close).
std::uint16_t free_udp_port();
// A UDP socket bound to 127.0.0.1:port, kept open until the object dies (to make a port busy).
class HeldPort {
 public:
  explicit HeldPort(std::uint16_t port = 0);
  ~HeldPort();
  std::uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};
// Waits until some socket is bound to UDP `port` (IPv4 or IPv6), by reading /proc/net/udp*.
bool wait_for_udp_port(std::uint16_t port, std::chrono::milliseconds timeout = std::chrono::seconds(10));
// True when peers that CI installs must be present (UDPLAB_REQUIRE_PEERS=1): tests then fail
// instead of skipping when one is missing.
bool peers_required();
// Number of lines in `text`.
std::size_t count_lines(const std::string& text);

}  // namespace udplab::test
