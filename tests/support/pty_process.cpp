#include "support/pty_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace udplab::test {

using Clock = std::chrono::steady_clock;

PtyProcess::PtyProcess(const std::vector<std::string>& argv, unsigned short columns, unsigned short rows) {
  master_fd_ = ::posix_openpt(O_RDWR | O_NOCTTY);
  if (master_fd_ < 0 || ::grantpt(master_fd_) != 0 || ::unlockpt(master_fd_) != 0)
    throw std::runtime_error("no pseudo-terminal");
  const std::string slave_name = ::ptsname(master_fd_);
  // Held open here too: a terminal whose other end no one has open reads as closed (EIO), which
  // it is until the child has opened it.
  slave_fd_ = ::open(slave_name.c_str(), O_RDWR | O_NOCTTY);
  if (slave_fd_ < 0) throw std::runtime_error("cannot open " + slave_name);
  winsize size{};
  size.ws_col = columns;
  size.ws_row = rows;
  ::ioctl(master_fd_, TIOCSWINSZ, &size);
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    // A session of its own, with the terminal as its controlling terminal: Ctrl-C typed at the
    // terminal reaches it (and only it) as a person's would.
    ::setsid();
    const int slave = ::open(slave_name.c_str(), O_RDWR);
    if (slave < 0) _exit(126);
    ::ioctl(slave, TIOCSCTTY, 0);
    for (int fd = 0; fd < 3; ++fd) ::dup2(slave, fd);
    if (slave > 2) ::close(slave);
    ::close(master_fd_);
    ::close(slave_fd_);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    std::fprintf(stderr, "exec %s: %s\n", args[0], std::strerror(errno));
    _exit(127);
  }
  ::fcntl(master_fd_, F_SETFL, O_NONBLOCK);
}

PtyProcess::~PtyProcess() {
  if (!reaped(false)) {
    ::kill(pid_, SIGKILL);
    reaped(true);
  }
  if (master_fd_ >= 0) ::close(master_fd_);
  if (slave_fd_ >= 0) ::close(slave_fd_);
}

void PtyProcess::type(std::string_view keys) {
  while (!keys.empty()) {
    const ssize_t n = ::write(master_fd_, keys.data(), keys.size());
    if (n < 0 && errno == EAGAIN) {
      pump(std::chrono::milliseconds(10));
      continue;
    }
    if (n <= 0) throw std::runtime_error("cannot write to the pseudo-terminal");
    keys.remove_prefix(static_cast<std::size_t>(n));
  }
}

// Reads what the program drew so far.
void PtyProcess::pump(std::chrono::milliseconds timeout) {
  if (master_fd_ < 0) return;
  pollfd p{master_fd_, POLLIN, 0};
  ::poll(&p, 1, static_cast<int>(timeout.count()));
  char buf[4096];
  while (true) {
    const ssize_t n = ::read(master_fd_, buf, sizeof buf);
    if (n > 0) {
      drawn_.append(buf, static_cast<std::size_t>(n));
      continue;
    }
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
      ::close(master_fd_);
      master_fd_ = -1;
    }
    return;
  }
}

bool PtyProcess::wait_for(std::string_view text, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (visible().find(text) == std::string::npos) {
    if (Clock::now() >= deadline || reaped(false)) {
      pump(std::chrono::milliseconds(0));
      return visible().find(text) != std::string::npos;
    }
    pump(std::chrono::milliseconds(50));
  }
  return true;
}

bool PtyProcess::reaped(bool block) {
  if (exited_) return true;
  int status = 0;
  if (::waitpid(pid_, &status, block ? 0 : WNOHANG) != pid_) return false;
  decode_status(status, result_);
  exited_ = true;
  return true;
}

ProcessResult PtyProcess::wait(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (!reaped(false)) {
    if (Clock::now() >= deadline) {
      result_.timed_out = true;
      ::kill(pid_, SIGKILL);
      reaped(true);
      break;
    }
    pump(std::chrono::milliseconds(20));
  }
  pump(std::chrono::milliseconds(0));
  result_.out = drawn_;
  return result_;
}

std::string PtyProcess::visible() const { return visible_text(drawn_); }

std::string visible_text(std::string_view drawn) {
  std::string text;
  for (std::size_t i = 0; i < drawn.size(); ++i) {
    if (drawn[i] != '\033') {
      if (drawn[i] != '\r') text += drawn[i];
      continue;
    }
    if (i + 1 < drawn.size() && drawn[i + 1] == '[') {  // CSI: parameters, then a final byte @..~
      std::size_t end = i + 2;
      while (end < drawn.size() && !(drawn[end] >= '@' && drawn[end] <= '~')) ++end;
      if (end < drawn.size() && drawn[end] == 'C') {
        const int n = end > i + 2 ? std::atoi(std::string(drawn.substr(i + 2, end - i - 2)).c_str()) : 1;
        text.append(static_cast<std::size_t>(std::max(n, 0)), ' ');
      }
      i = end;
    } else if (i + 1 < drawn.size() && drawn[i + 1] == ']') {  // OSC: up to BEL or ST
      std::size_t end = drawn.find_first_of("\a\033", i + 2);
      if (end == std::string_view::npos) end = drawn.size();
      i = drawn[end < drawn.size() ? end : drawn.size() - 1] == '\033' ? end + 1 : end;
    } else {
      ++i;  // a two-byte sequence
    }
  }
  return text;
}

}  // namespace udplab::test
