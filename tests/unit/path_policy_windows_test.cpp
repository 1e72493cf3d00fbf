// Which request names are unsafe on a Windows filesystem (tftp::windows_name_hazard): a pure rule,
// checked on every platform. DiskStore applies it on Windows (tftp_disk_store_test.cpp).
#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

#include "tftp/path_policy.hpp"

using namespace udplab::tftp;

namespace {

// The phrase for `name`, or "" when the name is safe.
std::string hazard(std::string_view name) { return std::string(windows_name_hazard(name).value_or("")); }

void expect_unsafe(std::string_view name, std::string_view phrase_part) {
  BOOST_TEST_CONTEXT("name: \"" << name << "\"") {
    const std::string why = hazard(name);
    BOOST_TEST(!why.empty());
    BOOST_TEST(why.find(phrase_part) != std::string::npos, "\"" << why << "\" should mention " << phrase_part);
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(path_policy_windows_test)

BOOST_AUTO_TEST_CASE(ordinary_names_are_safe) {
  for (std::string_view name : {"a", "file.txt", "console.txt", "com10", "lpt10", "lpt", "com", "nul1", "connie",
                                "auxiliary.bin", "a.b.c", "dir/file", "dir/sub/file.tar.gz", ".hidden", "./a",
                                "a//b", "con_x", "x.con", "my nul.txt", "dir\\file", "caf\xC3\xA9.txt",
                                "com\xC2\xB9x", "lpt\xC2\xB4", "COM\xC2\xB9\xC2\xB2"})
    BOOST_TEST_CONTEXT("name: \"" << name << "\"") { BOOST_TEST(hazard(name) == ""); }
}

BOOST_AUTO_TEST_CASE(rooted_unc_and_device_paths_are_unsafe) {
  expect_unsafe("\\x", "absolute");
  expect_unsafe("/x", "absolute");
  expect_unsafe("\\\\server\\share\\f", "UNC");
  expect_unsafe("//server/share/f", "UNC");
  expect_unsafe("\\/server/share", "UNC");
  expect_unsafe("\\\\?\\C:\\Windows\\win.ini", "UNC");
  expect_unsafe("\\\\.\\COM1", "UNC");
  expect_unsafe("//?/C:/x", "UNC");
  expect_unsafe("\\\\.\\pipe\\name", "UNC");
}

BOOST_AUTO_TEST_CASE(drive_letters_and_streams_are_unsafe) {
  expect_unsafe("C:x", "drive letter");
  expect_unsafe("c:\\x", "drive letter");
  expect_unsafe("C:/Windows/win.ini", "drive letter");
  expect_unsafe("z:", "drive letter");
  expect_unsafe("a:b", "drive letter");  // drive A:, relative path "b"
  expect_unsafe("name::$DATA", "':'");
  expect_unsafe("name:stream", "':'");
  expect_unsafe("dir/name:stream:$DATA", "':'");
  expect_unsafe("ab:c", "':'");
  expect_unsafe("1:x", "':'");
  expect_unsafe("x:", "drive letter");
  expect_unsafe("file.txt:", "':'");
}

BOOST_AUTO_TEST_CASE(reserved_device_names_are_unsafe_in_any_case_component_and_extension) {
  for (std::string_view device : {"CON", "PRN", "AUX", "NUL", "COM1", "COM9", "COM0", "LPT1", "LPT9", "LPT0",
                                  "CONIN$", "CONOUT$", "COM\xC2\xB9", "COM\xC2\xB2", "LPT\xC2\xB3"}) {
    const std::string d(device);
    std::string lower;
    for (char c : d) lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    std::string mixed = lower;
    mixed[0] = d[0];
    for (const std::string& name : {d, lower, mixed, d + ".txt", lower + ".tar.gz", d + " .txt", "dir/" + d,
                                    "dir\\" + lower + ".log", d + "/file", "a/" + mixed + ".x/b"})
      expect_unsafe(name, "device name");
  }
}

BOOST_AUTO_TEST_CASE(trailing_dots_and_spaces_are_unsafe) {
  expect_unsafe("secret.txt.", "dot or space");
  expect_unsafe("secret.txt ", "dot or space");
  expect_unsafe("secret.txt. . ", "dot or space");
  expect_unsafe("dir./file", "dot or space");
  expect_unsafe("dir /file", "dot or space");
  expect_unsafe("dir\\sub.\\file", "dot or space");
  expect_unsafe("...", "dot or space");
  expect_unsafe("nul.", "dot or space");  // a device too: either reason refuses it
}

BOOST_AUTO_TEST_CASE(parent_components_and_forbidden_characters_are_unsafe) {
  expect_unsafe("..", "'..'");
  expect_unsafe("a/../b", "'..'");
  expect_unsafe("a\\..\\..\\b", "'..'");
  for (std::string_view name : {"a<b", "a>b", "a\"b", "a|b", "a?b", "a*", "dir/*.txt", "a\tb", "a\x01", "a\x1f" "b"})
    expect_unsafe(name, "character");
  expect_unsafe(std::string_view("a\0b", 3), "character");
}

// What the server applies on Windows is normalise_request_name() and then this rule: the rule
// must not undo or contradict the first (every name the first refuses stays refused on Windows).
BOOST_AUTO_TEST_CASE(the_rule_only_adds_refusals_to_normalise_request_name) {
  for (std::string_view name : {"console.txt", "com10", "lpt", "a.b.c", "dir/file", "a//./b"}) {
    BOOST_TEST_CONTEXT("name: \"" << name << "\"") {
      auto clean = normalise_request_name(name);
      BOOST_REQUIRE(clean.has_value());
      BOOST_TEST(hazard(*clean) == "");
    }
  }
  for (std::string_view name : {"nul", "C:x", "a:b", "x.", "dir/com1.txt"}) {
    BOOST_TEST_CONTEXT("name: \"" << name << "\"") {
      auto clean = normalise_request_name(name);
      BOOST_REQUIRE(clean.has_value());  // a POSIX server serves these names
      BOOST_TEST(hazard(*clean) != "");
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
