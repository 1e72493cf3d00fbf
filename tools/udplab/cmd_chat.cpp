// udplab chat HOST:PORT | chat serve: peer-to-peer chat, a chat room and its members.
#include <ctime>
#include <iostream>

#include "broadcast_args.hpp"
#include "chat_input.hpp"
#include "commands.hpp"
#include "live/live_runtime.hpp"
#include "live/resolve.hpp"
#include "net/bind_fallback.hpp"
#include "option_messages.hpp"
#include "options/chat_options.hpp"
#include "report/chat_report.hpp"
#include "report/json.hpp"
#include "terminal.hpp"
#include "text/line_editor.hpp"
#include "text/printable.hpp"
#include "util/format.hpp"
#include "util/run_id.hpp"
#include "workload/chat_workloads.hpp"

namespace udplab::cli {
namespace {

constexpr const char* kPrompt = "> ";

// "14:03:07": the wall clock, for people watching a live conversation. std::localtime, not the
// POSIX localtime_r (Windows has none): only the loop's thread prints.
std::string clock_stamp() {
  const std::time_t t = std::time(nullptr);
  std::tm local{};
  if (const std::tm* now = std::localtime(&t)) local = *now;
  char buf[16];
  std::strftime(buf, sizeof buf, "%H:%M:%S", &local);
  return buf;
}

// Prints events and (on a terminal) keeps the line being typed below them.
class ChatScreen {
 public:
  ChatScreen(bool terminal, Time origin) : terminal_(terminal), origin_(origin) {}

  void print(const std::string& line, Time at) {
    if (terminal_) {
      std::cout << "\r\033[K" << clock_stamp() << " " << line << "\n";
      redraw();
    } else {
      std::cout << util::format("+%.3fs ", to_seconds(at - origin_)) << line << std::endl;
    }
  }
  void set_editor(const text::LineEditor* editor) { editor_ = editor; }
  void redraw() {
    if (!terminal_ || !editor_) return;
    const std::size_t cols = terminal::columns();
    std::cout << "\r\033[K" << kPrompt << editor_->visible_tail(cols > 3 ? cols - 3 : 1) << std::flush;
  }
  void close() {
    if (terminal_ && editor_) std::cout << "\r\033[K" << std::flush;
    editor_ = nullptr;
  }

 private:
  bool terminal_;
  Time origin_;
  const text::LineEditor* editor_ = nullptr;
};

int client(const Args& args) {
  const CommandSpec spec{
      "chat", "HOST:PORT [options]",
      "Chats with a chat room ('udplab chat serve') or straight with another 'udplab chat' at\n"
      "HOST:PORT. Type a line and press Enter to send it; messages from others appear above the\n"
      "line being typed, with their sender and time. Every message carries its sender's sequence\n"
      "number, so you see what UDP does to a conversation: \"2 messages from bob lost\", and late\n"
      "(reordered) messages marked. Commands: /who lists the room's members, /quit leaves,\n"
      "//text sends a line starting with '/'. Peers' text is shown with control characters,\n"
      "escape sequences and invalid UTF-8 escaped.\n"
      "When stdin is not a terminal, or with --script, lines are read as a script (one message or\n"
      "command per line, /wait 500ms pauses); at its end the client listens for --linger, leaves\n"
      "and prints a summary. Exits 1 if nothing ever listened at HOST:PORT (connection refused).",
      "  udplab chat 127.0.0.1:7070 --name alice\n"
      "  udplab chat 192.0.2.7:7000 --port 7000 --name bob      (peer to peer: each side names the other)\n"
      "  printf 'hello\\n/wait 1s\\n/who\\n' | udplab chat 127.0.0.1:7070 --name script --json\n"};
  po::options_description o("Options");
  o.add_options()("help,h", "show this help")
      ("target", po::value<std::string>(), "HOST:PORT of the room or the other peer");
  add_chat_client_flags(o);
  o.add_options()
      ("script", po::value<std::string>(), "read the lines to send from FILE instead of stdin")
      ("bind,b", po::value<std::string>(), "local address to send from")
      ("ipv4,4", po::bool_switch(), "resolve HOST to IPv4 only")
      ("ipv6,6", po::bool_switch(), "resolve HOST to IPv6 only")
      ("quiet,q", po::bool_switch(), "print only the summary (scripts)")
      ("json", po::bool_switch(), "print only the summary, as JSON (udplab.v1.ChatClientReport)");
  po::positional_options_description pos;
  pos.add("target", 1);
  po::variables_map vm;
  if (!parse(spec, o, pos, args, vm)) return kExitOk;
  if (!vm.count("target")) throw UsageError("missing HOST:PORT (see 'udplab chat --help')");

  auto peer = live::resolve(vm["target"].as<std::string>(), 0, family_arg(vm));
  if (!peer) throw UsageError(peer.error());
  if (peer->port == 0) throw UsageError("give the room's or the peer's port: HOST:PORT");

  const auto settings =
      translated(options::to_chat_client(chat_client_options(vm, peer->to_string()), {}), kChatClientFlags);
  chat::ClientConfig config = settings.config;
  config.session = util::random_run_id();

  std::optional<std::vector<chat::ScriptStep>> script;
  if (vm.count("script")) {
    const std::string path = vm["script"].as<std::string>();
    auto steps = chat::parse_script(read_input_file(path, "script"));
    if (!steps) throw UsageError(path + " " + steps.error());
    script = std::move(*steps);
  }

  workload::ChatClientOptions socket;
  if (vm.count("bind")) socket.bind.address = address_arg(vm, "bind");
  socket.bind.port = settings.port;
  const bool json = vm["json"].as<bool>();
  const bool quiet = vm["quiet"].as<bool>() || json;
  const bool interactive = !script && terminal::stdin_is_terminal() && terminal::stdout_is_terminal() && !quiet;

  // A person typing: the terminal in raw mode before the first line is drawn (on Windows this
  // also makes the console understand the escape codes ChatScreen draws with).
  std::optional<terminal::RawMode> raw;
  if (interactive) raw.emplace();
  live::LiveRuntime rt;
  workload::ChatClientWorkload client(rt, config, socket);
  ChatScreen screen(interactive, rt.now());
  if (!quiet)
    client.on_event([&](const chat::ClientEvent& e) {
      screen.print(report::render_chat_client_event(e, *peer), report::event_time(e));
    });
  client.on_finished([&rt] { rt.stop(); });
  if (auto error = client.start()) throw RuntimeError(*error);
  if (!quiet)
    screen.print("chatting with " + peer->to_string() + " from " + client.local_endpoint().to_string() +
                     (interactive ? "; /who lists members, /quit or Ctrl-D leaves" : ""),
                 rt.now());

  // Input: a script file, piped lines, or a person typing.
  text::LineEditor editor(chat::kMaxText);
  LineSplitter splitter(chat::kMaxText);
  std::uint64_t line_number = 0;
  auto take_line = [&](std::string line) {
    ++line_number;
    auto step = chat::parse_line(line);
    if (!step) {
      if (!quiet)
        screen.print("* " + text::printable(step.error()), rt.now());
      else
        std::cerr << "udplab chat: stdin line " << line_number << ": " << text::printable(step.error()) << "\n";
      return;
    }
    if (*step) client.enqueue(std::move(**step));
  };
  auto line_too_long = [&](std::size_t bytes) {
    ++line_number;
    const std::string why =
        "the line is " + std::to_string(bytes) + " bytes; a message holds at most " + std::to_string(chat::kMaxText);
    if (quiet)
      std::cerr << "udplab chat: stdin line " << line_number << " not sent: " << why << "\n";
    else
      screen.print("* not sent: " + why, rt.now());
  };
  std::optional<StdinReader> reader;
  if (script) {
    for (auto& s : *script) client.enqueue(std::move(s));
    client.end_input();
  } else if (interactive) {
    screen.set_editor(&editor);
    screen.redraw();
    reader.emplace(
        rt,
        [&](std::string bytes) {
          auto r = editor.feed(bytes);
          for (auto& line : r.lines) take_line(std::move(line));
          if (r.refused) std::cout << '\a';
          if (r.end_of_input) client.end_input();
          screen.redraw();
        },
        [&] { client.end_input(); });
  } else {
    reader.emplace(
        rt, [&](std::string bytes) { splitter.feed(bytes, take_line, line_too_long); },
        [&] {
          splitter.flush(take_line, line_too_long);
          client.end_input();
        });
  }
  rt.on_signal([&](int) {
    client.stop();
    rt.stop();
  });
  if (!client.finished()) rt.run();
  client.stop();
  reader.reset();
  screen.close();
  raw.reset();

  v1::WorkloadReport w;
  client.fill_report(w);
  const auto& r = w.chat_client();
  if (json)
    std::cout << report::to_json(r) << "\n";
  else
    std::cout << (quiet ? "" : "\n") << report::render_chat_client(r);
  const bool nobody_there = r.refused() > 0 && r.received() == 0;
  return nobody_there ? kExitRuntime : kExitOk;
}

int serve(const Args& args) {
  const CommandSpec spec{
      "chat serve", "[options]",
      "Runs a chat room. Anyone who sends a chat datagram joins and gets a nickname (the one asked\n"
      "for when it is free, else name-2 or guest-N); every message is relayed to every other\n"
      "member with the sender's nick and sequence number. A member leaves with /quit or after\n"
      "--idle of silence (clients say hello every 30 s), and the others are told. /who gets the\n"
      "member list. Malformed datagrams are ignored, broadcast or port-0 sources never answered,\n"
      "and discovery probes ('udplab discover') get the room's name.",
      "  udplab chat serve\n"
      "  udplab chat serve --port 7000 --idle 5m --capacity 20 --verbose\n"};
  po::options_description o("Options");
  o.add_options()("help,h", "show this help")
      ("bind,b", po::value<std::string>()->default_value("::"), "local address (:: serves IPv6 and IPv4)");
  add_chat_room_flags(o);
  o.add_options()
      ("duration", po::value<std::string>(), "stop after this long")
      ("verbose,v", po::bool_switch(), "also print every relayed message and ignored datagram")
      ("json", po::bool_switch(), "print only the summary at the end, as JSON (udplab.v1.ChatRoomReport)");
  add_discovery_identity_options(o);
  po::variables_map vm;
  if (!parse(spec, o, {}, args, vm)) return kExitOk;

  const bool json = vm["json"].as<bool>();
  const bool verbose = vm["verbose"].as<bool>();
  std::ostream& log = json ? std::cerr : std::cout;
  const auto settings = translated(options::to_chat_room(chat_room_options(vm), live::host_name(), {}), kChatRoomFlags);
  const net::Endpoint bind{address_arg(vm, "bind"), settings.port};
  std::optional<Duration> duration;
  if (vm.count("duration")) duration = duration_arg(vm, "duration");
  if (duration && *duration <= Duration::zero()) throw UsageError("--duration must be positive");

  live::LiveRuntime rt;
  chat::RoomConfig config = settings.config;
  config.broadcast_addresses = rt.broadcast_addresses();
  config.discovery = discovery_identity(vm, discovery::Role::chat_room);

  auto [room, error] = net::start_with_ipv4_fallback(bind, !vm["bind"].defaulted(), [&](const net::Endpoint& at) {
    auto made = std::make_unique<workload::ChatRoomWorkload>(rt, config, at);
    made->on_event([&](const chat::RoomEvent& e) {
      const bool chatty = std::holds_alternative<chat::room_event::Relayed>(e) ||
                          std::holds_alternative<chat::room_event::Rejected>(e);
      if (!json && (verbose || !chatty)) log << clock_stamp() << " " << report::render_chat_room_event(e) << std::endl;
    });
    return made;
  });
  if (error) throw RuntimeError(*error);
  log << "chat room on " << room->local_endpoint().to_string() << "; Ctrl-C to stop" << std::endl;
  rt.on_signal([&](int) { rt.stop(); });
  if (duration)
    rt.run_for(*duration);
  else
    rt.run();
  room->stop();

  v1::WorkloadReport w;
  room->fill_report(w);
  std::cout << (json ? report::to_json(w.chat_room()) + "\n" : "\n" + report::render_chat_room(w.chat_room()));
  return kExitOk;
}

}  // namespace

int run_chat(const Args& args) {
  if (!args.empty() && args.front() == "serve") return serve(Args(args.begin() + 1, args.end()));
  return client(args);
}

}  // namespace udplab::cli
