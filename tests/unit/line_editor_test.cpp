#include <boost/test/unit_test.hpp>

#include "text/line_editor.hpp"

using udplab::text::LineEditor;

BOOST_AUTO_TEST_SUITE(line_editor_test)

BOOST_AUTO_TEST_CASE(typing_and_enter_finish_lines) {
  LineEditor e(100);
  auto r = e.feed("hel");
  BOOST_TEST(r.lines.empty());
  BOOST_TEST(r.changed);
  BOOST_TEST(e.buffer() == "hel");
  r = e.feed("lo\rnext");
  BOOST_REQUIRE_EQUAL(r.lines.size(), 1u);
  BOOST_TEST(r.lines[0] == "hello");
  BOOST_TEST(e.buffer() == "next");
  // CR LF (a paste from elsewhere) ends one line, not two; LF alone ends one too.
  r = e.feed("\r\nb\n");
  BOOST_REQUIRE_EQUAL(r.lines.size(), 2u);
  BOOST_TEST(r.lines[0] == "next");
  BOOST_TEST(r.lines[1] == "b");
  r = e.feed("\r\r");
  BOOST_TEST(r.lines.size() == 2u);  // two empty lines: the caller decides to ignore them
}

BOOST_AUTO_TEST_CASE(editing_keys) {
  LineEditor e(100);
  e.feed("grüß\x7f\x7f");  // backspace removes whole UTF-8 characters
  BOOST_TEST(e.buffer() == "gr");
  e.feed("\x08x");
  BOOST_TEST(e.buffer() == "gx");
  e.feed(" hello world\x17");  // ^W: last word
  BOOST_TEST(e.buffer() == "gx hello ");
  e.feed("\x15");  // ^U: everything
  BOOST_TEST(e.buffer().empty());
  auto r = e.feed("\x7f");  // backspace on an empty line is harmless
  BOOST_TEST(!r.changed);
}

BOOST_AUTO_TEST_CASE(escape_sequences_and_controls_never_reach_the_buffer) {
  LineEditor e(100);
  e.feed("a\x1b[A\x1b[1;5Cb\x1bOPc\x1b" "xd\x07\x01\t");  // arrows, ctrl-arrow, F1, alt-x, bell, ^A, tab
  BOOST_TEST(e.buffer() == "abcd");
  // A sequence split over two reads is still recognised.
  e.feed("\x1b[");
  e.feed("Dz");
  BOOST_TEST(e.buffer() == "abcdz");
}

BOOST_AUTO_TEST_CASE(control_d_ends_input_only_on_an_empty_line) {
  LineEditor e(100);
  auto r = e.feed("abc\x04");
  BOOST_TEST(!r.end_of_input);
  BOOST_TEST(e.buffer() == "abc");
  e.feed("\x15");
  r = e.feed("\x04");
  BOOST_TEST(r.end_of_input);
}

BOOST_AUTO_TEST_CASE(length_limit_refuses_keys_and_never_splits_a_character) {
  LineEditor e(5);
  auto r = e.feed("abcd");
  BOOST_TEST(!r.refused);
  r = e.feed("ü");  // two bytes: does not fit in the one left
  BOOST_TEST(r.refused);
  BOOST_TEST(e.buffer() == "abcd");
  r = e.feed("e");
  BOOST_TEST(e.buffer() == "abcde");
  r = e.feed("f");
  BOOST_TEST(r.refused);
  BOOST_TEST(e.buffer() == "abcde");
}

BOOST_AUTO_TEST_CASE(utf8_split_across_reads_and_invalid_bytes) {
  LineEditor e(100);
  e.feed("\xe6\x97");
  BOOST_TEST(e.buffer().empty());
  e.feed("\xa5!");
  BOOST_TEST(e.buffer() == "日!");
  e.feed("\xff\x80\xe6x");  // invalid lead, stray continuation, cut-short sequence
  BOOST_TEST(e.buffer() == "日!x");
}

BOOST_AUTO_TEST_CASE(visible_tail_scrolls_long_lines) {
  LineEditor e(100);
  e.feed("0123456789");
  BOOST_TEST(e.visible_tail(4) == "6789");
  BOOST_TEST(e.visible_tail(20) == "0123456789");
  e.feed("\x15日本語です");
  BOOST_TEST(e.visible_tail(2) == "です");
}

BOOST_AUTO_TEST_SUITE_END()
