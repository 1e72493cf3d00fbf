// netsim speed: how many simulated datagrams per wall-clock second, against the raw event loop.
//
//   build/release/tests/bench/netsim_bench [DATAGRAMS [loop|echo|broadcast]]
//
// 1. the bare event loop (schedule + run, no work attached): the ceiling;
// 2. two hosts, echo flood (64 probes in flight) over a link with 5% loss and 1 ms +- 0.5 ms
//    jitter each way until DATAGRAMS have been sent (default 10 million); the figure counts every
//    datagram sent and every datagram delivered to a socket (the "sent or delivered");
// 3. a 100-host broadcast domain: every host broadcasts to all others.
// For each: wall time, datagrams (or events) per wall second, peak memory (max RSS).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "netsim/simulator.hpp"
#include "workload/echo_workloads.hpp"

using namespace udplab;
using namespace std::chrono_literals;
using Wall = std::chrono::steady_clock;

namespace {

double seconds_since(Wall::time_point t0) { return std::chrono::duration<double>(Wall::now() - t0).count(); }

long peak_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

struct Nop final : netsim::EventHandler {
  std::uint64_t sum = 0;
  void on_event(std::uint64_t arg) override { sum += arg; }
};

double bare_event_loop(std::uint64_t events) {
  netsim::EventQueue q;
  Nop nop;
  // Keep 128 events pending, as a busy simulation does.
  for (std::uint64_t i = 0; i < 128; ++i) q.schedule(Time{Duration{static_cast<std::int64_t>(i)}}, nop, i);
  const auto t0 = Wall::now();
  std::uint64_t done = 0;
  while (done < events && q.step()) {
    ++done;
    q.schedule(q.now() + Duration{128}, nop, done);
  }
  const double s = seconds_since(t0);
  std::printf("  bare event loop        %12llu events   %7.3f s   %8.2f M events/s\n",
              static_cast<unsigned long long>(done), s, static_cast<double>(done) / s / 1e6);
  return static_cast<double>(done) / s;
}

double echo_flood(std::uint64_t datagrams) {
  netsim::Simulator sim(1);
  auto& net = sim.network();
  auto& a = net.add_host("a");
  auto& b = net.add_host("b");
  auto& link = net.add_segment("ab");
  auto& ia = net.attach(a, link, *net::Prefix::parse("10.0.0.1/24"));
  auto& ib = net.attach(b, link, *net::Prefix::parse("10.0.0.2/24"));
  for (auto* i : {&ia, &ib}) {
    i->egress->add(std::make_unique<netsim::RandomLoss>(0.05, 0.0, sim.stream(i->egress->name() + "/loss")));
    i->egress->add(std::make_unique<netsim::Delay>(1ms, 500us, 0.0, netsim::DelayDistribution::uniform,
                                                   sim.stream(i->egress->name() + "/delay")));
  }
  net.compute_routes();
  workload::EchoServerWorkload server(sim.runtime("b"), {}, *net::Endpoint::parse("0.0.0.0:7"));
  if (server.start()) return 0;
  echo::PingConfig config;
  config.target = *net::Endpoint::parse("10.0.0.2:7");
  config.flood = true;
  config.window = 64;
  config.count = 0;
  config.timeout = 10ms;
  config.payload_size = 64;
  workload::EchoPingWorkload ping(sim.runtime("a"), config);
  if (ping.start()) return 0;
  const auto t0 = Wall::now();
  sim.run_until(Time{1000h}, [&] { return net.stats().datagrams_sent >= datagrams; });
  ping.stop();
  const double s = seconds_since(t0);
  const auto sent = net.stats().datagrams_sent;
  const auto delivered = net.stats().datagrams_delivered;
  const auto summary = ping.summary();
  std::printf("  echo flood, 2 hosts    %12llu datagrams %7.3f s   %8.2f M datagrams/s   (%llu sent at %.2f M/s, %llu delivered;"
              " %llu events, %.1f%% lost, %.1f s virtual, peak %ld MiB)\n",
              static_cast<unsigned long long>(sent + delivered), s, static_cast<double>(sent + delivered) / s / 1e6,
              static_cast<unsigned long long>(sent), static_cast<double>(sent) / s / 1e6,
              static_cast<unsigned long long>(delivered), static_cast<unsigned long long>(sim.events().executed()),
              summary.loss_percent, static_cast<double>(to_ns(sim.now())) / 1e9, peak_rss_mib());
  return static_cast<double>(sent + delivered) / s;
}

double broadcast_domain(int hosts, int rounds) {
  netsim::Simulator sim(2);
  auto& net = sim.network();
  auto& lan = net.add_segment("lan");
  for (int i = 0; i < hosts; ++i) {
    auto& h = net.add_host("h" + std::to_string(i));
    net.attach(h, lan, *net::Prefix::parse("10.1." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1) + "/16"));
  }
  net.compute_routes();
  std::vector<std::unique_ptr<transport::Socket>> sockets;
  std::uint64_t received = 0;
  for (int i = 0; i < hosts; ++i) {
    auto s = sim.runtime("h" + std::to_string(i)).bind(*net::Endpoint::parse("0.0.0.0:9999"), {.broadcast = true});
    (*s)->start_receiving([&](const transport::Datagram&) { ++received; }, [](std::error_code) {});
    sockets.push_back(std::move(*s));
  }
  const std::byte msg[32] = {};
  const auto t0 = Wall::now();
  for (int r = 0; r < rounds; ++r) {
    for (auto& s : sockets) (void)s->send_to(*net::Endpoint::parse("255.255.255.255:9999"), msg);
    sim.run_until(sim.now() + 1ms);
  }
  const double s = seconds_since(t0);
  const std::uint64_t datagrams = net.stats().datagrams_sent + received;
  std::printf("  broadcast, %3d hosts   %12llu datagrams %7.3f s   %8.2f M datagrams/s   (%llu sent, %llu delivered, peak %ld MiB)\n",
              hosts, static_cast<unsigned long long>(datagrams), s, static_cast<double>(datagrams) / s / 1e6,
              static_cast<unsigned long long>(net.stats().datagrams_sent), static_cast<unsigned long long>(received),
              peak_rss_mib());
  return static_cast<double>(datagrams) / s;
}

constexpr const char* kUsage =
    "usage: netsim_bench [DATAGRAMS [loop|echo|broadcast]]\n"
    "  DATAGRAMS  datagrams sent in the two-host echo flood (default 10000000)\n"
    "  PART       run only that part\n";

}  // namespace

int main(int argc, char** argv) {
  const std::string first = argc > 1 ? argv[1] : "";
  if (first == "-h" || first == "--help") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  std::uint64_t datagrams = 10'000'000;
  if (!first.empty()) {
    char* end = nullptr;
    datagrams = std::strtoull(first.c_str(), &end, 10);
    if (first[0] == '-' || *end != '\0' || datagrams == 0) {
      std::fprintf(stderr, "netsim_bench: DATAGRAMS must be a positive integer, got '%s'\n%s", first.c_str(), kUsage);
      return 2;
    }
  }
  const std::string only = argc > 2 ? argv[2] : "";
  if (!only.empty() && only != "loop" && only != "echo" && only != "broadcast") {
    std::fprintf(stderr, "netsim_bench: unknown part '%s' (loop, echo or broadcast)\n%s", only.c_str(), kUsage);
    return 2;
  }
  std::printf("netsim benchmark (one core; datagrams = sent + delivered where noted)\n");
  const double loop = only.empty() || only == "loop" ? bare_event_loop(20'000'000) : 1;
  const double echo = only.empty() || only == "echo" ? echo_flood(datagrams) : 1;
  if (only.empty() || only == "broadcast") broadcast_domain(100, 200);
  if (!only.empty()) return 0;
  std::printf("\n  echo datagrams (sent + delivered) per second / bare events per second = %.2f"
              " (each datagram costs %.1f bare events)\n",
              echo / loop, loop / echo);
  return 0;
}
