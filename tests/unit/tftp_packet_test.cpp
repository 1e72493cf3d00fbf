#include <boost/test/unit_test.hpp>

#include <sstream>
#include <string>

#include "tftp/error.hpp"
#include "tftp/packet.hpp"
#include "util/bytes.hpp"

using namespace udplab;
using namespace udplab::tftp;
using namespace std::literals;

namespace udplab::tftp {
// static: these printers are private to this file (other suites print their own types).
static std::string describe(const Packet& p) {
  std::ostringstream out;
  out << to_string(opcode_of(p));
  std::visit(
      [&out](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, Rrq> || std::is_same_v<T, Wrq>) {
          out << " '" << v.filename << "' " << to_string(v.mode);
          for (const auto& o : v.options) out << " " << o.name << "=" << o.value;
        } else if constexpr (std::is_same_v<T, Data>) {
          out << " #" << v.block << " " << v.payload.size() << "B";
        } else if constexpr (std::is_same_v<T, Ack>) {
          out << " #" << v.block;
        } else if constexpr (std::is_same_v<T, Error>) {
          out << " " << static_cast<unsigned>(v.code) << " '" << v.message << "'";
        } else {
          for (const auto& o : v.options) out << " " << o.name << "=" << o.value;
        }
      },
      p);
  return out.str();
}
static std::ostream& boost_test_print_type(std::ostream& out, const Packet& p) { return out << describe(p); }
static std::ostream& boost_test_print_type(std::ostream& out, Mode m) { return out << to_string(m); }
static std::ostream& boost_test_print_type(std::ostream& out, ErrorCode c) {
  return out << "ERROR " << static_cast<unsigned>(c);
}
}  // namespace udplab::tftp

namespace {

std::vector<std::byte> bytes(std::string_view s) { return util::to_vector(s); }

// The error of decoding `d`, or no error if it decodes.
std::error_code decode_error(std::span<const std::byte> d) {
  auto r = decode(d);
  return r ? std::error_code{} : r.error();
}
std::error_code peer(errc e) { return make_error_code(e); }
std::error_code usage(usage_errc e) { return make_error_code(e); }

std::vector<std::byte> encoded(const Packet& p) {
  std::vector<std::byte> out;
  if (auto ec = encode(p, out)) BOOST_FAIL("encode failed: " << ec.message());
  return out;
}

Packet decoded(std::span<const std::byte> d) {
  auto r = decode(d);
  // Not BOOST_TEST_REQUIRE(cond, message): Boost 1.74 builds the message even when cond holds.
  if (!r) BOOST_FAIL("decode failed: " << r.error().message());
  return *r;
}

std::string option_bytes(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    s.append("o").append(std::to_string(i));
    s.append("\0" "1\0"sv);
  }
  return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tftp_packet_test)

BOOST_AUTO_TEST_CASE(every_packet_type_round_trips) {
  const auto payload = bytes("hello\0world\r\n"sv);
  const std::vector<std::byte> big(kMaxDataPayload, std::byte{0xA5});
  const std::vector<Packet> packets = {
      Rrq{.filename = "boot/pxelinux.0", .mode = Mode::octet},
      Rrq{.filename = "f", .mode = Mode::netascii,
          .options = {{"blksize", "1428"}, {"TSize", "0"}, {"x-vendor", "some value"}}},
      Wrq{.filename = "upload.bin", .mode = Mode::octet, .options = {{"tsize", "123456789"}}},
      Wrq{.filename = "mailbox", .mode = Mode::mail},
      Data{.block = 1, .payload = payload},
      Data{.block = 65535, .payload = {}},
      Data{.block = 0, .payload = big},
      Ack{.block = 0},
      Ack{.block = 0xBEEF},
      Error{.code = ErrorCode::file_not_found, .message = "File not found"},
      Error{.code = ErrorCode::not_defined, .message = ""},
      Error{.code = static_cast<ErrorCode>(4242), .message = "vendor code"},
      Oack{.options = {{"blksize", "1024"}, {"windowsize", "16"}}},
      Oack{},
  };
  for (const Packet& p : packets) {
    BOOST_TEST_CONTEXT(describe(p)) {
      auto wire = encoded(p);
      BOOST_TEST(decoded(wire) == p);
      BOOST_TEST((peek_opcode(wire) == std::optional<Opcode>(opcode_of(p))));
    }
  }
}

// Byte strings as tftp-hpa and atftp put them on the wire, written out from RFC 1350/2347 and
// from what those programs send (tftp-hpa's client defaults to netascii; atftp orders its options
// tsize, timeout, blksize; both servers echo the client's option spelling or their own).
BOOST_AUTO_TEST_CASE(known_byte_strings) {
  struct Case {
    std::string_view what;
    std::string_view wire;
    Packet packet;
  };
  const Case cases[] = {
      {"tftp-hpa client RRQ, default mode", "\0\1motd\0netascii\0"sv,
       Rrq{.filename = "motd", .mode = Mode::netascii}},
      {"tftp-hpa client RRQ -m binary", "\0\1pxelinux.0\0octet\0"sv, Rrq{.filename = "pxelinux.0"}},
      {"atftp RRQ --option tsize --option 'blksize 1428'", "\0\1file.img\0octet\0tsize\0" "0\0blksize\0" "1428\0"sv,
       Rrq{.filename = "file.img", .options = {{"tsize", "0"}, {"blksize", "1428"}}}},
      {"atftp WRQ with tsize", "\0\2up.bin\0octet\0tsize\0" "70000\0"sv,
       Wrq{.filename = "up.bin", .options = {{"tsize", "70000"}}}},
      {"tftpd-hpa OACK", "\0\6tsize\0" "1048576\0blksize\0" "1428\0"sv,
       Oack{.options = {{"tsize", "1048576"}, {"blksize", "1428"}}}},
      {"DATA 1, 5 bytes", "\0\3\0\1hello"sv, Data{.block = 1, .payload = util::as_bytes("hello")}},
      {"DATA 513, empty (end of a 512-multiple file)", "\0\3\2\1"sv, Data{.block = 513}},
      {"ACK 0", "\0\4\0\0"sv, Ack{.block = 0}},
      {"ACK 65535", "\0\4\xff\xff"sv, Ack{.block = 65535}},
      {"tftpd-hpa nak(EBADOP, \"Unknown mode\")", "\0\5\0\4Unknown mode\0"sv,
       Error{.code = ErrorCode::illegal_operation, .message = "Unknown mode"}},
      {"atftp tftp_send_error(ENOTFOUND)", "\0\5\0\1File not found\0"sv,
       Error{.code = ErrorCode::file_not_found, .message = "File not found"}},
      {"option negotiation refused", "\0\5\0\x08" "Failure to negotiate RFC2347 options\0"sv,
       Error{.code = ErrorCode::option_negotiation, .message = "Failure to negotiate RFC2347 options"}},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.what) {
      auto wire = util::as_bytes(c.wire);
      BOOST_TEST(decoded(wire) == c.packet);
      auto out = encoded(c.packet);
      BOOST_TEST(util::as_chars(out) == c.wire);
    }
  }
}

BOOST_AUTO_TEST_CASE(mode_is_case_insensitive_and_strict) {
  BOOST_TEST(std::get<Rrq>(decoded(bytes("\0\1f\0OCTET\0"sv))).mode == Mode::octet);
  BOOST_TEST(std::get<Rrq>(decoded(bytes("\0\1f\0NetAscii\0"sv))).mode == Mode::netascii);
  BOOST_TEST(std::get<Wrq>(decoded(bytes("\0\2f\0Mail\0"sv))).mode == Mode::mail);
  // Re-encoding writes the canonical spelling.
  BOOST_TEST(util::as_chars(encoded(decoded(bytes("\0\1f\0OcTeT\0"sv)))) == "\0\1f\0octet\0"sv);
  for (auto mode : {""sv, "binary"sv, "octet "sv, " octet"sv, "octe"sv, "octets"sv, "oct\xC3\xA9t"sv, "\xEF\xBD\x8F" "ctet"sv,
                    "netascii\x80"sv}) {
    std::string wire = "\0\1f\0"s + std::string(mode) + '\0';
    BOOST_TEST_CONTEXT("mode '" << mode << "'") {
      BOOST_TEST(decode_error(bytes(wire)) == peer(errc::bad_mode));
    }
  }
}

BOOST_AUTO_TEST_CASE(option_names_are_case_insensitive) {
  auto rrq = std::get<Rrq>(decoded(bytes("\0\1f\0octet\0BlkSize\0" "1024\0"sv)));
  BOOST_TEST(rrq.options.size() == 1u);
  BOOST_TEST(rrq.options[0].name == "BlkSize");  // kept as spelled, for echoing
  BOOST_REQUIRE(find_option(rrq.options, "blksize") != nullptr);
  BOOST_TEST(find_option(rrq.options, "BLKSIZE")->value == "1024");
  BOOST_TEST(find_option(rrq.options, "blksiz") == nullptr);
  BOOST_TEST(decode_error(bytes("\0\1f\0octet\0blksize\0" "1024\0BLKSIZE\0" "512\0"sv)) == peer(errc::duplicate_option));
  BOOST_TEST(decode_error(bytes("\0\6tsize\0" "1\0TSIZE\0" "1\0"sv)) == peer(errc::duplicate_option));
  BOOST_TEST(iequals("WindowSize", "windowsize"));
  BOOST_TEST(!iequals("windowsize", "windowsiz"));
  BOOST_TEST(!iequals("\xC9", "\xE9"));  // only ASCII letters fold
}

BOOST_AUTO_TEST_CASE(malformed_packets_give_exact_errors) {
  struct Case {
    std::string_view what;
    std::string wire;
    errc expected;
  };
  const std::string name255(255, 'n');
  const std::string long_opt(kMaxOptionNameLength + 1, 'k');
  const std::string long_val(kMaxOptionValueLength + 1, '9');
  const Case cases[] = {
      {"empty datagram", "", errc::truncated},
      {"one byte", "\0"s, errc::truncated},
      {"opcode 0", "\0\0\0\1"s, errc::bad_opcode},
      {"opcode 7", "\0\x07\0\1"s, errc::bad_opcode},
      {"opcode 0x0104 (byte-swapped ACK)", "\1\4\0\1"s, errc::bad_opcode},
      {"opcode 65535", "\xff\xff"s, errc::bad_opcode},
      {"RRQ without filename", "\0\1"s, errc::truncated},
      {"RRQ filename without NUL", "\0\1file"s, errc::missing_nul},
      {"RRQ empty filename", "\0\1\0octet\0"s, errc::empty_filename},
      {"RRQ 256-byte filename", "\0\1"s + name255 + "n" + '\0' + "octet" + '\0', errc::filename_too_long},
      {"RRQ without mode", "\0\1file\0"s, errc::truncated},
      {"RRQ mode without NUL", "\0\1file\0octet"s, errc::missing_nul},
      {"WRQ empty mode", "\0\2file\0\0"s, errc::bad_mode},
      {"NUL padding after the mode", "\0\1file\0octet\0\0"s, errc::empty_option_name},
      {"option name ends the packet", "\0\1file\0octet\0blksize\0"s, errc::missing_option_value},
      {"option value without NUL", "\0\1file\0octet\0blksize\0" "512"s, errc::missing_nul},
      {"option name without NUL", "\0\1file\0octet\0blksize"s, errc::missing_nul},
      {"empty option value", "\0\1file\0octet\0blksize\0\0"s, errc::empty_option_value},
      {"option name too long", "\0\1f\0octet\0"s + long_opt + '\0' + "1" + '\0', errc::option_too_long},
      {"option value too long", "\0\1f\0octet\0x\0"s + long_val + '\0', errc::option_too_long},
      {"too many options", "\0\1f\0octet\0"s + option_bytes(kMaxOptions + 1), errc::too_many_options},
      {"request over 512 bytes", "\0\1"s + name255 + '\0' + "octet" + '\0' + std::string(64, 'a') + '\0' +
                                     std::string(64, '1') + '\0' + std::string(64, 'b') + '\0' + std::string(64, '2') + '\0' +
                                     std::string(64, 'c') + '\0' + std::string(2, '3') + '\0',
       errc::request_too_large},
      {"DATA without block number", "\0\3\0"s, errc::truncated},
      {"DATA over 4+65464 bytes", "\0\3\0\1"s + std::string(kMaxDataPayload + 1, 'x'), errc::packet_too_large},
      {"ACK without block number", "\0\4\0"s, errc::truncated},
      {"ACK with a fifth byte", "\0\4\0\1\0"s, errc::trailing_bytes},
      {"ERROR without code", "\0\5\0"s, errc::truncated},
      {"ERROR with bytes after the NUL", "\0\5\0\1oops\0junk"s, errc::trailing_bytes},
      {"ERROR with a second NUL", "\0\5\0\1oops\0\0"s, errc::trailing_bytes},
      {"ERROR over the largest packet", "\0\5\0\1"s + std::string(kMaxDataPayload, 'm') + '\0', errc::packet_too_large},
      {"OACK name ends the packet", "\0\6blksize\0"s, errc::missing_option_value},
      {"OACK empty name", "\0\6\0" "512\0"s, errc::empty_option_name},
      {"OACK empty value", "\0\6blksize\0\0"s, errc::empty_option_value},
      {"OACK value without NUL", "\0\6blksize\0" "512"s, errc::missing_nul},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.what) { BOOST_TEST(decode_error(bytes(c.wire)) == peer(c.expected)); }
  }
  // The limits themselves are accepted.
  BOOST_TEST(!decode_error(bytes("\0\1"s + name255 + '\0' + "octet" + '\0')));
  BOOST_TEST(!decode_error(bytes("\0\1f\0octet\0"s + option_bytes(kMaxOptions))));
  BOOST_TEST(!decode_error(bytes("\0\3\0\1"s + std::string(kMaxDataPayload, 'x'))));
  BOOST_TEST(!decode_error(bytes("\0\1f\0octet\0"s + std::string(kMaxOptionNameLength, 'k') + '\0' +
                                 std::string(kMaxOptionValueLength, '9') + '\0')));
  std::string exactly512 = "\0\1"s + std::string(255, 'n') + '\0' + "octet" + '\0';
  exactly512 += std::string(64, 'a') + '\0' + std::string(64, '1') + '\0';
  exactly512 += std::string(64, 'b') + '\0';
  exactly512 += std::string(kMaxRequestSize - exactly512.size() - 1, '2') + '\0';
  BOOST_TEST(exactly512.size() == kMaxRequestSize);
  BOOST_TEST(!decode_error(bytes(exactly512)));
}

// Some stacks end an ERROR message at the end of the datagram without a NUL: accepted.
BOOST_AUTO_TEST_CASE(error_without_final_nul_is_accepted) {
  BOOST_TEST(decoded(bytes("\0\5\0\2Access denied"sv)) ==
             Packet(Error{.code = ErrorCode::access_violation, .message = "Access denied"}));
  BOOST_TEST(decoded(bytes("\0\5\0\0"sv)) == Packet(Error{.code = ErrorCode::not_defined, .message = ""}));
  // Re-encoding adds the NUL.
  BOOST_TEST(util::as_chars(encoded(decoded(bytes("\0\5\0\2x"sv)))) == "\0\5\0\2x\0"sv);
}

// Every prefix of a valid packet, as if the datagram had been cut short (h11/Beast style).
BOOST_AUTO_TEST_CASE(every_prefix_of_a_request) {
  const auto wire = bytes("\0\1ab\0octet\0blksize\0" "1024\0"sv);
  for (std::size_t n = 0; n <= wire.size(); ++n) {
    std::error_code expected;
    if (n <= 2) expected = peer(errc::truncated);
    else if (n <= 4) expected = peer(errc::missing_nul);         // "a", "ab"
    else if (n == 5) expected = peer(errc::truncated);           // the mode has not started
    else if (n <= 10) expected = peer(errc::missing_nul);        // "o" .. "octet"
    else if (n == 11) expected = {};                              // a complete RRQ without options
    else if (n <= 18) expected = peer(errc::missing_nul);        // "b" .. "blksize"
    else if (n == 19) expected = peer(errc::missing_option_value);
    else if (n < wire.size()) expected = peer(errc::missing_nul);  // "1" .. "1024"
    BOOST_TEST_CONTEXT("prefix " << n) {
      auto prefix = std::span(wire).first(n);
      BOOST_TEST(decode_error(prefix) == expected);
      if (n == 11) BOOST_TEST(decoded(prefix) == Packet(Rrq{.filename = "ab"}));
    }
  }
  BOOST_TEST(decoded(wire) == Packet(Rrq{.filename = "ab", .options = {{"blksize", "1024"}}}));
}

BOOST_AUTO_TEST_CASE(every_prefix_of_data_ack_error_oack) {
  const auto data = bytes("\0\3\1\0payload"sv);
  for (std::size_t n = 0; n <= data.size(); ++n) {
    BOOST_TEST_CONTEXT("DATA prefix " << n) {
      auto prefix = std::span(data).first(n);
      if (n < 4) {
        BOOST_TEST(decode_error(prefix) == peer(errc::truncated));
      } else {
        // DATA has no end marker: a cut DATA is a shorter DATA (the UDP length is the framing).
        auto d = std::get<Data>(decoded(prefix));
        BOOST_TEST(d.block == 256u);
        BOOST_TEST(d.payload.size() == n - 4);
        BOOST_TEST(d.payload.data() == data.data() + 4);  // a view, not a copy
      }
    }
  }
  const auto ack = bytes("\0\4\0\7"sv);
  for (std::size_t n = 0; n < ack.size(); ++n)
    BOOST_TEST(decode_error(std::span(ack).first(n)) == peer(errc::truncated));

  const auto error = bytes("\0\5\0\1nope\0"sv);
  for (std::size_t n = 0; n <= error.size(); ++n) {
    BOOST_TEST_CONTEXT("ERROR prefix " << n) {
      auto prefix = std::span(error).first(n);
      if (n < 4) {
        BOOST_TEST(decode_error(prefix) == peer(errc::truncated));
      } else {
        std::string message(util::as_chars(prefix.subspan(4)));
        if (!message.empty() && message.back() == '\0') message.pop_back();
        BOOST_TEST(decoded(prefix) == Packet(Error{.code = ErrorCode::file_not_found, .message = message}));
      }
    }
  }

  const auto oack = bytes("\0\6tsize\0" "42\0"sv);
  for (std::size_t n = 0; n <= oack.size(); ++n) {
    std::error_code expected;
    if (n < 2) expected = peer(errc::truncated);
    else if (n == 2) expected = {};  // an OACK without options is well-formed (see options.hpp)
    else if (n <= 7) expected = peer(errc::missing_nul);
    else if (n == 8) expected = peer(errc::missing_option_value);
    else if (n < oack.size()) expected = peer(errc::missing_nul);
    BOOST_TEST_CONTEXT("OACK prefix " << n) { BOOST_TEST(decode_error(std::span(oack).first(n)) == expected); }
  }
}

BOOST_AUTO_TEST_CASE(valid_packets_with_trailing_junk) {
  BOOST_TEST(decode_error(bytes("\0\1f\0octet\0X"sv)) == peer(errc::missing_nul));
  BOOST_TEST(decode_error(bytes("\0\1f\0octet\0\0"sv)) == peer(errc::empty_option_name));
  BOOST_TEST(decode_error(bytes("\0\1f\0octet\0a\0b\0c"sv)) == peer(errc::missing_nul));
  BOOST_TEST(decode_error(bytes("\0\4\0\1\xff\xff"sv)) == peer(errc::trailing_bytes));
  BOOST_TEST(decode_error(bytes("\0\5\0\1m\0\xff"sv)) == peer(errc::trailing_bytes));
  BOOST_TEST(decode_error(bytes("\0\6a\0" "1\0Z"sv)) == peer(errc::missing_nul));
  BOOST_TEST(decode_error(bytes("\0\6a\0" "1\0Z\0"sv)) == peer(errc::missing_option_value));
}

// The decoder stays within its span even when the byte after it would complete the packet.
BOOST_AUTO_TEST_CASE(decode_stays_within_the_span) {
  const auto buffer = bytes("\0\1file\0octet\0"sv);
  BOOST_TEST(decode_error(std::span(buffer).first(buffer.size() - 1)) == peer(errc::missing_nul));
  const auto error = bytes("\0\5\0\1abc\0"sv);
  BOOST_TEST(std::get<Error>(decoded(std::span(error).first(6))).message == "ab");
}

BOOST_AUTO_TEST_CASE(encode_refuses_what_decode_would_reject) {
  std::vector<std::byte> out = bytes("previous contents");
  auto check = [&](const Packet& p, usage_errc expected) {
    BOOST_TEST_CONTEXT(describe(p)) {
      BOOST_TEST(encode(p, out) == usage(expected));
      BOOST_TEST(out.empty());
    }
  };
  check(Rrq{.filename = ""}, usage_errc::empty_filename);
  check(Rrq{.filename = "a\0b"s}, usage_errc::nul_in_string);
  check(Wrq{.filename = std::string(kMaxFilenameLength + 1, 'f')}, usage_errc::filename_too_long);
  check(Rrq{.filename = "f", .options = {{"", "1"}}}, usage_errc::empty_option_name);
  check(Rrq{.filename = "f", .options = {{"blksize", ""}}}, usage_errc::empty_option_value);
  check(Rrq{.filename = "f", .options = {{"blk\0size"s, "1"}}}, usage_errc::nul_in_string);
  check(Oack{.options = {{"blksize", "1\0"s}}}, usage_errc::nul_in_string);
  check(Oack{.options = {{std::string(kMaxOptionNameLength + 1, 'n'), "1"}}}, usage_errc::option_too_long);
  check(Oack{.options = {{"n", std::string(kMaxOptionValueLength + 1, '1')}}}, usage_errc::option_too_long);
  check(Rrq{.filename = "f", .options = {{"tsize", "0"}, {"TSIZE", "0"}}}, usage_errc::duplicate_option);
  Options many;
  for (std::size_t i = 0; i <= kMaxOptions; ++i) many.push_back({std::string("o").append(std::to_string(i)), "1"});
  check(Oack{.options = many}, usage_errc::too_many_options);
  check(Rrq{.filename = std::string(255, 'f'),
            .options = {{std::string(64, 'a'), std::string(64, '1')},
                        {std::string(64, 'b'), std::string(64, '2')}}},
        usage_errc::request_too_large);
  const std::vector<std::byte> too_big(kMaxDataPayload + 1);
  check(Data{.block = 1, .payload = too_big}, usage_errc::payload_too_large);
  check(Error{.code = ErrorCode::not_defined, .message = "a\0b"s}, usage_errc::nul_in_string);
  check(Error{.code = ErrorCode::not_defined, .message = std::string(kMaxErrorMessageLength + 1, 'm')},
        usage_errc::message_too_long);
  // At the limit, an ERROR is 516 bytes: it fits a classic 4 + 512 receive buffer with its NUL.
  BOOST_TEST(!encode(Error{.message = std::string(kMaxErrorMessageLength, 'm')}, out));
  BOOST_TEST(out.size() == 516u);
}

// Liberal in what we accept, conservative in what we send (found by tftp_packet_fuzz).
BOOST_AUTO_TEST_CASE(long_error_messages_are_received_but_not_sent) {
  const std::string long_message(600, 'm');
  auto error = std::get<Error>(decoded(bytes("\0\5\0\3"s + long_message + '\0')));
  BOOST_TEST(error.message == long_message);
  std::vector<std::byte> out;
  BOOST_TEST(encode(error, out) == usage(usage_errc::message_too_long));
}

BOOST_AUTO_TEST_CASE(encode_reuses_the_buffer) {
  std::vector<std::byte> out;
  out.reserve(2048);
  const std::byte* storage = out.data();
  encode(Ack{.block = 7}, out);
  BOOST_TEST(out.size() == 4u);
  BOOST_TEST(!encode(Packet(Rrq{.filename = "f"}), out));
  BOOST_TEST(util::as_chars(out) == "\0\1f\0octet\0"sv);
  const std::vector<std::byte> payload(1428, std::byte{1});
  BOOST_TEST(!encode(Data{.block = 2, .payload = payload}, out));
  BOOST_TEST(out.size() == 1432u);
  BOOST_TEST(out.data() == storage);
  write_data_header(0x1234, out);
  BOOST_TEST(util::as_chars(out) == "\0\3\x12\x34"sv);
  BOOST_TEST(out.data() == storage);
}

BOOST_AUTO_TEST_CASE(peek_opcode_reads_only_the_opcode) {
  BOOST_TEST((peek_opcode(bytes("\0\3"sv)) == std::optional<Opcode>(Opcode::data)));
  BOOST_TEST((peek_opcode(bytes("\0\6garbage"sv)) == std::optional<Opcode>(Opcode::oack)));
  BOOST_TEST(!peek_opcode(bytes("\0"sv)).has_value());
  BOOST_TEST(!peek_opcode(bytes("\0\0"sv)).has_value());
  BOOST_TEST(!peek_opcode(bytes("\0\7"sv)).has_value());
}

BOOST_AUTO_TEST_CASE(error_categories_keep_peer_usage_and_protocol_apart) {
  std::error_code from_peer = errc::duplicate_option;
  std::error_code misuse = usage_errc::duplicate_option;
  std::error_code reported = ErrorCode::file_not_found;
  BOOST_TEST(from_peer != misuse);
  BOOST_TEST((from_peer.category() == peer_category()));
  BOOST_TEST((misuse.category() == usage_category()));
  BOOST_TEST((reported.category() == error_packet_category()));
  BOOST_TEST(std::string(peer_category().name()) != usage_category().name());
  // ERROR code 0 is still an error.
  std::error_code undefined = ErrorCode::not_defined;
  BOOST_TEST(static_cast<bool>(undefined));
  BOOST_TEST((error_code_of(undefined) == std::optional<ErrorCode>(ErrorCode::not_defined)));
  BOOST_TEST((error_code_of(reported) == std::optional<ErrorCode>(ErrorCode::file_not_found)));
  BOOST_TEST(!error_code_of(from_peer).has_value());
  BOOST_TEST(reported.message() == "File not found.");
  BOOST_TEST(std::error_code(ErrorCode::option_negotiation).message() == standard_message(ErrorCode::option_negotiation));
  BOOST_TEST(standard_message(ErrorCode::disk_full) == "Disk full or allocation exceeded.");
  BOOST_TEST(standard_message(static_cast<ErrorCode>(9)) == "Unknown error code");
  BOOST_TEST(from_peer.message() == "option given twice");
}

BOOST_AUTO_TEST_CASE(reply_codes) {
  BOOST_TEST(reply_code_for(errc::missing_nul) == ErrorCode::illegal_operation);
  BOOST_TEST(reply_code_for(errc::bad_mode) == ErrorCode::illegal_operation);
  BOOST_TEST(reply_code_for(errc::unrequested_option) == ErrorCode::option_negotiation);
  BOOST_TEST(reply_code_for(errc::blksize_raised) == ErrorCode::option_negotiation);
  BOOST_TEST(reply_code_for(errc::timeout_changed) == ErrorCode::option_negotiation);
  BOOST_TEST(reply_code_for(errc::file_too_large) == ErrorCode::disk_full);
  BOOST_TEST(reply_code_for(ErrorCode::access_violation) == ErrorCode::access_violation);
  BOOST_TEST(reply_code_for(usage_errc::payload_too_large) == ErrorCode::not_defined);
  BOOST_TEST(reply_code_for(std::make_error_code(std::errc::no_space_on_device)) == ErrorCode::not_defined);
}

BOOST_AUTO_TEST_SUITE_END()
