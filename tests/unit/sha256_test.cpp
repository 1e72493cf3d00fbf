#include <boost/test/unit_test.hpp>

#include <string>

#include "util/sha256.hpp"

using udplab::util::Sha256;
using udplab::util::sha256_hex;

BOOST_AUTO_TEST_SUITE(sha256_test)

// FIPS 180-4 example vectors.
BOOST_AUTO_TEST_CASE(known_vectors) {
  BOOST_TEST(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  BOOST_TEST(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  BOOST_TEST(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  BOOST_TEST(sha256_hex(std::string(1'000'000, 'a')) ==
             "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

BOOST_AUTO_TEST_CASE(incremental_equals_whole) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += static_cast<char>(i * 7);
  Sha256 h;
  for (std::size_t pos = 0; pos < text.size(); pos += 13) h.update(std::string_view(text).substr(pos, 13));
  BOOST_TEST(h.hex_digest() == sha256_hex(text));
}

BOOST_AUTO_TEST_SUITE_END()
