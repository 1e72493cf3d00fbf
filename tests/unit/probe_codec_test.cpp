#include <boost/test/unit_test.hpp>

#include "echo/probe_codec.hpp"

using namespace udplab::echo;

namespace udplab::echo {
inline std::ostream& boost_test_print_type(std::ostream& out, ProbeError e) { return out << to_string(e); }
}  // namespace udplab::echo

BOOST_AUTO_TEST_SUITE(probe_codec_test)

BOOST_AUTO_TEST_CASE(round_trip) {
  std::vector<std::byte> buf;
  encode_probe(Probe{0x1122334455667788ull, 42, 123456789}, 100, buf);
  BOOST_TEST(buf.size() == 100u);
  auto p = decode_probe(buf);
  BOOST_REQUIRE(p);
  BOOST_TEST(p->session == 0x1122334455667788ull);
  BOOST_TEST(p->seq == 42u);
  BOOST_TEST(p->sent_ns == 123456789);
}

BOOST_AUTO_TEST_CASE(minimum_size_is_the_header) {
  std::vector<std::byte> buf;
  encode_probe(Probe{1, 2, 3}, 5, buf);
  BOOST_TEST(buf.size() == kProbeHeaderSize);
  BOOST_TEST(decode_probe(buf).has_value());
}

BOOST_AUTO_TEST_CASE(rejects_short_foreign_and_altered) {
  std::vector<std::byte> buf;
  encode_probe(Probe{1, 2, 3}, 64, buf);
  BOOST_TEST(decode_probe(std::span(buf).first(31)).error() == ProbeError::too_short);
  auto foreign = buf;
  foreign[0] = std::byte{'X'};
  BOOST_TEST(decode_probe(foreign).error() == ProbeError::bad_magic);
  auto version = buf;
  version[4] = std::byte{9};
  BOOST_TEST(decode_probe(version).error() == ProbeError::bad_version);
  // Every single-bit flip in the padding is caught.
  for (std::size_t i = kProbeHeaderSize; i < buf.size(); ++i) {
    auto altered = buf;
    altered[i] ^= std::byte{0x01};
    BOOST_TEST_CONTEXT("byte " << i) { BOOST_TEST(decode_probe(altered).error() == ProbeError::bad_padding); }
  }
  BOOST_TEST(decode_probe({}).error() == ProbeError::too_short);
}

// The padding formula is part of the wire format (docs/echo.md): pinned here byte by byte, across
// 256-byte blocks, whatever the codec does to produce it quickly.
BOOST_AUTO_TEST_CASE(padding_follows_the_documented_formula) {
  for (std::uint64_t seq : {0ull, 1ull, 255ull, 256ull, 0x123456789ull}) {
    std::vector<std::byte> buf;
    encode_probe(Probe{9, seq, 0}, 1300, buf);
    BOOST_REQUIRE(buf.size() == 1300u);
    std::size_t wrong = 0;
    for (std::size_t i = kProbeHeaderSize; i < buf.size(); ++i)
      wrong += buf[i] != std::byte(static_cast<std::uint8_t>(seq * 131u + i * 7u + (i >> 8)));
    BOOST_TEST_CONTEXT("seq " << seq) {
      BOOST_TEST(wrong == 0u);
      BOOST_TEST(decode_probe(buf).has_value());
    }
  }
}

BOOST_AUTO_TEST_CASE(padding_differs_between_neighbouring_probes) {
  std::vector<std::byte> a, b;
  encode_probe(Probe{1, 7, 0}, 64, a);
  encode_probe(Probe{1, 8, 0}, 64, b);
  BOOST_TEST(!std::equal(a.begin() + kProbeHeaderSize, a.end(), b.begin() + kProbeHeaderSize));
}

BOOST_AUTO_TEST_SUITE_END()
