#include "text/line_editor.hpp"

#include "text/printable.hpp"

namespace udplab::text {
namespace {

bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0u) == 0x80u; }

std::size_t sequence_length_of_lead(unsigned b) {
  if (b >= 0xC2 && b <= 0xDF) return 2;
  if (b >= 0xE0 && b <= 0xEF) return 3;
  if (b >= 0xF0 && b <= 0xF4) return 4;
  return 0;
}

}  // namespace

void LineEditor::append(std::string_view character, Result& r) {
  if (buffer_.size() + character.size() > max_bytes_) {
    r.refused = true;
    return;
  }
  buffer_.append(character);
}

void LineEditor::erase_last_character() {
  while (!buffer_.empty() && continuation(buffer_.back())) buffer_.pop_back();
  if (!buffer_.empty()) buffer_.pop_back();
}

void LineEditor::erase_last_word() {
  while (!buffer_.empty() && buffer_.back() == ' ') buffer_.pop_back();
  while (!buffer_.empty() && buffer_.back() != ' ') buffer_.pop_back();
}

LineEditor::Result LineEditor::feed(std::string_view keys) {
  Result r;
  const std::string before = buffer_;
  for (const char c : keys) {
    const auto b = static_cast<unsigned char>(c);
    const bool was_after_cr = after_cr_;
    after_cr_ = false;
    if (!pending_.empty() && !continuation(c)) pending_.clear();  // a character cut short: dropped
    // Escape sequences: ESC [ params... final (CSI), ESC O x (SS3), or ESC + one byte.
    if (escape_ == Escape::start) {
      escape_ = c == '[' ? Escape::csi : c == 'O' ? Escape::single : Escape::none;
      continue;
    }
    if (escape_ == Escape::csi) {
      if (b >= 0x40 && b <= 0x7E) escape_ = Escape::none;
      continue;
    }
    if (escape_ == Escape::single) {
      escape_ = Escape::none;
      continue;
    }
    switch (b) {
      case 0x1B: escape_ = Escape::start; continue;
      case '\r':
        after_cr_ = true;
        r.lines.push_back(std::move(buffer_));
        buffer_.clear();
        continue;
      case '\n':
        if (!was_after_cr) {
          r.lines.push_back(std::move(buffer_));
          buffer_.clear();
        }
        continue;
      case 0x7F:
      case 0x08: erase_last_character(); continue;
      case 0x15: buffer_.clear(); continue;
      case 0x17: erase_last_word(); continue;
      case 0x04:
        if (buffer_.empty()) r.end_of_input = true;
        continue;
      default: break;
    }
    if (b < 0x20) continue;  // other control keys do nothing
    if (b < 0x80) {
      append(std::string_view(&c, 1), r);
      continue;
    }
    // A multi-byte character may arrive split over two reads: collect it, then add it whole.
    pending_.push_back(c);
    const std::size_t need = sequence_length_of_lead(static_cast<unsigned char>(pending_[0]));
    if (need == 0) {
      pending_.clear();  // not UTF-8: dropped
    } else if (pending_.size() == need) {
      if (utf8_sequence_length(pending_) == need) append(pending_, r);
      pending_.clear();
    }
  }
  r.changed = buffer_ != before || !r.lines.empty();
  return r;
}

std::string_view LineEditor::visible_tail(std::size_t columns) const {
  std::string_view s = buffer_;
  std::size_t count = code_points(s);
  while (count > columns && !s.empty()) {
    const std::size_t len = utf8_sequence_length(s);
    s.remove_prefix(len == 0 ? 1 : len);
    --count;
  }
  return s;
}

}  // namespace udplab::text
