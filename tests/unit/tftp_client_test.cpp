// The client engine driven by hand: each packet the server would send, at chosen times.
#include <boost/test/unit_test.hpp>

#include "support/tftp_pair.hpp"

using namespace udplab;
using namespace udplab::tftp;
using namespace std::chrono_literals;
using test::at_ms;
using test::drain;
using test::kTftpServer;
using test::kTftpSession;
using test::only;

namespace {

std::vector<std::byte> bytes(const Packet& p) {
  std::vector<std::byte> out;
  BOOST_REQUIRE(!encode(p, out));
  return out;
}

Packet decoded(const transport::Transmit& t) {
  auto p = decode(t.payload);
  BOOST_REQUIRE(p.has_value());
  return *p;
}

template <class T>
T sent_as(const transport::Transmit& t) {
  auto p = decoded(t);
  BOOST_REQUIRE_MESSAGE(std::holds_alternative<T>(p), "sent " << to_string(opcode_of(p)));
  return std::get<T>(p);
}

struct Download {
  std::vector<std::byte> committed;
  bool was_committed = false;
  Client client;
  explicit Download(ClientConfig c)
      : client(std::move(c), make_memory_writer([this](std::vector<std::byte> d) {
                 committed = std::move(d);
                 was_committed = true;
               })) {}
};

ClientConfig config(std::string remote = "file") {
  ClientConfig c;
  c.server = kTftpServer;
  c.remote = std::move(remote);
  c.timing.progress_interval = Duration::zero();
  return c;
}

void feed(Client& c, std::int64_t ms, const net::Endpoint& from, const Packet& p) {
  auto b = bytes(p);
  c.on_datagram(at_ms(ms), {from, b});
}

Data data(std::uint16_t block, const std::vector<std::byte>& payload) { return Data{block, payload}; }

}  // namespace

BOOST_AUTO_TEST_SUITE(tftp_client_test)

BOOST_AUTO_TEST_CASE(a_refused_request_fails_at_once_and_nothing_else_does) {
  const auto refused = std::make_error_code(std::errc::connection_refused);
  const net::Endpoint elsewhere{kTftpServer.address, static_cast<std::uint16_t>(kTftpServer.port + 1)};
  {
    // About another destination, or naming none (the socket could not say): a lost datagram.
    Download d(config());
    d.client.start(at_ms(0));
    drain(d.client);
    d.client.on_error(at_ms(1), refused, elsewhere);
    d.client.on_error(at_ms(1), refused);
    BOOST_TEST(!d.client.finished());
    // About the server's request port, before any answer: nothing listens there.
    d.client.on_error(at_ms(2), refused, kTftpServer);
    auto out = drain(d.client);
    BOOST_TEST(out.sent.empty());  // no ERROR to a port where nobody listens
    BOOST_REQUIRE(d.client.finished());
    BOOST_TEST((d.client.failure()->kind == FailureKind::unreachable));
    BOOST_TEST(d.client.failure()->message == "connection refused: nothing listens at " + kTftpServer.to_string());
    BOOST_TEST(!d.was_committed);
  }
  {
    // Once the server answered from its transfer ID, a late refusal of the request port is old news.
    Download d(config());
    d.client.start(at_ms(0));
    drain(d.client);
    feed(d.client, 5, kTftpSession, data(1, std::vector<std::byte>(512, std::byte{7})));
    drain(d.client);
    d.client.on_error(at_ms(6), refused, kTftpServer);
    BOOST_TEST(!d.client.finished());
    feed(d.client, 7, kTftpSession, data(2, {}));
    drain(d.client);
    BOOST_TEST(d.was_committed);
  }
}

BOOST_AUTO_TEST_CASE(locks_onto_the_first_reply_and_answers_other_tids_with_error_5) {
  Download d(config());
  d.client.start(at_ms(0));
  auto rrq = sent_as<Rrq>(drain(d.client).sent.at(0));
  BOOST_TEST(rrq.filename == "file");
  BOOST_TEST(rrq.options.empty());

  const std::vector<std::byte> full(512, std::byte{7}), tail(10, std::byte{8});
  feed(d.client, 5, kTftpSession, data(1, full));
  auto out = drain(d.client);
  BOOST_TEST(sent_as<Ack>(out.sent.at(0)).block == 1u);
  BOOST_TEST(out.sent.at(0).to == kTftpSession);
  BOOST_TEST(*d.client.peer() == kTftpSession);

  // Another port of the same server, and another host: ERROR 5 to them, nothing else changes.
  const net::Endpoint other_port{kTftpSession.address, 50001};
  const net::Endpoint other_host{*net::IpAddress::parse("10.9.9.9"), 50000};
  for (const auto& stray : {other_port, other_host}) {
    feed(d.client, 6, stray, data(2, tail));
    out = drain(d.client);
    BOOST_REQUIRE_EQUAL(out.sent.size(), 1u);
    BOOST_TEST(out.sent[0].to == stray);
    BOOST_TEST((sent_as<Error>(out.sent[0]).code == ErrorCode::unknown_transfer_id));
    BOOST_TEST(only<event::Stray>(out.events).size() == 1u);
  }
  BOOST_TEST(d.client.stats().stray == 2u);

  feed(d.client, 7, kTftpSession, data(2, tail));
  out = drain(d.client);
  BOOST_TEST(sent_as<Ack>(out.sent.at(0)).block == 2u);
  BOOST_TEST(d.client.succeeded());
  BOOST_TEST(d.was_committed);
  BOOST_TEST(d.committed.size() == 522u);
  BOOST_TEST(only<event::Done>(out.events).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_reply_from_another_address_does_not_become_the_peer) {
  Download d(config());
  d.client.start(at_ms(0));
  drain(d.client);
  feed(d.client, 1, {*net::IpAddress::parse("10.6.6.6"), 4000}, data(1, {}));
  auto out = drain(d.client);
  BOOST_TEST((sent_as<Error>(out.sent.at(0)).code == ErrorCode::unknown_transfer_id));
  BOOST_TEST(!d.client.peer());
  BOOST_TEST(!d.was_committed);
}

BOOST_AUTO_TEST_CASE(oack_breaking_the_rules_is_answered_with_error_8) {
  struct Case {
    const char* what;
    Options oack;
    ErrorCode code;
  };
  const std::vector<Case> cases = {
      {"blksize raised", {{"blksize", "2000"}}, ErrorCode::option_negotiation},
      {"windowsize raised", {{"windowsize", "9"}}, ErrorCode::option_negotiation},
      {"unrequested option", {{"rollover", "0"}}, ErrorCode::option_negotiation},
      {"blksize not a number", {{"blksize", "12x"}}, ErrorCode::option_negotiation},
      {"timeout changed", {{"timeout", "7"}}, ErrorCode::option_negotiation},
      {"tsize over the limit", {{"tsize", "999999"}}, ErrorCode::disk_full},
      {"sliding neither 0 nor 1", {{"x-udplab-sliding", "2"}}, ErrorCode::option_negotiation},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.what) {
      auto cfg = config();
      cfg.blksize = 1024;
      cfg.windowsize = 4;
      cfg.timeout_s = 3;
      cfg.tsize = true;
      cfg.max_read_size = 1000;
      Download d(cfg);
      d.client.start(at_ms(0));
      auto rrq = sent_as<Rrq>(drain(d.client).sent.at(0));
      BOOST_TEST(rrq.options.size() == 5u);  // blksize, timeout, tsize, windowsize, x-udplab-sliding
      feed(d.client, 1, kTftpSession, Oack{c.oack});
      auto out = drain(d.client);
      BOOST_REQUIRE_EQUAL(out.sent.size(), 1u);
      BOOST_TEST(out.sent[0].to == kTftpSession);
      BOOST_TEST((sent_as<Error>(out.sent[0]).code == c.code));
      BOOST_TEST(d.client.finished());
      BOOST_TEST(!d.client.succeeded());
      BOOST_TEST((d.client.failure()->kind == FailureKind::protocol_error));
      BOOST_TEST(!d.was_committed);
    }
  }
}

BOOST_AUTO_TEST_CASE(server_ignoring_options_gives_rfc1350_defaults) {
  auto cfg = config();
  cfg.blksize = 1468;
  cfg.windowsize = 8;
  Download d(cfg);
  d.client.start(at_ms(0));
  drain(d.client);
  const std::vector<std::byte> full(512, std::byte{1});
  feed(d.client, 1, kTftpSession, data(1, full));  // a 512-byte block: not the last at blksize 512
  auto out = drain(d.client);
  BOOST_TEST(sent_as<Ack>(out.sent.at(0)).block == 1u);
  BOOST_TEST(!d.client.finished());
  BOOST_TEST(d.client.stats().params.blksize == 512u);
  BOOST_TEST(d.client.stats().params.windowsize == 1u);
  BOOST_TEST(!d.client.stats().oack);
}

BOOST_AUTO_TEST_CASE(error_8_makes_the_client_ask_again_without_options) {
  auto cfg = config();
  cfg.blksize = 1468;
  Download d(cfg);
  d.client.start(at_ms(0));
  drain(d.client);
  feed(d.client, 1, kTftpServer, Error{ErrorCode::option_negotiation, "no options here"});
  auto out = drain(d.client);
  auto again = sent_as<Rrq>(out.sent.at(0));
  BOOST_TEST(again.options.empty());
  BOOST_TEST(out.sent[0].to == kTftpServer);
  BOOST_TEST(d.client.stats().options_dropped);
  feed(d.client, 2, kTftpSession, data(1, std::vector<std::byte>(3, std::byte{2})));
  BOOST_TEST(d.client.succeeded());
  BOOST_TEST(d.client.stats().params.blksize == 512u);
}

BOOST_AUTO_TEST_CASE(file_errors_are_not_retried_and_carry_the_server_text) {
  auto cfg = config();
  cfg.blksize = 1468;
  Download d(cfg);
  d.client.start(at_ms(0));
  drain(d.client);
  feed(d.client, 1, kTftpSession, Error{ErrorCode::file_not_found, "no such file: file"});
  auto out = drain(d.client);
  BOOST_TEST(out.sent.empty());  // an ERROR is never answered
  BOOST_TEST(d.client.finished());
  const auto& f = *d.client.failure();
  BOOST_TEST((f.kind == FailureKind::peer_error));
  BOOST_TEST((*f.peer_code == ErrorCode::file_not_found));
  BOOST_TEST(f.message == "ERROR 1: no such file: file");
}

BOOST_AUTO_TEST_CASE(a_peers_error_text_is_made_printable_and_cut_at_200_bytes) {
  auto text_of = [](std::string message) {
    Download d(config());
    d.client.start(at_ms(0));
    drain(d.client);
    feed(d.client, 1, kTftpSession, Error{ErrorCode::access_violation, std::move(message)});
    return d.client.failure()->peer_message;
  };
  BOOST_TEST(text_of("denied\x1b[2J\n") == "denied\\e[2J\\n");
  BOOST_TEST(text_of("gr\u00fc\u00df") == "gr\u00fc\u00df");  // UTF-8 stays as it is
  BOOST_TEST(text_of(std::string(300, 'x')) == std::string(200, 'x') + "...");
}

BOOST_AUTO_TEST_CASE(request_is_retransmitted_with_backoff_then_abandoned) {
  auto cfg = config();
  cfg.timing.timeout = 100ms;
  cfg.timing.max_timeout = 300ms;
  cfg.timing.retries = 4;
  Download d(cfg);
  d.client.start(at_ms(0));
  drain(d.client);
  std::vector<std::int64_t> sends;
  while (!d.client.finished()) {
    auto t = *d.client.next_deadline();
    d.client.on_timer(t);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
    for (auto& s : drain(d.client).sent) {
      BOOST_TEST((decoded(s).index() == 0u));  // an RRQ again
      sends.push_back(ms);
    }
  }
  BOOST_TEST(sends == (std::vector<std::int64_t>{100, 300, 600, 900}));  // 100, 200, 300 (cap), 300
  BOOST_TEST((d.client.failure()->kind == FailureKind::timeout));
  BOOST_TEST(d.client.failure()->block == 0u);
  BOOST_TEST(d.client.failure()->message == "timed out: no answer to the read request after 4 retransmissions");
}

BOOST_AUTO_TEST_CASE(timeout_in_the_middle_names_the_block_it_stalled_at) {
  auto cfg = config();
  cfg.timing.retries = 2;
  Download d(cfg);
  d.client.start(at_ms(0));
  drain(d.client);
  const std::vector<std::byte> full(512, std::byte{1});
  for (std::uint16_t b = 1; b <= 16; ++b) feed(d.client, b, kTftpSession, data(b, full));
  drain(d.client);
  while (!d.client.finished()) d.client.on_timer(*d.client.next_deadline());
  auto out = drain(d.client);
  auto retrans = only<event::Retransmitted>(out.events);
  BOOST_REQUIRE_EQUAL(retrans.size(), 2u);
  BOOST_TEST(retrans[0].block == 17u);
  for (auto& s : out.sent) BOOST_TEST(sent_as<Ack>(s).block == 16u);  // re-ACK the last good block
  BOOST_TEST(d.client.failure()->block == 17u);
  BOOST_TEST(d.client.failure()->message == "timed out: block 17 never came after 2 retransmissions");
  BOOST_TEST(!d.was_committed);  // nothing partial
}

BOOST_AUTO_TEST_CASE(asks_for_no_larger_window_than_the_receive_buffer_holds) {
  auto cfg = config("up");
  cfg.blksize = 65464;
  cfg.windowsize = 16;
  cfg.window_budget = kDefaultWindowBudget;
  Client c(cfg, make_memory_reader(std::make_shared<std::vector<std::byte>>(test::pattern(100))));
  c.start(at_ms(0));
  auto wrq = sent_as<Wrq>(drain(c).sent.at(0));
  BOOST_TEST((wrq.options == Options{{"blksize", "65464"}, {"windowsize", "2"}, {"x-udplab-sliding", "1"},
                                      {"x-udplab-windowsize", "16"}}));
  // The server may only lower what was asked (RFC 7440): granting the original 16 is refused...
  feed(c, 1, kTftpSession, Oack{{{"blksize", "65464"}, {"windowsize", "16"}}});
  BOOST_TEST((sent_as<Error>(drain(c).sent.at(0)).code == ErrorCode::option_negotiation));
  // ...unless it answers the wish: then up to 16, and the upload runs with that window.
  Client wished(cfg, make_memory_reader(std::make_shared<std::vector<std::byte>>(test::pattern(200'000))));
  wished.start(at_ms(0));
  drain(wished);
  feed(wished, 1, kTftpSession, Oack{{{"blksize", "65464"}, {"windowsize", "3"}, {"x-udplab-windowsize", "3"}}});
  auto window = drain(wished).sent;
  BOOST_TEST(window.size() == 3u);  // blocks 1-3 of the 4 at once: the window granted, not 2
  for (std::size_t i = 0; i < window.size(); ++i) BOOST_TEST(sent_as<Data>(window[i]).block == i + 1);
  // --rfc7440 (no udplab extensions): no wish.
  auto plain_cfg = cfg;
  plain_cfg.sliding = false;
  Client plain(plain_cfg, make_memory_reader(std::make_shared<std::vector<std::byte>>(test::pattern(100))));
  plain.start(at_ms(0));
  BOOST_TEST((sent_as<Wrq>(drain(plain).sent.at(0)).options == Options{{"blksize", "65464"}, {"windowsize", "2"}}));

  // A budget set once the socket is open (Client::set_window_budget) counts the same; none: as asked.
  auto big = config();
  big.blksize = 8192;
  big.windowsize = 16;
  Download capped(big);
  capped.client.set_window_budget(8 * 17408);
  capped.client.start(at_ms(0));
  // The download also tells the server its budget (advisory, udplab's own option); an upload never does.
  BOOST_TEST((sent_as<Rrq>(drain(capped.client).sent.at(0)).options ==
              Options{{"blksize", "8192"}, {"windowsize", "8"}, {"x-udplab-window-bytes", "139264"}, {"x-udplab-sliding", "1"}}));
  // A server that echoes the option back changes nothing.
  feed(capped.client, 1, kTftpSession, Oack{{{"blksize", "8192"}, {"windowsize", "8"}, {"x-udplab-window-bytes", "1"}}});
  BOOST_TEST(sent_as<Ack>(drain(capped.client).sent.at(0)).block == 0u);
  Download uncapped(big);
  uncapped.client.start(at_ms(0));
  BOOST_TEST((sent_as<Rrq>(drain(uncapped.client).sent.at(0)).options ==
              Options{{"blksize", "8192"}, {"windowsize", "16"}, {"x-udplab-sliding", "1"}}));
}

// Sliding windows are asked for with a window of 2 or more, unless switched off; they run only if
// the OACK says "1". A client that did not ask refuses the option in an OACK (ERROR 8).
BOOST_AUTO_TEST_CASE(sliding_windows_are_asked_for_and_run_only_when_the_server_agrees) {
  auto cfg = config();
  cfg.windowsize = 8;
  for (const char* answer : {"1", "0", ""}) {
    BOOST_TEST_CONTEXT("OACK sliding '" << answer << "'") {
      Download d(cfg);
      d.client.start(at_ms(0));
      BOOST_TEST((sent_as<Rrq>(drain(d.client).sent.at(0)).options == Options{{"windowsize", "8"}, {"x-udplab-sliding", "1"}}));
      Options oack{{"windowsize", "8"}};
      if (*answer) oack.push_back({"x-udplab-sliding", answer});
      feed(d.client, 1, kTftpSession, Oack{oack});
      BOOST_TEST(sent_as<Ack>(drain(d.client).sent.at(0)).block == 0u);
      BOOST_TEST(d.client.stats().params.sliding == (std::string(answer) == "1"));
    }
  }
  auto lock_step = config();
  lock_step.windowsize = 1;
  Download one(lock_step);
  one.client.start(at_ms(0));
  BOOST_TEST((sent_as<Rrq>(drain(one.client).sent.at(0)).options == Options{{"windowsize", "1"}}));

  auto plain = config();
  plain.windowsize = 8;
  plain.sliding = false;
  Download d(plain);
  d.client.start(at_ms(0));
  BOOST_TEST((sent_as<Rrq>(drain(d.client).sent.at(0)).options == Options{{"windowsize", "8"}}));
  feed(d.client, 1, kTftpSession, Oack{{{"windowsize", "8"}, {"x-udplab-sliding", "1"}}});
  BOOST_TEST((sent_as<Error>(drain(d.client).sent.at(0)).code == ErrorCode::option_negotiation));
}

BOOST_AUTO_TEST_CASE(duplicate_ack_never_makes_an_upload_resend_data) {
  const auto content = test::pattern(512 * 3 + 1);
  auto cfg = config("up");
  Client c(cfg, make_memory_reader(std::make_shared<std::vector<std::byte>>(content)));
  c.start(at_ms(0));
  sent_as<Wrq>(drain(c).sent.at(0));
  feed(c, 1, kTftpSession, Ack{0});
  BOOST_TEST(sent_as<Data>(drain(c).sent.at(0)).block == 1u);
  feed(c, 2, kTftpSession, Ack{1});
  BOOST_TEST(sent_as<Data>(drain(c).sent.at(0)).block == 2u);
  // The classic Sorcerer's Apprentice trigger: ACK 1 again (delayed copy), then ACK 0 again.
  feed(c, 3, kTftpSession, Ack{1});
  feed(c, 3, kTftpSession, Ack{0});
  BOOST_TEST(drain(c).sent.empty());
  BOOST_TEST(c.stats().duplicates == 2u);
  feed(c, 4, kTftpSession, Ack{2});
  BOOST_TEST(sent_as<Data>(drain(c).sent.at(0)).block == 3u);
  feed(c, 5, kTftpSession, Ack{3});
  auto last = sent_as<Data>(drain(c).sent.at(0));
  BOOST_TEST(last.block == 4u);
  BOOST_TEST(last.payload.size() == 1u);
  feed(c, 6, kTftpSession, Ack{4});
  BOOST_TEST(c.succeeded());
  BOOST_TEST(c.finished());  // the sender of DATA does not dally
  BOOST_TEST(c.stats().retransmissions == 0u);
}

BOOST_AUTO_TEST_CASE(windowed_upload_restarts_after_the_block_a_gap_ack_names) {
  const auto content = test::pattern(512 * 6 + 5);
  auto cfg = config("up");
  cfg.windowsize = 4;
  Client c(cfg, make_memory_reader(std::make_shared<std::vector<std::byte>>(content)));
  c.start(at_ms(0));
  drain(c);
  feed(c, 1, kTftpSession, Oack{{{"windowsize", "4"}}});
  auto first = drain(c).sent;
  BOOST_REQUIRE_EQUAL(first.size(), 4u);  // blocks 1-4 as one batch
  feed(c, 2, kTftpSession, Ack{2});        // 3 was lost: the receiver names 2
  auto second = drain(c).sent;
  BOOST_REQUIRE_EQUAL(second.size(), 4u);  // 3-6
  BOOST_TEST(sent_as<Data>(second[0]).block == 3u);
  BOOST_TEST(c.stats().retransmissions == 2u);  // 3 and 4 again
  feed(c, 3, kTftpSession, Ack{2});             // the same ACK again: ignored
  BOOST_TEST(drain(c).sent.empty());
  feed(c, 4, kTftpSession, Ack{6});
  auto third = drain(c).sent;
  BOOST_REQUIRE_EQUAL(third.size(), 1u);  // the short block 7
  feed(c, 5, kTftpSession, Ack{7});
  BOOST_TEST(c.succeeded());
}

BOOST_AUTO_TEST_CASE(final_ack_is_repeated_while_dallying) {
  auto cfg = config();
  cfg.timing.timeout = 100ms;
  Download d(cfg);
  d.client.start(at_ms(0));
  drain(d.client);
  feed(d.client, 1, kTftpSession, data(1, {}));
  drain(d.client);
  BOOST_TEST(d.client.succeeded());
  BOOST_TEST(!d.client.finished());
  BOOST_TEST(*d.client.next_deadline() == at_ms(201));  // dally: twice the timeout
  feed(d.client, 150, kTftpSession, data(1, {}));       // our ACK was lost
  BOOST_TEST(sent_as<Ack>(drain(d.client).sent.at(0)).block == 1u);
  d.client.on_timer(at_ms(201));
  BOOST_TEST(d.client.finished());
  BOOST_TEST(d.client.succeeded());
}

BOOST_AUTO_TEST_CASE(duplicate_oack_is_answered_with_ack_0_again) {
  auto cfg = config();
  cfg.blksize = 1024;
  Download d(cfg);
  d.client.start(at_ms(0));
  drain(d.client);
  feed(d.client, 1, kTftpSession, Oack{{{"blksize", "1024"}}});
  BOOST_TEST(sent_as<Ack>(drain(d.client).sent.at(0)).block == 0u);
  feed(d.client, 2, kTftpSession, Oack{{{"blksize", "1024"}}});
  BOOST_TEST(sent_as<Ack>(drain(d.client).sent.at(0)).block == 0u);
  BOOST_TEST(!d.client.finished());
}

BOOST_AUTO_TEST_CASE(cancel_sends_error_and_commits_nothing) {
  Download d(config());
  d.client.start(at_ms(0));
  drain(d.client);
  feed(d.client, 1, kTftpSession, data(1, std::vector<std::byte>(512)));
  drain(d.client);
  d.client.stop(at_ms(2));
  auto out = drain(d.client);
  BOOST_TEST((sent_as<Error>(out.sent.at(0)).code == ErrorCode::not_defined));
  BOOST_TEST(d.client.finished());
  BOOST_TEST((d.client.failure()->kind == FailureKind::cancelled));
  BOOST_TEST(!d.was_committed);
}

BOOST_AUTO_TEST_CASE(validation_names_the_setting) {
  auto c = config();
  c.blksize = 7;
  BOOST_TEST((validate(c).value().field == ClientField::blksize));
  BOOST_TEST(validate(c)->why == "must be between 8 and 65464");
  c = config();
  c.windowsize = 65535;
  c.blksize = 65464;
  auto too_wide = validate(c).value();
  BOOST_TEST((too_wide.field == ClientField::windowsize && too_wide.other == ClientField::blksize));
  BOOST_TEST(too_wide.why.find("MiB") != std::string::npos);
  c = config();
  c.timeout_s = 256;
  BOOST_TEST((validate(c).value().field == ClientField::timeout_option));
  c = config();
  c.mode = Mode::mail;
  BOOST_TEST((validate(c).value().field == ClientField::mode));
  BOOST_TEST(!validate(config()).has_value());
}

// With deferred writes (as under transport::Driver) block 2 is ACKed first and written once the
// ACK is out; that write fails (a disk error no limit announced), so ERROR 3 follows the ACK, the
// transfer fails and the file is discarded, never committed.
BOOST_AUTO_TEST_CASE(deferred_write_failing_after_its_ack_sends_error_3_and_keeps_nothing) {
  struct SecondWriteFails final : WriteFile {
    int writes = 0;
    bool committed = false, discarded = false;
    std::error_code write(std::span<const std::byte>) override {
      return ++writes == 2 ? std::make_error_code(std::errc::no_space_on_device) : std::error_code{};
    }
    std::error_code commit() override {
      committed = true;
      return {};
    }
    void discard() override { discarded = true; }
  };
  auto file = std::make_unique<SecondWriteFails>();
  auto& f = *file;
  Client c(config(), std::move(file));
  c.defer_writes_until_sent();
  c.start(at_ms(0));
  drain(c);
  const auto full = std::vector<std::byte>(512, std::byte{9});
  const auto d1 = bytes(data(1, full)), d2 = bytes(data(2, full));  // alive until after_transmit
  c.on_datagram(at_ms(1), {kTftpSession, d1});
  BOOST_TEST(sent_as<Ack>(drain(c).sent.at(0)).block == 1u);
  BOOST_TEST(f.writes == 0, "written before its ACK went out");
  transport::after_transmit(c, at_ms(1));
  BOOST_TEST(f.writes == 1);
  BOOST_TEST(drain(c).sent.empty());
  c.on_datagram(at_ms(2), {kTftpSession, d2});
  BOOST_TEST(sent_as<Ack>(drain(c).sent.at(0)).block == 2u);
  transport::after_transmit(c, at_ms(2));
  const auto out = drain(c);
  BOOST_REQUIRE(out.sent.size() == 1u);
  BOOST_TEST((sent_as<Error>(out.sent.at(0)).code == ErrorCode::disk_full));
  BOOST_TEST(c.finished());
  BOOST_TEST(!c.succeeded());
  BOOST_TEST(c.failure()->block == 2u);
  BOOST_TEST(!f.committed);
  BOOST_TEST(f.discarded);
}

BOOST_AUTO_TEST_SUITE_END()
