// udplab echo serve | echo ping
#include <iostream>

#include "broadcast_args.hpp"
#include "commands.hpp"
#include "live/live_runtime.hpp"
#include "live/resolve.hpp"
#include "net/bind_fallback.hpp"
#include "option_messages.hpp"
#include "options/echo_options.hpp"
#include "options/option_fields.hpp"
#include "report/echo_report.hpp"
#include "report/json.hpp"
#include "text/json.hpp"
#include "util/run_id.hpp"
#include "workload/echo_workloads.hpp"

namespace udplab::cli {
namespace {

int serve(const Args& args) {
  const CommandSpec spec{
      "echo serve", "[options]",
      "Answers every UDP datagram with the same bytes (RFC 862), or with \"Your data was N bytes long\"\n"
      "in --reply-length mode. Datagrams from broadcast, multicast or port-0 sources are never reflected.\n"
      "Probes from 'udplab discover' get the server's name and version instead (see --name).\n"
      "Runs until interrupted (Ctrl-C) or for --duration, then prints what it served.",
      "  udplab echo serve --port 7007\n"
      "  udplab echo serve --bind 127.0.0.1 --port 7007 --reply-length --verbose\n"
      "  udplab echo serve --port 7007 --duration 10s --json\n"};
  po::options_description o("Options");
  o.add_options()("help,h", "show this help")
      ("bind,b", po::value<std::string>()->default_value("::"), "local address (:: serves IPv6 and IPv4)")
      ("duration", po::value<std::string>(), "stop after this long (e.g. 30s)")
      ("verbose,v", po::bool_switch(), "print a line per datagram")
      ("json", po::bool_switch(), "print the final counters as JSON on stdout");
  add_echo_server_flags(o);
  add_discovery_identity_options(o);
  po::variables_map vm;
  if (!parse(spec, o, {}, args, vm)) return kExitOk;

  const bool json = vm["json"].as<bool>();
  std::ostream& log = json ? std::cerr : std::cout;
  const auto settings = translated(options::to_echo_server(echo_server_options(vm), {}), kEchoServerFlags);
  const net::Endpoint bind{address_arg(vm, "bind"), settings.port};
  std::optional<Duration> duration;
  if (vm.count("duration")) duration = duration_arg(vm, "duration");

  live::LiveRuntime rt;
  echo::ServerConfig config = settings.config;
  config.broadcast_addresses = rt.broadcast_addresses();
  config.discovery = discovery_identity(vm, discovery::Role::echo_server);
  transport::BindOptions bind_options;
  bind_options.receive_buffer = 4 << 20;  // absorb bursts from flood clients
  const bool verbose = vm["verbose"].as<bool>();
  auto [server, error] = net::start_with_ipv4_fallback(bind, !vm["bind"].defaulted(), [&](const net::Endpoint& at) {
    auto made = std::make_unique<workload::EchoServerWorkload>(rt, config, at, bind_options);
    if (!verbose) return made;
    made->on_event([&log](const echo::ServerEvent& e) {
      if (const auto* s = std::get_if<echo::server_event::Served>(&e))
        log << s->peer.to_string() << ": " << s->bytes_in << " bytes, answered " << s->bytes_out << "\n";
      else if (const auto* r = std::get_if<echo::server_event::Refused>(&e))
        log << r->peer.to_string() << ": not answered (" << echo::to_string(r->reason) << ")\n";
      else if (const auto* f = std::get_if<echo::server_event::SendFailed>(&e))
        log << "send failed: " << f->error << "\n";
      else if (const auto* d = std::get_if<echo::server_event::DiscoveryAnswered>(&e))
        log << d->peer.to_string() << ": discovery probe, answered with our name\n";
    });
    return made;
  });
  if (error) throw RuntimeError(*error);
  log << "echo server on " << server->local_endpoint().to_string() << (config.reply_length ? " (reply-length mode)" : "")
      << "; Ctrl-C to stop" << std::endl;

  rt.on_signal([&rt](int) { rt.stop(); });
  if (duration) {
    rt.run_for(*duration);
  } else {
    rt.run();
  }
  server->stop();
  auto report = report::make_echo_server_report(server->stats(), server->local_endpoint().to_string());
  if (json)
    std::cout << report::to_json(report) << "\n";
  else
    std::cout << report::render_echo_server(report);
  return kExitOk;
}

int ping(const Args& args) {
  const CommandSpec spec{
      "echo ping", "HOST[:PORT] [options]",
      "Sends numbered, timestamped probes to a UDP echo server (port 7 unless given) and reports\n"
      "each reply, then loss, duplicates, reordering, late replies, RTT statistics and jitter.\n"
      "Works with any echo server (udplab, socat, inetd): replies are matched by their payload.\n"
      "Exits 0 when at least one reply came back, 1 otherwise.",
      "  udplab echo ping 192.0.2.10:7007\n"
      "  udplab echo ping localhost:7007 --count 100 --interval 10ms --size 1200\n"
      "  udplab echo ping 127.0.0.1:7007 --flood --window 64 --duration 5s\n"
      "  udplab echo ping [::1]:7007 --json-lines | jq .rtt_ms\n"};
  po::options_description o("Options");
  o.add_options()("help,h", "show this help")
      ("target", po::value<std::string>(), "HOST[:PORT] of the echo server");
  add_ping_flags(o);
  o.add_options()
      ("duration,w", po::value<std::string>(), "stop sending after this long")
      ("bind,b", po::value<std::string>(), "local address to send from")
      ("ipv4,4", po::bool_switch(), "resolve HOST to IPv4 only")
      ("ipv6,6", po::bool_switch(), "resolve HOST to IPv6 only")
      ("quiet,q", po::bool_switch(), "print only the summary")
      ("json", po::bool_switch(), "print only the summary, as JSON")
      ("json-lines", po::bool_switch(), "stream one JSON object per reply or timeout, then the summary");
  po::positional_options_description pos;
  pos.add("target", 1);
  po::variables_map vm;
  if (!parse(spec, o, pos, args, vm)) return kExitOk;
  if (!vm.count("target")) throw UsageError("missing HOST[:PORT] (see 'udplab echo ping --help')");

  auto target = live::resolve(vm["target"].as<std::string>(), options::kEchoPort, family_arg(vm));
  if (!target) throw UsageError(target.error());
  if (target->port == 0) throw UsageError("port 0 cannot be pinged");

  echo::PingConfig config = translated(options::to_ping_config(ping_options(vm, target->to_string()), {}), kPingFlags);
  if (vm.count("duration")) {
    config.duration = duration_arg(vm, "duration");
    if (auto bad = echo::validate(config)) throw flag_error(options::config_problem(*bad, {}), kPingFlags);
  }
  config.session = util::random_run_id();

  net::Endpoint bind{};
  if (vm.count("bind")) bind.address = address_arg(vm, "bind");

  const bool json = vm["json"].as<bool>();
  const bool json_lines = vm["json-lines"].as<bool>();
  const bool quiet = vm["quiet"].as<bool>() || json || (config.flood && !json_lines);

  live::LiveRuntime rt;
  workload::EchoPingWorkload pinger(rt, config, bind);
  if (json_lines) {
    pinger.on_event([](const echo::PingEvent& e) { std::cout << report::ping_event_json(e) << "\n" << std::flush; });
  } else if (!quiet) {
    pinger.on_event([](const echo::PingEvent& e) { std::cout << report::render_ping_event(e) << std::endl; });
  }
  pinger.on_finished([&rt] { rt.stop(); });
  if (!json && !json_lines)
    std::cout << "ECHO " << target->to_string() << ": " << config.payload_size << " bytes per probe" << std::endl;
  if (auto error = pinger.start()) throw RuntimeError(*error);
  rt.on_signal([&](int) {
    pinger.stop();
    rt.stop();
  });
  rt.run();
  pinger.stop();

  auto report = report::make_echo_ping_report(pinger.summary());
  if (json) {
    std::cout << report::to_json(report) << "\n";
  } else if (json_lines) {
    std::cout << text::JsonObject().string("event", "summary").raw("report", report::to_json(report, false)).take() << "\n";
  } else {
    std::cout << "\n" << report::render_echo_ping(report);
  }
  return report.received() > 0 ? kExitOk : kExitRuntime;
}

}  // namespace

int run_echo(const Args& args) {
  if (args.empty() || args.front() == "--help" || args.front() == "-h") {
    (args.empty() ? std::cerr : std::cout) << "Usage: udplab echo serve [options]\n"
                                              "       udplab echo ping HOST[:PORT] [options]\n"
                                              "See 'udplab echo serve --help' and 'udplab echo ping --help'.\n";
    return args.empty() ? kExitUsage : kExitOk;
  }
  const std::string sub = args.front();
  Args rest(args.begin() + 1, args.end());
  if (sub == "serve") return serve(rest);
  if (sub == "ping") return ping(rest);
  throw UsageError("unknown subcommand '" + sub + "' (expected serve or ping)");
}

}  // namespace udplab::cli
