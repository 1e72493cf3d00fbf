#include <boost/test/unit_test.hpp>

#include <random>

#include "chat/chat_codec.hpp"
#include "util/bytes.hpp"

using namespace udplab;
using namespace udplab::chat;

namespace {

std::vector<std::byte> bytes(std::initializer_list<int> values) {
  std::vector<std::byte> out;
  for (int v : values) out.push_back(std::byte(v));
  return out;
}

// The header of a chat datagram of type `type`, followed by `rest`.
std::vector<std::byte> datagram(int type, std::initializer_list<int> rest) {
  auto out = bytes({'U', 'D', 'L', 'C', 1, type});
  auto tail = bytes(rest);
  out.insert(out.end(), tail.begin(), tail.end());
  return out;
}

Message round_trip(const Message& m) {
  auto back = decode(encode(m));
  if (!back) BOOST_FAIL(to_string(back.error()));
  return *back;
}

DecodeError error_of(const std::vector<std::byte>& d) {
  auto m = decode(d);
  BOOST_REQUIRE(!m);
  return m.error();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(chat_codec_test)

BOOST_AUTO_TEST_CASE(every_message_round_trips) {
  const std::vector<Message> all = {
      msg::Hello{"alice"},
      msg::Hello{""},
      msg::Text{0x1122334455667788ull, 42, "bob", "hello, world"},
      msg::Text{1, 1, "", std::string(kMaxText, 'x')},
      msg::List{},
      msg::Members{3, {"alice", "bob", "carol"}},
      msg::Notice{msg::NoticeKind::timed_out, "dave"},
      msg::Leave{},
  };
  for (const auto& m : all) BOOST_TEST((round_trip(m) == m));
}

BOOST_AUTO_TEST_CASE(the_text_layout) {
  const auto wire = encode(msg::Text{1, 2, "al", "hi"});
  const auto expected = datagram(2, {0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 2, 'a', 'l', 0, 2, 'h', 'i'});
  BOOST_TEST((wire == expected));
}

BOOST_AUTO_TEST_CASE(strict_decoding) {
  BOOST_TEST((error_of(bytes({'U', 'D'})) == DecodeError::too_short));
  BOOST_TEST((error_of(bytes({'X', 'D', 'L', 'C', 1, 1, 0})) == DecodeError::bad_magic));
  BOOST_TEST((error_of(bytes({'U', 'D', 'L', 'C', 1})) == DecodeError::too_short));
  BOOST_TEST((error_of(bytes({'U', 'D', 'L', 'C', 2, 1, 0})) == DecodeError::bad_version));
  BOOST_TEST((error_of(datagram(9, {})) == DecodeError::unknown_type));
  BOOST_TEST((error_of(datagram(1, {})) == DecodeError::cut_short));             // hello without its length
  BOOST_TEST((error_of(datagram(1, {3, 'a', 'b'})) == DecodeError::cut_short));  // nick shorter than said
  BOOST_TEST((error_of(datagram(1, {33})) == DecodeError::nick_too_long));
  BOOST_TEST((error_of(datagram(1, {1, 'a', 0})) == DecodeError::trailing_bytes));
  BOOST_TEST((error_of(datagram(3, {0})) == DecodeError::trailing_bytes));
  BOOST_TEST((error_of(datagram(5, {9, 0})) == DecodeError::bad_notice));
  BOOST_TEST((error_of(datagram(4, {0, 1, 1, 0})) == DecodeError::empty_nick));
  BOOST_TEST((error_of(datagram(4, {0, 2, 2, 1, 'a'})) == DecodeError::cut_short));  // says 2 names, has 1
  auto text = encode(msg::Text{1, 1, "a", "b"});
  auto zero_seq = text;
  zero_seq[6 + 15] = std::byte{0};
  BOOST_TEST((error_of(zero_seq) == DecodeError::zero_sequence));
  auto empty = datagram(2, {0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0});
  BOOST_TEST((error_of(empty) == DecodeError::empty_text));
  auto long_text = datagram(2, {0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0x03, 0xE9});  // 1001
  long_text.resize(long_text.size() + 1001, std::byte{'x'});
  BOOST_TEST((error_of(long_text) == DecodeError::text_too_long));
  // Every truncation of a valid datagram is an error, never a read past the end.
  for (std::size_t n = 0; n < text.size(); ++n) BOOST_TEST(!decode(std::span(text).first(n)).has_value(), "length " << n);
}

BOOST_AUTO_TEST_CASE(texts_are_bytes_not_checked_for_display) {
  // Escape sequences and invalid UTF-8 travel intact; receivers make them safe when printing.
  const std::string nasty = "\x1b[2J\xff\xfe\n";
  auto m = round_trip(msg::Text{1, 1, "x", nasty});
  BOOST_TEST(std::get<msg::Text>(m).text == nasty);
}

BOOST_AUTO_TEST_CASE(our_own_misuse_is_caught_before_sending) {
  BOOST_TEST(check(msg::Text{1, 1, "a", std::string(kMaxText + 1, 'x')}).value_or("").find("limit is 1000") !=
             std::string::npos);
  BOOST_TEST(check(msg::Text{1, 0, "a", "b"}).has_value());
  BOOST_TEST(check(msg::Text{1, 1, "a", ""}).has_value());
  BOOST_TEST(check(msg::Hello{std::string(33, 'n')}).has_value());
  BOOST_TEST(check(msg::Members{1, {""}}).has_value());
  BOOST_CHECK_THROW(encode(msg::Text{1, 0, "a", "b"}), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(long_member_lists_are_cut_to_one_datagram) {
  msg::Members many{200, {}};
  for (int i = 0; i < 200; ++i) many.nicks.emplace_back(kMaxNick, static_cast<char>('a' + i % 26));
  const auto wire = encode(many);
  BOOST_TEST(wire.size() <= kMaxDatagram);
  auto back = std::get<msg::Members>(*decode(wire));
  BOOST_TEST(back.total == 200u);
  BOOST_TEST(back.nicks.size() == (kMaxDatagram - 9) / 33);
  BOOST_TEST(encode(msg::Text{1, 1, std::string(kMaxNick, 'n'), std::string(kMaxText, 't')}).size() <= kMaxDatagram);
}

BOOST_AUTO_TEST_CASE(random_damage_never_crashes) {
  std::mt19937_64 rng(11);
  const std::vector<std::vector<std::byte>> seeds = {encode(msg::Text{5, 9, "bob", "some text here"}),
                                                     encode(msg::Members{2, {"a", "bb"}}),
                                                     encode(msg::Notice{msg::NoticeKind::joined, "c"})};
  for (int i = 0; i < 30'000; ++i) {
    auto w = seeds[static_cast<std::size_t>(i) % seeds.size()];
    w.resize(rng() % (w.size() + 6), std::byte{static_cast<unsigned char>(rng())});
    for (int k = 0; k < 2 && w.size() > 6; ++k) w[6 + rng() % (w.size() - 6)] = std::byte{static_cast<unsigned char>(rng())};
    auto m = decode(w);
    if (m) BOOST_REQUIRE(!check(*m));  // whatever decodes is within the limits, so it re-encodes
  }
}

BOOST_AUTO_TEST_SUITE_END()
