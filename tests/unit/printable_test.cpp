#include <boost/test/unit_test.hpp>

#include "text/printable.hpp"

using udplab::text::code_points;
using udplab::text::is_printable;
using udplab::text::printable;
using udplab::text::utf8_sequence_length;

BOOST_AUTO_TEST_SUITE(printable_test)

BOOST_AUTO_TEST_CASE(plain_text_and_valid_utf8_pass_unchanged) {
  for (const char* s : {"hello, world", "", "grüße", "日本語", "emoji 😀 ok", "C:\\path", "a\u00a0b"}) {
    BOOST_TEST(printable(s) == s);
    BOOST_TEST(is_printable(s));
  }
}

BOOST_AUTO_TEST_CASE(terminal_escape_sequences_are_neutralised) {
  BOOST_TEST(printable("\x1b[2J\x1b[H") == "\\e[2J\\e[H");                   // clear screen, home
  BOOST_TEST(printable("\x1b]0;pwned\x07") == "\\e]0;pwned\\x07");           // window title, bell
  BOOST_TEST(printable("line\nbob: fake") == "line\\nbob: fake");            // a forged second line
  BOOST_TEST(printable("a\rb\tc") == "a\\rb\\tc");
  BOOST_TEST(printable(std::string_view("nul\0here", 8)) == "nul\\x00here");
  BOOST_TEST(printable("del\x7f") == "del\\x7f");
  BOOST_TEST(printable("\xc2\x9b" "31m") == "\\u{009b}31m");                   // C1 CSI as UTF-8
  BOOST_TEST(!is_printable("\x1b[31m"));
}

BOOST_AUTO_TEST_CASE(invisible_and_bidi_characters_are_shown) {
  BOOST_TEST(printable("abc\u202edcba") == "abc\\u{202e}dcba");  // right-to-left override
  BOOST_TEST(printable("x\u200by") == "x\\u{200b}y");            // zero-width space
  BOOST_TEST(printable("\u2066i\u2069") == "\\u{2066}i\\u{2069}");
  BOOST_TEST(printable("\ufeffbom") == "\\u{feff}bom");
  BOOST_TEST(printable("a\u2028b") == "a\\u{2028}b");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_shown_byte_by_byte) {
  BOOST_TEST(printable("\xff") == "\\xff");
  BOOST_TEST(printable("\x80x") == "\\x80x");                          // stray continuation byte
  BOOST_TEST(printable("\xc0\xaf") == "\\xc0\\xaf");                   // overlong '/'
  BOOST_TEST(printable("\xe0\x80\xaf") == "\\xe0\\x80\\xaf");          // overlong, 3 bytes
  BOOST_TEST(printable("\xed\xa0\x80") == "\\xed\\xa0\\x80");          // UTF-16 surrogate
  BOOST_TEST(printable("\xf4\x90\x80\x80") == "\\xf4\\x90\\x80\\x80");  // above U+10FFFF
  BOOST_TEST(printable("ok\xe6\x97") == "ok\\xe6\\x97");               // cut short at the end
  BOOST_TEST(printable("\xe6\x97x") == "\\xe6\\x97x");
  // Output is always valid, escape-free UTF-8, whatever the input.
  std::string all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
  const std::string safe = printable(all);
  BOOST_TEST(is_printable(safe));
}

BOOST_AUTO_TEST_CASE(a_byte_limit_keeps_whole_characters_and_marks_the_cut) {
  BOOST_TEST(printable("abcdef", 6) == "abcdef");
  BOOST_TEST(printable("abcdefg", 6) == "abcdef...");
  BOOST_TEST(printable("ab\ncd", 4) == "ab\\nc...");          // the limit counts input bytes
  BOOST_TEST(printable("ab\u65e5\u672c", 4) == "ab...");       // 日 would cross byte 4: left out whole
  BOOST_TEST(printable("ab\u65e5\u672c", 5) == "ab\u65e5...");
  BOOST_TEST(printable("ab\u65e5", 5) == "ab\u65e5");
  BOOST_TEST(printable("", 0) == "");
  BOOST_TEST(printable("x", 0) == "...");
}

BOOST_AUTO_TEST_CASE(sequence_lengths_and_code_points) {
  BOOST_TEST(utf8_sequence_length("a") == 1u);
  BOOST_TEST(utf8_sequence_length("ü") == 2u);
  BOOST_TEST(utf8_sequence_length("日") == 3u);
  BOOST_TEST(utf8_sequence_length("😀") == 4u);
  BOOST_TEST(utf8_sequence_length("") == 0u);
  BOOST_TEST(utf8_sequence_length("\xe6\x97") == 0u);
  BOOST_TEST(code_points("grüße 日本") == 8u);
  BOOST_TEST(code_points("\xff\xfe") == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
