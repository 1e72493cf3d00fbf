// udplab sweep: run a scenario over a grid of parameters and seeds; merge shards; plot.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

#include "commands.hpp"
#include "picture/line_plot.hpp"
#include "scenario/load.hpp"
#include "sweep/sweep_run.hpp"
#include "terminal.hpp"

namespace udplab::cli {
namespace {

// A sweep whose table was written but some of whose runs failed (their rows say why): apart from
// kExitRuntime, which means nothing usable was written, so that a job array's dependency or a
// script can accept a finished experiment with failing runs and still stop on a lost table.
constexpr int kExitSomeRunsFailed = 3;

// The metric to plot when none is named: the first whose values differ across the rows.
std::string first_varying_metric(const sweep::Table& t, std::size_t first_metric) {
  for (std::size_t c = first_metric; c + 1 < t.columns.size(); ++c)
    for (const auto& r : t.rows)
      if (r[c] != t.rows.front()[c]) return t.columns[c];
  return t.columns.size() > first_metric + 1 ? t.columns[first_metric] : "";
}

std::string plot(const sweep::Table& table, const std::string& x, const std::string& y, const std::string& series,
                 const std::string& title) {
  auto summary = sweep::summarise(table, x, y, series);
  if (!summary) throw UsageError(summary.error());
  picture::PlotSpec spec{title, x, y, {}};
  for (const auto& s : *summary) {
    // The legend names the series by the last part of its path: "windowsize = 4".
    const std::string short_name = series.substr(series.rfind('.') == std::string::npos ? 0 : series.rfind('.') + 1);
    picture::PlotSeries ps{series.empty() ? "" : short_name + " = " + s.name, {}};
    for (const auto& p : s.points) ps.points.push_back({p.x, p.mean, p.low, p.high});
    spec.series.push_back(std::move(ps));
  }
  return picture::render_line_plot(spec);
}

int merge(const Args& args) {
  const CommandSpec spec{"sweep merge", "--out ALL.csv SHARD.csv...",
                         "Joins the tables of a sharded sweep into the one an unsharded run writes. Each table's first line\n"
                         "says which shard of which sweep it is: the merge refuses a set with a shard missing or given twice,\n"
                         "or with shards of another sweep, and writes nothing.", "  udplab sweep merge --out all.csv shard-*.csv\n"};
  po::options_description o("Options");
  o.add_options()("help,h", "show this help")("out,o", po::value<std::string>()->required(), "merged table")
      ("inputs", po::value<std::vector<std::string>>()->multitoken(), "shard tables");
  po::positional_options_description pos;
  pos.add("inputs", -1);
  po::variables_map vm;
  if (!parse(spec, o, pos, args, vm)) return kExitOk;
  if (!vm.count("inputs")) throw UsageError("no tables to merge");
  std::vector<sweep::Table> parts;
  for (const auto& f : vm["inputs"].as<std::vector<std::string>>()) {
    auto t = sweep::parse_csv(read_input_file(f, ""), f);
    if (!t) throw UsageError(t.error());
    parts.push_back(std::move(*t));
  }
  auto merged = sweep::merge_tables(parts);
  if (!merged) throw UsageError(merged.error());
  write_output_file(vm["out"].as<std::string>(), merged->to_csv());
  std::cout << "merged " << parts.size() << " tables, " << merged->rows.size() << " rows, into " << vm["out"].as<std::string>() << "\n";
  return kExitOk;
}

int plot_command(const Args& args) {
  const CommandSpec spec{"sweep plot", "TABLE.csv --y METRIC [--x PARAM] [--series PARAM] --out PLOT.svg",
                         "Plots a sweep table: the mean of METRIC over seeds against PARAM, one line per SERIES value, with 95%\n"
                         "confidence bands.",
                         "  udplab sweep plot all.csv --x 'links[0].a_to_b.loss_percent' --y tftp_get@client.goodput_bytes_per_s --out plot.svg\n"};
  po::options_description o("Options");
  o.add_options()("help,h", "show this help")("table", po::value<std::string>(), "sweep table (CSV)")
      ("x", po::value<std::string>(), "column on the x axis (default: the first parameter)")
      ("y", po::value<std::string>()->required(), "metric column")("series", po::value<std::string>()->default_value(""), "column naming the lines")
      ("out,o", po::value<std::string>()->required(), "SVG file");
  po::positional_options_description pos;
  pos.add("table", 1);
  po::variables_map vm;
  if (!parse(spec, o, pos, args, vm)) return kExitOk;
  if (!vm.count("table")) throw UsageError("missing TABLE.csv");
  auto table = sweep::parse_csv(read_input_file(vm["table"].as<std::string>(), ""), vm["table"].as<std::string>());
  if (!table) throw UsageError(table.error());
  const std::string x = vm.count("x") ? vm["x"].as<std::string>() : (table->columns.size() > 2 ? table->columns[2] : "");
  write_output_file(vm["out"].as<std::string>(), plot(*table, x, vm["y"].as<std::string>(), vm["series"].as<std::string>(),
                                              vm["y"].as<std::string>() + " vs " + x));
  return kExitOk;
}

}  // namespace

int run_sweep(const Args& args) {
  if (!args.empty() && args.front() == "merge") return merge(Args(args.begin() + 1, args.end()));
  if (!args.empty() && args.front() == "plot") return plot_command(Args(args.begin() + 1, args.end()));
  const CommandSpec spec{
      "sweep", "SCENARIO --vary PATH=FROM:TO:STEP [--vary PATH=A,B,...] [options]",
      "Runs SCENARIO for every combination of the varied parameters and for seeds 1..N, on all cores,\n"
      "and writes a table (sweep.csv: one row per run, every workload metric) and, unsharded, a plot\n"
      "(plot.svg: the mean of a metric over seeds against the first parameter, one line per value of the\n"
      "second, with 95% confidence bands). PATH addresses a scenario field: links[0].a_to_b.loss_percent,\n"
      "links[wan].a_to_b.delay, workloads[1].echo_ping.window ([index] or [name]); quote it in a shell,\n"
      "where brackets are glob characters.\n"
      "--shard K/N runs every N-th run (a combination with one seed) starting at the K-th, so a big\n"
      "sweep can run as a Slurm job array or a Kubernetes Indexed Job writing to storage every node\n"
      "shares; 'udplab sweep merge' joins the shards' tables and 'udplab sweep plot' draws any table.\n"
      "Exit status: 0 every run succeeded; 3 the table was written but some runs failed (its error\n"
      "column says why); 1 the sweep could not run or its table or plot could not be written; 2 bad\n"
      "options, scenario or paths.",
      "  udplab sweep scenarios/echo-lossy-link.textproto --vary 'links[wan].a_to_b.loss_percent=0:20:5' --seeds 5\n"
      "  udplab sweep s.textproto --vary 'links[0].a_to_b.loss_percent=0:30:5' --vary 'workloads[1].tftp_get.windowsize=1,4,16' \\\n"
      "      --seeds 10 --y tftp_get@client.goodput_bytes_per_s --out results/\n"
      "  udplab sweep s.textproto --vary ... --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT --out shards/\n"
      "  udplab sweep merge --out all.csv shards/sweep-shard-*.csv\n"};
  po::options_description o("Options");
  o.add_options()("help,h", "show this help")("scenario", po::value<std::string>(), "scenario file")
      ("vary", po::value<std::vector<std::string>>(), "PATH=FROM:TO:STEP or PATH=A,B,C (repeatable)")
      ("seeds", po::value<std::string>()->default_value("1"), "seeds 1..N per combination")
      ("jobs,j", po::value<std::string>(), "runs at once (default: the number of cores)")
      ("shard", po::value<std::string>(), "run slice K of N (K/N)")
      ("out,o", po::value<std::string>()->default_value("."), "directory for sweep.csv and plot.svg")
      ("y", po::value<std::string>(), "metric to plot (default: the first one that varies)");
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  if (!parse(spec, o, pos, args, vm)) return kExitOk;
  if (!vm.count("scenario")) throw UsageError("missing SCENARIO (see 'udplab sweep --help')");
  if (!vm.count("vary")) throw UsageError("nothing to vary: give at least one --vary PATH=...");
  auto loaded = scenario::load_scenario_file(vm["scenario"].as<std::string>());
  if (!loaded) throw UsageError(loaded.error());
  sweep::SweepOptions options;
  options.scenario = loaded->scenario;
  for (const auto& v : vm["vary"].as<std::vector<std::string>>()) {
    auto vary = sweep::parse_vary(v, options.scenario);
    if (!vary) throw UsageError(vary.error());
    options.varies.push_back(std::move(*vary));
  }
  options.seeds = static_cast<unsigned>(unsigned_arg(vm, "seeds", 1, 100000));
  options.jobs = vm.count("jobs") ? static_cast<unsigned>(unsigned_arg(vm, "jobs", 1, 1024))
                                  : std::max(1u, std::thread::hardware_concurrency());
  if (vm.count("shard")) {
    auto shard = sweep::parse_shard(vm["shard"].as<std::string>());
    if (!shard) throw UsageError(shard.error());
    options.shard = *shard;
  }
  if (terminal::stderr_is_terminal())
    options.progress = [](std::size_t done, std::size_t total) { std::fprintf(stderr, "\r[sweep] %zu/%zu runs", done, total); };
  const std::filesystem::path dir = vm["out"].as<std::string>();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw RuntimeError("cannot create " + dir.string() + ": " + ec.message());

  auto table = sweep::run_sweep(options);
  if (options.progress) std::fprintf(stderr, "\r\033[K");
  if (!table) throw RuntimeError(table.error());
  const bool sharded = options.shard.count > 1;
  const std::string csv_name = sharded ? "sweep-shard-" + std::to_string(options.shard.index) + "-of-" +
                                             std::to_string(options.shard.count) + ".csv"
                                       : "sweep.csv";
  write_output_file(dir / csv_name, table->to_csv());
  std::size_t failed = 0;
  for (const auto& r : table->rows) failed += !r.back().empty();
  std::cout << table->rows.size() << " runs" << (failed ? " (" + std::to_string(failed) + " failed, see the error column)" : "")
            << "; table: " << (dir / csv_name).string() << "\n";
  if (!sharded) {
    const std::size_t first_metric = 2 + options.varies.size();
    const std::string y = vm.count("y") ? vm["y"].as<std::string>() : first_varying_metric(*table, first_metric);
    if (!y.empty()) {
      const std::string series = options.varies.size() > 1 ? options.varies[1].path : "";
      write_output_file(dir / "plot.svg", plot(*table, options.varies[0].path, y, series, y + " (" + loaded->scenario.name() + ")"));
      auto summary = sweep::summarise(*table, options.varies[0].path, y, series);
      std::cout << "plot: " << (dir / "plot.svg").string() << " (" << y << ")\n";
      for (const auto& s : *summary)
        for (const auto& p : s.points) {
          char line[256];
          std::snprintf(line, sizeof line, "  %s%s%s = %g: %s = %.4g (95%% CI %.4g..%.4g, %zu seeds)\n",
                        s.name.empty() ? "" : (series + " = " + s.name + ", ").c_str(), "", options.varies[0].path.c_str(),
                        p.x, y.c_str(), p.mean, p.low, p.high, p.samples);
          std::cout << line;
        }
    }
  }
  return failed ? kExitSomeRunsFailed : kExitOk;
}

}  // namespace udplab::cli
