// udplab request HOST:PORT MESSAGE: one request, retried with exponential backoff.
#include <iostream>
#include <random>

#include "commands.hpp"
#include "live/live_runtime.hpp"
#include "live/resolve.hpp"
#include "option_messages.hpp"
#include "options/request_options.hpp"
#include "report/json.hpp"
#include "report/request_report.hpp"
#include "util/format.hpp"
#include "util/run_id.hpp"
#include "workload/request_workload.hpp"

namespace udplab::cli {
int run_request(const Args& args) {
  const CommandSpec spec{
      "request", "HOST:PORT MESSAGE [options]",
      "Sends MESSAGE as one UDP datagram and waits for the reply. On a timeout it sends again and\n"
      "waits --factor times longer, giving up when the next wait would pass --max-wait (the\n"
      "defaults wait 0.1, 0.2, 0.4, 0.8 and 1.6 s: 5 attempts, 3.1 s). The socket is connected to\n"
      "the target: replies from other sources are ignored, and a closed port is reported as\n"
      "\"connection refused\" at once instead of after every timeout. Prints each attempt, which\n"
      "attempt got the reply, the RTT and the total time. Exits 0 on a reply, 1 otherwise.",
      "  udplab request 127.0.0.1:7007 hello\n"
      "  udplab request 192.0.2.10:7007 hello --initial 50ms --factor 3 --max-wait 5s --jitter\n"
      "  udplab request [::1]:7007 'what time is it?' --json | jq .attempts\n"};
  po::options_description o("Options");
  o.add_options()("help,h", "show this help")
      ("target", po::value<std::string>(), "HOST:PORT of the server")
      ("message", po::value<std::string>(), "the request, sent as it is (may be empty: '')");
  add_request_flags(o);
  o.add_options()
      ("unconnected", po::bool_switch(),
       "do not connect the socket: see datagrams from other sources (ignored, counted), but a "
       "closed port becomes a silent timeout")
      ("bind,b", po::value<std::string>(), "local address to send from")
      ("ipv4,4", po::bool_switch(), "resolve HOST to IPv4 only")
      ("ipv6,6", po::bool_switch(), "resolve HOST to IPv6 only")
      ("quiet,q", po::bool_switch(), "print only the summary")
      ("json", po::bool_switch(), "print only the summary, as JSON (udplab.v1.RequestReport)");
  po::positional_options_description pos;
  pos.add("target", 1).add("message", 1);
  po::variables_map vm;
  if (!parse(spec, o, pos, args, vm)) return kExitOk;
  if (!vm.count("target")) throw UsageError("missing HOST:PORT (see 'udplab request --help')");
  if (!vm.count("message")) throw UsageError("missing MESSAGE (see 'udplab request --help')");

  auto target = live::resolve(vm["target"].as<std::string>(), 0, family_arg(vm));
  if (!target) throw UsageError(target.error());
  if (target->port == 0) throw UsageError("give the server's port: HOST:PORT");

  const auto config = translated(options::to_request_config(request_options(vm, target->to_string()), {}), kRequestFlags);

  workload::RequestOptions options;
  if (vm.count("bind")) options.bind.address = address_arg(vm, "bind");
  options.connect = !vm["unconnected"].as<bool>();
  const bool json = vm["json"].as<bool>();
  const bool quiet = vm["quiet"].as<bool>() || json;

  // Live runs draw jitter from a generator seeded by the system; netsim passes a seeded stream.
  std::mt19937_64 bits(util::random_run_id());
  live::LiveRuntime rt;
  workload::RequestWorkload client(rt, config, [&bits] { return bits(); }, options);
  std::optional<Time> origin;
  if (!quiet) {
    client.on_event([&](const request::RequestEvent& e) {
      if (!origin) origin = std::get<request::request_event::AttemptSent>(e).at;
      std::cout << report::render_request_event(e, *origin, *target) << std::endl;
    });
    std::cout << "REQUEST " << target->to_string() << ": " << util::plural(config.message.size(), "byte") << std::endl;
  }
  client.on_finished([&rt] { rt.stop(); });
  if (auto error = client.start()) throw RuntimeError(*error);
  rt.on_signal([&](int) {
    client.stop();
    rt.stop();
  });
  if (!client.finished()) rt.run();
  client.stop();

  v1::WorkloadReport w;
  client.fill_report(w);
  if (json) {
    std::cout << report::to_json(w.request()) << "\n";
  } else {
    std::cout << (quiet ? "" : "\n") << report::render_request(w.request());
  }
  return w.request().outcome() == "replied" ? kExitOk : kExitRuntime;
}

}  // namespace udplab::cli
