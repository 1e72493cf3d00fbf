#include "support/process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace udplab::test {
namespace {

using Clock = std::chrono::steady_clock;

pid_t spawn(const std::vector<std::string>& argv, int& in_fd, int& out_fd, int& err_fd) {
  int in[2], out[2], err[2];
  if (pipe(in) != 0 || pipe(out) != 0 || pipe(err) != 0) throw std::runtime_error("pipe failed");
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) close(fd);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    std::fprintf(stderr, "exec %s: %s\n", args[0], std::strerror(errno));
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  in_fd = in[1];
  out_fd = out[0];
  err_fd = err[0];
  fcntl(out_fd, F_SETFL, O_NONBLOCK);
  fcntl(err_fd, F_SETFL, O_NONBLOCK);
  return pid;
}

// Reads what is available from the fds into the strings; returns false when both are closed.
bool read_available(int& out_fd, int& err_fd, std::string& out, std::string& err, int wait_ms) {
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  if (out_fd < 0 && err_fd < 0) return false;
  poll(fds, 2, wait_ms);
  char buf[65536];
  for (int i = 0; i < 2; ++i) {
    int& fd = i == 0 ? out_fd : err_fd;
    std::string& dst = i == 0 ? out : err;
    if (fd < 0) continue;
    while (true) {
      ssize_t n = read(fd, buf, sizeof buf);
      if (n > 0) {
        dst.append(buf, static_cast<std::size_t>(n));
        continue;
      }
      if (n == 0) {
        close(fd);
        fd = -1;
      }
      break;
    }
  }
  return out_fd >= 0 || err_fd >= 0;
}

}  // namespace

void decode_status(int status, ProcessResult& r) {
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
}

ProcessResult run_process(const std::vector<std::string>& argv, std::chrono::milliseconds timeout, const std::string& input) {
  int in_fd, out_fd, err_fd;
  pid_t pid = spawn(argv, in_fd, out_fd, err_fd);
  if (!input.empty()) {
    ssize_t ignored = write(in_fd, input.data(), input.size());
    (void)ignored;
  }
  close(in_fd);
  ProcessResult r;
  const auto deadline = Clock::now() + timeout;
  while (read_available(out_fd, err_fd, r.out, r.err, 50)) {
    if (Clock::now() > deadline) {
      r.timed_out = true;
      kill(pid, SIGKILL);
      break;
    }
  }
  if (out_fd >= 0) close(out_fd);
  if (err_fd >= 0) close(err_fd);
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  r.peak_rss_kib = usage.ru_maxrss;
  decode_status(status, r);
  return r;
}

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& argv) {
  int in_fd;
  pid_ = spawn(argv, in_fd, out_fd_, err_fd_);
  close(in_fd);
}

BackgroundProcess::~BackgroundProcess() {
  if (!exited_) stop(SIGKILL);
}

void BackgroundProcess::pump(std::chrono::milliseconds timeout) {
  std::string out;
  read_available(out_fd_, err_fd_, out, err_, static_cast<int>(timeout.count()));
  out_buffer_ += out;
  out_seen_ += out;
}

std::optional<std::string> BackgroundProcess::read_line(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (true) {
    auto nl = out_buffer_.find('\n');
    if (nl != std::string::npos) {
      std::string line = out_buffer_.substr(0, nl);
      out_buffer_.erase(0, nl + 1);
      return line;
    }
    if (Clock::now() > deadline || (out_fd_ < 0 && err_fd_ < 0)) return std::nullopt;
    pump(std::chrono::milliseconds(50));
  }
}

ProcessResult BackgroundProcess::wait(std::chrono::milliseconds timeout) {
  if (exited_) return result_;
  const auto deadline = Clock::now() + timeout;
  while ((out_fd_ >= 0 || err_fd_ >= 0) && Clock::now() < deadline) pump(std::chrono::milliseconds(50));
  int status = 0;
  rusage usage{};
  // The pipes close a moment before the process is gone: poll until the deadline.
  while (wait4(pid_, &status, WNOHANG, &usage) == 0) {
    if (Clock::now() >= deadline) {
      result_.timed_out = true;
      kill(pid_, SIGKILL);
      wait4(pid_, &status, 0, &usage);
      break;
    }
    usleep(10'000);
  }
  result_.peak_rss_kib = usage.ru_maxrss;
  if (out_fd_ >= 0) close(out_fd_);
  if (err_fd_ >= 0) close(err_fd_);
  out_fd_ = err_fd_ = -1;
  decode_status(status, result_);
  result_.out = out_seen_;
  result_.err = err_;
  exited_ = true;
  return result_;
}

ProcessResult BackgroundProcess::stop(int sig, std::chrono::milliseconds timeout) {
  if (exited_) return result_;
  kill(pid_, sig);
  return wait(timeout);
}

std::string udplab_binary() { return UDPLAB_BINARY; }

bool have_program(const std::string& program) {
  return run_process({"sh", "-c", "command -v " + program + " >/dev/null 2>&1"}).exit_code == 0;
}

HeldPort::HeldPort(std::uint16_t port) {
  fd_ = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw std::runtime_error("cannot bind test port");
  socklen_t len = sizeof a;
  getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
}

HeldPort::~HeldPort() {
  if (fd_ >= 0) close(fd_);
}

std::uint16_t free_udp_port() { return HeldPort().port(); }

bool wait_for_udp_port(std::uint16_t port, std::chrono::milliseconds timeout) {
  char needle[16];
  std::snprintf(needle, sizeof needle, ":%04X ", port);
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    for (const char* table : {"/proc/net/udp", "/proc/net/udp6"}) {
      std::FILE* f = std::fopen(table, "r");
      if (!f) continue;
      char line[512];
      bool found = false;
      while (std::fgets(line, sizeof line, f)) {
        // "  sl  local_address rem_address ...": the local address is the second column.
        const char* local = std::strchr(line, ':');
        if (local && (local = std::strchr(local + 1, ':')) && std::strncmp(local, needle, 6) == 0) found = true;
      }
      std::fclose(f);
      if (found) return true;
    }
    usleep(20'000);
  }
  return false;
}

bool peers_required() {
  const char* v = std::getenv("UDPLAB_REQUIRE_PEERS");
  return v != nullptr && std::string(v) == "1";
}

std::size_t count_lines(const std::string& text) {
  std::size_t n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

}  // namespace udplab::test
