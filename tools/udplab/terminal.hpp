// The terminal seam: what the programs need of the terminal, of standard input and of text going
// to the terminal, one implementation file per platform picked by CMake (terminal_posix.cpp:
// termios, poll, ioctl; terminal_windows.cpp: the console API, pipes and files). No platform
// header is seen here.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <span>

namespace udplab::cli::terminal {

// True when standard input is a terminal a person types at (Windows: a console; _isatty() alone
// would also say so of the NUL device).
bool stdin_is_terminal();

// True when standard output / standard error is a terminal (Windows: a console).
bool stdout_is_terminal();
bool stderr_is_terminal();

// While it lives, what the program writes to std::cout and std::cerr reaches a terminal as the
// UTF-8 text it is. A Windows console is written in UTF-16 (WriteConsoleW), because the C runtime
// re-encodes bytes on their way to a console with the locale's code page (Wine's does: "\xc3\xa9"
// shows as two characters). Pipes, files, and every stream on POSIX systems are left alone.
class Utf8Output {
 public:
  Utf8Output();
  ~Utf8Output();
  Utf8Output(const Utf8Output&) = delete;
  Utf8Output& operator=(const Utf8Output&) = delete;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Columns of the terminal standard output shows in (80 when unknown).
std::size_t columns();

// While it lives, the terminal (standard input) hands over each key as it is typed, without
// echoing it: its own line editing is off, while Ctrl-C still interrupts. Output understands the
// VT escape codes `udplab chat` redraws its input line with ("\r\033[K"), and (Windows) takes
// UTF-8. Everything is restored on destruction.
class RawMode {
 public:
  RawMode();
  ~RawMode();
  RawMode(const RawMode&) = delete;
  RawMode& operator=(const RawMode&) = delete;
  bool active() const { return saved_ != nullptr; }

 private:
  struct Saved;  // the platform's settings before
  std::unique_ptr<Saved> saved_;
};

// Standard input, read by one thread in chunks of bytes (UTF-8 from a Windows console), each read
// waiting a bounded time so that the thread can be told to stop.
class Input {
 public:
  Input();
  ~Input();
  Input(const Input&) = delete;
  Input& operator=(const Input&) = delete;

  enum class Status { data, nothing_yet, end };
  struct Chunk {
    Status status = Status::nothing_yet;
    std::size_t size = 0;  // bytes placed at the start of the buffer (data)
  };
  // Waits up to about `wait` for input and reads what there is into `buffer` (at least 8 bytes).
  // `end`: end of input, an error, or interrupt() was called.
  Chunk read(std::span<char> buffer, std::chrono::milliseconds wait);

  // From another thread: makes the reading thread's read() return soon, also from a read that
  // cannot wait a bounded time (Windows: a console in line mode). False when that could not be
  // done; the reading thread may then stay in read() until the next input.
  bool interrupt();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace udplab::cli::terminal
