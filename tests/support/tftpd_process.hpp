// What tests that run `udplab tftpd` and `udplab tftp` as programs share: a scratch directory,
// whole-file reads and writes, and a server started on 127.0.0.1 with an ephemeral port.
#pragma once

#include <boost/test/unit_test.hpp>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace udplab::test {

// A directory of its own under the system's temporary directory, removed with what it holds.
struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& prefix = "udplab-tftp") {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    BOOST_REQUIRE(::mkdtemp(pattern.data()));
    path = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

inline void write_file(const std::filesystem::path& p, const std::string& content) {
  std::ofstream out(p, std::ios::binary);
  out << content;
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

struct TftpdProcess {
  std::unique_ptr<BackgroundProcess> process;
  std::string address;  // 127.0.0.1:PORT, as the server reported it
};

// `udplab tftpd --root ROOT --bind 127.0.0.1 --port 0 --timeout 300ms --duration 60s EXTRA...`,
// once it has said where it listens.
inline TftpdProcess start_tftpd(const std::filesystem::path& root, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args{udplab_binary(), "tftpd", "--root", root.string(), "--bind", "127.0.0.1",
                                "--port", "0", "--timeout", "300ms", "--duration", "60s"};
  args.insert(args.end(), extra.begin(), extra.end());
  TftpdProcess started{std::make_unique<BackgroundProcess>(args), {}};
  auto line = started.process->read_line();
  BOOST_REQUIRE_MESSAGE(line, "tftpd printed nothing");
  const std::string prefix = "tftp server on 127.0.0.1:";
  BOOST_REQUIRE_MESSAGE(line->rfind(prefix, 0) == 0, *line);
  started.address = "127.0.0.1:" + line->substr(prefix.size(), line->find(' ', prefix.size()) - prefix.size());
  return started;
}

}  // namespace udplab::test
