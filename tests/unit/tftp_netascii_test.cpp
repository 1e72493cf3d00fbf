#include <boost/test/unit_test.hpp>

#include <string>

#include "tftp/netascii.hpp"
#include "util/bytes.hpp"

using namespace udplab;
using namespace udplab::tftp::netascii;
using namespace std::literals;

namespace {

std::vector<std::byte> bytes(std::string_view s) { return util::to_vector(s); }
std::string text(std::span<const std::byte> b) { return std::string(util::as_chars(b)); }

std::string encode_all(std::string_view local) {
  Encoder e;
  std::vector<std::byte> out;
  e.encode(util::as_bytes(local), out);
  return text(out);
}

std::string decode_all(std::string_view wire, std::uint64_t* malformed = nullptr) {
  Decoder d;
  std::vector<std::byte> out;
  d.decode(util::as_bytes(wire), out);
  d.finish(out);
  if (malformed) *malformed = d.malformed();
  return text(out);
}

// Decodes `wire` in the pieces [0, cuts[0]), [cuts[0], cuts[1]), ..., as blocks would arrive.
std::string decode_pieces(std::string_view wire, std::initializer_list<std::size_t> cuts) {
  Decoder d;
  std::vector<std::byte> out;
  std::size_t from = 0;
  for (std::size_t cut : cuts) {
    d.decode(util::as_bytes(wire.substr(from, cut - from)), out);
    from = cut;
  }
  d.decode(util::as_bytes(wire.substr(from)), out);
  d.finish(out);
  return text(out);
}

// Encodes `local` into blocks of exactly `block` bytes (the last one shorter), feeding the input in
// pieces of `chunk` bytes, the way a sender fills DATA packets from file reads.
std::vector<std::string> encode_blocks(std::string_view local, std::size_t block, std::size_t chunk) {
  Encoder e;
  std::vector<std::string> blocks;
  std::string current(block, '?');
  std::size_t filled = 0;
  std::size_t pos = 0;
  auto out = [&] { return std::as_writable_bytes(std::span(current)).subspan(filled); };
  while (pos < local.size() || e.pending()) {
    auto in = util::as_bytes(local.substr(pos, std::min(chunk, local.size() - pos)));
    auto p = e.encode(in, out());
    if (p.consumed == 0 && p.produced == 0) BOOST_FAIL("the encoder made no progress");
    pos += p.consumed;
    filled += p.produced;
    if (filled == block) {
      blocks.push_back(current);
      filled = 0;
    }
  }
  blocks.push_back(current.substr(0, filled));
  return blocks;
}

// A deterministic byte mix, heavy in CR, LF and NUL.
std::string tricky_bytes(std::size_t n, std::uint32_t seed) {
  std::string s;
  std::uint32_t x = seed;
  for (std::size_t i = 0; i < n; ++i) {
    x = x * 1664525u + 1013904223u;
    switch ((x >> 24) % 6) {
      case 0: s += '\r'; break;
      case 1: s += '\n'; break;
      case 2: s += '\0'; break;
      case 3: s += static_cast<char>(0x80 | (x >> 8 & 0x7F)); break;
      default: s += static_cast<char>('a' + (x >> 16) % 26);
    }
  }
  return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tftp_netascii_test)

BOOST_AUTO_TEST_CASE(translation_rules) {
  BOOST_TEST(encode_all("a\nb") == "a\r\nb"s);
  BOOST_TEST(encode_all("a\rb") == "a\r\0b"s);
  BOOST_TEST(encode_all("\r\n") == "\r\0\r\n"s);
  BOOST_TEST(encode_all("\n\n") == "\r\n\r\n"s);
  BOOST_TEST(encode_all("\0\x7f\x80\xff"s) == "\0\x7f\x80\xff"s);  // everything else passes through
  BOOST_TEST(encode_all("") == "");
  BOOST_TEST(decode_all("a\r\nb") == "a\nb");
  BOOST_TEST(decode_all("a\r\0b"s) == "a\rb");
  BOOST_TEST(decode_all("\r\0\r\n"s) == "\r\n");
  BOOST_TEST(decode_all("\0\x7f\x80\xff"s) == "\0\x7f\x80\xff"s);
}

BOOST_AUTO_TEST_CASE(malformed_wire_input_is_kept_and_counted) {
  std::uint64_t malformed = 0;
  // A bare LF is already the local newline.
  BOOST_TEST(decode_all("a\nb", &malformed) == "a\nb");
  BOOST_TEST(malformed == 0u);
  // CR followed by something else: the CR stays, the byte is translated on its own.
  BOOST_TEST(decode_all("a\rb", &malformed) == "a\rb");
  BOOST_TEST(malformed == 1u);
  BOOST_TEST(decode_all("\r\r\n", &malformed) == "\r\n");
  BOOST_TEST(malformed == 1u);
  BOOST_TEST(decode_all("\r\r\0"s, &malformed) == "\r\r");
  BOOST_TEST(malformed == 1u);
  BOOST_TEST(decode_all("\r\r\r", &malformed) == "\r\r\r");
  BOOST_TEST(malformed == 3u);  // two followed by CR, one dangling
  // A dangling CR at the end of the transfer is written as it is.
  BOOST_TEST(decode_all("abc\r", &malformed) == "abc\r");
  BOOST_TEST(malformed == 1u);
  BOOST_TEST(decode_all("\r", &malformed) == "\r");
  BOOST_TEST(malformed == 1u);
}

BOOST_AUTO_TEST_CASE(decoder_holds_a_cr_across_blocks) {
  Decoder d;
  std::vector<std::byte> out;
  d.decode(bytes("line\r"), out);
  BOOST_TEST(text(out) == "line");  // the CR waits for the next block
  BOOST_TEST(d.pending());
  d.decode(bytes("\nnext\r"), out);
  BOOST_TEST(text(out) == "line\nnext");
  d.decode(bytes("\0"sv), out);
  BOOST_TEST(text(out) == "line\nnext\r");
  BOOST_TEST(!d.pending());
  d.decode({}, out);  // an empty DATA (end of a 512-multiple transfer) changes nothing
  d.finish(out);
  BOOST_TEST(text(out) == "line\nnext\r");
  BOOST_TEST(d.malformed() == 0u);
}

BOOST_AUTO_TEST_CASE(decoding_at_every_split_point) {
  const std::string wire = "ab\r\ncd\r\0\r\r\nx\r\0\0y\ry\n\r\n\r\r\0z\r"s;
  const std::string whole = decode_all(wire);
  BOOST_TEST(whole == "ab\ncd\r\r\nx\r\0y\ry\n\n\r\rz\r"s);
  for (std::size_t i = 0; i <= wire.size(); ++i) {
    BOOST_TEST_CONTEXT("split at " << i) { BOOST_TEST(decode_pieces(wire, {i}) == whole); }
    for (std::size_t j = i; j <= wire.size(); ++j)
      BOOST_TEST_CONTEXT("splits at " << i << ", " << j) { BOOST_TEST(decode_pieces(wire, {i, j}) == whole); }
  }
  // Byte by byte.
  Decoder d;
  std::vector<std::byte> out;
  for (char c : wire) d.decode(util::as_bytes(std::string_view(&c, 1)), out);
  d.finish(out);
  BOOST_TEST(text(out) == whole);
}

BOOST_AUTO_TEST_CASE(encoder_fills_blocks_exactly_at_every_size) {
  BOOST_TEST(encode_all("ab\ncd\r\r\nx\n\n\ry") == "ab\r\ncd\r\0\r\0\r\nx\r\n\r\n\r\0y"s);
  // The last three end in a pair, whose second byte may have to wait for the next block.
  for (std::string_view local : {"ab\ncd\r\r\nx\n\n\ry"sv, "text\n"sv, "\r\n\r"sv, "\n"sv}) {
    const std::string whole = encode_all(local);
    for (std::size_t block = 1; block <= whole.size() + 2; ++block) {
      for (std::size_t chunk = 1; chunk <= local.size(); ++chunk) {
        BOOST_TEST_CONTEXT("'" << local << "' in blocks of " << block << ", input chunks of " << chunk) {
          auto blocks = encode_blocks(local, block, chunk);
          std::string joined;
          for (std::size_t i = 0; i < blocks.size(); ++i) {
            if (i + 1 < blocks.size()) BOOST_TEST(blocks[i].size() == block);
            joined += blocks[i];
          }
          BOOST_TEST(blocks.back().size() < block);  // a full last block is followed by an empty one
          BOOST_TEST(joined == whole);
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(encoder_holds_the_second_byte_of_a_pair) {
  Encoder e;
  std::byte out[3];
  auto p = e.encode(bytes("a\n"), std::span(out, 2));
  BOOST_TEST(p.consumed == 2u);
  BOOST_TEST(p.produced == 2u);  // "a" and the CR; the LF waits
  BOOST_TEST(e.pending());
  p = e.encode({}, std::span(out, 0));  // no room: nothing happens
  BOOST_TEST(p.produced == 0u);
  BOOST_TEST(e.pending());
  p = e.encode({}, std::span(out, 1));  // end of file: an empty input flushes the held byte
  BOOST_TEST(p.produced == 1u);
  BOOST_TEST(text(std::span(out, 1)) == "\n");
  BOOST_TEST(!e.pending());
  e.encode(bytes("\n"), std::span(out, 1));
  p = e.encode(bytes("\r"), std::span(out, 3));
  BOOST_TEST(p.consumed == 1u);
  BOOST_TEST(p.produced == 3u);
  BOOST_TEST(text(std::span(out, 3)) == "\n\r\0"s);
  BOOST_TEST(!e.pending());
  // The appending form flushes a held byte first.
  p = e.encode(bytes("\r"), std::span(out, 1));
  BOOST_TEST(e.pending());
  std::vector<std::byte> rest;
  e.encode(bytes("z"), rest);
  BOOST_TEST(text(rest) == "\0z"s);
}

BOOST_AUTO_TEST_CASE(round_trip_at_every_split_point) {
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    const std::string local = tricky_bytes(64, seed);
    const std::string wire = encode_all(local);
    BOOST_TEST_CONTEXT("seed " << seed) {
      BOOST_TEST(decode_all(wire) == local);
      for (std::size_t i = 0; i <= wire.size(); ++i) BOOST_TEST(decode_pieces(wire, {i}) == local);
    }
  }
}

BOOST_AUTO_TEST_CASE(encoded_size_is_the_transfer_size) {
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    const std::string local = tricky_bytes(100 + seed, seed);
    BOOST_TEST(encoded_size(util::as_bytes(local)) == encode_all(local).size());
    // Chunk sizes add up, so a file can be measured in reads of any size.
    std::uint64_t sum = 0;
    for (std::size_t pos = 0; pos < local.size(); pos += 7)
      sum += encoded_size(util::as_bytes(std::string_view(local).substr(pos, 7)));
    BOOST_TEST(sum == encode_all(local).size());
  }
  BOOST_TEST(encoded_size({}) == 0u);
  BOOST_TEST(encoded_size(bytes("\r\n")) == 4u);
  BOOST_TEST(encoded_size(bytes("abc")) == 3u);
}

BOOST_AUTO_TEST_SUITE_END()
