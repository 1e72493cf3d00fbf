// LineEditor: the line being typed on a terminal in raw mode (no kernel line editing), as a pure
// state machine: key bytes in, finished lines out, and the current line to redraw.
//
// It is what lets `udplab chat` print a received message while the user is typing: the program
// clears the input row, prints the message, and redraws prompt + buffer(). Keys handled:
//   Enter (CR or LF; CR LF counts once)   finish the line
//   Backspace (DEL or ^H)                 delete the last character (a whole UTF-8 sequence)
//   ^U                                    clear the line          ^W  delete the last word
//   ^D                                    end of input, on an empty line (ignored otherwise)
//   ESC sequences (arrows, function keys) ignored whole; other control bytes ignored
// The buffer never holds control bytes and never grows past `max_bytes` (extra keys are refused,
// so the caller can ring the bell).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace udplab::text {

class LineEditor {
 public:
  explicit LineEditor(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  struct Result {
    std::vector<std::string> lines;  // finished lines, in order
    bool end_of_input = false;       // ^D on an empty line
    bool changed = false;            // buffer() differs from before the call
    bool refused = false;            // a key was dropped because the line is full
  };
  Result feed(std::string_view keys);

  const std::string& buffer() const { return buffer_; }
  // The end of the buffer that fits in `columns` terminal columns (counted in code points): long
  // lines scroll sideways instead of wrapping, so clearing one row is enough to redraw.
  std::string_view visible_tail(std::size_t columns) const;

 private:
  enum class Escape { none, start, csi, single };
  void append(std::string_view character, Result& r);
  void erase_last_character();
  void erase_last_word();

  std::size_t max_bytes_;
  std::string buffer_;
  std::string pending_;  // the first bytes of a UTF-8 character still arriving
  Escape escape_ = Escape::none;
  bool after_cr_ = false;
};

}  // namespace udplab::text
