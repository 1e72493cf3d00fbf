#include <boost/test/unit_test.hpp>

#include <random>

#include "discovery/discovery_codec.hpp"
#include "util/bytes.hpp"

using namespace udplab;
using namespace udplab::discovery;

namespace {

Identity identity(std::string name = "lab-7", std::string version = "0.1.0", Role role = Role::echo_server) {
  auto id = Identity::make(role, std::move(name), std::move(version));
  if (!id) BOOST_FAIL(id.error());
  return *id;
}

std::vector<std::byte> bytes(std::initializer_list<int> values) {
  std::vector<std::byte> out;
  for (int v : values) out.push_back(std::byte(v));
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(discovery_codec_test)

BOOST_AUTO_TEST_CASE(probe_round_trip_and_layout) {
  const auto wire = encode_probe({0x0102030405060708ull, 9});
  BOOST_REQUIRE_EQUAL(wire.size(), kProbeSize);
  BOOST_TEST(util::as_chars(std::span(wire).first(4)) == "UDLD");
  BOOST_TEST(std::to_integer<int>(wire[4]) == 1);  // version
  BOOST_TEST(std::to_integer<int>(wire[5]) == 1);  // probe
  BOOST_TEST(std::to_integer<int>(wire[8]) == 1);  // nonce, big-endian
  BOOST_TEST(std::to_integer<int>(wire[19]) == 9);
  auto back = decode_probe(wire);
  if (!back) BOOST_FAIL(to_string(back.error()));
  BOOST_TEST(back->nonce == 0x0102030405060708ull);
  BOOST_TEST(back->seq == 9u);
}

BOOST_AUTO_TEST_CASE(probes_are_strict) {
  auto wire = encode_probe({1, 1});
  auto error_of = [](std::vector<std::byte> w) { return decode_probe(w).error(); };
  auto shorter = wire;
  shorter.pop_back();
  BOOST_TEST((error_of(shorter) == DecodeError::bad_size));
  auto longer = wire;
  longer.push_back(std::byte{0});
  BOOST_TEST((error_of(longer) == DecodeError::bad_size));
  auto padded = wire;
  padded[100] = std::byte{1};
  BOOST_TEST((error_of(padded) == DecodeError::nonzero_padding));
  auto reserved = wire;
  reserved[6] = std::byte{1};
  BOOST_TEST((error_of(reserved) == DecodeError::nonzero_padding));
  auto magic = wire;
  magic[0] = std::byte{'X'};
  BOOST_TEST((error_of(magic) == DecodeError::bad_magic));
  auto version = wire;
  version[4] = std::byte{2};
  BOOST_TEST((error_of(version) == DecodeError::bad_version));
  auto type = wire;
  type[5] = std::byte{7};
  BOOST_TEST((error_of(type) == DecodeError::unknown_type));
  BOOST_TEST((error_of(encode_reply({{1, 1}, identity()})) == DecodeError::wrong_type));
  BOOST_TEST((error_of(bytes({'U', 'D'})) == DecodeError::too_short));
  BOOST_TEST((error_of(bytes({'U', 'D', 'L', 'D', 1, 1})) == DecodeError::too_short));
  BOOST_TEST((error_of({}) == DecodeError::too_short));
}

BOOST_AUTO_TEST_CASE(reply_round_trip) {
  const Reply reply{{42, 3}, identity("büro-lab", "0.1.0", Role::chat_room)};
  const auto wire = encode_reply(reply);
  BOOST_TEST(wire.size() == 20u + 1 + 1 + 9 + 1 + 5);
  auto back = decode_reply(wire);
  if (!back) BOOST_FAIL(to_string(back.error()));
  BOOST_TEST((back->probe == Probe{42, 3}));
  BOOST_TEST((back->identity == reply.identity));
  BOOST_TEST(to_string(back->identity.role()) == "chat room");
}

BOOST_AUTO_TEST_CASE(no_reply_is_larger_than_a_probe) {
  const auto wire = encode_reply({{1, 1}, identity(std::string(kMaxName, 'n'), std::string(kMaxVersion, 'v'))});
  BOOST_TEST(wire.size() <= kProbeSize);
  BOOST_TEST(decode_reply(wire).has_value());
}

BOOST_AUTO_TEST_CASE(replies_are_strict) {
  const auto good = encode_reply({{5, 1}, identity("ab", "1")});  // ... 3 'a' 'b' 1 '1'
  auto error_of = [](std::vector<std::byte> w) { return decode_reply(w).error(); };
  auto trailing = good;
  trailing.push_back(std::byte{0});
  BOOST_TEST((error_of(trailing) == DecodeError::trailing_bytes));
  auto role = good;
  role[20] = std::byte{0};
  BOOST_TEST((error_of(role) == DecodeError::bad_role));
  role[20] = std::byte{4};
  BOOST_TEST((error_of(role) == DecodeError::bad_role));
  auto empty_name = good;
  empty_name[21] = std::byte{0};
  BOOST_TEST((error_of(empty_name) == DecodeError::bad_name));
  auto long_name = good;
  long_name[21] = std::byte{200};
  BOOST_TEST((error_of(long_name) == DecodeError::bad_name));
  auto control = good;
  control[22] = std::byte{0x1b};
  BOOST_TEST((error_of(control) == DecodeError::bad_name));
  auto invalid_utf8 = good;
  invalid_utf8[23] = std::byte{0xff};
  BOOST_TEST((error_of(invalid_utf8) == DecodeError::bad_name));
  auto no_version = good;
  no_version.resize(no_version.size() - 2);
  BOOST_TEST((error_of(no_version) == DecodeError::bad_version_text));
  BOOST_TEST((error_of(encode_probe({5, 1})) == DecodeError::wrong_type));
  // Every truncation of a valid reply is an error, never a read past the end.
  for (std::size_t n = 0; n < good.size(); ++n)
    BOOST_TEST(!decode_reply(std::span(good).first(n)).has_value(), "length " << n);
}

BOOST_AUTO_TEST_CASE(random_damage_never_crashes_and_never_passes_unnoticed_padding) {
  // Run under the sanitizer build, this is a small fuzz loop: flip bytes, decode both ways.
  std::mt19937_64 rng(3);
  const auto probe = encode_probe({7, 7});
  const auto reply = encode_reply({{7, 7}, identity("name", "v1")});
  for (int i = 0; i < 20'000; ++i) {
    auto w = (i % 2) ? probe : reply;
    w.resize(rng() % (w.size() + 8), std::byte{static_cast<unsigned char>(rng())});
    for (int k = 0; k < 3 && !w.empty(); ++k) w[rng() % w.size()] = std::byte{static_cast<unsigned char>(rng())};
    auto p = decode_probe(w);
    auto r = decode_reply(w);
    BOOST_REQUIRE(!(p && r));  // never both
    if (p) BOOST_REQUIRE_EQUAL(w.size(), kProbeSize);
    if (r) BOOST_REQUIRE(w.size() <= kProbeSize);
  }
}

BOOST_AUTO_TEST_CASE(identities_are_checked_when_made) {
  BOOST_TEST(!Identity::make(Role::responder, "", "1").has_value());
  BOOST_TEST(!Identity::make(Role::responder, std::string(65, 'x'), "1").has_value());
  BOOST_TEST(Identity::make(Role::responder, std::string(64, 'x'), "1").has_value());
  auto e = Identity::make(Role::responder, "evil\x1b[2J", "1");
  BOOST_REQUIRE(!e);
  BOOST_TEST(e.error().find("evil\\e[2J") != std::string::npos, e.error());  // shown escaped
  BOOST_TEST(!Identity::make(Role::responder, "x", "").has_value());
  BOOST_TEST(!Identity::make(Role::responder, "x", std::string(33, '1')).has_value());
}

BOOST_AUTO_TEST_CASE(answer_probe_answers_probes_only) {
  const auto probe = encode_probe({99, 2});
  auto answer = answer_probe(probe, identity());
  BOOST_REQUIRE(answer.has_value());
  auto reply = decode_reply(*answer);
  BOOST_REQUIRE(reply.has_value());
  BOOST_TEST((reply->probe == Probe{99, 2}));
  BOOST_TEST(answer->size() <= probe.size());
  BOOST_TEST(!answer_probe(util::to_vector("hello"), identity()).has_value());
  BOOST_TEST(!answer_probe(*answer, identity()).has_value());  // a reply is not answered: no loops
}

BOOST_AUTO_TEST_SUITE_END()
