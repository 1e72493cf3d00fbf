// The server's session engine driven by hand: refusals, negotiation, wrong TIDs, atomic uploads.
#include <boost/test/unit_test.hpp>

#include "support/tftp_pair.hpp"

using namespace udplab;
using namespace udplab::tftp;
using namespace std::chrono_literals;
using test::at_ms;
using test::drain;
using test::kTftpClient;
using test::only;

namespace {

template <class T>
T sent_as(const transport::Transmit& t) {
  auto p = decode(t.payload);
  BOOST_REQUIRE(p.has_value());
  BOOST_REQUIRE_MESSAGE(std::holds_alternative<T>(*p), "sent " << to_string(opcode_of(*p)));
  return std::get<T>(*p);
}

void feed(ServerSession& s, std::int64_t ms, const net::Endpoint& from, const Packet& p) {
  std::vector<std::byte> b;
  BOOST_REQUIRE(!encode(p, b));
  s.on_datagram(at_ms(ms), {from, b});
}

SessionConfig session_config() {
  SessionConfig c;
  c.timing.progress_interval = Duration::zero();
  return c;
}

// Starts a session for `request` and returns the ERROR it answered with (the session must refuse).
Error refusal(MemoryStore& store, ServerSession::Request request, SessionConfig config = session_config()) {
  ServerSession s(std::move(request), kTftpClient, store, config);
  s.start(at_ms(0));
  auto out = drain(s);
  BOOST_REQUIRE_EQUAL(out.sent.size(), 1u);
  BOOST_TEST(out.sent[0].to == kTftpClient);
  BOOST_TEST(s.finished());
  BOOST_TEST((s.failure()->kind == FailureKind::refused));
  return sent_as<Error>(out.sent[0]);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tftp_server_session_test)

BOOST_AUTO_TEST_CASE(refusals_carry_the_right_error_codes) {
  MemoryStore ro({.writable = false, .create = false});
  ro.put("here", test::pattern(10));
  BOOST_TEST((refusal(ro, Rrq{"missing", Mode::octet, {}}).code == ErrorCode::file_not_found));
  BOOST_TEST((refusal(ro, Rrq{"../etc/passwd", Mode::octet, {}}).code == ErrorCode::access_violation));
  BOOST_TEST((refusal(ro, Rrq{"/etc/passwd", Mode::octet, {}}).code == ErrorCode::access_violation));
  BOOST_TEST((refusal(ro, Rrq{"a\\..\\b", Mode::octet, {}}).code == ErrorCode::access_violation));
  BOOST_TEST((refusal(ro, Rrq{"here", Mode::mail, {}}).code == ErrorCode::illegal_operation));
  BOOST_TEST((refusal(ro, Wrq{"here", Mode::octet, {}}).code == ErrorCode::access_violation));

  MemoryStore create_only({.writable = false, .create = true});
  create_only.put("here", test::pattern(10));
  BOOST_TEST((refusal(create_only, Wrq{"here", Mode::octet, {}}).code == ErrorCode::file_already_exists));
  MemoryStore replace_only({.writable = true, .create = false});
  BOOST_TEST((refusal(replace_only, Wrq{"new", Mode::octet, {}}).code == ErrorCode::file_not_found));
}

BOOST_AUTO_TEST_CASE(upload_that_does_not_fit_is_refused_with_error_3) {
  MemoryStore store({.writable = true, .create = true, .max_file_size = 1000});
  auto e = refusal(store, Wrq{"big", Mode::octet, {{"tsize", "1001"}}});
  BOOST_TEST((e.code == ErrorCode::disk_full));
  // The store's room (a disk's free space) is not a limit of the file: the words say which it is.
  BOOST_TEST(e.message == "No space left on the device: 1001 bytes, 1000 free.");
  BOOST_TEST(store.open_uploads() == 0u);

  auto config = session_config();
  config.limits.max_write_size = 500;
  MemoryStore roomy({.writable = true, .create = true});
  auto limited = refusal(roomy, Wrq{"big", Mode::octet, {{"tsize", "501"}}}, config);
  BOOST_TEST((limited.code == ErrorCode::disk_full));
  BOOST_TEST(limited.message == "File too large: 501 bytes, limit 500.");
  // Both: the tighter one is named.
  BOOST_TEST(refusal(store, Wrq{"big", Mode::octet, {{"tsize", "501"}}}, config).message ==
             "File too large: 501 bytes, limit 500.");
}

BOOST_AUTO_TEST_CASE(upload_without_tsize_growing_too_large_ends_with_error_3_and_no_file) {
  // Past the store's room the disk is full; past the configured limit the file is too large.
  struct Case {
    std::optional<std::uint64_t> room;
    std::optional<std::uint64_t> limit;
    std::string message;
  };
  for (const Case& c : {Case{1000, std::nullopt, "cannot write the file: no space left on the device"},
                        Case{std::nullopt, 1000, "cannot write the file: file too large"},
                        Case{5000, 1000, "cannot write the file: file too large"},
                        Case{900, 1000, "cannot write the file: no space left on the device"}}) {
    MemoryStore store({.writable = true, .create = true, .max_file_size = c.room});
    auto config = session_config();
    config.limits.max_write_size = c.limit;
    ServerSession s(Wrq{"big", Mode::octet, {}}, kTftpClient, store, config);
    s.start(at_ms(0));
    BOOST_TEST(sent_as<Ack>(drain(s).sent.at(0)).block == 0u);
    const std::vector<std::byte> full(512, std::byte{1});
    feed(s, 1, kTftpClient, Data{1, full});
    drain(s);
    feed(s, 2, kTftpClient, Data{2, full});
    auto out = drain(s);
    const auto error = sent_as<Error>(out.sent.at(0));
    BOOST_TEST((error.code == ErrorCode::disk_full));
    BOOST_TEST(error.message == c.message);
    BOOST_TEST(s.finished());
    BOOST_TEST(!store.get("big"));
    BOOST_TEST(store.open_uploads() == 0u);
  }
}

BOOST_AUTO_TEST_CASE(read_with_options_waits_for_ack_0_then_sends) {
  MemoryStore store;
  store.put("f", test::pattern(3000));
  ServerSession s(Rrq{"f", Mode::octet, {{"BLKSIZE", "1024"}, {"tsize", "0"}, {"unknown", "1"}}}, kTftpClient, store,
                  session_config());
  s.start(at_ms(0));
  auto oack = sent_as<Oack>(drain(s).sent.at(0));
  BOOST_TEST((oack.options == Options{{"BLKSIZE", "1024"}, {"tsize", "3000"}}));
  BOOST_TEST(s.acknowledged_options() == "BLKSIZE=1024 tsize=3000");
  // The OACK is repeated on timeout until ACK 0 comes.
  s.on_timer(at_ms(1000));
  sent_as<Oack>(drain(s).sent.at(0));
  feed(s, 1100, kTftpClient, Ack{0});
  auto d = sent_as<Data>(drain(s).sent.at(0));
  BOOST_TEST(d.block == 1u);
  BOOST_TEST(d.payload.size() == 1024u);
  // A client rejecting the OACK with ERROR 8 after all: the session ends without an answer.
  ServerSession s2(Rrq{"f", Mode::octet, {{"blksize", "1024"}}}, kTftpClient, store, session_config());
  s2.start(at_ms(0));
  drain(s2);
  feed(s2, 1, kTftpClient, Error{ErrorCode::option_negotiation, "no"});
  BOOST_TEST(drain(s2).sent.empty());
  BOOST_TEST((s2.failure()->kind == FailureKind::peer_error));
}

BOOST_AUTO_TEST_CASE(wrong_tid_gets_error_5_and_the_transfer_goes_on) {
  MemoryStore store;
  store.put("f", test::pattern(600));
  ServerSession s(Rrq{"f", Mode::octet, {}}, kTftpClient, store, session_config());
  s.start(at_ms(0));
  BOOST_TEST(sent_as<Data>(drain(s).sent.at(0)).block == 1u);
  const net::Endpoint intruder{kTftpClient.address, 40001};
  feed(s, 1, intruder, Ack{1});
  auto out = drain(s);
  BOOST_REQUIRE_EQUAL(out.sent.size(), 1u);
  BOOST_TEST(out.sent[0].to == intruder);
  BOOST_TEST((sent_as<Error>(out.sent[0]).code == ErrorCode::unknown_transfer_id));
  // An ERROR from a wrong TID is not answered: two transfers must not trade ERROR 5 forever.
  feed(s, 2, intruder, Error{ErrorCode::unknown_transfer_id, "Unknown transfer ID"});
  BOOST_TEST(drain(s).sent.empty());
  feed(s, 3, kTftpClient, Ack{1});
  BOOST_TEST(sent_as<Data>(drain(s).sent.at(0)).block == 2u);
  feed(s, 4, kTftpClient, Ack{2});
  BOOST_TEST(s.succeeded());
  BOOST_TEST(s.stats().stray == 2u);
}

BOOST_AUTO_TEST_CASE(malformed_packet_from_the_client_ends_with_error_4) {
  MemoryStore store;
  store.put("f", test::pattern(600));
  ServerSession s(Rrq{"f", Mode::octet, {}}, kTftpClient, store, session_config());
  s.start(at_ms(0));
  drain(s);
  const std::vector<std::byte> junk{std::byte{0}, std::byte{4}, std::byte{0}};  // a 3-byte ACK
  s.on_datagram(at_ms(1), {kTftpClient, junk});
  BOOST_TEST((sent_as<Error>(drain(s).sent.at(0)).code == ErrorCode::illegal_operation));
  BOOST_TEST((s.failure()->kind == FailureKind::protocol_error));
}

BOOST_AUTO_TEST_CASE(windowsize_is_capped_by_the_window_bytes_limit) {
  MemoryStore store;
  store.put("f", test::pattern(100));
  ServerSession s(Rrq{"f", Mode::octet, {{"blksize", "65464"}, {"windowsize", "64"}}}, kTftpClient, store,
                  session_config());
  s.start(at_ms(0));
  auto oack = sent_as<Oack>(drain(s).sent.at(0));
  BOOST_TEST((oack.options == Options{{"blksize", "65464"}, {"windowsize", "2"}}));  // 192 KiB / ~66 KiB per datagram
}

// An upload's window lands in the session's own socket: its buffer sets the cap, a download's is
// still set by the client's (max_window_bytes).
BOOST_AUTO_TEST_CASE(an_upload_window_is_capped_by_the_session_sockets_buffer) {
  SessionConfig config = session_config();
  config.upload_window_bytes = 372736;  // 7/8 of the 425,984 bytes Linux grants a 1 MiB request without privileges
  MemoryStore store({.writable = true, .create = true});
  store.put("f", test::pattern(100));
  const Options asked{{"blksize", "65464"}, {"windowsize", "16"}};
  ServerSession up(Wrq{"new", Mode::octet, asked}, kTftpClient, store, config);
  up.start(at_ms(0));
  auto up_oack = sent_as<Oack>(drain(up).sent.at(0));
  BOOST_TEST((up_oack.options == Options{{"blksize", "65464"}, {"windowsize", "5"}}));  // 372,736 / 67,516
  ServerSession down(Rrq{"f", Mode::octet, asked}, kTftpClient, store, config);
  down.start(at_ms(0));
  auto down_oack = sent_as<Oack>(drain(down).sent.at(0));
  BOOST_TEST((down_oack.options == Options{{"blksize", "65464"}, {"windowsize", "2"}}));
  ServerSession up_default(Wrq{"other", Mode::octet, asked}, kTftpClient, store, session_config());
  up_default.start(at_ms(0));
  auto default_oack = sent_as<Oack>(drain(up_default).sent.at(0));
  BOOST_TEST((default_oack.options == Options{{"blksize", "65464"}, {"windowsize", "2"}}));
}

BOOST_AUTO_TEST_SUITE_END()
