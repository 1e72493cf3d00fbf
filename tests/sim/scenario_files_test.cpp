// Every scenario shipped in scenarios/ runs, and shows what its comments promise.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <cmath>
#include <functional>
#include <map>

#include "scenario/embedded.hpp"
#include "scenario/run.hpp"

using namespace udplab;

namespace {

struct Result {
  v1::SimulationReport report;
  netsim::TraceRecorder trace;
};

std::unique_ptr<Result> run_file(const std::filesystem::path& file) {
  auto loaded = scenario::load_scenario_file(file);
  if (!loaded) BOOST_FAIL(loaded.error());
  auto plan = scenario::compile(loaded->scenario);
  if (!plan) BOOST_FAIL(loaded->locate(plan.error().path, plan.error().message));
  auto result = std::make_unique<Result>();
  scenario::RunOptions options;
  options.sinks.push_back(&result->trace);
  scenario::ScenarioRun run(std::move(*plan), options);
  run.run();
  result->report = run.report();
  return result;
}

const v1::WorkloadReport& workload(const Result& r, const std::string& name) {
  for (const auto& w : r.report.workloads())
    if (w.name() == name) return w;
  BOOST_FAIL("no workload " << name);
  return r.report.workloads(0);
}

std::size_t drops(const Result& r, netsim::DropReason reason) { return r.trace.count(netsim::TraceKind::dropped, reason); }

// Datagrams dropped on link `link`, both directions (LinkStats names are "host->link").
std::uint64_t link_drops(const Result& r, const std::string& link) {
  std::uint64_t n = 0;
  for (const auto& l : r.report.links())
    if (l.name().size() > link.size() && l.name().ends_with("->" + link)) n += l.dropped();
  return n;
}

// A TFTP transfer's report, failing the test unless it delivered the server's file.
const v1::TftpTransferReport& verified(const Result& r, const std::string& name) {
  const auto& t = workload(r, name).tftp();
  BOOST_TEST(t.ok(), name << ": " << t.error());
  BOOST_TEST(t.verified(), name);
  return t;
}

// Of the loss drops at `where`, the share that directly follow another loss drop there.
double clustered(const Result& r, const std::string& where) {
  std::uint64_t previous = 0, drops_seen = 0, adjacent = 0;
  for (const auto& e : r.trace.events()) {
    if (e.where != where || e.kind == netsim::TraceKind::queued) continue;
    if (e.kind != netsim::TraceKind::dropped) continue;
    ++drops_seen;
    if (previous != 0 && e.packet.id == previous + 2) ++adjacent;  // ids alternate probe/reply
    previous = e.packet.id;
  }
  return drops_seen ? static_cast<double>(adjacent) / static_cast<double>(drops_seen) : 0.0;
}

using Check = std::function<void(const Result&)>;

const std::map<std::string, Check>& checks() {
  static const std::map<std::string, Check> table = {
      {"echo-lossy-link",
       [](const Result& r) {
         const auto& p = workload(r, "echo_ping@client").echo_ping();
         BOOST_TEST(p.lost() > 0u);
         BOOST_TEST(p.reordered() > 0u);
         BOOST_TEST(p.rtt().min_ms() == 20.0);
         BOOST_TEST(p.rtt().max_ms() == 40.0);
       }},
      {"bursty-loss",
       [](const Result& r) {
         const auto& random = workload(r, "ping-random").echo_ping();
         const auto& bursty = workload(r, "ping-bursty").echo_ping();
         for (const auto* p : {&random, &bursty}) BOOST_TEST((p->loss_percent() > 3.0 && p->loss_percent() < 8.0));
         BOOST_TEST(clustered(r, "client->bursty") > 3 * clustered(r, "client->random"));
       }},
      {"jitter-reordering",
       [](const Result& r) {
         BOOST_TEST(workload(r, "ping-jittery").echo_ping().reordered() > 50u);
         BOOST_TEST(workload(r, "ping-shaped").echo_ping().reordered() == 0u);
       }},
      {"rate-limit-queue",
       [](const Result& r) {
         const auto& shortq = workload(r, "flood-short-queue").echo_ping();
         const auto& longq = workload(r, "flood-long-queue").echo_ping();
         BOOST_TEST(shortq.lost() > 0u);
         BOOST_TEST(longq.lost() == 0u);
         BOOST_TEST(drops(r, netsim::DropReason::queue_full) == shortq.lost());
         BOOST_TEST(longq.rtt().avg_ms() > 5 * shortq.rtt().avg_ms());
       }},
      {"fragmentation-loss",
       [](const Result& r) {
         const auto& small = workload(r, "ping-small").echo_ping();
         const auto& large = workload(r, "ping-large").echo_ping();
         BOOST_TEST(large.loss_percent() > 2 * small.loss_percent());
         BOOST_TEST(drops(r, netsim::DropReason::fragment_lost) > 0u);
       }},
      {"partition-heal",
       [](const Result& r) {
         BOOST_TEST(drops(r, netsim::DropReason::link_down) > 0u);
         BOOST_TEST(drops(r, netsim::DropReason::partition) > 0u);
         BOOST_TEST(drops(r, netsim::DropReason::loss) > 0u);
         BOOST_TEST(r.report.workloads(1).echo_ping().received() > 0u);
       }},
      {"corruption-duplication",
       [](const Result& r) {
         BOOST_TEST(workload(r, "echo_ping@client").echo_ping().duplicates() > 0u);
         BOOST_TEST(drops(r, netsim::DropReason::checksum) == r.trace.count(netsim::TraceKind::corrupted));
         BOOST_TEST(drops(r, netsim::DropReason::checksum) > 0u);
       }},
      {"tftp-over-lossy-link",
       [](const Result& r) {
         const auto& lockstep = verified(r, "get-lockstep");
         const auto& windowed = verified(r, "get-windowed");
         BOOST_TEST(lockstep.retransmissions() > 0u);
         BOOST_TEST(windowed.duration_s() * 3 < lockstep.duration_s());
         const auto& ping = workload(r, "echo_ping@client").echo_ping();
         BOOST_TEST(ping.lost() > 0u);
         BOOST_TEST(ping.reordered() > 0u);
       }},
      {"tftp-sorcerers-apprentice",
       [](const Result& r) {
         const auto& naive = verified(r, "get-naive");
         const auto& careful = verified(r, "get-careful");
         // One late ACK: from then on the naive server sends every block twice (512 blocks in
         // all, the late ACK comes at about block 136), ours repeats one block once.
         BOOST_TEST(naive.duplicates() > 300u);
         BOOST_TEST(careful.duplicates() <= 2u);
         BOOST_TEST(workload(r, "naive-server").tftp_server().retransmissions() > 300u);
         BOOST_TEST(workload(r, "careful-server").tftp_server().retransmissions() <= 2u);
       }},
      {"tftp-windowsize-latency",
       [](const Result& r) {
         const double w1 = verified(r, "window-1").duration_s();
         const double w4 = verified(r, "window-4").duration_s();
         const double w16 = verified(r, "window-16").duration_s();
         // 184 blocks at one per 100 ms round trip, then a quarter, then a sixteenth of the trips.
         BOOST_TEST(w1 > 18.0);
         BOOST_TEST(w4 < w1 / 3.5);
         BOOST_TEST(w16 < w1 / 12);
       }},
      {"tftp-sliding-windows",
       [](const Result& r) {
         const auto& rfc16 = verified(r, "rfc7440-16");
         const auto& slide16 = verified(r, "sliding-16");
         const auto& rfc64 = verified(r, "rfc7440-64");
         const auto& slide64 = verified(r, "sliding-64");
         BOOST_TEST((!rfc16.negotiated().sliding() && !rfc64.negotiated().sliding()));
         BOOST_TEST((slide16.negotiated().sliding() && slide64.negotiated().sliding()));
         // RFC 7440 leaves the link idle for a 40 ms round trip after each window (46 windows of 16,
         // 12 of 64); sliding does not wait for whole windows.
         BOOST_TEST(slide16.duration_s() < 0.9 * rfc16.duration_s());
         BOOST_TEST(slide64.duration_s() < 0.8 * rfc64.duration_s());
         // And at 64 blocks it fills the path: 1 MiB plus headers at 10 Mbit/s takes 0.86 s.
         BOOST_TEST(slide64.duration_s() < 1.1);
       }},
      {"tftp-bursty-loss",
       [](const Result& r) {
         const auto& bursty = verified(r, "get-bursty");
         const auto& random = verified(r, "get-random");
         // About as many drops on each path, but bursts hit retransmissions too: waits double.
         const double b = static_cast<double>(link_drops(r, "bursty")), u = static_cast<double>(link_drops(r, "random"));
         BOOST_TEST(std::abs(b - u) < 0.25 * u);
         BOOST_TEST(bursty.duration_s() > 2 * random.duration_s());
       }},
      {"tftp-blksize-mtu",
       [](const Result& r) {
         const auto& small = verified(r, "blksize-1428");
         const auto& medium = verified(r, "blksize-8192");
         const auto& large = verified(r, "blksize-32768");
         auto per_block = [](const v1::TftpTransferReport& t) {
           return static_cast<double>(t.retransmissions()) / static_cast<double>(t.blocks());
         };
         // Fragments multiply the loss: 3%, 1 - 0.97^6 = 17%, 1 - 0.97^23 = 50% per block.
         BOOST_TEST(per_block(small) < per_block(medium));
         BOOST_TEST(per_block(medium) < per_block(large));
         BOOST_TEST(medium.duration_s() < small.duration_s());
         BOOST_TEST(medium.duration_s() < large.duration_s());
       }},
      {"tftp-partition-heal",
       [](const Result& r) {
         const auto& patient = verified(r, "patient");
         BOOST_TEST(patient.retransmissions() >= 4u);  // 0.25 + 0.5 + 1 + 2 s of silence, then through
         const auto& impatient = workload(r, "impatient").tftp();
         BOOST_TEST(!impatient.ok());
         BOOST_TEST(impatient.failure() == "timeout");
         BOOST_TEST(impatient.error().find("never came after 2 retransmissions") != std::string::npos, impatient.error());
         BOOST_TEST(workload(r, "tftp_server@server").tftp_server().completed() == 1u);
       }},
      {"tftp-lossy",
       [](const Result& r) {
         for (const char* name : {"get-lockstep", "get-windowed", "get-netascii", "put"}) {
           const auto& t = workload(r, name).tftp();
           BOOST_TEST(t.ok(), name << ": " << t.error());
           BOOST_TEST(t.verified(), name);  // the SHA-256 of the server's file (or the upload)
         }
         const auto& lockstep = workload(r, "get-lockstep").tftp();
         const auto& windowed = workload(r, "get-windowed").tftp();
         BOOST_TEST(lockstep.retransmissions() > 0u);  // loss costs timeouts...
         BOOST_TEST(windowed.duration_s() * 3 < lockstep.duration_s());  // ...windows save round trips
         BOOST_TEST(windowed.out_of_order() > 0u);  // reordering restarts windows
         BOOST_TEST(lockstep.duplicates() + windowed.duplicates() > 0u);  // duplicated by the link, dropped
         const auto& server = workload(r, "tftp_server@server").tftp_server();
         BOOST_TEST(server.completed() == 4u);
         bool uploaded = false;
         for (const auto& f : server.files())
           if (f.name() == "upload.bin") uploaded = f.sha256() == workload(r, "put").tftp().sha256();
         BOOST_TEST(uploaded);
       }},
      {"routed-ipv6",
       [](const Result& r) {
         BOOST_TEST(workload(r, "ping-echo").echo_ping().received() == 20u);
         BOOST_TEST(workload(r, "ping-echo").echo_ping().rtt().min_ms() == 20.0);
         BOOST_TEST(workload(r, "ping-closed-port").echo_ping().unreachable() == 5u);
       }},
      {"request-dead-server",
       [](const Result& r) {
         const auto& dead = workload(r, "ask-dead-server").request();
         BOOST_TEST(dead.outcome() == "gave_up");
         BOOST_REQUIRE_EQUAL(dead.attempts_size(), 5);
         const double sent_at[] = {0, 100, 300, 700, 1500};
         for (int i = 0; i < 5; ++i) BOOST_TEST(dead.attempts(i).sent_at_ms() == sent_at[i]);
         BOOST_TEST(dead.total_ms() == 3100.0);
         BOOST_TEST(drops(r, netsim::DropReason::link_down) == 5u);
         const auto& closed = workload(r, "ask-closed-port").request();
         BOOST_TEST(closed.outcome() == "refused");
         BOOST_TEST(closed.attempts_size() == 1);
         BOOST_TEST(closed.total_ms() == 20.0);
       }},
      {"request-lossy-link",
       [](const Result& r) {
         int retried = 0, answered = 0;
         for (const auto& w : r.report.workloads()) {
           if (w.result_case() != v1::WorkloadReport::kRequest) continue;
           const auto& q = w.request();
           if (q.outcome() != "replied") continue;
           ++answered;
           if (q.answered_attempt() > 1) ++retried;
           BOOST_TEST(q.rtt_ms() == 10.0);  // the answered attempt's own round trip
           for (const auto& a : q.attempts()) {
             const double nominal = 100.0 * std::pow(2.0, a.attempt() - 1);
             if (q.jitter()) {
               BOOST_TEST((a.wait_ms() >= nominal / 2 && a.wait_ms() <= nominal));
             } else {
               BOOST_TEST(a.wait_ms() == nominal);
             }
           }
         }
         BOOST_TEST(answered >= 6);  // P(give up) is 3.5% per request
         BOOST_TEST(retried >= 1);
         // Lost replies: the server answered requests whose answers never arrived, and got asked again.
         BOOST_TEST(workload(r, "echo_server@server").echo_server().replied() > static_cast<std::uint64_t>(answered));
       }},
      {"chat-lossy",
       [](const Result& r) {
         auto sender = [](const auto& report, const std::string& nick) {
           for (const auto& s : report.senders())
             if (s.nick() == nick) return s;
           BOOST_FAIL("no sender " << nick);
           return report.senders(0);
         };
         const auto& room = workload(r, "chat_room@room").chat_room();
         const auto& alice = workload(r, "alice").chat_client();
         const auto& bob = workload(r, "bob").chat_client();
         const auto& carol = workload(r, "carol").chat_client();
         BOOST_TEST(alice.sent() == 41u);
         BOOST_TEST(bob.sent() == 60u);
         BOOST_TEST(carol.sent() == 20u);
         // Bob's uplink loses and reorders: the room sees it, and so does everyone after it.
         BOOST_TEST(sender(room, "bob").lost() > 0u);
         BOOST_TEST(sender(room, "bob").late() > 0u);
         BOOST_TEST(sender(room, "bob").received() + sender(room, "bob").lost() <= 60u);
         for (const char* clean : {"alice", "carol"}) {
           BOOST_TEST(sender(room, clean).lost() == 0u, clean);
           BOOST_TEST(sender(room, clean).late() == 0u, clean);
         }
         // Alice's own path is clean: she sees exactly what the room saw from bob, and all of carol.
         BOOST_TEST(sender(alice, "bob").lost() == sender(room, "bob").lost());
         BOOST_TEST(sender(alice, "bob").late() == sender(room, "bob").late());
         BOOST_TEST(sender(alice, "carol").lost() == 0u);
         // Carol's downlink loses: she misses messages from alice that nobody else missed, and more of
         // bob's than the room did.
         BOOST_TEST(sender(carol, "alice").lost() > 0u);
         BOOST_TEST(sender(carol, "bob").lost() > sender(room, "bob").lost());
         BOOST_TEST(bob.lost() == 0u);
       }},
      {"discovery-two-segments",
       [](const Result& r) {
         auto names = [&](const std::string& workload_name) {
           std::vector<std::string> out;
           for (const auto& x : workload(r, workload_name).discover().responders()) out.push_back(x.name());
           return out;
         };
         BOOST_TEST(names("discover-local") == (std::vector<std::string>{"echo-a", "echo-b"}), boost::test_tools::per_element());
         BOOST_TEST(names("discover-far-broadcast").empty());
         BOOST_TEST(names("discover-unicast") == std::vector<std::string>{"echo-c"}, boost::test_tools::per_element());
         BOOST_TEST(workload(r, "discover-local").discover().responders(0).rtt_ms() == 4.0);
         BOOST_TEST(workload(r, "discover-unicast").discover().responders(0).rtt_ms() == 8.0);
         // The far directed broadcasts (a probe and a message) end at the router: a broadcast address
         // of its own, taken by no socket there, and forwarded nowhere.
         std::size_t at_router = 0;
         for (const auto& e : r.trace.events())
           if (e.kind == netsim::TraceKind::dropped && e.reason == netsim::DropReason::no_listener && e.where == "router" &&
               e.packet.dst.address == *net::IpAddress::parse("10.0.2.255"))
             ++at_router;
         BOOST_TEST(at_router == 2u);
         for (const auto& l : r.report.links())
           if (l.name() == "router->lan2") BOOST_TEST(l.entered() == 1u);  // only the unicast probe
         BOOST_TEST(workload(r, "listen-lan1").broadcast_listen().received() == 2u);
         BOOST_TEST(workload(r, "listen-lan2").broadcast_listen().received() == 0u);
         BOOST_TEST(workload(r, "echo_server@echo-c").echo_server().discovery_answered() == 1u);  // the unicast probe
       }},
  };
  return table;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(scenario_files_test)

BOOST_AUTO_TEST_CASE(every_scenario_runs_cleanly_and_shows_its_lesson) {
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(UDPLAB_SOURCE_DIR) / "scenarios")) {
    if (entry.path().extension() != ".textproto") continue;
    ++files;
    const std::string name = entry.path().stem().string();
    BOOST_TEST_CONTEXT(name) {
      auto r = run_file(entry.path());
      for (const auto& w : r->report.workloads()) {
        BOOST_TEST(w.error().empty(), w.name() << ": " << w.error());
        if (w.result_case() == v1::WorkloadReport::kEchoPing) BOOST_TEST(w.finished(), w.name());
        if (w.result_case() == v1::WorkloadReport::kTftp) BOOST_TEST(w.finished(), w.name());
      }
      auto check = checks().find(name);
      BOOST_TEST((check != checks().end()), "scenario " << name << " has no check in scenario_files_test.cpp");
      if (check != checks().end()) check->second(*r);
    }
  }
  BOOST_TEST(files == checks().size());
}

BOOST_AUTO_TEST_SUITE_END()
