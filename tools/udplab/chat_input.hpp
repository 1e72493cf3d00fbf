// What `udplab chat` reads from its standard input: bytes from a reader thread handed to the
// runtime's loop, and the terminal switched to raw mode while a person types.
//
// The reader thread (the seed's "second thread" of a full-duplex chat) only moves bytes: it
// posts each chunk, and the end of input, into the runtime, so the engine and every print stay on
// the loop's one thread.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include <termios.h>

#include "transport/runtime.hpp"

namespace udplab::cli {

class StdinReader {
 public:
  StdinReader(transport::Runtime& runtime, std::function<void(std::string)> on_bytes, std::function<void()> on_end);
  ~StdinReader();  // stops and joins the thread (it polls, so this takes at most ~100 ms)
  StdinReader(const StdinReader&) = delete;
  StdinReader& operator=(const StdinReader&) = delete;

 private:
  void run();
  transport::Runtime& runtime_;
  std::function<void(std::string)> on_bytes_;
  std::function<void()> on_end_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// Splits a byte stream into lines (LF, with an optional CR before it). A line longer than
// `max_bytes` is not kept: only its length is, so a flood without newlines cannot grow memory.
class LineSplitter {
 public:
  explicit LineSplitter(std::size_t max_bytes) : max_bytes_(max_bytes) {}
  // Calls `line` for each finished line, `too_long` with the length of each line over the limit.
  void feed(std::string_view bytes, const std::function<void(std::string)>& line,
            const std::function<void(std::size_t)>& too_long);
  // The unfinished last line, if any (at the end of input), as for feed().
  void flush(const std::function<void(std::string)>& line, const std::function<void(std::size_t)>& too_long);

 private:
  void append(char c);
  std::size_t max_bytes_;
  std::string buffer_;
  std::size_t length_ = 0;  // of the current line, also when it is no longer kept
  bool pending_cr_ = false;  // a CR that ends the line if an LF follows
};

// Turns off the terminal's own line editing and echo (ICANON, ECHO) while it lives; signals
// (Ctrl-C) and output processing stay on. Restores the settings on destruction.
class RawTerminal {
 public:
  RawTerminal();
  ~RawTerminal();
  RawTerminal(const RawTerminal&) = delete;
  RawTerminal& operator=(const RawTerminal&) = delete;
  bool active() const { return active_; }
  // Columns of the terminal (80 when unknown).
  static std::size_t columns();

 private:
  termios saved_{};
  bool active_ = false;
};

bool stdin_is_terminal();

}  // namespace udplab::cli
