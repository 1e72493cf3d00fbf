// udplab sim [SCENARIO] [--seed N] [--out DIR]
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "installed_scenarios.hpp"
#include "netsim/pcap_writer.hpp"
#include "picture/html_report.hpp"
#include "picture/sequence_diagram.hpp"
#include "netsim/trace_jsonl.hpp"
#include "report/json.hpp"
#include "report/simulation_report.hpp"
#include "scenario/embedded.hpp"
#include "scenario/load.hpp"
#include "scenario/run.hpp"
#include "terminal.hpp"

namespace udplab::cli {

int run_sim(const Args& args) {
  const CommandSpec spec{
      "sim", "[SCENARIO] [options]",
      "Runs a simulated experiment: hosts, links with loss/delay/reordering, and workloads (echo\n"
      "servers and clients), all in virtual time. No network, no root. Without SCENARIO it runs the\n"
      "built-in default (" + std::string(scenario::default_scenario_name()) + "). The same scenario and seed give the same\n"
      "report and trace, byte for byte.",
      "  udplab sim\n"
      "  udplab sim echo-lossy-link      (an installed scenario, by name)\n"
      "  udplab sim scenarios/echo-lossy-link.textproto --seed 7 --out results/\n"
      "  udplab sim my.textproto --json | jq .workloads\n"};
  po::options_description o("Options");
  o.add_options()("help,h", "show this help")
      ("scenario", po::value<std::string>(), "scenario file (protobuf text format of udplab.v1.Scenario), or the name of an installed one")
      ("seed", po::value<std::uint64_t>(), "override the scenario's seed")
      ("out,o", po::value<std::string>(), "write report.html, report.json, sequence.svg, trace.jsonl and trace.pcap (pcapng) here")
      ("diagram-datagrams", po::value<std::size_t>()->default_value(60), "datagrams drawn in sequence.svg (the rest are summarised)")
      ("diagram-from", po::value<std::string>(), "start sequence.svg at this virtual time (e.g. 950ms)")
      ("json", po::bool_switch(), "print the report as JSON instead of text")
      ("show-scenario", po::bool_switch(), "print the scenario text (the built-in one by default) and exit");
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  if (!parse(spec, o, pos, args, vm)) return kExitOk;

  std::expected<scenario::LoadedScenario, std::string> loaded;
  std::filesystem::path file;
  if (vm.count("scenario")) {
    file = scenario_file(vm["scenario"].as<std::string>());
    loaded = scenario::load_scenario_file(file);
  } else {
    if (vm["show-scenario"].as<bool>()) {
      std::cout << scenario::default_scenario_text();
      return kExitOk;
    }
    loaded = scenario::parse_scenario(std::string(scenario::default_scenario_text()),
                                      "<built-in " + std::string(scenario::default_scenario_name()) + ">");
  }
  if (!loaded) throw UsageError(loaded.error());
  if (vm["show-scenario"].as<bool>()) {
    std::cout << read_input_file(file.string(), "scenario file");
    return kExitOk;
  }
  auto plan = scenario::compile(loaded->scenario);
  if (!plan) throw UsageError(loaded->locate(plan.error().path, plan.error().message));

  std::optional<std::filesystem::path> out_dir;
  if (vm.count("out")) {
    out_dir = vm["out"].as<std::string>();
    std::error_code ec;
    std::filesystem::create_directories(*out_dir, ec);
    if (ec) throw RuntimeError("cannot create " + out_dir->string() + ": " + ec.message());
  }

  scenario::RunOptions options;
  if (vm.count("seed")) options.seed = vm["seed"].as<std::uint64_t>();
  std::ofstream trace_file;
  std::optional<netsim::JsonlTraceWriter> trace_writer;
  if (out_dir) {
    trace_file.open(*out_dir / "trace.jsonl", std::ios::binary | std::ios::trunc);
    if (!trace_file) throw RuntimeError("cannot write " + (*out_dir / "trace.jsonl").string());
    trace_writer.emplace(&trace_file);
    options.sinks.push_back(&*trace_writer);
  }
  const bool progress = terminal::stderr_is_terminal();
  if (progress) {
    options.progress = [](Time reached, Time limit) {
      std::fprintf(stderr, "\r[sim] virtual %.1fs of %.1fs", static_cast<double>(to_ns(reached)) / 1e9,
                   static_cast<double>(to_ns(limit)) / 1e9);
    };
  }
  scenario::ScenarioRun run(std::move(*plan), options);
  std::ofstream pcap_file;
  std::optional<netsim::PcapWriter> pcap;
  if (out_dir) {
    pcap_file.open(*out_dir / "trace.pcap", std::ios::binary | std::ios::trunc);
    if (!pcap_file) throw RuntimeError("cannot write " + (*out_dir / "trace.pcap").string());
    pcap.emplace(pcap_file, run.simulator().network());
    run.simulator().trace().add_sink(*pcap);
  }
  const Time diagram_from{vm.count("diagram-from") ? duration_arg(vm, "diagram-from") : Duration::zero()};
  picture::SequenceRecorder sequence(run.simulator().network(), vm["diagram-datagrams"].as<std::size_t>(), diagram_from);
  if (out_dir) run.simulator().trace().add_sink(sequence);
  run.run();
  if (progress) std::fprintf(stderr, "\r\033[K");
  const auto report = run.report();

  if (out_dir) {
    write_output_file(*out_dir / "report.json", report::to_json(report) + "\n");
    const std::string svg = picture::render_sequence_svg(sequence, report.scenario() + " (seed " + std::to_string(report.seed()) + ")");
    write_output_file(*out_dir / "sequence.svg", svg);
    write_output_file(*out_dir / "report.html", picture::render_html_report(report, report::render_simulation(report), svg));
    trace_file.close();
    pcap_file.close();
    if (!trace_file || !pcap_file) throw RuntimeError("cannot write the trace files in " + out_dir->string());
  }
  if (vm["json"].as<bool>()) {
    std::cout << report::to_json(report) << "\n";
  } else {
    std::cout << report::render_simulation(report);
    if (out_dir)
      std::cout << "wrote report.html, report.json, sequence.svg, trace.jsonl and trace.pcap in " << out_dir->string() << "\n";
  }
  for (const auto& w : report.workloads())
    if (!w.error().empty()) return kExitRuntime;
  return kExitOk;
}

}  // namespace udplab::cli
