// Simulated captures in tshark, a dissector we did not write: it must read the pcapng file, find no
// malformed packet, see exactly the corrupted frames as checksum errors, reassemble fragments, and
// show every drop as a packet comment.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

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

// One tshark pass over the capture, one line per frame with the fields the checks need.
struct Dissected {
  std::vector<std::vector<std::string>> frames;
  std::size_t count(std::size_t field, const std::function<bool(const std::string&)>& pred) const {
    std::size_t n = 0;
    for (const auto& f : frames) n += pred(f[field]);
    return n;
  }
};

const std::vector<std::string> kFields = {"frame.comment",    "udp.checksum.status", "ip.checksum.status", "ip.fragment",
                                          "ipv6.fragment",    "ip.reassembled_in",   "ipv6.reassembled.in", "icmp.type",
                                          "icmp.code",        "icmpv6.type",         "icmpv6.code",         "_ws.malformed"};
enum Field { kComment, kUdpSum, kIpSum, kIpFrag, kIp6Frag, kIpReasm, kIp6Reasm, kIcmpType, kIcmpCode, kIcmp6Type, kIcmp6Code, kMalformed };

Dissected dissect(const Capture& c) {
  // Two passes (-2), so fragments point at the frame that reassembles them.
  std::vector<std::string> args{"tshark", "-2", "-n", "-r", c.file.string(), "-o", "udp.check_checksum:TRUE",
                                "-o", "ip.check_checksum:TRUE", "-T", "fields", "-E", "separator=|", "-E", "occurrence=f"};
  for (const auto& f : kFields) args.insert(args.end(), {"-e", f});
  auto r = run_process(args, std::chrono::seconds(300));
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, "tshark failed: exit " << r.exit_code << ", signal " << r.signal
                                                                 << (r.timed_out ? ", timed out" : "") << ": " << r.err);
  Dissected d;
  std::istringstream lines(r.out);
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (std::size_t i = 0; i < kFields.size(); ++i) {
      const std::size_t bar = line.find('|', start);
      fields.push_back(line.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
      start = bar == std::string::npos ? line.size() : bar + 1;
    }
    d.frames.push_back(std::move(fields));
  }
  return d;
}

bool present(const std::string& s) { return !s.empty(); }

void check(bool v6) {
  Capture c;
  capture(c, v6);
  const Dissected d = dissect(c);
  // Every trace event became a frame.
  BOOST_TEST(d.frames.size() == c.trace.events().size());
  BOOST_TEST(d.count(kMalformed, present) == 0u);
  // tshark checks UDP checksums (status 0 = bad, 1 = good): exactly the frames of corrupted
  // datagrams are bad — the corruption events themselves and the receiver's checksum drops, as
  // far as tshark can check them (not fragments it could not reassemble).
  const std::size_t bad = d.count(kUdpSum, [](const std::string& s) { return s == "0"; });
  BOOST_TEST(bad > 0u);
  BOOST_TEST(bad <= c.trace.count(netsim::TraceKind::corrupted) + c.trace.count(netsim::TraceKind::dropped, netsim::DropReason::checksum));
  BOOST_TEST(d.count(kUdpSum, [](const std::string& s) { return s == "1"; }) > 10 * bad);
  if (!v6) BOOST_TEST(d.count(kIpSum, [](const std::string& s) { return s == "0"; }) == 0u);  // IPv6 has no header checksum
  // Drops are visible as comments, one per dropped frame, and so are duplicates.
  auto has = [](const char* text) { return [text](const std::string& s) { return s.find(text) != std::string::npos; }; };
  BOOST_TEST(d.count(kComment, has("dropped at")) == c.trace.count(netsim::TraceKind::dropped));
  BOOST_TEST(d.count(kComment, has("duplicate #")) == c.trace.count(netsim::TraceKind::duplicated));
  // Fragments are dissected and reassembled.
  BOOST_TEST(d.count(v6 ? kIp6Frag : kIpFrag, present) > 0u);
  BOOST_TEST(d.count(v6 ? kIp6Reasm : kIpReasm, present) > 0u);
  // The port unreachable answers are ICMP that quotes our datagram.
  const std::size_t icmp = v6 ? d.count(kIcmp6Type, [](const std::string& s) { return s == "1"; })
                              : d.count(kIcmpType, [](const std::string& s) { return s == "3"; });
  BOOST_TEST(icmp > 0u);
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
