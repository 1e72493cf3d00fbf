// A one-line progress display for terminals: bytes so far, rate, and with a known total a bar,
// the percentage and the time left. Redrawn in place with a carriage return.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include "transport/time.hpp"

namespace udplab::cli {

class ProgressBar {
 public:
  explicit ProgressBar(std::FILE* out, std::string label) : out_(out), label_(std::move(label)) {}
  // `elapsed` since the transfer started.
  void update(std::uint64_t bytes, std::optional<std::uint64_t> total, Duration elapsed);
  // Erases the line (before the summary is printed).
  void clear();

  // The text of one update, without control characters (for tests).
  static std::string render(const std::string& label, std::uint64_t bytes, std::optional<std::uint64_t> total,
                            Duration elapsed, std::size_t width = 30);

 private:
  std::FILE* out_;
  std::string label_;
  bool drawn_ = false;
};

}  // namespace udplab::cli
