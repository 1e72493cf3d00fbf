// udplab remote: drive a udplab agent (udplab serve) from the command line.
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <set>

#include "commands.hpp"
#include "option_messages.hpp"
#include "remote_client.hpp"
#include "report/json.hpp"
#include "report/simulation_report.hpp"
#include "scenario/load.hpp"
#include "text/json.hpp"
#include "tftp/listener.hpp"
#include "tftp/options.hpp"
#include "tftp/transfer_events.hpp"

namespace udplab::cli {
namespace {

const char* state_name(v1::RunState s) {
  switch (s) {
    case v1::RUNNING: return "running";
    case v1::SUCCEEDED: return "succeeded";
    case v1::FAILED: return "failed";
    case v1::CANCELLED: return "cancelled";
    default: return "unknown";
  }
}

v1::Scenario load_scenario(const std::string& path) {
  auto loaded = scenario::load_scenario_file(path);
  if (!loaded) throw UsageError(loaded.error());
  return loaded->scenario;
}

void print_event(const v1::RunEvent& e) {
  if (e.has_workload()) {
    std::cout << e.workload().workload() << ": " << e.workload().text() << "\n";
  } else if (e.has_message()) {
    std::cout << e.message() << "\n";
  } else if (e.has_trace()) {
    const auto& t = e.trace();
    std::cout << text::json_number(e.time_s()) << "s " << t.event() << " #" << t.packet() << " at " << t.where() << " "
              << t.src() << " -> " << t.dst() << (t.reason().empty() ? "" : " (" + t.reason() + ")") << "\n";
  } else if (e.has_state()) {
    std::cout << "run " << e.state().run_id() << " " << state_name(e.state().state())
              << (e.state().error().empty() ? "" : ": " + e.state().error()) << "\n";
  }
}

// Follows a run's events until it ends; prints them when `print` (traces only when `traces`).
void follow(RemoteClient& client, const std::string& run_id, bool print, bool traces) {
  auto ctx = client.context(0);
  v1::RunRef ref;
  ref.set_run_id(run_id);
  auto reader = client.stub().StreamEvents(ctx.get(), ref);
  v1::RunEvent e;
  while (reader->Read(&e))
    if (print && (traces || !e.has_trace())) print_event(e);
  client.check(reader->Finish(), "events of " + run_id);
}

v1::RunReport get_report(RemoteClient& client, const std::string& run_id) {
  v1::RunRef ref;
  ref.set_run_id(run_id);
  v1::RunReport report;
  client.check(client.stub().GetReport(client.context().get(), ref, &report), "report of " + run_id);
  return report;
}

std::string get_trace(RemoteClient& client, const std::string& run_id, v1::TraceFormat format) {
  v1::GetTraceRequest req;
  req.set_run_id(run_id);
  req.set_format(format);
  auto ctx = client.context(300);
  auto reader = client.stub().GetTrace(ctx.get(), req);
  std::string data;
  v1::TraceChunk chunk;
  while (reader->Read(&chunk)) data += chunk.data();
  client.check(reader->Finish(), "trace of " + run_id);
  return data;
}

int print_report(const v1::RunReport& report, bool json) {
  if (json) {
    std::cout << report::to_json(report) << "\n";
  } else if (report.has_simulation()) {
    std::cout << report::render_simulation(report.simulation());
  } else if (report.has_live()) {
    std::cout << report::render_workload(report.live());
  } else {
    std::cout << "run " << report.info().run_id() << " is " << state_name(report.info().state()) << "\n";
  }
  if (report.info().state() == v1::FAILED) {
    std::cerr << "udplab remote: run " << report.info().run_id() << " failed: " << report.info().error() << "\n";
    return kExitRuntime;
  }
  // A remote ping that heard nothing fails, as a local one does.
  if (report.has_live() && report.live().has_echo_ping() && report.live().echo_ping().received() == 0) return kExitRuntime;
  // So does a discovery that found nobody.
  if (report.has_live() && report.live().has_discover() && report.live().discover().responders_size() == 0) return kExitRuntime;
  return report.info().state() == v1::SUCCEEDED || report.info().state() == v1::RUNNING ? kExitOk : kExitRuntime;
}

std::uint32_t u32_arg(const po::variables_map& vm, const char* name, std::uint64_t lo, std::uint64_t hi) {
  return static_cast<std::uint32_t>(unsigned_arg(vm, name, lo, hi));
}

void fill_tftp_transfer(v1::LiveTftpTransfer& t, const po::variables_map& vm, const std::string& op, const std::string& server,
                        const std::string& remote) {
  if (op != "get" && op != "put") throw UsageError("expected get or put, not '" + op + "'");
  t.set_operation(op == "get" ? v1::TFTP_GET : v1::TFTP_PUT);
  auto* o = t.mutable_options();
  o->set_server(server);
  o->set_remote(remote);
  o->set_mode(vm["mode"].as<std::string>());
  if (vm.count("blksize")) o->set_blksize(u32_arg(vm, "blksize", tftp::kMinBlksize, tftp::kMaxBlksize));
  if (vm.count("windowsize")) o->set_windowsize(u32_arg(vm, "windowsize", tftp::kMinWindowsize, tftp::kMaxWindowsize));
  o->set_tsize(vm["tsize"].as<bool>());
  o->set_rfc7440_windows(vm["rfc7440"].as<bool>());
  if (!vm["timeout"].defaulted()) {
    const Duration d = duration_arg(vm, "timeout");
    if (d <= Duration::zero() || d > std::chrono::seconds(tftp::kMaxTimeout))
      throw UsageError("--timeout must be more than 0 and at most " + std::to_string(tftp::kMaxTimeout) + " seconds");
    set_tftp_timeout(*o, vm["timeout"].as<std::string>());
  }
  if (vm.count("retries")) o->set_retries(u32_arg(vm, "retries", 0, tftp::kMaxRetries));
  if (vm.count("local")) t.set_local(vm["local"].as<std::string>());
  t.set_sha256(vm["sha256"].as<bool>());
}

void fill_tftp_server(v1::LiveTftpServer& s, const po::variables_map& vm, const std::string& duration) {
  auto* o = s.mutable_options();
  o->set_port(vm["port"].defaulted() ? 69 : u32_arg(vm, "port", 1, 65535));
  o->set_writable(vm["writable"].as<bool>());
  o->set_create(vm["create"].as<bool>());
  if (vm.count("max-blksize")) o->set_max_blksize(u32_arg(vm, "max-blksize", tftp::kMinBlksize, tftp::kMaxBlksize));
  if (vm.count("max-windowsize"))
    o->set_max_windowsize(u32_arg(vm, "max-windowsize", tftp::kMinWindowsize, tftp::kMaxWindowsize));
  if (vm.count("max-sessions")) o->set_max_sessions(u32_arg(vm, "max-sessions", 1, tftp::kMaxSessions));
  if (!vm["timeout"].defaulted()) o->set_timeout(vm["timeout"].as<std::string>());
  if (vm.count("retries")) o->set_retries(u32_arg(vm, "retries", 0, tftp::kMaxRetries));
  if (vm.count("max-upload")) s.set_max_upload(unsigned_arg(vm, "max-upload", 1, UINT64_MAX));
  if (!vm["bind"].defaulted()) s.set_bind(vm["bind"].as<std::string>());
  s.set_duration(duration);
}

void fill_discover(v1::LiveDiscover& d, const po::variables_map& vm) {
  auto* o = d.mutable_options();
  o->set_port(u32_arg(vm, "port", 1, 65535));
  if (vm.count("to"))
    for (const auto& a : vm["to"].as<std::vector<std::string>>()) o->add_to(a);
  o->set_limited(vm["limited"].as<bool>());
  if (o->limited() && o->to_size() > 0) throw UsageError("--to and --limited exclude each other");
  o->set_timeout(vm["timeout"].as<std::string>());
  o->set_probes(u32_arg(vm, "probes", 1, 100));
  if (!vm["interval"].defaulted()) o->set_interval(vm["interval"].as<std::string>());
}

struct Sub {
  CommandSpec spec;
  po::options_description options{"Options"};
  po::positional_options_description positional;
  po::variables_map vm;
};

}  // namespace

int run_remote(const Args& all_args) {
  // Global options come before the subcommand: udplab remote [--server S] [--token-file F] SUB ...
  RemoteOptions remote;
  if (const char* s = std::getenv("UDPLAB_SERVER")) remote.server = s;
  std::optional<std::string> token_file;
  if (const char* t = std::getenv("UDPLAB_TOKEN_FILE")) token_file = t;
  std::size_t i = 0;
  auto value = [&](const std::string& name) {
    if (i + 1 >= all_args.size()) throw UsageError(name + " needs a value");
    return all_args[++i];
  };
  for (; i < all_args.size() && all_args[i].starts_with("-"); ++i) {
    const std::string& a = all_args[i];
    if (a == "--server" || a == "-s") remote.server = value(a);
    else if (a == "--token-file") token_file = value(a);
    else if (a == "--tls-ca") remote.tls_ca_pem = read_input_file(value(a), "CA certificate");
    else if (a == "--tls") remote.tls_ca_pem = std::string();
    else if (a == "--help" || a == "-h") break;
    else throw UsageError("unknown option '" + a + "' (see 'udplab remote --help')");
  }
  const std::string usage =
      "Usage: udplab remote [--server HOST:PORT] [--token-file F] [--tls-ca CA.pem | --tls] COMMAND [ARGS]\n\n"
      "Drives a udplab agent (udplab serve). Defaults: --server 127.0.0.1:50051 (or $UDPLAB_SERVER),\n"
      "--token-file $UDPLAB_TOKEN_FILE.\n\n"
      "Commands:\n"
      "  info                          the agent's version, capabilities, limits, runs in progress\n"
      "  validate SCENARIO             check a scenario file on the agent\n"
      "  sim SCENARIO [--seed N] [--follow] [--out DIR] [--json] [--detach]\n"
      "                                run a simulation there; wait for it and print its report\n"
      "  ping HOST[:PORT] [--count N] [--interval T] [--size N] [--timeout T] [--json] [--detach]\n"
      "                                echo ping from the agent's host, replies streamed as they come\n"
      "  echo-serve --duration T [--port N] [--bind ADDR] [--reply-length] [--name NAME] [--detach]\n"
      "                                an echo server on the agent's host for a while\n"
      "  tftp get|put HOST[:PORT] REMOTE [LOCAL] [--mode octet|netascii] [--blksize N] [--windowsize N]\n"
      "       [--tsize] [--rfc7440] [--timeout T] [--retries N] [--sha256] [--json] [--detach]\n"
      "                                a TFTP transfer by the agent; LOCAL (default: REMOTE's last\n"
      "                                segment) is a file under the agent's --tftp-root\n"
      "  tftpd --duration T [--port N] [--bind ADDR] [--writable] [--create] [--max-blksize N]\n"
      "       [--max-windowsize N] [--max-sessions N] [--max-upload BYTES] [--timeout T] [--retries N]\n"
      "                                a TFTP server for the agent's --tftp-root for a while\n"
      "  discover [--port N] [--to ADDR]... [--limited] [--timeout T] [--probes N] [--interval T]\n"
      "                                broadcast discovery from the agent's host\n"
      "  list [--json]                 runs the agent knows\n"
      "  events RUN [--traces]         follow a run's events from its start\n"
      "  report RUN [--json]           a run's report\n"
      "  trace RUN --format jsonl|pcapng --output FILE\n"
      "                                a simulation's trace\n"
      "  cancel RUN                    stop a run\n\n"
      "Exit status: 0 success, 1 failure (or a failed run), 2 usage error or invalid request.\n";
  if (i >= all_args.size() || all_args[i] == "--help" || all_args[i] == "-h") {
    (i >= all_args.size() ? std::cerr : std::cout) << usage;
    return i >= all_args.size() ? kExitUsage : kExitOk;
  }
  if (token_file) {
    std::string t = read_input_file(*token_file, "token file");
    while (!t.empty() && (t.back() == '\n' || t.back() == '\r' || t.back() == ' ')) t.pop_back();
    remote.token = t;
  }
  const std::string command = all_args[i];
  static const std::set<std::string> known = {"info",   "validate", "sim",  "ping",   "echo-serve", "tftp",  "tftpd",
                                             "discover", "list", "events", "report", "trace",  "cancel"};
  if (!known.count(command)) throw UsageError("unknown command '" + command + "' (see 'udplab remote --help')");
  const Args args(all_args.begin() + static_cast<std::ptrdiff_t>(i) + 1, all_args.end());
  set_current_command("remote " + command);
  RemoteClient client(remote);

  Sub sub;
  sub.spec = CommandSpec{"remote " + command, "", "See 'udplab remote --help'.", ""};
  sub.options.add_options()("help,h", "show this help")("json", po::bool_switch(), "print JSON")
      ("run", po::value<std::string>(), "run id")("scenario", po::value<std::string>(), "scenario file")
      ("target", po::value<std::string>(), "HOST[:PORT]")("seed", po::value<std::uint64_t>(), "seed")
      ("follow", po::bool_switch(), "print events while waiting")("detach", po::bool_switch(), "start and return the run id")
      ("out,o", po::value<std::string>(), "directory for report.json, trace.jsonl, trace.pcap")
      ("traces", po::bool_switch(), "include trace records")
      ("format", po::value<std::string>()->default_value("jsonl"), "jsonl or pcapng")
      ("output", po::value<std::string>(), "file to write")
      ("count,c", po::value<std::string>()->default_value("5"), "probes")("interval,i", po::value<std::string>()->default_value("1s"), "interval")
      ("size,s", po::value<std::string>()->default_value("56"), "payload bytes")("timeout,W", po::value<std::string>()->default_value("1s"), "timeout")
      ("port,p", po::value<std::string>()->default_value("7"), "port")("bind,b", po::value<std::string>()->default_value("::"), "address")
      ("duration", po::value<std::string>(), "how long")("reply-length", po::bool_switch(), "reply-length mode")
      ("name", po::value<std::string>(), "name in discovery answers")
      ("operation", po::value<std::string>(), "get or put")("remote", po::value<std::string>(), "file on the server")
      ("local", po::value<std::string>(), "file under the agent's TFTP root")
      ("mode,m", po::value<std::string>()->default_value("octet"), "octet or netascii")
      ("blksize", po::value<std::string>(), "block size")("windowsize", po::value<std::string>(), "blocks per ACK")
      ("tsize", po::bool_switch(), "transfer size option")("rfc7440", po::bool_switch(), "no sliding windows")
      ("retries,r", po::value<std::string>(), "retransmissions")
      ("sha256", po::bool_switch(), "hash the content")
      ("writable", po::bool_switch(), "uploads replace files")("create", po::bool_switch(), "uploads create files")
      ("max-blksize", po::value<std::string>(), "largest blksize granted")
      ("max-windowsize", po::value<std::string>(), "largest windowsize granted")
      ("max-sessions", po::value<std::string>(), "transfers at once")("max-upload", po::value<std::string>(), "largest upload")
      ("probes", po::value<std::string>()->default_value("1"), "discovery probes")
      ("to", po::value<std::vector<std::string>>()->composing(), "broadcast address")
      ("limited", po::bool_switch(), "255.255.255.255");
  if (command == "sim" || command == "validate") sub.positional.add("scenario", 1);
  else if (command == "ping") sub.positional.add("target", 1);
  else if (command == "tftp") sub.positional.add("operation", 1).add("target", 1).add("remote", 1).add("local", 1);
  else if (command == "tftpd" || command == "discover") {}
  else sub.positional.add("run", 1);
  if (!parse(sub.spec, sub.options, sub.positional, args, sub.vm)) {
    std::cout << usage;
    return kExitOk;
  }
  const auto& vm = sub.vm;
  const bool json = vm["json"].as<bool>();
  auto need = [&](const char* name) {
    if (!vm.count(name)) throw UsageError(std::string("missing ") + name + " (see 'udplab remote --help')");
    return vm[name].as<std::string>();
  };

  if (command == "info") {
    v1::ServerInfo info;
    client.check(client.stub().GetServerInfo(client.context().get(), {}, &info), "info");
    std::cout << report::to_json(info) << "\n";
    return kExitOk;
  }
  if (command == "validate") {
    v1::ValidateScenarioRequest req;
    *req.mutable_scenario() = load_scenario(need("scenario"));
    v1::ValidateScenarioResponse resp;
    client.check(client.stub().ValidateScenario(client.context().get(), req, &resp), "validate");
    if (!resp.valid()) throw UsageError(need("scenario") + ": field " + resp.field() + ": " + resp.message());
    std::cout << need("scenario") << ": valid\n";
    return kExitOk;
  }
  std::string run_id;
  if (command == "sim" || command == "ping" || command == "echo-serve" || command == "tftp" || command == "tftpd" ||
      command == "discover") {
    v1::RunInfo info;
    if (command == "sim") {
      v1::StartSimulationRequest req;
      *req.mutable_scenario() = load_scenario(need("scenario"));
      if (vm.count("seed")) req.set_seed(vm["seed"].as<std::uint64_t>());
      client.check(client.stub().StartSimulation(client.context().get(), req, &info), "sim");
    } else {
      v1::StartLiveRequest req;
      if (command == "ping") {
        auto* o = req.mutable_echo_ping()->mutable_options();
        o->set_target(need("target"));
        o->set_count(unsigned_arg(vm, "count", 0, UINT64_MAX));
        o->set_interval(vm["interval"].as<std::string>());
        o->set_size(static_cast<std::uint32_t>(unsigned_arg(vm, "size", 32, 65507)));
        o->set_timeout(vm["timeout"].as<std::string>());
      } else if (command == "echo-serve") {
        auto* s = req.mutable_echo_server();
        s->mutable_options()->set_port(static_cast<std::uint32_t>(unsigned_arg(vm, "port", 0, 65535)));
        s->mutable_options()->set_reply_length(vm["reply-length"].as<bool>());
        if (vm.count("name")) s->mutable_options()->set_name(vm["name"].as<std::string>());
        s->set_bind(vm["bind"].as<std::string>());
        s->set_duration(need("duration"));
      } else if (command == "tftp") {
        fill_tftp_transfer(*req.mutable_tftp_transfer(), vm, need("operation"), need("target"), need("remote"));
      } else if (command == "tftpd") {
        fill_tftp_server(*req.mutable_tftp_server(), vm, need("duration"));
      } else {
        fill_discover(*req.mutable_discover(), vm);
      }
      client.check(client.stub().StartLive(client.context().get(), req, &info), command);
    }
    run_id = info.run_id();
    if (vm["detach"].as<bool>()) {
      std::cout << run_id << "\n";
      return kExitOk;
    }
    std::cerr << "run " << run_id << " started on " << remote.server << "\n";
    follow(client, run_id, (command != "sim" || vm["follow"].as<bool>()) && !json, vm["follow"].as<bool>());
    const auto report = get_report(client, run_id);
    if (command == "sim" && vm.count("out")) {
      const std::filesystem::path dir = vm["out"].as<std::string>();
      std::filesystem::create_directories(dir);
      write_output_file(dir / "report.json", report::to_json(report.simulation()) + "\n");
      write_output_file(dir / "trace.jsonl", get_trace(client, run_id, v1::JSONL));
      write_output_file(dir / "trace.pcap", get_trace(client, run_id, v1::PCAPNG));
    }
    return print_report(report, json);
  }
  if (command == "list") {
    v1::ListRunsResponse resp;
    client.check(client.stub().ListRuns(client.context().get(), {}, &resp), "list");
    if (json) {
      std::cout << report::to_json(resp) << "\n";
    } else {
      for (const auto& r : resp.runs())
        std::cout << r.run_id() << "\t" << state_name(r.state()) << "\t" << r.events() << " events\t" << r.description() << "\n";
    }
    return kExitOk;
  }
  run_id = need("run");
  if (command == "events") {
    follow(client, run_id, true, vm["traces"].as<bool>());
    return kExitOk;
  }
  if (command == "report") return print_report(get_report(client, run_id), json);
  if (command == "cancel") {
    v1::RunRef ref;
    ref.set_run_id(run_id);
    v1::RunInfo info;
    client.check(client.stub().CancelRun(client.context().get(), ref, &info), "cancel");
    follow(client, run_id, false, false);  // wait until it has stopped
    std::cout << "run " << run_id << " " << state_name(get_report(client, run_id).info().state()) << "\n";
    return kExitOk;
  }
  if (command == "trace") {
    const std::string format = vm["format"].as<std::string>();
    if (format != "jsonl" && format != "pcapng") throw UsageError("--format must be jsonl or pcapng");
    write_output_file(need("output"), get_trace(client, run_id, format == "pcapng" ? v1::PCAPNG : v1::JSONL));
    return kExitOk;
  }
  throw UsageError("unknown command '" + command + "' (see 'udplab remote --help')");
}

}  // namespace udplab::cli
