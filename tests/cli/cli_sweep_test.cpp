// udplab sweep, its shards, merge and plot, as a user (or a job array) runs them.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/cli_helpers.hpp"

using namespace udplab::test;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::string kScenario = std::string(UDPLAB_SOURCE_DIR) + "/scenarios/echo-lossy-link.textproto";
const std::string kVary = "links[wan].a_to_b.loss_percent=0:10:5";

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_sweep_test)

BOOST_AUTO_TEST_CASE(sweep_writes_table_and_plot_and_shards_merge_to_it) {
  const fs::path dir = "cli_sweep_out";
  fs::remove_all(dir);
  auto r = run_udplab({"sweep", kScenario, "--vary", kVary, "--seeds", "3", "--out", (dir / "whole").string(), "--y",
                       "echo_ping@client.loss_percent"});
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.find("9 runs; table:") == 0u, r.out);
  BOOST_TEST(r.out.find("95% CI") != std::string::npos, r.out);
  const std::string whole = slurp(dir / "whole/sweep.csv");
  BOOST_TEST(count_lines(whole) == 10u);
  BOOST_TEST(slurp(dir / "whole/plot.svg").find("<polyline") != std::string::npos);

  // A job array of three: each task runs its slice; merging gives the same table.
  for (int k = 1; k <= 3; ++k) {
    auto s = run_udplab({"sweep", kScenario, "--vary", kVary, "--seeds", "3", "--shard", std::to_string(k) + "/3", "--out",
                         (dir / "shards").string(), "--jobs", "1"});
    BOOST_TEST(s.exit_code == 0, s.err);
  }
  auto m = run_udplab({"sweep", "merge", "--out", (dir / "merged.csv").string(), (dir / "shards/sweep-shard-3-of-3.csv").string(),
                       (dir / "shards/sweep-shard-1-of-3.csv").string(), (dir / "shards/sweep-shard-2-of-3.csv").string()});
  BOOST_TEST(m.exit_code == 0, m.err);
  BOOST_TEST(slurp(dir / "merged.csv") == whole);

  // A task that never wrote its table, or a table of another sweep (other seeds) among them: the
  // merge names what is wrong and writes nothing.
  const std::string shard = (dir / "shards/sweep-shard-").string();
  check_one_line_error(run_udplab({"sweep", "merge", "--out", (dir / "partial.csv").string(), shard + "3-of-3.csv", shard + "1-of-3.csv"}), 2,
                       "udplab sweep merge: shard 2 of 3 is missing");
  BOOST_TEST(!fs::exists(dir / "partial.csv"));
  auto other = run_udplab({"sweep", kScenario, "--vary", kVary, "--seeds", "2", "--shard", "2/3", "--out", (dir / "other").string()});
  BOOST_TEST(other.exit_code == 0, other.err);
  check_one_line_error(run_udplab({"sweep", "merge", "--out", (dir / "mixed.csv").string(), shard + "1-of-3.csv",
                                   (dir / "other/sweep-shard-2-of-3.csv").string(), shard + "3-of-3.csv"}),
                       2, "sweep-shard-2-of-3.csv is a shard of another sweep than " + shard + "1-of-3.csv");
  BOOST_TEST(!fs::exists(dir / "mixed.csv"));

  auto p = run_udplab({"sweep", "plot", (dir / "merged.csv").string(), "--y", "echo_ping@client.rtt.avg_ms", "--out",
                       (dir / "rtt.svg").string()});
  BOOST_TEST(p.exit_code == 0, p.err);
  BOOST_TEST(slurp(dir / "rtt.svg").find("echo_ping@client.rtt.avg_ms") != std::string::npos);
  fs::remove_all(dir);
}

// More array tasks than runs, and runs that fail for real: a port taken by the other server on the
// host (the run starts, that workload cannot bind) and a port out of range (the run's scenario does
// not compile). Every shard writes the same header, and the merge gives the unsharded table.
BOOST_AUTO_TEST_CASE(empty_and_failed_shards_merge_to_the_unsharded_table) {
  const fs::path dir = "cli_sweep_failures";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "two-servers.textproto") << R"(name: "two-servers"
duration: "5s"
hosts { name: "client" }
hosts { name: "server" }
links { name: "wan" a: "client" a_address: "10.0.0.1/24" b: "server" b_address: "10.0.0.2/24" a_to_b { loss_percent: 10 } }
workloads { host: "server" echo_server { port: 7 } }
workloads { name: "second" host: "server" echo_server { port: 9 } }
workloads { host: "client" echo_ping { target: "10.0.0.2:7" count: 20 interval: "10ms" } }
)";
  const std::vector<std::string> sweep{"sweep", (dir / "two-servers.textproto").string(), "--vary",
                                       "workloads[second].echo_server.port=9,7,70000", "--seeds", "2"};
  auto args = [&](std::vector<std::string> more) {
    auto a = sweep;
    a.insert(a.end(), more.begin(), more.end());
    return a;
  };
  auto r = run_udplab(args({"--out", (dir / "whole").string()}));
  BOOST_TEST(r.exit_code == 3, r.err);  // the table is written, some runs failed
  BOOST_TEST(r.out.find("6 runs (4 failed, see the error column)") == 0u, r.out);
  const std::string whole = slurp(dir / "whole/sweep.csv");
  BOOST_TEST(whole.find("second: cannot bind [::]:7: address already in use") != std::string::npos, whole);
  BOOST_TEST(whole.find("workloads[1].echo_server.port: port must be 0-65535") != std::string::npos, whole);

  // Runs 0-5 go to shards 1-6; shards 3-6 hold only failed runs, 7 and 8 none.
  for (int k = 1; k <= 8; ++k) {
    auto s = run_udplab(args({"--shard", std::to_string(k) + "/8", "--out", (dir / "shards").string()}));
    BOOST_TEST(s.exit_code == (k >= 3 && k <= 6 ? 3 : 0), "shard " << k << ": " << s.err);
  }
  // The shard with no runs: its stamp line and the header.
  const std::string header = whole.substr(0, whole.find('\n') + 1);
  const std::string empty_shard = slurp(dir / "shards/sweep-shard-8-of-8.csv");
  BOOST_TEST(empty_shard.rfind("# udplab sweep shard 8/8 of sweep ", 0) == 0u, empty_shard);
  BOOST_TEST(empty_shard.substr(empty_shard.find('\n') + 1) == header);
  std::vector<std::string> merge{"sweep", "merge", "--out", (dir / "merged.csv").string()};
  for (int k = 8; k >= 1; --k) merge.push_back((dir / ("shards/sweep-shard-" + std::to_string(k) + "-of-8.csv")).string());
  auto m = run_udplab(merge);
  BOOST_TEST(m.exit_code == 0, m.err);
  BOOST_TEST(m.out == "merged 8 tables, 6 rows, into " + (dir / "merged.csv").string() + "\n");
  BOOST_TEST(slurp(dir / "merged.csv") == whole);
  fs::remove_all(dir);
}

// A job array's dependency (Slurm afterok) or a script tells "some runs failed" (3, the table is
// there) from "nothing usable was written" (1) by the exit status alone.
BOOST_AUTO_TEST_CASE(exit_status_tells_failed_runs_from_an_unwritten_table) {
  const fs::path dir = "cli_sweep_exit_status";
  fs::remove_all(dir);
  const std::vector<std::string> failing{"sweep", kScenario, "--vary", "workloads[0].echo_server.port=7,70000", "--jobs", "1"};
  auto args = [&](const fs::path& out) {
    auto a = failing;
    a.insert(a.end(), {"--out", out.string()});
    return a;
  };
  auto written = run_udplab(args(dir / "written"));
  BOOST_TEST(written.exit_code == 3, written.err);
  BOOST_TEST(written.out.find("2 runs (1 failed, see the error column)") == 0u, written.out);
  BOOST_TEST(fs::exists(dir / "written/sweep.csv"));

  // sweep.csv cannot be written where a folder of that name stands: 1, though runs failed too.
  fs::create_directories(dir / "unwritable/sweep.csv");
  check_one_line_error(run_udplab(args(dir / "unwritable")), 1, "cannot write");
  auto ok = run_udplab({"sweep", kScenario, "--vary", kVary, "--jobs", "1", "--out", (dir / "unwritable").string()});
  BOOST_TEST(ok.exit_code == 1, ok.err);

  const auto help = run_udplab({"sweep", "--help"});
  BOOST_TEST(help.out.find("3 the table was written but some runs failed") != std::string::npos, help.out);
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(errors) {
  check_one_line_error(run_udplab({"sweep", kScenario, "--vary", "links[wan].a_to_b.lossy=1:2:1"}), 2, "no field 'lossy'");
  check_one_line_error(run_udplab({"sweep", kScenario}), 2, "nothing to vary");
  check_one_line_error(run_udplab({"sweep", kScenario, "--vary", kVary, "--shard", "4/3"}), 2, "--shard");
  check_one_line_error(run_udplab({"sweep", "merge", "--out", "x.csv", "no-such.csv"}), 2, "cannot read no-such.csv");
}

BOOST_AUTO_TEST_SUITE_END()
