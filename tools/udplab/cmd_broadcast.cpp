// udplab broadcast send | broadcast listen
#include <iostream>

#include "commands.hpp"
#include "live/live_runtime.hpp"
#include "option_messages.hpp"
#include "options/broadcast_options.hpp"
#include "report/broadcast_report.hpp"
#include "report/json.hpp"
#include "workload/broadcast_workloads.hpp"

namespace udplab::cli {
namespace {

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
      ("message", po::value<std::string>(), "the bytes to send");
  add_broadcast_send_flags(o);
  o.add_options()
      ("quiet,q", po::bool_switch(), "print only the summary")
      ("json", po::bool_switch(), "print only the summary, as JSON (udplab.v1.BroadcastSendReport)");
  po::positional_options_description pos;
  pos.add("message", 1);
  po::variables_map vm;
  if (!parse(spec, o, pos, args, vm)) return kExitOk;
  if (!vm.count("message")) throw UsageError("missing MESSAGE (see 'udplab broadcast send --help')");

  const auto settings = translated(options::to_broadcast_send(broadcast_send_options(vm), {}), kBroadcastSendFlags);
  live::LiveRuntime rt;
  broadcast::SendConfig config = settings.config;
  config.targets = settings.targets.endpoints(rt.broadcast_addresses());
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
      ("bind,b", po::value<std::string>()->default_value("0.0.0.0"),
       "local address (keep the wildcard: a socket bound to a unicast address misses broadcasts)");
  add_broadcast_listen_flags(o);
  o.add_options()
      ("duration", po::value<std::string>(), "stop after this long")
      ("json", po::bool_switch(), "print only the summary, as JSON (udplab.v1.BroadcastListenReport)");
  po::variables_map vm;
  if (!parse(spec, o, {}, args, vm)) return kExitOk;

  const auto settings = translated(options::to_broadcast_listen(broadcast_listen_options(vm), {}), kBroadcastListenFlags);
  broadcast::ListenConfig config = settings.config;
  if (vm.count("duration")) config.duration = duration_arg(vm, "duration");
  if (config.duration < Duration::zero()) throw UsageError("--duration must not be negative");
  const net::Endpoint bind{address_arg(vm, "bind"), settings.port};
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
