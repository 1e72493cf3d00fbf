// One options path: a CLI command fills the same udplab.v1 option message a scenario holds and
// calls the same translator (lib/options), so the same settings give the same engine
// configuration; and every field a translator can refuse on the CLI's road comes back named by the
// flag that filled it (tools/udplab/option_messages.hpp).
#include <boost/test/unit_test.hpp>

#include <functional>

#include <google/protobuf/text_format.h>

#include "option_messages.hpp"
#include "options/broadcast_options.hpp"
#include "options/chat_options.hpp"
#include "options/echo_options.hpp"
#include "options/request_options.hpp"
#include "options/tftp_options.hpp"
#include "scenario/load.hpp"
#include "scenario/plan.hpp"

using namespace udplab;
using namespace std::chrono_literals;
namespace po = boost::program_options;

namespace {

// The command's flags as a user gives them, parsed as the command parses them.
po::variables_map parse_flags(void (*add)(po::options_description&), std::vector<std::string> args) {
  po::options_description o;
  add(o);
  o.add_options()("message", po::value<std::string>());  // the positional MESSAGE of request and broadcast send
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(o).run(), vm);
  po::notify(vm);
  return vm;
}

// The engine of the only workload of a scenario on host "h" (10.0.0.1/24).
template <class Engine>
Engine scenario_engine(const std::string& workload) {
  const std::string text = "hosts { name: \"h\" }\n"
                           "segments { name: \"lan\" members { host: \"h\" address: \"10.0.0.1/24\" } }\n"
                           "workloads { host: \"h\" " + workload + " }\n";
  auto loaded = scenario::parse_scenario(text, "t.textproto");
  BOOST_REQUIRE_MESSAGE(loaded.has_value(), (loaded ? "" : loaded.error()));
  auto plan = scenario::compile(loaded->scenario);
  BOOST_REQUIRE_MESSAGE(plan.has_value(), (plan ? "" : plan.error().message));
  const auto* engine = std::get_if<Engine>(&plan->workloads.at(0).engine);
  BOOST_REQUIRE(engine != nullptr);
  return *engine;
}

template <class T>
T cli_translated(std::expected<T, options::Problem> result) {
  BOOST_REQUIRE_MESSAGE(result.has_value(), (result ? "" : result.error().message));
  return std::move(*result);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_options_test)

BOOST_AUTO_TEST_CASE(echo_ping_flags_and_scenario_give_one_configuration) {
  auto vm = parse_flags(cli::add_ping_flags, {"--count", "7", "--interval", "20ms", "--size", "100", "--timeout", "300ms",
                                              "--flood", "--window", "8"});
  const auto cli = cli_translated(options::to_ping_config(cli::ping_options(vm, "10.0.0.2:7007"), {}));
  const auto sc = scenario_engine<scenario::EchoPingPlan>(
                      "echo_ping { target: \"10.0.0.2:7007\" count: 7 interval: \"20ms\" size: 100 timeout: \"300ms\" "
                      "flood: true window: 8 }")
                      .config;
  BOOST_TEST(cli.target == sc.target);
  BOOST_TEST(cli.count == sc.count);
  BOOST_TEST((cli.interval == sc.interval));
  BOOST_TEST(cli.payload_size == sc.payload_size);
  BOOST_TEST((cli.timeout == sc.timeout));
  BOOST_TEST(cli.flood == sc.flood);
  BOOST_TEST(cli.window == sc.window);
  BOOST_TEST(cli.window == 8u);
  // Unset, the flags' defaults are the engine's: what a scenario gets when it says nothing.
  const auto plain = cli_translated(options::to_ping_config(cli::ping_options(parse_flags(cli::add_ping_flags, {}), "10.0.0.2"), {}));
  const auto bare = scenario_engine<scenario::EchoPingPlan>("echo_ping { target: \"10.0.0.2\" }").config;
  BOOST_TEST(plain.count == bare.count);
  BOOST_TEST((plain.interval == bare.interval));
  BOOST_TEST(plain.payload_size == bare.payload_size);
  BOOST_TEST(plain.window == bare.window);
}

BOOST_AUTO_TEST_CASE(echo_server_flags_and_scenario_give_one_configuration) {
  auto vm = parse_flags(cli::add_echo_server_flags, {"--port", "7007", "--reply-length"});
  const auto cli = cli_translated(options::to_echo_server(cli::echo_server_options(vm), {}));
  const auto sc = scenario_engine<options::EchoServerSettings>("echo_server { port: 7007 reply_length: true }");
  BOOST_TEST(cli.port == sc.port);
  BOOST_TEST(cli.config.reply_length == sc.config.reply_length);
}

BOOST_AUTO_TEST_CASE(request_flags_and_scenario_give_one_configuration) {
  auto vm = parse_flags(cli::add_request_flags, {"--message", "", "--initial", "50ms", "--factor", "3", "--max-wait", "5s", "--jitter"});
  const auto cli = cli_translated(options::to_request_config(cli::request_options(vm, "10.0.0.2:9"), {}));
  const auto sc = scenario_engine<scenario::RequestPlan>(
                      "request { target: \"10.0.0.2:9\" message: \"\" initial: \"50ms\" factor: 3 max_wait: \"5s\" jitter: true }")
                      .config;
  BOOST_TEST(cli.target == sc.target);
  BOOST_TEST((cli.message == sc.message));
  BOOST_TEST(cli.message.empty());  // an empty request is sent as it is
  BOOST_TEST((cli.backoff.initial == sc.backoff.initial));
  BOOST_TEST(cli.backoff.factor == sc.backoff.factor);
  BOOST_TEST((cli.backoff.max_wait == sc.backoff.max_wait));
  BOOST_TEST(cli.backoff.jitter == sc.backoff.jitter);
}

BOOST_AUTO_TEST_CASE(broadcast_and_discover_flags_and_scenario_give_one_configuration) {
  auto send_vm = parse_flags(cli::add_broadcast_send_flags, {"--message", "hi", "--to", "10.0.0.255", "--to", "10.9.255.255",
                                                             "--port", "9999", "--count", "3", "--interval", "200ms"});
  const auto send = cli_translated(options::to_broadcast_send(cli::broadcast_send_options(send_vm), {}));
  const auto send_sc = scenario_engine<options::BroadcastSendSettings>(
      "broadcast_send { to: \"10.0.0.255\" to: \"10.9.255.255\" port: 9999 message: \"hi\" count: 3 interval: \"200ms\" }");
  BOOST_TEST((send.targets.to == send_sc.targets.to));
  BOOST_TEST(send.targets.port == send_sc.targets.port);
  BOOST_TEST(send.targets.limited == send_sc.targets.limited);
  BOOST_TEST((send.config.message == send_sc.config.message));
  BOOST_TEST(send.config.count == send_sc.config.count);
  BOOST_TEST((send.config.interval == send_sc.config.interval));

  auto listen_vm = parse_flags(cli::add_broadcast_listen_flags, {"--port", "9999", "--count", "4"});
  const auto listen = cli_translated(options::to_broadcast_listen(cli::broadcast_listen_options(listen_vm), {}));
  const auto listen_sc = scenario_engine<options::BroadcastListenSettings>("broadcast_listen { port: 9999 count: 4 }");
  BOOST_TEST(listen.port == listen_sc.port);
  BOOST_TEST(listen.config.count == listen_sc.config.count);

  auto discover_vm = parse_flags(cli::add_discover_flags, {"--limited", "--port", "7007", "--timeout", "2s", "--probes", "3",
                                                           "--interval", "100ms"});
  const auto discover = cli_translated(options::to_discover(cli::discover_options(discover_vm), {}));
  const auto discover_sc = scenario_engine<options::DiscoverSettings>(
      "discover { limited: true port: 7007 timeout: \"2s\" probes: 3 interval: \"100ms\" }");
  BOOST_TEST(discover.targets.limited == discover_sc.targets.limited);
  BOOST_TEST(discover.targets.port == discover_sc.targets.port);
  BOOST_TEST(discover.config.probes == discover_sc.config.probes);
  BOOST_TEST((discover.config.timeout == discover_sc.config.timeout));
  BOOST_TEST((discover.config.interval == discover_sc.config.interval));
}

BOOST_AUTO_TEST_CASE(chat_flags_and_scenario_give_one_configuration) {
  auto client_vm = parse_flags(cli::add_chat_client_flags, {"--name", "alice", "--port", "7001", "--linger", "2s",
                                                            "--keepalive", "0s", "--reorder-window", "250ms"});
  const auto client = cli_translated(options::to_chat_client(cli::chat_client_options(client_vm, "10.0.0.2:7070"), {}));
  const auto client_sc = scenario_engine<options::ChatClientSettings>(
      "chat_client { peer: \"10.0.0.2:7070\" nick: \"alice\" port: 7001 linger: \"2s\" keepalive: \"0s\" "
      "reorder_window: \"250ms\" }");
  BOOST_TEST(client.port == client_sc.port);
  BOOST_TEST(client.config.peer == client_sc.config.peer);
  BOOST_TEST(client.config.nick == client_sc.config.nick);
  BOOST_TEST((client.config.linger == client_sc.config.linger));
  BOOST_TEST((client.config.keepalive == client_sc.config.keepalive));
  BOOST_TEST((client.config.reorder_window == client_sc.config.reorder_window));

  auto room_vm = parse_flags(cli::add_chat_room_flags, {"--port", "7000", "--idle", "5m", "--capacity", "20",
                                                        "--reorder-window", "1s"});
  const auto room = cli_translated(options::to_chat_room(cli::chat_room_options(room_vm), "h", {}));
  const auto room_sc = scenario_engine<options::ChatRoomSettings>(
      "chat_room { port: 7000 idle_timeout: \"5m\" capacity: 20 reorder_window: \"1s\" }");
  BOOST_TEST(room.port == room_sc.port);
  BOOST_TEST((room.config.idle_timeout == room_sc.config.idle_timeout));
  BOOST_TEST(room.config.capacity == room_sc.config.capacity);
  BOOST_TEST((room.config.reorder_window == room_sc.config.reorder_window));
  BOOST_TEST(room.config.discovery->name() == room_sc.config.discovery->name());  // the host's name, "h"
}

BOOST_AUTO_TEST_CASE(tftp_flags_and_scenario_give_one_configuration) {
  auto client_vm = parse_flags(cli::add_tftp_client_flags, {"--mode", "NetASCII", "--blksize", "1428", "--windowsize", "16",
                                                            "--tsize", "--rfc7440", "--timeout", "2", "--retries", "0"});
  const auto client = cli_translated(options::to_tftp_client(cli::tftp_client_options(client_vm, "10.0.0.2:6969", "boot.img"),
                                                             tftp::Direction::read, {}))
                          .config;
  const auto client_sc = scenario_engine<options::TftpClientSettings>(
                             "tftp_get { server: \"10.0.0.2:6969\" remote: \"boot.img\" mode: \"NetASCII\" blksize: 1428 "
                             "windowsize: 16 tsize: true rfc7440_windows: true timeout: \"2\" timeout_option: 2 retries: 0 }")
                             .config;
  BOOST_TEST(client.server == client_sc.server);
  BOOST_TEST(client.remote == client_sc.remote);
  BOOST_TEST((client.mode == client_sc.mode));
  BOOST_TEST((client.mode == tftp::Mode::netascii));
  BOOST_TEST((client.blksize == client_sc.blksize));
  BOOST_TEST((client.windowsize == client_sc.windowsize));
  BOOST_TEST((client.timeout_s == client_sc.timeout_s));
  BOOST_TEST(client.tsize == client_sc.tsize);
  BOOST_TEST(client.sliding == client_sc.sliding);
  BOOST_TEST((client.timing.timeout == client_sc.timing.timeout));
  BOOST_TEST(client.timing.retries == client_sc.timing.retries);
  BOOST_TEST(client.timing.retries == 0u);  // no retransmission, on both roads

  auto server_vm = parse_flags(cli::add_tftp_server_flags, {"--port", "6969", "--writable", "--max-blksize", "1468",
                                                            "--max-windowsize", "8", "--max-sessions", "10", "--timeout", "500ms",
                                                            "--retries", "3"});
  const auto server = cli_translated(options::to_tftp_server(cli::tftp_server_options(server_vm), {}));
  const auto server_sc = scenario_engine<options::TftpServerSettings>(
      "tftp_server { port: 6969 writable: true max_blksize: 1468 max_windowsize: 8 max_sessions: 10 timeout: \"500ms\" "
      "retries: 3 }");
  BOOST_TEST(server.port == server_sc.port);
  BOOST_TEST(server.store.writable == server_sc.store.writable);
  BOOST_TEST(server.store.create == server_sc.store.create);
  BOOST_TEST(server.session.limits.max_blksize == server_sc.session.limits.max_blksize);
  BOOST_TEST(server.session.limits.max_windowsize == server_sc.session.limits.max_windowsize);
  BOOST_TEST(server.listener.max_sessions == server_sc.listener.max_sessions);
  BOOST_TEST((server.session.timing.timeout == server_sc.session.timing.timeout));
  BOOST_TEST(server.session.timing.retries == server_sc.session.timing.retries);
}

namespace {

// A value the translator refuses in a message a command filled, and the flag the user must read.
struct Refused {
  std::function<std::optional<options::Problem>()> translate;
  cli::FlagTable flags;
  std::string flag;
};

template <class T>
std::function<std::optional<options::Problem>()> refusal(std::function<std::expected<T, options::Problem>()> f) {
  return [f] {
    auto r = f();
    return r ? std::nullopt : std::optional<options::Problem>(r.error());
  };
}

template <class M>
M message(const std::string& text) {
  M m;
  BOOST_REQUIRE_MESSAGE(google::protobuf::TextFormat::ParseFromString(text, &m), text);
  return m;
}

}  // namespace

// Every field of every message the CLI fills that its translator can refuse (a scenario's own
// fields, such as a chat client's lines or a TFTP server's files, have no flag: the CLI never sets
// them).
BOOST_AUTO_TEST_CASE(every_refusable_field_is_named_by_its_flag) {
  using options::Problem;
  const auto tftp_get = [](const std::string& text) {
    return refusal<options::TftpClientSettings>([text] {
      return options::to_tftp_client(message<v1::TftpClientOptions>("server: \"10.0.0.2\" remote: \"f\" " + text),
                                     tftp::Direction::read, {});
    });
  };
  const auto tftpd = [](const std::string& text) {
    return refusal<options::TftpServerSettings>([text] { return options::to_tftp_server(message<v1::TftpServerOptions>(text), {}); });
  };
  const auto ping_of = [](const std::string& text) {
    return refusal<echo::PingConfig>([text] { return options::to_ping_config(message<v1::EchoPingOptions>("target: \"10.0.0.2\" " + text), {}); });
  };
  const auto request_of = [](const std::string& text) {
    return refusal<request::RequestConfig>([text] { return options::to_request_config(message<v1::RequestOptions>(text), {}); });
  };
  const auto send_of = [](const std::string& text) {
    return refusal<options::BroadcastSendSettings>(
        [text] { return options::to_broadcast_send(message<v1::BroadcastSendOptions>(text), {}); });
  };
  const auto discover_of = [](const std::string& text) {
    return refusal<options::DiscoverSettings>([text] { return options::to_discover(message<v1::DiscoverOptions>(text), {}); });
  };
  const auto client_of = [](const std::string& text) {
    return refusal<options::ChatClientSettings>(
        [text] { return options::to_chat_client(message<v1::ChatClientOptions>(text), {}); });
  };
  const auto room_of = [](const std::string& text) {
    return refusal<options::ChatRoomSettings>([text] { return options::to_chat_room(message<v1::ChatRoomOptions>(text), "h", {}); });
  };
  const std::string big(70000, 'x');
  const Refused cases[] = {
      {refusal<echo::PingConfig>([] { return options::to_ping_config(message<v1::EchoPingOptions>("target: \"300.1.2.3\""), {}); }),
       cli::kPingFlags, "HOST[:PORT]"},
      {ping_of("interval: \"fast\""), cli::kPingFlags, "--interval"},
      {ping_of("timeout: \"0s\""), cli::kPingFlags, "--timeout"},
      {ping_of("size: 5"), cli::kPingFlags, "--size"},
      {ping_of("flood: true window: 40000"), cli::kPingFlags, "--window"},
      {refusal<options::EchoServerSettings>([] { return options::to_echo_server(message<v1::EchoServerOptions>("port: 70000"), {}); }),
       cli::kEchoServerFlags, "--port"},
      {refusal<discovery::Identity>([] {
         return options::discovery_identity(std::string(300, 'n'), "h", discovery::Role::echo_server, {options::FieldStep{"name"}});
       }),
       cli::kEchoServerFlags, "--name"},
      {request_of("target: \"10.0.0.2\""), cli::kRequestFlags, "HOST:PORT"},
      {request_of("target: \"10.0.0.2:7\" message: \"" + big + "\""), cli::kRequestFlags, "MESSAGE"},
      {request_of("target: \"10.0.0.2:7\" initial: \"3s\""), cli::kRequestFlags, "--initial"},
      {request_of("target: \"10.0.0.2:7\" max_wait: \"25h\""), cli::kRequestFlags, "--max-wait"},
      {request_of("target: \"10.0.0.2:7\" factor: 1"), cli::kRequestFlags, "--factor"},
      {send_of("to: \"::1\""), cli::kBroadcastSendFlags, "--to"},
      {send_of("to: \"10.0.0.255\" limited: true"), cli::kBroadcastSendFlags, "--limited"},
      {send_of("port: 70000"), cli::kBroadcastSendFlags, "--port"},
      {send_of("count: 2 interval: \"0s\""), cli::kBroadcastSendFlags, "--interval"},
      {send_of("message: \"" + big + "\""), cli::kBroadcastSendFlags, "MESSAGE"},
      {refusal<options::BroadcastListenSettings>(
           [] { return options::to_broadcast_listen(message<v1::BroadcastListenOptions>("port: 70000"), {}); }),
       cli::kBroadcastListenFlags, "--port"},
      {discover_of("to: \"x\""), cli::kDiscoverFlags, "--to"},
      {discover_of("to: \"10.0.0.255\" limited: true"), cli::kDiscoverFlags, "--limited"},
      {discover_of("port: 70000"), cli::kDiscoverFlags, "--port"},
      {discover_of("timeout: \"0s\""), cli::kDiscoverFlags, "--timeout"},
      {discover_of("probes: 500"), cli::kDiscoverFlags, "--probes"},
      {discover_of("probes: 2 interval: \"0s\""), cli::kDiscoverFlags, "--interval"},
      {client_of("peer: \"10.0.0.2\""), cli::kChatClientFlags, "HOST:PORT"},
      {client_of("peer: \"10.0.0.2:7070\" nick: \"/bad\""), cli::kChatClientFlags, "--name"},
      {client_of("peer: \"10.0.0.2:7070\" port: 70000"), cli::kChatClientFlags, "--port"},
      {client_of("peer: \"10.0.0.2:7070\" linger: \"-1s\""), cli::kChatClientFlags, "--linger"},
      {client_of("peer: \"10.0.0.2:7070\" keepalive: \"x\""), cli::kChatClientFlags, "--keepalive"},
      {client_of("peer: \"10.0.0.2:7070\" reorder_window: \"0s\""), cli::kChatClientFlags, "--reorder-window"},
      {room_of("port: 70000"), cli::kChatRoomFlags, "--port"},
      {room_of("idle_timeout: \"-1s\""), cli::kChatRoomFlags, "--idle"},
      {room_of("capacity: 5000"), cli::kChatRoomFlags, "--capacity"},
      {room_of("reorder_window: \"0s\""), cli::kChatRoomFlags, "--reorder-window"},
      {room_of("name: \"" + std::string(300, 'n') + "\""), cli::kChatRoomFlags, "--name"},
      {refusal<options::TftpClientSettings>([] {
         return options::to_tftp_client(message<v1::TftpClientOptions>("server: \"[::1\" remote: \"f\""), tftp::Direction::read, {});
       }),
       cli::kTftpClientFlags, "HOST[:PORT]"},
      {refusal<options::TftpClientSettings>([] {
         return options::to_tftp_client(message<v1::TftpClientOptions>("server: \"10.0.0.2\""), tftp::Direction::read, {});
       }),
       cli::kTftpClientFlags, "REMOTE"},
      {tftp_get("mode: \"binary\""), cli::kTftpClientFlags, "--mode"},
      {tftp_get("mode: \"mail\""), cli::kTftpClientFlags, "--mode"},
      {tftp_get("blksize: 7"), cli::kTftpClientFlags, "--blksize"},
      {tftp_get("windowsize: 65536"), cli::kTftpClientFlags, "--windowsize"},
      {tftp_get("blksize: 65464 windowsize: 65535"), cli::kTftpClientFlags, "--windowsize"},
      {tftp_get("timeout_option: 300"), cli::kTftpClientFlags, "--timeout"},
      {tftp_get("timeout: \"300s\""), cli::kTftpClientFlags, "--timeout"},
      {tftp_get("timeout: \"0s\""), cli::kTftpClientFlags, "--timeout"},
      {tftp_get("retries: 101"), cli::kTftpClientFlags, "--retries"},
      {tftpd("port: 70000"), cli::kTftpServerFlags, "--port"},
      {tftpd("max_blksize: 70000"), cli::kTftpServerFlags, "--max-blksize"},
      {tftpd("max_windowsize: 65536"), cli::kTftpServerFlags, "--max-windowsize"},
      {tftpd("max_sessions: 100001"), cli::kTftpServerFlags, "--max-sessions"},
      {tftpd("timeout: \"0s\""), cli::kTftpServerFlags, "--timeout"},
      {tftpd("retries: 101"), cli::kTftpServerFlags, "--retries"},
  };
  for (const auto& c : cases) {
    const auto problem = c.translate();
    BOOST_REQUIRE_MESSAGE(problem.has_value(), "accepted, expected a refusal naming " << c.flag);
    BOOST_TEST(cli::flag_of(problem->path, c.flags) == c.flag, options::to_string(problem->path));
    const std::string line = cli::flag_error(*problem, c.flags).what();
    BOOST_TEST(line.rfind(c.flag + ": ", 0) == 0u, line);
    BOOST_TEST(line.find('\n') == std::string::npos, line);
  }
}

BOOST_AUTO_TEST_CASE(a_second_field_is_named_by_its_flag_too) {
  auto problem = options::to_tftp_client(message<v1::TftpClientOptions>("server: \"10.0.0.2\" remote: \"f\" blksize: 65464 windowsize: 65535"),
                                         tftp::Direction::write, {});
  BOOST_REQUIRE(!problem.has_value());
  BOOST_TEST(options::to_string(problem.error().path) == "windowsize");
  BOOST_TEST(problem.error().message == "times blksize must stay within 64 MiB");
  BOOST_TEST(std::string(cli::flag_error(problem.error(), cli::kTftpClientFlags).what()) ==
             "--windowsize: times --blksize must stay within 64 MiB");
  auto backoff = options::to_request_config(message<v1::RequestOptions>("target: \"10.0.0.2:7\" initial: \"3s\""), {});
  BOOST_REQUIRE(!backoff.has_value());
  BOOST_TEST(std::string(cli::flag_error(backoff.error(), cli::kRequestFlags).what()) ==
             "--initial: (3s) must not be longer than --max-wait (2s)");
}

BOOST_AUTO_TEST_SUITE_END()
