// udplab discover: find udplab servers on the local segment.
#include <iostream>

#include "broadcast_args.hpp"
#include "commands.hpp"
#include "live/live_runtime.hpp"
#include "report/broadcast_report.hpp"
#include "report/json.hpp"
#include "util/run_id.hpp"
#include "workload/broadcast_workloads.hpp"

namespace udplab::cli {
namespace {

// discovery::validate's fields as `udplab discover` spells them.
const char* flag_of(discovery::DiscoverField f) {
  switch (f) {
    case discovery::DiscoverField::targets: return "--to (or --limited)";
    case discovery::DiscoverField::probes: return "--probes";
    case discovery::DiscoverField::interval: return "--interval";
    case discovery::DiscoverField::timeout: return "--timeout";
  }
  return "?";
}

}  // namespace

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
      ("port,p", po::value<std::string>()->default_value("7"), "port the servers listen on")
      ("timeout,W", po::value<std::string>()->default_value("1s"), "how long to wait for answers after the last probe")
      ("probes", po::value<std::string>()->default_value("1"), "probes to send (more find servers behind a lossy link)")
      ("interval,i", po::value<std::string>()->default_value("250ms"), "time between probes")
      ("quiet,q", po::bool_switch(), "print only the summary")
      ("json", po::bool_switch(), "print only the summary, as JSON (udplab.v1.DiscoverReport)");
  add_broadcast_target_options(o);
  po::variables_map vm;
  if (!parse(spec, o, {}, args, vm)) return kExitOk;

  live::LiveRuntime rt;
  discovery::DiscoverConfig config;
  config.targets = broadcast_targets(vm, static_cast<std::uint16_t>(unsigned_arg(vm, "port", 1, 65535)), rt);
  config.timeout = duration_arg(vm, "timeout");
  config.probes = static_cast<unsigned>(unsigned_arg(vm, "probes", 1, 100));
  config.interval = duration_arg(vm, "interval");
  config.nonce = util::random_run_id();
  if (auto bad = discovery::validate(config)) throw UsageError(util::describe(*bad, flag_of));
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
