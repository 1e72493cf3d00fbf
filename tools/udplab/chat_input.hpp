// What `udplab chat` reads from its standard input: bytes from a reader thread handed to the
// runtime's loop. The terminal itself (raw mode, width, reads that wait a bounded time) is behind
// the terminal seam (terminal.hpp); nothing here depends on the platform.
//
// The reader thread (the seed's "second thread" of a full-duplex chat) only moves bytes: it
// posts each chunk, and the end of input, into the runtime, so the engine and every print stay on
// the loop's one thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "transport/runtime.hpp"

namespace udplab::cli {

class StdinReader {
 public:
  StdinReader(transport::Runtime& runtime, std::function<void(std::string)> on_bytes, std::function<void()> on_end);
  // Stops the thread: each read waits at most ~100 ms, and a read that cannot (a Windows console
  // in line mode) is cancelled, so this returns promptly. A read that cannot be cancelled either
  // is left to finish on its own: the thread is detached and posts nothing more.
  ~StdinReader();
  StdinReader(const StdinReader&) = delete;
  StdinReader& operator=(const StdinReader&) = delete;

 private:
  struct Shared;  // what the thread and this object share, kept alive by both
  static void run(std::shared_ptr<Shared> shared);
  transport::Runtime& runtime_;
  std::function<void(std::string)> on_bytes_;
  std::function<void()> on_end_;
  std::shared_ptr<Shared> shared_;
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

}  // namespace udplab::cli
