// The terminal seam on POSIX systems: termios for raw mode, TIOCGWINSZ for the width, poll() for
// reads that wait a bounded time (so interrupt() has nothing to do: a read returns within `wait`).
#include "terminal.hpp"

#include <cerrno>

#include <poll.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

namespace udplab::cli::terminal {

bool stdin_is_terminal() { return ::isatty(STDIN_FILENO) != 0; }

bool stdout_is_terminal() { return ::isatty(STDOUT_FILENO) != 0; }
bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) != 0; }

struct Utf8Output::State {};
Utf8Output::Utf8Output() = default;
Utf8Output::~Utf8Output() = default;

std::size_t columns() {
  winsize w{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col > 0) return w.ws_col;
  return 80;
}

struct RawMode::Saved {
  termios settings{};
};

// ICANON and ECHO off; ISIG (Ctrl-C) and output processing stay on. The terminal already
// understands escape codes and the encoding is the locale's.
RawMode::RawMode() {
  auto saved = std::make_unique<Saved>();
  if (::tcgetattr(STDIN_FILENO, &saved->settings) != 0) return;
  termios raw = saved->settings;
  raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
  raw.c_cc[VMIN] = 1;
  raw.c_cc[VTIME] = 0;
  if (::tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) == 0) saved_ = std::move(saved);
}

RawMode::~RawMode() {
  if (saved_) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_->settings);
}

struct Input::State {};

Input::Input() = default;
Input::~Input() = default;

Input::Chunk Input::read(std::span<char> buffer, std::chrono::milliseconds wait) {
  pollfd p{STDIN_FILENO, POLLIN, 0};
  const int ready = ::poll(&p, 1, static_cast<int>(wait.count()));
  if (ready == 0 || (ready < 0 && errno == EINTR)) return {Status::nothing_yet, 0};
  const ssize_t n = ready < 0 ? -1 : ::read(STDIN_FILENO, buffer.data(), buffer.size());
  if (n < 0 && errno == EINTR) return {Status::nothing_yet, 0};
  if (n <= 0) return {Status::end, 0};
  return {Status::data, static_cast<std::size_t>(n)};
}

bool Input::interrupt() { return true; }

}  // namespace udplab::cli::terminal
