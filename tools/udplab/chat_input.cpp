#include "chat_input.hpp"

#include <cerrno>

#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace udplab::cli {

StdinReader::StdinReader(transport::Runtime& runtime, std::function<void(std::string)> on_bytes,
                         std::function<void()> on_end)
    : runtime_(runtime), on_bytes_(std::move(on_bytes)), on_end_(std::move(on_end)), thread_([this] { run(); }) {}

StdinReader::~StdinReader() {
  stop_ = true;
  thread_.join();
}

void StdinReader::run() {
  char buffer[4096];
  while (!stop_) {
    pollfd p{STDIN_FILENO, POLLIN, 0};
    const int ready = ::poll(&p, 1, 100);
    if (ready == 0 || (ready < 0 && errno == EINTR)) continue;
    const ssize_t n = ready < 0 ? -1 : ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      runtime_.post([this] { on_end_(); });
      return;
    }
    runtime_.post([this, bytes = std::string(buffer, static_cast<std::size_t>(n))]() mutable { on_bytes_(std::move(bytes)); });
  }
}

void LineSplitter::feed(std::string_view bytes, const std::function<void(std::string)>& line,
                        const std::function<void(std::size_t)>& too_long) {
  for (char c : bytes) {
    if (c == '\n') {
      pending_cr_ = false;  // CR LF ends a line like LF
      flush(line, too_long);
      continue;
    }
    if (pending_cr_) append('\r');
    pending_cr_ = c == '\r';
    if (!pending_cr_) append(c);
  }
}

void LineSplitter::append(char c) {
  if (++length_ <= max_bytes_) buffer_.push_back(c);
}

void LineSplitter::flush(const std::function<void(std::string)>& line, const std::function<void(std::size_t)>& too_long) {
  pending_cr_ = false;
  if (length_ > max_bytes_)
    too_long(length_);
  else if (length_ > 0)
    line(std::move(buffer_));
  buffer_.clear();
  length_ = 0;
}

RawTerminal::RawTerminal() {
  if (::tcgetattr(STDIN_FILENO, &saved_) != 0) return;
  termios raw = saved_;
  raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
  raw.c_cc[VMIN] = 1;
  raw.c_cc[VTIME] = 0;
  active_ = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) == 0;
}

RawTerminal::~RawTerminal() {
  if (active_) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
}

std::size_t RawTerminal::columns() {
  winsize w{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col > 0) return w.ws_col;
  return 80;
}

bool stdin_is_terminal() { return ::isatty(STDIN_FILENO) != 0; }

}  // namespace udplab::cli
