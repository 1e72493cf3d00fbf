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
  auto p = run_udplab({"sweep", "plot", (dir / "merged.csv").string(), "--y", "echo_ping@client.rtt.avg_ms", "--out",
                       (dir / "rtt.svg").string()});
  BOOST_TEST(p.exit_code == 0, p.err);
  BOOST_TEST(slurp(dir / "rtt.svg").find("echo_ping@client.rtt.avg_ms") != std::string::npos);
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(errors) {
  check_one_line_error(run_udplab({"sweep", kScenario, "--vary", "links[wan].a_to_b.lossy=1:2:1"}), 2, "no field 'lossy'");
  check_one_line_error(run_udplab({"sweep", kScenario}), 2, "nothing to vary");
  check_one_line_error(run_udplab({"sweep", kScenario, "--vary", kVary, "--shard", "4/3"}), 2, "--shard");
  check_one_line_error(run_udplab({"sweep", "merge", "--out", "x.csv", "no-such.csv"}), 2, "cannot read no-such.csv");
}

BOOST_AUTO_TEST_SUITE_END()
