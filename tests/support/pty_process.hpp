// Runs a program at a pseudo-terminal, as a person at a terminal would: the terminal is its
// controlling terminal and its standard input, output and error, keys are written to it as
// bytes, and what it draws is read back as one stream.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "support/process.hpp"

namespace udplab::test {

class PtyProcess {
 public:
  explicit PtyProcess(const std::vector<std::string>& argv, unsigned short columns = 100, unsigned short rows = 30);
  ~PtyProcess();  // kills the program if it still runs
  PtyProcess(const PtyProcess&) = delete;
  PtyProcess& operator=(const PtyProcess&) = delete;

  // Writes `keys` as the terminal's keyboard would send them ("\r" Enter, "\x7f" Backspace,
  // "\x03" Ctrl-C).
  void type(std::string_view keys);
  // Waits until the text on the screen so far (see visible()) contains `text`.
  bool wait_for(std::string_view text, std::chrono::milliseconds timeout);
  // Waits for the program to exit; `out` holds all it drew, `err` is empty (one stream).
  ProcessResult wait(std::chrono::milliseconds timeout = std::chrono::seconds(30));
  // What was drawn, as text: escape sequences taken out, a cursor moved right by n columns
  // ("\033[nC", which terminals and Wine's console use for runs of spaces) as n spaces.
  std::string visible() const;

 private:
  void pump(std::chrono::milliseconds timeout);
  bool reaped(bool block);  // true once the program has exited (and its status is in result_)
  int pid_ = -1;
  int master_fd_ = -1;
  int slave_fd_ = -1;
  bool exited_ = false;
  std::string drawn_;
  ProcessResult result_;
};

// `drawn` with terminal escape sequences taken out (see PtyProcess::visible).
std::string visible_text(std::string_view drawn);

}  // namespace udplab::test
