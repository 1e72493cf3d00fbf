#include <boost/test/unit_test.hpp>

#include "chat/chat_script.hpp"

using namespace udplab;
using namespace udplab::chat;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(chat_script_test)

BOOST_AUTO_TEST_CASE(lines_become_steps) {
  auto say = parse_line("hello there");
  BOOST_REQUIRE(say && *say);
  BOOST_TEST(std::get<step::Say>(**say).text == "hello there");
  BOOST_TEST(std::holds_alternative<step::Who>(**parse_line("/who")));
  BOOST_TEST(std::holds_alternative<step::Quit>(**parse_line("/quit")));
  BOOST_TEST(std::get<step::Wait>(**parse_line("/wait 250ms")).time == Duration(250ms));
  BOOST_TEST(std::get<step::Say>(**parse_line("//etc/passwd")).text == "/etc/passwd");
  BOOST_TEST(!*parse_line(""));
  BOOST_TEST(!*parse_line("\r"));
  BOOST_TEST(std::get<step::Say>(**parse_line("windows line\r")).text == "windows line");
}

BOOST_AUTO_TEST_CASE(bad_commands_say_why) {
  BOOST_TEST(parse_line("/shout hi").error().find("unknown command /shout") == 0u);
  BOOST_TEST(parse_line("/who now").error().find("unknown command /who") == 0u);
  BOOST_TEST(parse_line("/wait").error().find("/wait needs a time") == 0u);
  BOOST_TEST(parse_line("/wait soon").error().find("/wait needs a time") == 0u);
}

BOOST_AUTO_TEST_CASE(scripts_name_the_bad_line) {
  auto steps = parse_script("hi\n/wait 1s\n\n/who\nbye\n/quit\n");
  BOOST_REQUIRE(steps);
  BOOST_TEST(steps->size() == 5u);
  BOOST_TEST(std::get<step::Say>((*steps)[3]).text == "bye");
  BOOST_TEST(std::get<step::Wait>((*steps)[1]).time == Duration(1s));
  auto bad = parse_script("hi\n\n/dance\n");
  BOOST_REQUIRE(!bad);
  BOOST_TEST(bad.error().find("line 3: unknown command /dance") == 0u, bad.error());
  auto no_newline = parse_script("one\ntwo");
  BOOST_TEST(no_newline->size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
