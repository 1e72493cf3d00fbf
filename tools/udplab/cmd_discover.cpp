// udplab discover: find udplab servers on the local segment.
#include <iostream>

#include "commands.hpp"
#include "live/live_runtime.hpp"
#include "option_messages.hpp"
#include "options/broadcast_options.hpp"
#include "report/broadcast_report.hpp"
#include "report/json.hpp"
#include "util/run_id.hpp"
#include "workload/broadcast_workloads.hpp"

namespace udplab::cli {
int run_discover(const Args& args) {
  const CommandSpec spec{
      "discover", "[options]",
      "Broadcasts a discovery probe to --port and lists every udplab server that answers (echo\n"
      "servers and chat rooms, unless started with --no-discovery) with its name, version and round-\n"
      "trip time. A plain echo server (socat, inetd) sends the probe back unchanged and is listed as\n"
      "\"echo (no discovery)\". Broadcasts stay on their segment: servers beyond a router are not\n"
      "found. Exits 0 when something answered, 1 otherwise.",
      "  udplab discover --port 7007\n"
      "  udplab discover --port 7007 --to 10.0.1.255 --timeout 2s --json\n"
      "  udplab discover --port 7070 --probes 3   # chat rooms, three probes against loss\n"};
  po::options_description o("Options");
  o.add_options()("help,h", "show this help")
      ("quiet,q", po::bool_switch(), "print only the summary")
      ("json", po::bool_switch(), "print only the summary, as JSON (udplab.v1.DiscoverReport)");
  add_discover_flags(o);
  po::variables_map vm;
  if (!parse(spec, o, {}, args, vm)) return kExitOk;

  const auto settings = translated(options::to_discover(discover_options(vm), {}), kDiscoverFlags);
  live::LiveRuntime rt;
  discovery::DiscoverConfig config = settings.config;
  config.targets = settings.targets.endpoints(rt.broadcast_addresses());
  config.nonce = util::random_run_id();
  const bool json = vm["json"].as<bool>();
  const bool quiet = json || vm["quiet"].as<bool>();

  workload::DiscoverWorkload discover(rt, config);
  if (!quiet) {
    std::string where;
    for (const auto& t : config.targets) where += (where.empty() ? "" : ", ") + t.to_string();
    std::cout << "DISCOVER " << where << std::endl;
    discover.on_event([](const discovery::DiscoverEvent& e) { std::cout << report::render_discover_event(e) << std::endl; });
  }
  discover.on_finished([&rt] { rt.stop(); });
  if (auto error = discover.start()) throw RuntimeError(*error);
  rt.on_signal([&](int) {
    discover.stop();
    rt.stop();
  });
  rt.run();
  discover.stop();

  v1::WorkloadReport w;
  discover.fill_report(w);
  if (json) {
    std::cout << report::to_json(w.discover()) << "\n";
  } else {
    std::cout << (quiet ? "" : "\n") << report::render_discover(w.discover(), quiet);
  }
  return w.discover().responders_size() > 0 ? kExitOk : kExitRuntime;
}

}  // namespace udplab::cli
