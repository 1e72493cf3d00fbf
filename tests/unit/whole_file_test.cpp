// Whole files: every byte kept (no newline translation), failures reported rather than read as "".
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>

#include "util/run_id.hpp"
#include "util/whole_file.hpp"

namespace fs = std::filesystem;
using udplab::util::read_file;
using udplab::util::write_file;

BOOST_AUTO_TEST_SUITE(whole_file_test)

BOOST_AUTO_TEST_CASE(bytes_round_trip) {
  const fs::path dir = fs::temp_directory_path() / ("udplab-whole-file-" + std::to_string(udplab::util::random_run_id()));
  fs::create_directories(dir);
  std::string bytes("line\r\nnul\0end\n\x1a\xff", 17);
  BOOST_REQUIRE(write_file(dir / "f", bytes));
  BOOST_TEST(read_file(dir / "f").value_or("<unreadable>") == bytes);
  BOOST_REQUIRE(write_file(dir / "f", "shorter"));  // replaces, not appends
  BOOST_TEST(read_file(dir / "f").value_or("<unreadable>") == "shorter");
  BOOST_REQUIRE(write_file(dir / "empty", ""));
  BOOST_TEST(read_file(dir / "empty").value_or("<unreadable>") == "");
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(failures_are_reported) {
  BOOST_TEST(!read_file("/no/such/dir/file"));
  BOOST_TEST(!write_file("/no/such/dir/file", "x"));
}

BOOST_AUTO_TEST_SUITE_END()
