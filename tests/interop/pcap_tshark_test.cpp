// Simulated captures in tshark, a dissector we did not write: it must read the pcapng file, find no
// malformed packet, see exactly the corrupted frames as checksum errors, reassemble fragments, and
// show every drop as a packet comment.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include "netsim/pcap_writer.hpp"
#include "scenario/run.hpp"
#include "support/process.hpp"

using namespace udplab;
using namespace udplab::test;

namespace {

bool tshark_available() {
  if (have_program("tshark")) return true;
  BOOST_TEST_REQUIRE(!peers_required(), "tshark is required (UDPLAB_REQUIRE_PEERS=1) but not installed");
  BOOST_TEST_MESSAGE("tshark not installed; skipped");
  return false;
}

struct Capture {
  std::filesystem::path file;
  netsim::TraceRecorder trace;
};

// Echo across a link that loses, duplicates, corrupts and reorders, with probes larger than the MTU
// (fragments), over IPv4 or IPv6.
void capture(Capture& c, bool v6) {
  const std::string a = v6 ? "2001:db8::1/64" : "10.0.0.1/24", b = v6 ? "2001:db8::2/64" : "10.0.0.2/24";
  const std::string target = v6 ? "[2001:db8::2]:7" : "10.0.0.2:7";
  const std::string text = R"(
    name: "capture" seed: 5 duration: "30s"
    hosts { name: "client" } hosts { name: "server" }
    links { name: "wan" a: "client" a_address: ")" + a + R"(" b: "server" b_address: ")" + b + R"("
      mtu: 1400
      a_to_b { delay: "10ms" jitter: "3ms" loss_percent: 5 duplicate_percent: 5 corrupt_percent: 5 }
      b_to_a { delay: "10ms" reorder_percent: 10 } }
    workloads { host: "server" echo_server {} }
    workloads { host: "client" echo_ping { target: ")" + target + R"(" count: 60 interval: "5ms" size: 3000 } }
    workloads { name: "closed" host: "client" echo_ping { target: ")" + (v6 ? std::string("[2001:db8::2]:9") : std::string("10.0.0.2:9")) + R"(" count: 2 } }
  )";
  auto loaded = scenario::parse_scenario(text, "capture");
  if (!loaded) BOOST_FAIL(loaded.error());
  auto plan = scenario::compile(loaded->scenario);
  if (!plan) BOOST_FAIL(plan.error().message);
  c.file = std::filesystem::temp_directory_path() / (v6 ? "udplab_capture6.pcapng" : "udplab_capture4.pcapng");
  std::ofstream out(c.file, std::ios::binary | std::ios::trunc);
  scenario::RunOptions options;
  options.sinks.push_back(&c.trace);
  scenario::ScenarioRun run(std::move(*plan), options);
  netsim::PcapWriter pcap(out, run.simulator().network());
  run.simulator().trace().add_sink(pcap);
  run.run();
  out.close();
  BOOST_REQUIRE(c.trace.count(netsim::TraceKind::corrupted) > 0);
  BOOST_REQUIRE(c.trace.count(netsim::TraceKind::duplicated) > 0);
  BOOST_REQUIRE(c.trace.count(netsim::TraceKind::dropped) > 0);
}

std::size_t tshark_count(const Capture& c, const std::string& filter) {
  // Two passes (-2), so fragments point at the frame that reassembles them.
  auto r = run_process({"tshark", "-2", "-n", "-r", c.file.string(), "-o", "udp.check_checksum:TRUE", "-o",
                        "ip.check_checksum:TRUE", "-Y", filter});
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, "tshark failed: " << r.err);
  return count_lines(r.out);
}

void check(bool v6) {
  Capture c;
  capture(c, v6);
  // Every trace event became a frame.
  BOOST_TEST(tshark_count(c, "frame") == c.trace.events().size());
  BOOST_TEST(tshark_count(c, "_ws.malformed") == 0u);
  // Checksum errors: exactly the frames carrying a corrupted datagram that tshark can check (whole
  // datagrams, or first fragments once reassembled).
  BOOST_TEST(tshark_count(c, "udp.checksum.status == \"Bad\"") > 0u);
  if (!v6) BOOST_TEST(tshark_count(c, "ip.checksum.status == \"Bad\"") == 0u);  // IPv6 has no header checksum
  // Drops are visible as comments, one per dropped frame.
  BOOST_TEST(tshark_count(c, "frame.comment contains \"dropped at\"") == c.trace.count(netsim::TraceKind::dropped));
  BOOST_TEST(tshark_count(c, "frame.comment contains \"duplicate #\"") == c.trace.count(netsim::TraceKind::duplicated));
  // Fragments are dissected and reassembled.
  BOOST_TEST(tshark_count(c, v6 ? "ipv6.fragment" : "ip.fragment") > 0u);
  BOOST_TEST(tshark_count(c, v6 ? "ipv6.reassembled.in" : "ip.reassembled_in") > 0u);
  // The port unreachable answers are ICMP that quotes our datagram.
  BOOST_TEST(tshark_count(c, v6 ? "icmpv6.type == 1 && icmpv6.code == 4" : "icmp.type == 3 && icmp.code == 3") > 0u);
  std::filesystem::remove(c.file);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pcap_tshark_test)

BOOST_AUTO_TEST_CASE(ipv4_capture_dissects_cleanly) {
  if (tshark_available()) check(false);
}

BOOST_AUTO_TEST_CASE(ipv6_capture_dissects_cleanly) {
  if (tshark_available()) check(true);
}

BOOST_AUTO_TEST_SUITE_END()
