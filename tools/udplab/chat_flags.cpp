// The flags of chat and chat serve (see option_messages.hpp).
#include "option_messages.hpp"
#include "options/chat_options.hpp"
#include "util/duration.hpp"

namespace udplab::cli {
namespace {

const FieldFlag kChatClientFields[] = {{"peer", "HOST:PORT"},      {"nick", "--name"},
                                       {"port", "--port"},         {"linger", "--linger"},
                                       {"keepalive", "--keepalive"}, {"reorder_window", "--reorder-window"}};
const FieldFlag kChatRoomFields[] = {{"port", "--port"},         {"idle_timeout", "--idle"},
                                     {"capacity", "--capacity"}, {"reorder_window", "--reorder-window"},
                                     {"name", "--name"}};

}  // namespace

const FlagTable kChatClientFlags = kChatClientFields;
const FlagTable kChatRoomFlags = kChatRoomFields;

void add_chat_client_flags(po::options_description& o) {
  const chat::ClientConfig d;
  o.add_options()
      ("port,p", po::value<std::string>()->default_value("0"), "local UDP port (0: any; give one for peer-to-peer chat)")
      ("name,n", po::value<std::string>()->default_value(""), "your nick (a room gives you one if empty or taken)")
      ("linger", po::value<std::string>()->default_value(util::format_duration(d.linger)), "after the script ends, keep listening this long")
      ("keepalive", po::value<std::string>()->default_value(util::format_duration(d.keepalive)), "say hello after this much silence (0: never)")
      ("reorder-window", po::value<std::string>()->default_value(util::format_duration(d.reorder_window)),
       "how long a gap in a sender's numbers waits for a late message before it counts as lost");
}

v1::ChatClientOptions chat_client_options(const po::variables_map& vm, const std::string& peer) {
  v1::ChatClientOptions m;
  m.set_peer(peer);
  m.set_nick(vm["name"].as<std::string>());
  m.set_port(static_cast<std::uint32_t>(unsigned_arg(vm, "port", 0, UINT32_MAX)));
  m.set_linger(vm["linger"].as<std::string>());
  m.set_keepalive(vm["keepalive"].as<std::string>());
  m.set_reorder_window(vm["reorder-window"].as<std::string>());
  return m;
}

void add_chat_room_flags(po::options_description& o) {
  const chat::RoomConfig d;
  o.add_options()
      ("port,p", po::value<std::string>()->default_value(std::to_string(options::kChatPort)), "UDP port to serve")
      ("idle", po::value<std::string>()->default_value(util::format_duration(d.idle_timeout)), "a member silent this long is dropped (0: never)")
      ("capacity", po::value<std::string>()->default_value(std::to_string(d.capacity)), "most members at once")
      ("reorder-window", po::value<std::string>()->default_value(util::format_duration(d.reorder_window)),
       "how long a gap in a member's numbers waits before it counts as lost on the way in");
}

v1::ChatRoomOptions chat_room_options(const po::variables_map& vm) {
  v1::ChatRoomOptions m;
  m.set_port(static_cast<std::uint32_t>(unsigned_arg(vm, "port", 0, UINT32_MAX)));
  m.set_idle_timeout(vm["idle"].as<std::string>());
  m.set_capacity(static_cast<std::uint32_t>(count_arg(vm, "capacity")));
  m.set_reorder_window(vm["reorder-window"].as<std::string>());
  if (vm.count("name")) m.set_name(vm["name"].as<std::string>());
  return m;
}

}  // namespace udplab::cli
