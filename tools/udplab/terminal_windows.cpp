// The terminal seam on Windows: the console API, and pipes and files for redirected input.
//
// How read() waits a bounded time, by what standard input is:
// - A console in raw mode (RawMode, interactive chat): WaitForSingleObject on the input handle,
//   then ReadConsoleW only when a key with a character is queued. The handle is also signalled by
//   events that carry no text (focus, mouse, key releases, arrow keys): ReadConsoleW would swallow
//   them and block until the next character, so they are taken out with ReadConsoleInputW
//   instead. UTF-16 becomes UTF-8 (a surrogate pair split between two reads is kept for the
//   next); Ctrl-Z, Windows' end-of-input key, becomes Ctrl-D, the line editor's.
// - A console in line mode (stdin a console, stdout not: `udplab chat HOST:PORT > log`): the
//   console edits and echoes the line only while a ReadConsoleW is pending, so that read must
//   block until Enter. interrupt() ends it with CancelSynchronousIo (Windows 8 and later; the
//   console then drops the half-typed line, which is fine when leaving).
// - A pipe: PeekNamedPipe every 10 ms, and ReadFile only of what is already there, so no read
//   ever blocks: the reader stops within one poll, with no race (a blocking ReadFile cancelled by
//   CancelSynchronousIo needs retries for a cancel that comes before the read starts) and no
//   need for an overlapped handle, which an inherited anonymous pipe is not. A pipe that cannot
//   be peeked at (Wine, for a pipe from a Unix shell: ERROR_NOT_SUPPORTED) is read like a device.
// - A file: ReadFile, which does not wait. Any other device (the NUL device ends at once; a
//   serial line could wait): a blocking ReadFile, cancelled as for the console in line mode.
// Where a cancel does not take (Wine cancels no pipe read), interrupt() says so after ~200 ms and
// StdinReader leaves its thread detached: the process may end while it waits.
#include "terminal.hpp"

#include <algorithm>
#include <cstring>
#include <iostream>
#include <mutex>
#include <streambuf>
#include <string>

#include <windows.h>

namespace udplab::cli::terminal {
namespace {

HANDLE std_input() { return ::GetStdHandle(STD_INPUT_HANDLE); }
HANDLE std_output() { return ::GetStdHandle(STD_OUTPUT_HANDLE); }

bool is_console(HANDLE h) {
  DWORD mode = 0;
  return h != nullptr && h != INVALID_HANDLE_VALUE && ::GetConsoleMode(h, &mode) != 0;
}

}  // namespace

bool stdin_is_terminal() { return is_console(std_input()); }
bool stdout_is_terminal() { return is_console(std_output()); }
bool stderr_is_terminal() { return is_console(::GetStdHandle(STD_ERROR_HANDLE)); }

namespace {

// Bytes at the end of `text` that start a UTF-8 sequence the text does not finish (0 to 3).
std::size_t unfinished_utf8_tail(const char* text, std::size_t n) {
  for (std::size_t back = 1; back <= std::min<std::size_t>(n, 3); ++back) {
    const auto c = static_cast<unsigned char>(text[n - back]);
    if ((c & 0xC0) == 0x80) continue;  // a continuation byte: look further back
    const std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}

// A stream buffer that writes UTF-8 to a console as UTF-16. A sequence split between two writes
// waits in the buffer for its end; invalid bytes become U+FFFD.
class ConsoleBuffer : public std::streambuf {
 public:
  explicit ConsoleBuffer(HANDLE console) : console_(console) { setp(buffer_, buffer_ + sizeof buffer_); }
  ~ConsoleBuffer() override { write_out(true); }

 protected:
  int_type overflow(int_type c) override {
    write_out(false);
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
    return c;
  }
  int sync() override {
    write_out(false);
    return 0;
  }

 private:
  void write_out(bool everything) {
    const auto held = static_cast<std::size_t>(pptr() - pbase());
    const std::size_t tail = everything ? 0 : unfinished_utf8_tail(pbase(), held);
    const std::size_t n = held - tail;
    if (n > 0) {
      std::wstring wide(n, L'\0');
      const int units = ::MultiByteToWideChar(CP_UTF8, 0, pbase(), static_cast<int>(n), wide.data(), static_cast<int>(n));
      for (int done = 0; done < units;) {
        DWORD written = 0;
        if (!::WriteConsoleW(console_, wide.data() + done, static_cast<DWORD>(units - done), &written, nullptr) ||
            written == 0)
          break;
        done += static_cast<int>(written);
      }
    }
    std::memmove(buffer_, pbase() + n, tail);
    setp(buffer_, buffer_ + sizeof buffer_);
    pbump(static_cast<int>(tail));
  }

  HANDLE console_;
  char buffer_[4096];
};

}  // namespace

struct Utf8Output::State {
  std::unique_ptr<ConsoleBuffer> out, err;
  std::streambuf* saved_out = nullptr;
  std::streambuf* saved_err = nullptr;
};

Utf8Output::Utf8Output() : state_(std::make_unique<State>()) {
  if (stdout_is_terminal()) {
    std::cout.flush();
    state_->out = std::make_unique<ConsoleBuffer>(std_output());
    state_->saved_out = std::cout.rdbuf(state_->out.get());
  }
  if (stderr_is_terminal()) {
    std::cerr.flush();
    state_->err = std::make_unique<ConsoleBuffer>(::GetStdHandle(STD_ERROR_HANDLE));
    state_->saved_err = std::cerr.rdbuf(state_->err.get());
  }
}

Utf8Output::~Utf8Output() {
  if (state_->out) {
    std::cout.flush();
    std::cout.rdbuf(state_->saved_out);
  }
  if (state_->err) {
    std::cerr.flush();
    std::cerr.rdbuf(state_->saved_err);
  }
}

std::size_t columns() {
  CONSOLE_SCREEN_BUFFER_INFO info{};
  if (::GetConsoleScreenBufferInfo(std_output(), &info) && info.srWindow.Right >= info.srWindow.Left)
    return static_cast<std::size_t>(info.srWindow.Right - info.srWindow.Left + 1);
  return 80;
}

struct RawMode::Saved {
  DWORD input_mode = 0;
  DWORD output_mode = 0;
  bool output_mode_changed = false;
  UINT output_code_page = 0;
};

// Line input and echo off; ENABLE_PROCESSED_INPUT stays on, so Ctrl-C still raises SIGINT (see
// LiveRuntime::on_signal) instead of arriving as a key. Output: VT processing on (Windows 10's
// console understands "\033[K" only with it) and the UTF-8 code page, for peers' text.
RawMode::RawMode() {
  const HANDLE in = std_input();
  auto saved = std::make_unique<Saved>();
  if (!::GetConsoleMode(in, &saved->input_mode)) return;
  const DWORD raw = (saved->input_mode & ~static_cast<DWORD>(ENABLE_LINE_INPUT | ENABLE_ECHO_INPUT)) | ENABLE_PROCESSED_INPUT;
  if (!::SetConsoleMode(in, raw)) return;
  const HANDLE out = std_output();
  if (::GetConsoleMode(out, &saved->output_mode))
    saved->output_mode_changed =
        ::SetConsoleMode(out, saved->output_mode | ENABLE_PROCESSED_OUTPUT | ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0;
  saved->output_code_page = ::GetConsoleOutputCP();
  if (saved->output_code_page != CP_UTF8 && !::SetConsoleOutputCP(CP_UTF8)) saved->output_code_page = 0;
  saved_ = std::move(saved);
}

RawMode::~RawMode() {
  if (!saved_) return;
  ::SetConsoleMode(std_input(), saved_->input_mode);
  if (saved_->output_mode_changed) ::SetConsoleMode(std_output(), saved_->output_mode);
  if (saved_->output_code_page != 0 && saved_->output_code_page != CP_UTF8) ::SetConsoleOutputCP(saved_->output_code_page);
}

struct Input::State {
  enum class Kind { console, pipe, file, device, none };
  HANDLE handle = nullptr;
  Kind kind = Kind::none;
  wchar_t pending_high_surrogate = 0;

  // A read that may block (console in line mode, devices): interrupt() cancels it.
  std::mutex mutex;
  bool interrupted = false;
  bool blocking = false;
  HANDLE reader_thread = nullptr;  // a real handle to the thread in the blocking read

  ~State() {
    if (reader_thread != nullptr) ::CloseHandle(reader_thread);
  }

  // Runs `read` (which returns false on failure) as a blocking call interrupt() can cancel.
  template <class Read>
  bool blocking_call(Read read) {
    {
      std::lock_guard lock(mutex);
      if (interrupted) return false;
      if (reader_thread == nullptr &&
          !::DuplicateHandle(::GetCurrentProcess(), ::GetCurrentThread(), ::GetCurrentProcess(), &reader_thread, 0,
                             FALSE, DUPLICATE_SAME_ACCESS))
        reader_thread = nullptr;
      blocking = true;
    }
    const bool ok = read();
    std::lock_guard lock(mutex);
    blocking = false;
    return ok && !interrupted;
  }
};

Input::Input() : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.handle = std_input();
  if (s.handle == nullptr || s.handle == INVALID_HANDLE_VALUE) return;  // no standard input at all
  if (is_console(s.handle)) {
    s.kind = State::Kind::console;
    return;
  }
  switch (::GetFileType(s.handle)) {
    case FILE_TYPE_PIPE: s.kind = State::Kind::pipe; break;
    case FILE_TYPE_DISK: s.kind = State::Kind::file; break;
    default: s.kind = State::Kind::device; break;
  }
}

Input::~Input() = default;

namespace {

// Whether a key with a character is queued; takes out the events before it that carry none.
bool console_text_waiting(HANDLE in) {
  INPUT_RECORD records[64];
  DWORD count = 0;
  if (!::PeekConsoleInputW(in, records, 64, &count) || count == 0) return false;
  for (DWORD i = 0; i < count; ++i) {
    const KEY_EVENT_RECORD& k = records[i].Event.KeyEvent;
    // A character comes with its key press, or with the release of Alt after Alt+numpad digits.
    if (records[i].EventType == KEY_EVENT && k.uChar.UnicodeChar != 0 && (k.bKeyDown || k.wVirtualKeyCode == VK_MENU)) {
      if (i == 0) return true;
      DWORD taken = 0;
      ::ReadConsoleInputW(in, records, i, &taken);  // the i events before it
      return true;
    }
  }
  DWORD taken = 0;
  ::ReadConsoleInputW(in, records, count, &taken);
  return false;
}

// UTF-16 from the console to UTF-8; returns the bytes written to `out`. In raw mode Ctrl-Z, the
// end-of-input key of Windows, becomes the line editor's Ctrl-D.
std::size_t to_utf8(const wchar_t* text, std::size_t n, bool raw, wchar_t& pending_high, std::span<char> out) {
  std::wstring units;
  units.reserve(n + 1);
  if (pending_high != 0) units.push_back(pending_high);
  pending_high = 0;
  units.append(text, n);
  if (!units.empty() && units.back() >= 0xD800 && units.back() <= 0xDBFF) {
    pending_high = units.back();  // its low half comes with the next read
    units.pop_back();
  }
  if (raw)
    for (wchar_t& c : units)
      if (c == 0x1A) c = 0x04;
  if (units.empty()) return 0;
  const int written = ::WideCharToMultiByte(CP_UTF8, 0, units.data(), static_cast<int>(units.size()), out.data(),
                                            static_cast<int>(out.size()), nullptr, nullptr);
  return written > 0 ? static_cast<std::size_t>(written) : 0;
}

}  // namespace

Input::Chunk Input::read(std::span<char> buffer, std::chrono::milliseconds wait) {
  State& s = *state_;
  {
    std::lock_guard lock(s.mutex);
    if (s.interrupted) return {Status::end, 0};
  }
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + wait;
  auto left_ms = [&] {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return static_cast<DWORD>(std::max<long long>(left, 0));
  };
  switch (s.kind) {
    case State::Kind::none:
      return {Status::end, 0};

    case State::Kind::console: {
      // Each UTF-16 unit makes at most 3 bytes of UTF-8 (a surrogate pair 4), plus one held back.
      const std::size_t max_units = std::min<std::size_t>(buffer.size() / 3 - 1, 1024);
      for (;;) {
        const DWORD waited = ::WaitForSingleObject(s.handle, left_ms());
        if (waited == WAIT_TIMEOUT) return {Status::nothing_yet, 0};
        if (waited != WAIT_OBJECT_0) return {Status::end, 0};
        DWORD mode = 0;
        ::GetConsoleMode(s.handle, &mode);
        const bool line_mode = (mode & ENABLE_LINE_INPUT) != 0;
        if (!line_mode && !console_text_waiting(s.handle)) {
          if (left_ms() == 0) return {Status::nothing_yet, 0};
          continue;
        }
        wchar_t units[1024];
        // Set to -1 so that a read ended by Ctrl-C (0 characters, "operation aborted") can be told
        // from the end of input.
        DWORD got = static_cast<DWORD>(-1);
        const bool ok = s.blocking_call(
            [&] { return ::ReadConsoleW(s.handle, units, static_cast<DWORD>(max_units), &got, nullptr) != 0; });
        if (!ok) return {Status::end, 0};
        if (got == 0 || got == static_cast<DWORD>(-1)) return {Status::nothing_yet, 0};  // Ctrl-C, Ctrl-Break
        if (line_mode && units[0] == 0x1A) return {Status::end, 0};  // a line that starts with Ctrl-Z
        return {Status::data, to_utf8(units, got, !line_mode, s.pending_high_surrogate, buffer)};
      }
    }

    case State::Kind::pipe:
      for (;;) {
        DWORD available = 0;
        if (!::PeekNamedPipe(s.handle, nullptr, 0, nullptr, &available, nullptr)) {
          if (::GetLastError() == ERROR_BROKEN_PIPE) return {Status::end, 0};  // the writer closed it
          s.kind = State::Kind::device;  // a pipe that cannot be peeked at: blocking reads from now on
          return {Status::nothing_yet, 0};
        }
        if (available > 0) {
          DWORD got = 0;
          const DWORD n = static_cast<DWORD>(std::min<std::size_t>(available, buffer.size()));
          if (!::ReadFile(s.handle, buffer.data(), n, &got, nullptr) || got == 0) return {Status::end, 0};
          return {Status::data, got};
        }
        const DWORD left = left_ms();
        if (left == 0) return {Status::nothing_yet, 0};
        ::Sleep(std::min<DWORD>(left, 10));
        std::lock_guard lock(s.mutex);
        if (s.interrupted) return {Status::end, 0};
      }

    case State::Kind::file:
    case State::Kind::device: {
      DWORD got = 0;
      const DWORD n = static_cast<DWORD>(std::min<std::size_t>(buffer.size(), 1u << 20));
      const bool ok = s.kind == State::Kind::file
                          ? ::ReadFile(s.handle, buffer.data(), n, &got, nullptr) != 0
                          : s.blocking_call([&] { return ::ReadFile(s.handle, buffer.data(), n, &got, nullptr) != 0; });
      if (!ok || got == 0) return {Status::end, 0};
      return {Status::data, got};
    }
  }
  return {Status::end, 0};
}

// A cancel that comes before the reader has entered its blocking call finds nothing to cancel:
// so it is repeated until the reader is out of it, for up to about 200 ms (a cancel that works
// takes effect at once; one that does not, e.g. Wine on a pipe from a Unix shell, never will).
bool Input::interrupt() {
  State& s = *state_;
  for (int attempt = 0; attempt < 20; ++attempt) {
    {
      std::lock_guard lock(s.mutex);
      s.interrupted = true;
      if (!s.blocking) return true;
      if (s.reader_thread != nullptr) ::CancelSynchronousIo(s.reader_thread);
    }
    ::Sleep(10);
  }
  return false;
}

}  // namespace udplab::cli::terminal
