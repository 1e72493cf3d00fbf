// udplab broadcast send | broadcast listen
#include <iostream>

#include "broadcast_args.hpp"
#include "commands.hpp"
#include "live/live_runtime.hpp"
#include "report/broadcast_report.hpp"
#include "report/json.hpp"
#include "util/bytes.hpp"
#include "workload/broadcast_workloads.hpp"

namespace udplab::cli {
namespace {

// broadcast::validate's fields as `udplab broadcast send` spells them.
const char* flag_of(broadcast::SendField f) {
  switch (f) {
    case broadcast::SendField::targets: return "--to (or --limited)";
    case broadcast::SendField::message: return "MESSAGE";
    case broadcast::SendField::count: return "--count";
    case broadcast::SendField::interval: return "--interval";
  }
  return "?";
}

constexpr const char* kBroadcastPort = "7071";

int send(const Args& args) {
  const CommandSpec spec{
      "broadcast send", "MESSAGE [options]",
      "Broadcasts MESSAGE as one UDP datagram to every host of the local segment listening on --port:\n"
      "to each interface's directed broadcast address by default, to the addresses given with --to,\n"
      "or to the limited broadcast address 255.255.255.255 with --limited. Routers forward neither\n"
      "kind, so a broadcast never leaves its segment.",
      "  udplab broadcast send 'hello, segment'\n"
      "  udplab broadcast send --to 10.0.1.255 --port 9999 hello\n"
      "  udplab broadcast send --limited --count 5 --interval 1s ping\n"};
  po::options_description o("Options");
  o.add_options()("help,h", "show this help")
      ("message", po::value<std::string>(), "the bytes to send")
      ("port,p", po::value<std::string>()->default_value(kBroadcastPort), "UDP port the listeners use")
      ("count,c", po::value<std::string>()->default_value("1"), "times to send it")
      ("interval,i", po::value<std::string>()->default_value("1s"), "time between sends")
      ("quiet,q", po::bool_switch(), "print only the summary")
      ("json", po::bool_switch(), "print only the summary, as JSON (udplab.v1.BroadcastSendReport)");
  add_broadcast_target_options(o);
  po::positional_options_description pos;
  pos.add("message", 1);
  po::variables_map vm;
  if (!parse(spec, o, pos, args, vm)) return kExitOk;
  if (!vm.count("message")) throw UsageError("missing MESSAGE (see 'udplab broadcast send --help')");

  live::LiveRuntime rt;
  broadcast::SendConfig config;
  const auto port = static_cast<std::uint16_t>(unsigned_arg(vm, "port", 1, 65535));
  config.targets = broadcast_targets(vm, port, rt);
  config.message = util::to_vector(vm["message"].as<std::string>());
  config.count = unsigned_arg(vm, "count", 1, 1'000'000);
  config.interval = duration_arg(vm, "interval");
  if (auto bad = broadcast::validate(config)) throw UsageError(util::describe(*bad, flag_of));
  const bool json = vm["json"].as<bool>();

  workload::BroadcastSendWorkload sender(rt, config);
  if (!json && !vm["quiet"].as<bool>())
    sender.on_event([](const broadcast::SendEvent& e) { std::cout << report::render_send_event(e) << std::endl; });
  sender.on_finished([&rt] { rt.stop(); });
  if (auto error = sender.start()) throw RuntimeError(*error);
  rt.on_signal([&](int) {
    sender.stop();
    rt.stop();
  });
  if (!sender.finished()) rt.run();
  sender.stop();

  v1::WorkloadReport w;
  sender.fill_report(w);
  std::cout << (json ? report::to_json(w.broadcast_send()) + "\n" : report::render_broadcast_send(w.broadcast_send()));
  return w.broadcast_send().sent() > 0 ? kExitOk : kExitRuntime;
}

int listen(const Args& args) {
  const CommandSpec spec{
      "broadcast listen", "[options]",
      "Prints every datagram that arrives on --port (broadcast or not: a plain socket cannot tell),\n"
      "with its sender. The payload is shown as text with control characters and invalid UTF-8\n"
      "escaped. Several listeners on one host can share the port; each gets every broadcast.",
      "  udplab broadcast listen\n"
      "  udplab broadcast listen --port 9999 --count 3 --duration 30s\n"};
  po::options_description o("Options");
  o.add_options()("help,h", "show this help")
      ("port,p", po::value<std::string>()->default_value(kBroadcastPort), "UDP port to listen on")
      ("bind,b", po::value<std::string>()->default_value("0.0.0.0"),
       "local address (keep the wildcard: a socket bound to a unicast address misses broadcasts)")
      ("count,c", po::value<std::string>()->default_value("0"), "stop after this many datagrams (0: no limit)")
      ("duration", po::value<std::string>(), "stop after this long")
      ("json", po::bool_switch(), "print only the summary, as JSON (udplab.v1.BroadcastListenReport)");
  po::variables_map vm;
  if (!parse(spec, o, {}, args, vm)) return kExitOk;

  broadcast::ListenConfig config;
  config.count = unsigned_arg(vm, "count", 0, UINT64_MAX);
  if (vm.count("duration")) config.duration = duration_arg(vm, "duration");
  if (config.duration < Duration::zero()) throw UsageError("--duration must not be negative");
  const net::Endpoint bind{address_arg(vm, "bind"), port_arg(vm, "port")};
  const bool json = vm["json"].as<bool>();
  std::ostream& log = json ? std::cerr : std::cout;

  live::LiveRuntime rt;
  workload::BroadcastListenWorkload listener(rt, config, bind);
  const Time origin = rt.now();
  if (!json)
    listener.on_event([origin](const broadcast::ListenEvent& e) {
      std::cout << report::render_listen_event(e, origin) << std::endl;
    });
  listener.on_finished([&rt] { rt.stop(); });
  if (auto error = listener.start()) throw RuntimeError(*error);
  log << "listening on " << listener.local_endpoint().to_string() << "; Ctrl-C to stop" << std::endl;
  rt.on_signal([&](int) {
    listener.stop();
    rt.stop();
  });
  rt.run();
  listener.stop();

  v1::WorkloadReport w;
  listener.fill_report(w);
  std::cout << (json ? report::to_json(w.broadcast_listen()) + "\n" : report::render_broadcast_listen(w.broadcast_listen()));
  return kExitOk;
}

}  // namespace

int run_broadcast(const Args& args) {
  if (args.empty() || args.front() == "--help" || args.front() == "-h") {
    (args.empty() ? std::cerr : std::cout) << "Usage: udplab broadcast send MESSAGE [options]\n"
                                              "       udplab broadcast listen [options]\n"
                                              "See 'udplab broadcast send --help' and 'udplab broadcast listen --help'.\n";
    return args.empty() ? kExitUsage : kExitOk;
  }
  const std::string sub = args.front();
  Args rest(args.begin() + 1, args.end());
  if (sub == "send") return send(rest);
  if (sub == "listen") return listen(rest);
  throw UsageError("unknown subcommand '" + sub + "' (expected send or listen)");
}

}  // namespace udplab::cli
