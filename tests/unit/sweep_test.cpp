// Sweeps: addressing scenario fields, grids and shards, tables, merges, confidence intervals.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>

#include "picture/line_plot.hpp"
#include "scenario/embedded.hpp"
#include "scenario/load.hpp"
#include "scenario/plan.hpp"
#include "scenario/run.hpp"
#include "sweep/metrics.hpp"
#include "sweep/param_path.hpp"
#include "sweep/shard_stamp.hpp"
#include "sweep/sweep_run.hpp"

using namespace udplab;

namespace {

v1::Scenario base() { return scenario::parse_scenario(std::string(scenario::default_scenario_text()), "default")->scenario; }

// The default scenario with a short ping, swept over one parameter.
sweep::SweepOptions short_sweep(const char* vary, unsigned seeds) {
  sweep::SweepOptions o;
  o.scenario = base();
  o.scenario.mutable_workloads(1)->mutable_echo_ping()->set_count(30);
  o.varies.push_back(*sweep::parse_vary(vary, o.scenario));
  o.seeds = seeds;
  o.jobs = 2;
  return o;
}

// Each shard's table through CSV text and back, as shards travel between machines.
std::vector<sweep::Table> run_shards(const sweep::SweepOptions& o, unsigned count) {
  std::vector<sweep::Table> parts;
  for (unsigned k = 1; k <= count; ++k) {
    auto shard = o;
    shard.shard = sweep::Shard{k, count};
    shard.jobs = 1;
    auto t = sweep::run_sweep(shard);
    BOOST_REQUIRE(t);
    auto reparsed = sweep::parse_csv(t->to_csv(), "shard-" + std::to_string(k) + ".csv");
    BOOST_REQUIRE(reparsed);
    parts.push_back(*reparsed);
  }
  return parts;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sweep_test)

BOOST_AUTO_TEST_CASE(fields_are_set_by_path) {
  auto s = base();
  BOOST_TEST(sweep::set_field(s, "links[0].a_to_b.loss_percent", "12.5").has_value());
  BOOST_TEST(s.links(0).a_to_b().loss_percent() == 12.5);
  BOOST_TEST(sweep::set_field(s, "links[wan].a_to_b.delay", "7ms").has_value());
  BOOST_TEST(s.links(0).a_to_b().delay() == "7ms");
  BOOST_TEST(sweep::set_field(s, "workloads[1].echo_ping.count", "10").has_value());
  BOOST_TEST(s.workloads(1).echo_ping().count() == 10u);
  BOOST_TEST(sweep::set_field(s, "links[0].a_to_b.distribution", "PARETO").has_value());
  BOOST_TEST(s.links(0).a_to_b().distribution() == v1::PARETO);
  BOOST_TEST(sweep::set_field(s, "seed", "99").has_value());
  BOOST_TEST(s.seed() == 99u);
  BOOST_TEST(sweep::set_field(s, "hosts[0].forwarding", "true").has_value());
  BOOST_TEST(s.hosts(0).forwarding());
}

BOOST_AUTO_TEST_CASE(bad_paths_and_values_say_why) {
  auto s = base();
  auto err = [&](const char* path, const char* value) {
    auto r = sweep::set_field(s, path, value);
    return r ? std::string() : r.error();
  };
  BOOST_TEST(err("links[0].a_to_b.los", "1").find("no field 'los'") != std::string::npos);
  BOOST_TEST(err("links.a_to_b.loss_percent", "1").find("needs [index or name]") != std::string::npos);
  BOOST_TEST(err("links[7].a_to_b.loss_percent", "1").find("no links[7] (there are 1)") != std::string::npos);
  BOOST_TEST(err("links[nope].a_to_b.loss_percent", "1").find("no links[nope]") != std::string::npos);
  BOOST_TEST(err("links[0].a_to_b", "1").find("not a value") != std::string::npos);
  BOOST_TEST(err("links[0].a_to_b.loss_percent", "lots").find("takes a number") != std::string::npos);
  BOOST_TEST(err("workloads[1].echo_ping.count", "-1").find("from 0") != std::string::npos);
  // Whole numbers that do not fit the field are refused, not wrapped around.
  BOOST_TEST(err("workloads[1].echo_ping.size", "4294967296").find("from 0 to 4294967295") != std::string::npos);
  BOOST_TEST(err("links[0].a_to_b.packet_overhead", "2147483648").find("to 2147483647") != std::string::npos);
  BOOST_TEST(err("workloads[1].echo_ping.count", "18446744073709551616").find("from 0") != std::string::npos);
  BOOST_TEST(err("workloads[1].echo_ping.count", " 5").find("from 0") != std::string::npos);
  BOOST_TEST(err("links[0].a_to_b.packet_overhead", "-20") == "");
  // Walking through an unset oneof member would silently change the workload: refused.
  BOOST_TEST(err("workloads[0].echo_ping.count", "3").find("has no echo_ping") != std::string::npos);
  BOOST_TEST(s.workloads(0).has_echo_server());
}

BOOST_AUTO_TEST_CASE(vary_ranges_and_lists) {
  auto v = sweep::parse_vary("links[0].a_to_b.loss_percent=0:20:5", base());
  BOOST_REQUIRE(v);
  BOOST_TEST(v->values == (std::vector<std::string>{"0", "5", "10", "15", "20"}));
  v = sweep::parse_vary("links[0].a_to_b.loss_percent=0:0.3:0.1", base());
  BOOST_REQUIRE(v);
  BOOST_TEST(v->values == (std::vector<std::string>{"0", "0.1", "0.2", "0.3"}));  // no binary noise
  v = sweep::parse_vary("links[0].a_to_b.delay=5ms,20ms", base());
  BOOST_REQUIRE(v);
  BOOST_TEST(v->values.size() == 2u);
  BOOST_TEST(!sweep::parse_vary("links[0].a_to_b.delay=1:5:1", base()).has_value());  // not numeric
  BOOST_TEST(!sweep::parse_vary("links[0].a_to_b.loss_percent=5:1:1", base()).has_value());
  BOOST_TEST(!sweep::parse_vary("links[0].a_to_b.loss_percent", base()).has_value());
  BOOST_TEST(!sweep::parse_vary("links[0].a_to_b.loss_percent=1,x", base()).has_value());
  // Ranges that never end, or end after more values than anyone could run.
  BOOST_TEST(!sweep::parse_vary("links[0].a_to_b.loss_percent=0:inf:1", base()).has_value());
  BOOST_TEST(!sweep::parse_vary("links[0].a_to_b.loss_percent=0:1:nan", base()).has_value());
  BOOST_TEST(sweep::parse_vary("links[0].a_to_b.loss_percent=0:100:1e-300", base()).error().find("more than 10000 values") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(shards_partition_the_grid) {
  auto a = *sweep::parse_vary("links[0].a_to_b.loss_percent=0,5,10", base());
  auto b = *sweep::parse_vary("links[0].a_to_b.delay=1ms,2ms", base());
  const auto all = sweep::make_grid({a, b}, 4);
  BOOST_TEST(all.size() == 24u);
  BOOST_TEST(all[5].values == (std::vector<std::string>{"0", "2ms"}));  // the last vary changes fastest
  BOOST_TEST(all[5].seed == 2u);
  std::vector<std::size_t> seen;
  for (unsigned k = 1; k <= 5; ++k) {
    const auto part = sweep::make_grid({a, b}, 4, sweep::Shard{k, 5});
    BOOST_TEST((part.size() == 4u || part.size() == 5u));
    for (const auto& p : part) {
      seen.push_back(p.number);
      BOOST_TEST(p.values == all[p.number].values);
      BOOST_TEST(p.seed == all[p.number].seed);
    }
  }
  std::sort(seen.begin(), seen.end());
  for (std::size_t i = 0; i < seen.size(); ++i) BOOST_TEST(seen[i] == i);
  BOOST_TEST(seen.size() == 24u);
  BOOST_TEST(!sweep::parse_shard("0/3").has_value());
  BOOST_TEST(!sweep::parse_shard("4/3").has_value());
  BOOST_TEST(sweep::parse_shard("3/3")->index == 3u);
}

BOOST_AUTO_TEST_CASE(sharded_runs_merge_into_the_unsharded_table) {
  const auto o = short_sweep("links[wan].a_to_b.loss_percent=0,30", 3);
  auto whole = sweep::run_sweep(o);
  BOOST_REQUIRE(whole);
  BOOST_TEST(whole->rows.size() == 6u);
  const int loss = whole->column("echo_ping@client.loss_percent");
  BOOST_REQUIRE(loss > 0);
  BOOST_TEST(whole->column("echo_ping@client.rtt.avg_ms") > 0);
  BOOST_TEST(whole->columns.back() == "error");
  // More loss on the link, more probes lost: every seed agrees.
  for (int seed = 0; seed < 3; ++seed)
    BOOST_TEST(std::stod(whole->rows[static_cast<std::size_t>(3 + seed)][static_cast<std::size_t>(loss)]) >
               std::stod(whole->rows[static_cast<std::size_t>(seed)][static_cast<std::size_t>(loss)]));
  auto parts = run_shards(o, 4);
  std::reverse(parts.begin(), parts.end());  // order of arrival does not matter
  auto merged = sweep::merge_tables(parts);
  BOOST_REQUIRE(merged);
  BOOST_TEST(merged->to_csv() == whole->to_csv());
  parts.push_back(parts.front());
  BOOST_TEST(!sweep::merge_tables(parts).has_value());  // a shard twice is caught
}

// Each shard's table says which shard of which sweep it is, so a merge refuses a set with shards
// missing, or with shards of another sweep, whose columns are the same.
BOOST_AUTO_TEST_CASE(merge_refuses_missing_shards_and_shards_of_another_sweep) {
  const auto o = short_sweep("links[wan].a_to_b.loss_percent=0,30", 2);
  const auto whole = sweep::run_sweep(o);
  BOOST_REQUIRE(whole);
  BOOST_TEST(!whole->stamp);
  BOOST_TEST(whole->to_csv().rfind("point,seed,", 0) == 0u);
  const auto parts = run_shards(o, 4);
  const std::string digest = sweep::grid_digest(o.scenario, o.varies, o.seeds);
  BOOST_TEST(digest.size() == 16u);
  for (unsigned k = 1; k <= 4; ++k) {
    const auto& stamp = parts[k - 1].stamp;
    BOOST_REQUIRE(stamp);
    BOOST_TEST(stamp->shard.index == k);
    BOOST_TEST(stamp->shard.count == 4u);
    BOOST_TEST(stamp->sweep == digest);
    BOOST_TEST(sweep::run_sweep([&] { auto s = o; s.shard = {k, 4}; return s; }())->to_csv().rfind(
                   "# udplab sweep shard " + std::to_string(k) + "/4 of sweep " + digest + "\npoint,seed,", 0) == 0u);
  }
  BOOST_REQUIRE(sweep::merge_tables(parts));
  BOOST_TEST(!sweep::merge_tables(parts)->stamp);  // the merged table is the unsharded one

  auto without = [&](std::vector<unsigned> gone) {
    std::vector<sweep::Table> some;
    for (unsigned k = 1; k <= 4; ++k)
      if (std::find(gone.begin(), gone.end(), k) == gone.end()) some.push_back(parts[k - 1]);
    return sweep::merge_tables(some);
  };
  BOOST_TEST(without({4}).error() == "shard 4 of 4 is missing");
  BOOST_TEST(without({1, 3}).error() == "shards 1, 3 of 4 are missing");
  BOOST_TEST(without({2, 3, 4}).error() == "shards 2-4 of 4 are missing");
  auto twice = parts;
  twice[2] = parts[1];
  BOOST_TEST(sweep::merge_tables(twice).error() == "shard 2/4 given twice (shard-2.csv, shard-2.csv)");

  // The same grid with another seed count, or over another scenario: another sweep.
  auto more_seeds = o;
  more_seeds.seeds = 3;
  auto other_scenario = o;
  other_scenario.scenario.mutable_workloads(1)->mutable_echo_ping()->set_count(31);
  for (const auto& other : {more_seeds, other_scenario}) {
    const auto foreign = run_shards(other, 4);
    BOOST_TEST(foreign[1].stamp->sweep != digest);
    auto mixed = parts;
    mixed[1] = foreign[1];
    BOOST_TEST(sweep::merge_tables(mixed).error().find("shard-2.csv is a shard of another sweep than shard-1.csv") == 0u,
               sweep::merge_tables(mixed).error());
  }
  auto split_twice = parts;
  split_twice[3] = run_shards(o, 5)[3];
  BOOST_TEST(sweep::merge_tables(split_twice).error() == "shard-4.csv is shard 4 of 5, shard-1.csv shard 1 of 4: one sweep split two ways");
  auto unsharded = parts;
  unsharded[0] = *whole;
  BOOST_TEST(sweep::merge_tables(unsharded).error().find("table 1: not a shard's table") == 0u);
}

BOOST_AUTO_TEST_CASE(shard_lines_and_gaps) {
  BOOST_TEST(sweep::parse_csv("# udplab sweep shard 5/4 of sweep 0123\npoint,seed\n", "t.csv").error().find("t.csv:1: not a shard's first line") ==
             0u);
  BOOST_TEST(sweep::parse_csv("# a comment\npoint,seed\n", "t.csv").error().find("t.csv:1: not a shard's first line") == 0u);
  const auto t = sweep::parse_csv("# udplab sweep shard 3/7 of sweep 0123\npoint,seed\n", "t.csv");
  BOOST_REQUIRE(t);
  BOOST_TEST(t->stamp->shard.index == 3u);
  BOOST_TEST(t->stamp->shard.count == 7u);
  BOOST_TEST(t->stamp->sweep == "0123");
  BOOST_TEST(t->to_csv() == "# udplab sweep shard 3/7 of sweep 0123\npoint,seed\n");

  auto stamps = [](std::vector<unsigned> given, unsigned count) {
    std::vector<sweep::NamedStamp> out;
    for (unsigned k : given) out.push_back({"s" + std::to_string(k), {{k, count}, "d"}});
    return sweep::check_complete(out);
  };
  BOOST_TEST(stamps({3, 1, 2}, 3).has_value());
  BOOST_TEST(stamps({1, 3, 4, 5, 7}, 9).error() == "shards 2, 6, 8, 9 of 9 are missing");
  BOOST_TEST(stamps({5}, 9).error() == "shards 1-4, 6-9 of 9 are missing");
  // A count nobody would run is still answered at once, without counting to it.
  BOOST_TEST(stamps({2}, 4000000000u).error() == "shards 1, 3-4000000000 of 4000000000 are missing");
}

// A shard with no runs, and shards whose runs all failed (an echo server port no scenario takes:
// the run does not compile, so it reports no metric at all), have the columns of the others.
BOOST_AUTO_TEST_CASE(empty_and_failed_shards_merge_into_the_unsharded_table) {
  const auto o = short_sweep("workloads[0].echo_server.port=7,70000", 2);
  auto whole = sweep::run_sweep(o);
  BOOST_REQUIRE(whole);
  BOOST_REQUIRE_EQUAL(whole->rows.size(), 4u);
  const auto loss = static_cast<std::size_t>(whole->column("echo_ping@client.loss_percent"));
  BOOST_REQUIRE(loss > 0);
  BOOST_TEST(whole->rows[0].back() == "");
  BOOST_TEST(whole->rows[0][loss] != "");
  for (std::size_t failed : {2u, 3u}) {
    BOOST_TEST(whole->rows[failed].back().find("port must be 0-65535") != std::string::npos, whole->rows[failed].back());
    BOOST_TEST(whole->rows[failed][loss] == "");
  }
  const auto parts = run_shards(o, 6);  // runs 0-3 in shards 1-4, none in 5 and 6
  for (std::size_t k = 0; k < parts.size(); ++k) {
    BOOST_TEST(parts[k].columns == whole->columns, "shard " << k + 1);
    BOOST_TEST(parts[k].rows.size() == (k < 4 ? 1u : 0u));
  }
  auto merged = sweep::merge_tables(parts);
  BOOST_REQUIRE_MESSAGE(merged, (merged ? "" : merged.error()));
  BOOST_TEST(merged->to_csv() == whole->to_csv());
}

// The columns known before any run are the metrics a run reports, for every scenario shipped.
BOOST_AUTO_TEST_CASE(metric_columns_are_what_a_run_reports) {
  std::size_t scenarios = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(UDPLAB_SOURCE_DIR) + "/scenarios")) {
    auto loaded = scenario::load_scenario_file(entry.path());
    BOOST_REQUIRE_MESSAGE(loaded, entry.path());
    auto plan = scenario::compile(loaded->scenario);
    BOOST_REQUIRE_MESSAGE(plan, entry.path());
    scenario::RunOptions options;
    options.digest = false;
    scenario::ScenarioRun run(std::move(*plan), options);
    run.run();
    std::vector<std::string> reported;
    for (const auto& [name, value] : sweep::workload_metrics(run.report())) reported.push_back(name);
    BOOST_TEST(sweep::metric_columns(loaded->scenario, {}) == reported, entry.path());
    ++scenarios;
  }
  BOOST_TEST(scenarios >= 20u);
}

BOOST_AUTO_TEST_CASE(confidence_intervals) {
  BOOST_TEST(sweep::t975(1) == 12.706);
  BOOST_TEST(sweep::t975(9) == 2.262);
  BOOST_TEST(sweep::t975(1000) == 1.96);
  sweep::Table t;
  t.columns = {"point", "seed", "x", "s", "y", "error"};
  // x = 1: y = 1, 2, 3 -> mean 2, sd 1, half width 4.303 / sqrt(3).
  t.rows = {{"0", "1", "1", "a", "1", ""}, {"1", "2", "1", "a", "2", ""}, {"2", "3", "1", "a", "3", ""}, {"3", "1", "2", "a", "5", ""},
            {"4", "1", "1", "b", "7", ""}, {"5", "2", "1", "b", "", "failed"}};
  auto s = sweep::summarise(t, "x", "y", "s");
  BOOST_REQUIRE(s);
  BOOST_REQUIRE_EQUAL(s->size(), 2u);
  const auto& p = (*s)[0].points[0];
  BOOST_TEST(p.mean == 2.0);
  BOOST_TEST(std::abs(p.high - (2.0 + 4.303 / std::sqrt(3.0))) < 1e-9);
  BOOST_TEST((*s)[0].points[1].low == 5.0);  // one sample: no interval
  BOOST_TEST((*s)[1].points[0].samples == 1u);  // the failed run's empty metric is skipped
  BOOST_TEST(!sweep::summarise(t, "nope", "y", "").has_value());
}

BOOST_AUTO_TEST_CASE(csv_quotes_and_errors) {
  sweep::Table t;
  t.columns = {"point", "seed", "p", "error"};
  t.rows = {{"0", "1", "a,b", "said \"no\""}};
  auto back = sweep::parse_csv(t.to_csv(), "t");
  BOOST_REQUIRE(back);
  BOOST_TEST(back->rows == t.rows);
  BOOST_TEST(!sweep::parse_csv("x,y\n1,2\n", "bad.csv").has_value());
  BOOST_TEST(sweep::parse_csv("point,seed\n1\n", "short.csv").error().find("short.csv:2:") == 0u);
}

BOOST_AUTO_TEST_CASE(plot_is_valid_svg) {
  picture::PlotSpec spec{"goodput <vs> loss", "loss %", "Mbit/s", {}};
  spec.series.push_back({"windowsize = 1", {{0, 10, 9, 11}, {10, 5, 4, 6}, {20, 2, 1.5, 2.5}}});
  spec.series.push_back({"windowsize = 16", {{0, 40, 38, 42}, {10, 20, 18, 22}, {20, 8, 7, 9}}});
  const std::string svg = picture::render_line_plot(spec);
  std::istringstream in(svg);
  boost::property_tree::ptree tree;
  boost::property_tree::read_xml(in, tree);
  BOOST_TEST(tree.get<std::string>("svg.title") == "goodput <vs> loss");
  std::size_t polylines = 0, bands = 0;
  for (const auto& [k, v] : tree.get_child("svg")) {
    polylines += k == "polyline";
    bands += k == "path";
  }
  BOOST_TEST(polylines == 2u);
  BOOST_TEST(bands == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
