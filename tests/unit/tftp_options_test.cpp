#include <boost/test/unit_test.hpp>

#include <sstream>
#include <string>

#include "tftp/options.hpp"

using namespace udplab::tftp;

namespace udplab::tftp {
// static: private to this file.
static std::string describe(const Options& options) {
  std::ostringstream out;
  out << "{";
  for (const Option& o : options) out << " " << o.name << "=" << o.value;
  out << " }";
  return out.str();
}
static std::ostream& boost_test_print_type(std::ostream& out, const TransferParams& p) {
  out << "blksize=" << p.blksize << " windowsize=" << p.windowsize << " timeout=";
  if (p.timeout_s) out << *p.timeout_s; else out << "-";
  out << " tsize=";
  if (p.tsize) out << *p.tsize; else out << "-";
  return out;
}
static std::ostream& boost_test_print_type(std::ostream& out, ErrorCode c) {
  return out << "ERROR " << static_cast<unsigned>(c);
}
}  // namespace udplab::tftp

namespace {

std::error_code peer(errc e) { return make_error_code(e); }

std::error_code error_of(const std::expected<TransferParams, std::error_code>& r) {
  return r ? std::error_code{} : r.error();
}

TransferParams params(std::uint32_t blksize, std::uint32_t windowsize = 1, std::optional<std::uint32_t> timeout = {},
                      std::optional<std::uint64_t> tsize = {}) {
  return TransferParams{.blksize = blksize, .windowsize = windowsize, .timeout_s = timeout, .tsize = tsize};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tftp_options_test)

BOOST_AUTO_TEST_CASE(option_numbers_are_plain_decimal) {
  BOOST_TEST((parse_option_number("0") == std::optional<std::uint64_t>(0)));
  BOOST_TEST((parse_option_number("65464") == std::optional<std::uint64_t>(65464)));
  BOOST_TEST((parse_option_number("0512") == std::optional<std::uint64_t>(512)));
  BOOST_TEST((parse_option_number("18446744073709551615") == std::optional<std::uint64_t>(UINT64_MAX)));
  for (const char* bad : {"", "18446744073709551616", "99999999999999999999999", "+1", "-1", " 1", "1 ", "0x10",
                          "1e3", "12a", "\xD9\xA1"}) {
    BOOST_TEST_CONTEXT("'" << bad << "'") { BOOST_TEST(!parse_option_number(bad).has_value()); }
  }
}

BOOST_AUTO_TEST_CASE(client_builds_request_options) {
  BOOST_TEST(*build_request_options({}) == Options{});
  auto read = build_request_options(
      {.direction = Direction::read, .blksize = 1428, .timeout_s = 3, .windowsize = 8, .tsize = true});
  BOOST_TEST(*read == (Options{{"blksize", "1428"}, {"timeout", "3"}, {"tsize", "0"}, {"windowsize", "8"}}));
  // RFC 2349: a WRQ announces the size.
  auto write = build_request_options({.direction = Direction::write, .tsize = true, .write_size = 70000});
  BOOST_TEST(*write == (Options{{"tsize", "70000"}}));
  // The RFC ranges, inclusive.
  BOOST_TEST(build_request_options({.blksize = 8, .timeout_s = 1, .windowsize = 1}).has_value());
  BOOST_TEST(build_request_options({.blksize = 65464, .timeout_s = 255, .windowsize = 65535}).has_value());
  const ClientRequest out_of_range[] = {{.blksize = 7},      {.blksize = 65465},      {.timeout_s = 0},
                                        {.timeout_s = 256},  {.windowsize = 0},       {.windowsize = 65536}};
  for (const ClientRequest& r : out_of_range)
    BOOST_TEST(build_request_options(r).error() == make_error_code(usage_errc::option_out_of_range));
  // An upload lowered to fit a default buffer also says what it would like; a download never does
  // (its window lands in our own buffer, which it has sized), nor a wish no larger than the ask.
  auto wish = build_request_options(
      {.direction = Direction::write, .blksize = 65464, .windowsize = 2, .sliding = true, .windowsize_wish = 16});
  BOOST_TEST(*wish == (Options{{"blksize", "65464"}, {"windowsize", "2"}, {"x-udplab-sliding", "1"},
                               {"x-udplab-windowsize", "16"}}));
  BOOST_TEST(*build_request_options({.direction = Direction::read, .windowsize = 2, .windowsize_wish = 16}) ==
             (Options{{"windowsize", "2"}}));
  BOOST_TEST(*build_request_options({.direction = Direction::write, .windowsize = 4, .windowsize_wish = 4}) ==
             (Options{{"windowsize", "4"}}));
  BOOST_TEST(build_request_options({.direction = Direction::write, .windowsize = 2, .windowsize_wish = 65536}).error() ==
             make_error_code(usage_errc::option_out_of_range));
}

BOOST_AUTO_TEST_CASE(client_checks_the_oack) {
  const ClientRequest all{.direction = Direction::read, .blksize = 1428, .timeout_s = 3, .windowsize = 8,
                          .tsize = true, .max_read_size = 1'000'000};
  const ClientRequest upload{.direction = Direction::write, .blksize = 1024, .tsize = true, .write_size = 5000};
  const ClientRequest wishing{.direction = Direction::write, .blksize = 65464, .windowsize = 2, .windowsize_wish = 16};
  struct Case {
    const char* what;
    const ClientRequest& request;
    Options oack;
    std::error_code error;
    TransferParams expected = {};
  };
  const Case cases[] = {
      {"empty OACK: defaults", all, {}, {}, params(512)},
      {"everything echoed", all, {{"blksize", "1428"}, {"timeout", "3"}, {"tsize", "4242"}, {"windowsize", "8"}}, {},
       params(1428, 8, 3, 4242)},
      {"in another order and case", all, {{"WINDOWSIZE", "8"}, {"Blksize", "1428"}}, {}, params(1428, 8)},
      {"blksize lowered", all, {{"blksize", "1024"}}, {}, params(1024)},
      {"blksize lowered to 8", all, {{"blksize", "8"}}, {}, params(8)},
      {"windowsize lowered", all, {{"windowsize", "2"}}, {}, params(512, 2)},
      {"only some options acknowledged: the rest keep defaults", all, {{"tsize", "0"}}, {}, params(512, 1, {}, 0)},
      {"tsize at the read limit", all, {{"tsize", "1000000"}}, {}, params(512, 1, {}, 1'000'000)},
      {"WRQ tsize echoed", upload, {{"tsize", "5000"}, {"blksize", "512"}}, {}, params(512, 1, {}, 5000)},
      {"blksize raised", all, {{"blksize", "1429"}}, peer(errc::blksize_raised)},
      {"blksize above 65464", all, {{"blksize", "65465"}}, peer(errc::blksize_raised)},
      {"blksize below 8", all, {{"blksize", "7"}}, peer(errc::bad_option_value)},
      {"blksize not a number", all, {{"blksize", "1k"}}, peer(errc::bad_option_value)},
      {"blksize signed", all, {{"blksize", "+512"}}, peer(errc::bad_option_value)},
      {"windowsize raised", all, {{"windowsize", "9"}}, peer(errc::windowsize_raised)},
      {"windowsize 0", all, {{"windowsize", "0"}}, peer(errc::bad_option_value)},
      {"timeout lowered", all, {{"timeout", "2"}}, peer(errc::timeout_changed)},
      {"timeout raised", all, {{"timeout", "4"}}, peer(errc::timeout_changed)},
      {"timeout not a number", all, {{"timeout", "3s"}}, peer(errc::bad_option_value)},
      {"tsize above the read limit", all, {{"tsize", "1000001"}}, peer(errc::file_too_large)},
      {"tsize not a number", all, {{"tsize", "big"}}, peer(errc::bad_option_value)},
      {"WRQ tsize changed", upload, {{"tsize", "4999"}}, peer(errc::tsize_changed)},
      {"blksize not requested", upload, {{"windowsize", "1"}}, peer(errc::unrequested_option)},
      {"timeout not requested", upload, {{"timeout", "5"}}, peer(errc::unrequested_option)},
      {"unknown option", all, {{"blksize", "1428"}, {"multicast", "224.0.0.1,1758,1"}}, peer(errc::unrequested_option)},
      {"duplicate in a hand-made list", all, {{"blksize", "512"}, {"BLKSIZE", "512"}}, peer(errc::duplicate_option)},
      {"windowsize raised up to the wish, echoed", wishing,
       {{"blksize", "65464"}, {"windowsize", "13"}, {"x-udplab-windowsize", "13"}}, {}, params(65464, 13)},
      {"the wish granted whole", wishing, {{"windowsize", "16"}, {"x-udplab-windowsize", "16"}}, {}, params(512, 16)},
      {"wish not granted: RFC 7440 as asked", wishing, {{"windowsize", "2"}}, {}, params(512, 2)},
      {"windowsize raised beyond the ask without the echo", wishing, {{"windowsize", "13"}},
       peer(errc::windowsize_raised)},
      {"windowsize raised beyond the wish", wishing, {{"windowsize", "17"}, {"x-udplab-windowsize", "17"}},
       peer(errc::windowsize_raised)},
      {"echo differs from the windowsize", wishing, {{"windowsize", "13"}, {"x-udplab-windowsize", "12"}},
       peer(errc::bad_option_value)},
      {"echo beyond the wish", wishing, {{"x-udplab-windowsize", "17"}}, peer(errc::bad_option_value)},
      {"echo without a wish", upload, {{"x-udplab-windowsize", "2"}}, peer(errc::unrequested_option)},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.what << ", OACK " << describe(c.oack)) {
      auto r = accept_oack(c.request, c.oack);
      BOOST_TEST(error_of(r) == c.error);
      if (r) BOOST_TEST(*r == c.expected);
    }
  }
}

// What the client sends when it gives up on an OACK (RFC 2347: ERROR 8; RFC 2349: ERROR 3).
BOOST_AUTO_TEST_CASE(oack_failures_map_to_error_codes) {
  const ClientRequest r{.blksize = 512, .tsize = true, .max_read_size = 10};
  BOOST_TEST(reply_code_for(accept_oack(r, {{"blksize", "1024"}}).error()) == ErrorCode::option_negotiation);
  BOOST_TEST(reply_code_for(accept_oack(r, {{"timeout", "1"}}).error()) == ErrorCode::option_negotiation);
  BOOST_TEST(reply_code_for(accept_oack(r, {{"tsize", "11"}}).error()) == ErrorCode::disk_full);
}

BOOST_AUTO_TEST_CASE(client_fallbacks) {
  // The server ignored the options (DATA 1 or ACK 0 came back): RFC 1350 defaults.
  BOOST_TEST(params_without_oack({.blksize = 1428, .windowsize = 16, .tsize = true}) == TransferParams{});
  BOOST_TEST(params_without_oack({.direction = Direction::write, .tsize = true, .write_size = 9}) == TransferParams{});
  // The server refused a request carrying options: retry without for codes an option-unaware
  // server would send, not for answers about the file.
  BOOST_TEST(retry_without_options(ErrorCode::not_defined));
  BOOST_TEST(retry_without_options(ErrorCode::illegal_operation));
  BOOST_TEST(retry_without_options(ErrorCode::option_negotiation));
  for (auto code : {ErrorCode::file_not_found, ErrorCode::access_violation, ErrorCode::disk_full,
                    ErrorCode::unknown_transfer_id, ErrorCode::file_already_exists, ErrorCode::no_such_user})
    BOOST_TEST(!retry_without_options(code), static_cast<unsigned>(code));
}

// Interop regression: atftp and atftpd keep the default socket receive buffer (212,992 bytes on
// Linux), which counts each datagram at its kernel size (skb truesize), about twice the payload
// for blocks up to 8 KiB. Granting 16 blocks of 8192 bytes (128 KiB of payload) overflowed it:
// the tail of every window was dropped, atftp's download from us took 75 s for 3 MB instead of
// 0.01 s. The largest windows measured to pass without a retransmission (our client uploading to
// atftpd, tests/interop) bound what we grant.
BOOST_AUTO_TEST_CASE(fit_window_keeps_a_window_within_its_budget) {
  BOOST_TEST(fit_window(16, 8192, kDefaultWindowBudget) == 11u);
  BOOST_TEST(fit_window(16, 65464, kDefaultWindowBudget) == 2u);
  BOOST_TEST(fit_window(4, 1428, kDefaultWindowBudget) == 4u);   // fits: as asked
  BOOST_TEST(fit_window(16, 65464, 1000) == 1u);                 // never below 1
  BOOST_TEST(fit_window(16, 65464, 0) == 16u);                   // 0: no cap
  BOOST_TEST(fit_window(65535, 8, 16) == 1u);
}

BOOST_AUTO_TEST_CASE(window_fits_a_default_linux_receive_buffer) {
  struct Measured {
    std::uint32_t blksize;
    std::uint32_t largest_clean_window;
  };
  const Measured measured[] = {{512, 128}, {1024, 64}, {1468, 64}, {2048, 48}, {4096, 24},
                               {8192, 12}, {16384, 12}, {32768, 6}, {65464, 3}};
  for (const auto& m : measured) {
    const Options request{{"blksize", std::to_string(m.blksize)}, {"windowsize", "65535"}};
    const auto n = negotiate(Direction::read, request, ServerLimits{.max_windowsize = 65535}, {});
    BOOST_TEST_CONTEXT("blksize " << m.blksize) {
      BOOST_TEST(n.params.blksize == m.blksize);
      BOOST_TEST(n.params.windowsize <= m.largest_clean_window);
      BOOST_TEST(n.params.windowsize * 4 >= m.largest_clean_window);  // not needlessly small either
      BOOST_TEST(n.params.windowsize * receive_buffer_cost(m.blksize) <= ServerLimits{}.max_window_bytes);
    }
  }
  // At the default limits the common block sizes keep their full window of 64.
  const auto mtu = negotiate(Direction::read, {{"blksize", "1468"}, {"windowsize", "64"}}, ServerLimits{}, {});
  BOOST_TEST(mtu.params.windowsize == 64u);
}

BOOST_AUTO_TEST_CASE(server_negotiation_table) {
  const ServerLimits defaults;
  const ServerLimits small{.max_blksize = 1468, .max_windowsize = 8};
  const ServerLimits no_window_cap{.max_windowsize = 65535, .max_window_bytes = 0};
  const ServerLimits no_options{.accept_options = false};
  const ServerLimits no_tsize{.tsize = false, .max_write_size = 10000};
  const ServerLimits narrow_timeout{.min_timeout_s = 2, .max_timeout_s = 10};
  const ServerLimits upload_cap{.max_write_size = 10000};
  const ServerLimits send_cap{.max_send_window_bytes = 786432};  // 3/8 of a 2 MiB send buffer
  const ServerLimits small_send_cap{.max_send_window_bytes = 79872};  // 3/8 of Debian's default 212,992
  const ServerLimits no_sliding{.sliding = false};
  const ServerLimits own_buffer{.max_window_bytes = 1835008};  // an upload's: 7/8 of our 2 MiB
  const ServerLimits no_wishes{.max_window_bytes = 1835008, .window_wish = false};
  auto sliding = [](TransferParams p) {
    p.sliding = true;
    return p;
  };
  struct Case {
    const char* what;
    Direction direction;
    Options request;
    const ServerLimits& limits;
    std::optional<std::uint64_t> read_size;
    Options oack;
    TransferParams params;
  };
  const auto R = Direction::read;
  const auto W = Direction::write;
  const Case cases[] = {
      {"no options", R, {}, defaults, 100, {}, params(512)},
      {"options disabled", R, {{"blksize", "1428"}, {"tsize", "0"}}, no_options, 100, {}, params(512)},
      {"blksize accepted", R, {{"blksize", "1428"}}, defaults, {}, {{"blksize", "1428"}}, params(1428)},
      {"blksize 8", R, {{"blksize", "8"}}, defaults, {}, {{"blksize", "8"}}, params(8)},
      {"blksize above 65464 lowered", R, {{"blksize", "100000"}}, defaults, {}, {{"blksize", "65464"}}, params(65464)},
      {"blksize above our limit lowered", W, {{"blksize", "8192"}}, small, {}, {{"blksize", "1468"}}, params(1468)},
      {"blksize below 8 ignored", R, {{"blksize", "7"}}, defaults, {}, {}, params(512)},
      {"blksize not a number ignored", R, {{"blksize", "big"}}, defaults, {}, {}, params(512)},
      {"blksize overflowing 64 bits ignored", R, {{"blksize", "99999999999999999999"}}, defaults, {}, {}, params(512)},
      {"client's spelling echoed", R, {{"BlkSize", "1024"}}, defaults, {}, {{"BlkSize", "1024"}}, params(1024)},
      {"timeout echoed", R, {{"timeout", "3"}}, defaults, {}, {{"timeout", "3"}}, params(512, 1, 3)},
      {"timeout with a leading zero echoed as a number", R, {{"timeout", "03"}}, defaults, {}, {{"timeout", "3"}},
       params(512, 1, 3)},
      {"timeout 0 ignored", R, {{"timeout", "0"}}, defaults, {}, {}, params(512)},
      {"timeout 256 ignored", R, {{"timeout", "256"}}, defaults, {}, {}, params(512)},
      {"timeout outside our range ignored", R, {{"timeout", "1"}, {"blksize", "600"}}, narrow_timeout, {},
       {{"blksize", "600"}}, params(600)},
      {"RRQ tsize answered with the size", R, {{"tsize", "0"}}, defaults, 123456, {{"tsize", "123456"}},
       params(512, 1, {}, 123456)},
      {"RRQ tsize non-zero still answered with the size", R, {{"tsize", "77"}}, defaults, 5, {{"tsize", "5"}},
       params(512, 1, {}, 5)},
      {"RRQ tsize of an empty file", R, {{"tsize", "0"}}, defaults, 0, {{"tsize", "0"}}, params(512, 1, {}, 0)},
      {"RRQ tsize without a known size", R, {{"tsize", "0"}}, defaults, {}, {}, params(512)},
      {"tsize switched off", R, {{"tsize", "0"}}, no_tsize, 5, {}, params(512)},
      {"WRQ tsize echoed", W, {{"tsize", "10000"}}, upload_cap, {}, {{"tsize", "10000"}}, params(512, 1, {}, 10000)},
      {"WRQ tsize without a limit", W, {{"tsize", "1"}}, defaults, {}, {{"tsize", "1"}}, params(512, 1, {}, 1)},
      {"WRQ tsize not answered but checked", W, {{"tsize", "9999"}}, no_tsize, {}, {}, params(512)},
      {"windowsize accepted", R, {{"windowsize", "16"}}, defaults, {}, {{"windowsize", "16"}}, params(512, 16)},
      {"windowsize lowered to our limit", R, {{"windowsize", "1000"}}, defaults, {}, {{"windowsize", "64"}},
       params(512, 64)},
      {"windowsize above 65535 lowered", R, {{"windowsize", "70000"}}, no_window_cap, {}, {{"windowsize", "65535"}},
       params(512, 65535)},
      {"windowsize 0 ignored", R, {{"windowsize", "0"}}, defaults, {}, {}, params(512)},
      {"window capped in bytes by the final blksize, given after it", R,
       {{"windowsize", "64"}, {"blksize", "8192"}}, defaults, {}, {{"windowsize", "11"}, {"blksize", "8192"}},
       params(8192, 11)},
      {"window of at least one block", R, {{"blksize", "65464"}, {"windowsize", "4"}}, defaults, {},
       {{"blksize", "65464"}, {"windowsize", "2"}}, params(65464, 2)},
      {"a download's window sized to the buffer the client declares", R,
       {{"blksize", "65464"}, {"windowsize", "16"}, {"x-udplab-window-bytes", "1000000"}}, defaults, {},
       {{"blksize", "65464"}, {"windowsize", "14"}}, params(65464, 14)},
      {"a declared buffer smaller than the default one lowers the window", R,
       {{"blksize", "8192"}, {"windowsize", "16"}, {"x-udplab-window-bytes", "40000"}}, defaults, {},
       {{"blksize", "8192"}, {"windowsize", "2"}}, params(8192, 2)},
      {"a declared buffer means nothing to an upload (ours decides)", W,
       {{"blksize", "65464"}, {"windowsize", "16"}, {"x-udplab-window-bytes", "1000000"}}, defaults, {},
       {{"blksize", "65464"}, {"windowsize", "2"}}, params(65464, 2)},
      {"a declared buffer does not cap a server without a cap", R,
       {{"blksize", "65464"}, {"windowsize", "100"}, {"x-udplab-window-bytes", "70000"}}, no_window_cap, {},
       {{"blksize", "65464"}, {"windowsize", "100"}}, params(65464, 100)},
      {"a declared buffer of 0 is ignored", R,
       {{"blksize", "65464"}, {"windowsize", "16"}, {"x-udplab-window-bytes", "0"}}, defaults, {},
       {{"blksize", "65464"}, {"windowsize", "2"}}, params(65464, 2)},
      {"a download's window also fits our own send buffer", R,
       {{"blksize", "65464"}, {"windowsize", "64"}, {"x-udplab-window-bytes", "8000000"}}, send_cap, {},
       {{"blksize", "65464"}, {"windowsize", "11"}}, params(65464, 11)},
      {"a small send buffer never lowers the window below what any client gets", R,
       {{"blksize", "1428"}, {"windowsize", "64"}, {"x-udplab-window-bytes", "8000000"}}, small_send_cap, {},
       {{"blksize", "1428"}, {"windowsize", "64"}}, params(1428, 64)},
      {"our send buffer does not cap an upload", W, {{"blksize", "8192"}, {"windowsize", "8"}}, send_cap, {},
       {{"blksize", "8192"}, {"windowsize", "8"}}, params(8192, 8)},
      {"unknown options ignored, order kept", R,
       {{"multicast", ""}, {"tsize", "0"}, {"rollover", "0"}, {"blksize", "1024"}, {"utimeout", "10000"}}, defaults,
       42, {{"tsize", "42"}, {"blksize", "1024"}}, params(1024, 1, {}, 42)},
      {"hand-made duplicate: the first counts", R, {{"blksize", "1024"}, {"BLKSIZE", "2048"}}, defaults, {},
       {{"blksize", "1024"}}, params(1024)},
      {"sliding windows agreed with a window of 2 or more", R, {{"windowsize", "8"}, {"x-udplab-sliding", "1"}},
       defaults, {}, {{"windowsize", "8"}, {"x-udplab-sliding", "1"}}, sliding(params(512, 8))},
      {"sliding windows on an upload too, option first", W, {{"X-UDPLAB-SLIDING", "1"}, {"windowsize", "4"}},
       defaults, {}, {{"X-UDPLAB-SLIDING", "1"}, {"windowsize", "4"}}, sliding(params(512, 4))},
      {"no sliding with a window of 1", R, {{"windowsize", "1"}, {"x-udplab-sliding", "1"}}, defaults, {},
       {{"windowsize", "1"}}, params(512, 1)},
      {"no sliding without windowsize", R, {{"x-udplab-sliding", "1"}, {"blksize", "1024"}}, defaults, {},
       {{"blksize", "1024"}}, params(1024)},
      {"sliding other than 1 ignored", R, {{"windowsize", "8"}, {"x-udplab-sliding", "2"}}, defaults, {},
       {{"windowsize", "8"}}, params(512, 8)},
      {"a server that does not slide leaves it out", R, {{"windowsize", "8"}, {"x-udplab-sliding", "1"}},
       no_sliding, {}, {{"windowsize", "8"}}, params(512, 8)},
      {"an upload's wish granted up to our own buffer, echoed", W,
       {{"blksize", "65464"}, {"windowsize", "2"}, {"x-udplab-windowsize", "64"}}, own_buffer, {},
       {{"blksize", "65464"}, {"windowsize", "27"}, {"x-udplab-windowsize", "27"}}, params(65464, 27)},
      {"a wish within our buffer granted whole, wish first", W,
       {{"x-udplab-windowsize", "16"}, {"blksize", "8192"}, {"windowsize", "11"}}, own_buffer, {},
       {{"blksize", "8192"}, {"windowsize", "16"}, {"x-udplab-windowsize", "16"}}, params(8192, 16)},
      {"a wish capped by our windowsize limit", W, {{"windowsize", "4"}, {"x-udplab-windowsize", "100"}}, own_buffer,
       {}, {{"windowsize", "64"}, {"x-udplab-windowsize", "64"}}, params(512, 64)},
      {"a wish on a download is ignored", R,
       {{"blksize", "65464"}, {"windowsize", "2"}, {"x-udplab-windowsize", "64"}}, own_buffer, {},
       {{"blksize", "65464"}, {"windowsize", "2"}}, params(65464, 2)},
      {"a wish no larger than windowsize changes nothing", W, {{"windowsize", "8"}, {"x-udplab-windowsize", "4"}},
       own_buffer, {}, {{"windowsize", "8"}}, params(512, 8)},
      {"a server that grants no wishes", W, {{"blksize", "65464"}, {"windowsize", "2"}, {"x-udplab-windowsize", "64"}},
       no_wishes, {}, {{"blksize", "65464"}, {"windowsize", "2"}}, params(65464, 2)},
      {"a wish without windowsize is ignored", W, {{"x-udplab-windowsize", "16"}}, own_buffer, {}, {}, params(512)},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.what << ", request " << describe(c.request)) {
      auto n = negotiate(c.direction, c.request, c.limits, c.read_size);
      BOOST_TEST(!n.refusal.has_value());
      BOOST_TEST(n.oack == c.oack);
      BOOST_TEST(n.params == c.params);
    }
  }
}

BOOST_AUTO_TEST_CASE(server_refuses_an_upload_over_its_limit) {
  const ServerLimits limits{.max_write_size = 10000};
  auto n = negotiate(Direction::write, {{"blksize", "1024"}, {"tsize", "10001"}}, limits, {});
  BOOST_REQUIRE(n.refusal.has_value());
  BOOST_TEST(n.refusal->code == ErrorCode::disk_full);
  BOOST_TEST(n.refusal->message == "File too large: 10001 bytes, limit 10000.");
  BOOST_TEST(n.oack.empty());
  // Also when tsize is not answered: the check is about the upload, not the option.
  BOOST_TEST(negotiate(Direction::write, {{"tsize", "10001"}}, ServerLimits{.tsize = false, .max_write_size = 10000}, {})
                 .refusal.has_value());
  // The limit does not apply to downloads.
  BOOST_TEST(!negotiate(Direction::read, {{"tsize", "0"}}, limits, 1'000'000).refusal.has_value());
  // The room left is named as such; the configured limit, checked first, as a limit.
  auto full = negotiate(Direction::write, {{"tsize", "9001"}}, ServerLimits{.free_space = 9000}, {});
  BOOST_REQUIRE(full.refusal.has_value());
  BOOST_TEST(full.refusal->code == ErrorCode::disk_full);
  BOOST_TEST(full.refusal->message == "No space left on the device: 9001 bytes, 9000 free.");
  BOOST_TEST(negotiate(Direction::write, {{"tsize", "10001"}}, ServerLimits{.max_write_size = 10000, .free_space = 9000}, {})
                 .refusal->message == "File too large: 10001 bytes, limit 10000.");
  BOOST_TEST(!negotiate(Direction::write, {{"tsize", "9000"}}, ServerLimits{.free_space = 9000}, {}).refusal.has_value());
}

// Whatever a valid client asks and whatever limits the server has, the server's answer is one the
// client accepts, and both end up with the same parameters.
BOOST_AUTO_TEST_CASE(client_accepts_every_server_answer) {
  const ServerLimits limit_sets[] = {
      {},
      {.max_blksize = 1468, .max_windowsize = 8},
      {.max_blksize = 8, .max_windowsize = 1, .max_window_bytes = 1},
      {.max_windowsize = 65535, .max_window_bytes = 0, .min_timeout_s = 2, .max_timeout_s = 10},
      {.tsize = false},
      {.accept_options = false},
      {.max_window_bytes = 1835008},  // an upload's budget in our own 2 MiB buffer: wishes granted
  };
  int checked = 0;
  for (auto direction : {Direction::read, Direction::write})
    for (std::optional<std::uint32_t> blksize : {std::optional<std::uint32_t>{}, {8}, {512}, {1428}, {65464}})
      for (std::optional<std::uint32_t> windowsize : {std::optional<std::uint32_t>{}, {1}, {4}, {65535}})
        for (std::optional<std::uint32_t> timeout : {std::optional<std::uint32_t>{}, {1}, {5}, {255}})
          for (bool tsize : {false, true})
            for (std::optional<std::uint32_t> wish : {std::optional<std::uint32_t>{}, {40}})
              for (const ServerLimits& limits : limit_sets) {
                ClientRequest req{.direction = direction, .blksize = blksize, .timeout_s = timeout,
                                  .windowsize = windowsize, .tsize = tsize, .write_size = 777, .windowsize_wish = wish};
                auto options = build_request_options(req);
                BOOST_REQUIRE(options.has_value());
                auto n = negotiate(direction, *options, limits, 888);
                BOOST_REQUIRE(!n.refusal.has_value());
                auto client = n.oack.empty() ? params_without_oack(req) : accept_oack(req, n.oack);
                BOOST_TEST_CONTEXT("request " << describe(*options) << " OACK " << describe(n.oack)) {
                  BOOST_TEST(error_of(client) == std::error_code{});
                  if (client) BOOST_TEST(*client == n.params);
                  // Acknowledged values never exceed the request (RFC 2348, RFC 7440).
                  if (find_option(n.oack, kBlksize)) BOOST_TEST(n.params.blksize <= *blksize);
                  // A windowsize beyond the ask comes only with the echo of a wish, and within it.
                  if (find_option(n.oack, kWindowsize))
                    BOOST_TEST(n.params.windowsize <= (find_option(n.oack, kWindowsizeWish) ? *wish : *windowsize));
                }
                ++checked;
              }
  BOOST_TEST(checked == 2 * 5 * 4 * 4 * 2 * 2 * 7);
}

BOOST_AUTO_TEST_SUITE_END()
