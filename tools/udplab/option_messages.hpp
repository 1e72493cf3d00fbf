// Each command's flags for the fields of its udplab.v1 option message: add_*_flags declares them
// (their defaults and limits from the engines' and translators' constants), *_options fills the
// message from the parsed flags, and k*Flags names the flag of each field for flag_error. The
// command then calls the message's translator in lib/options, as scenarios and the agent do.
//
// Addresses are resolved before they are filled in (HOST names, -4/-6): the messages hold literal
// addresses, as the agent's requests do once resolved.
#pragma once

#include "option_flags.hpp"
#include "udplab/v1/scenario.pb.h"

namespace udplab::cli {

// echo ping (without the target) and echo serve (without the name, see broadcast_args.hpp).
void add_ping_flags(po::options_description& o);
v1::EchoPingOptions ping_options(const po::variables_map& vm, const std::string& target);
extern const FlagTable kPingFlags;
void add_echo_server_flags(po::options_description& o);
v1::EchoServerOptions echo_server_options(const po::variables_map& vm);
extern const FlagTable kEchoServerFlags;

// request (target and message are positional).
void add_request_flags(po::options_description& o);
v1::RequestOptions request_options(const po::variables_map& vm, const std::string& target);
extern const FlagTable kRequestFlags;

// broadcast send, broadcast listen, discover.
void add_broadcast_send_flags(po::options_description& o);
v1::BroadcastSendOptions broadcast_send_options(const po::variables_map& vm);
extern const FlagTable kBroadcastSendFlags;
void add_broadcast_listen_flags(po::options_description& o);
v1::BroadcastListenOptions broadcast_listen_options(const po::variables_map& vm);
extern const FlagTable kBroadcastListenFlags;
void add_discover_flags(po::options_description& o);
v1::DiscoverOptions discover_options(const po::variables_map& vm);
extern const FlagTable kDiscoverFlags;

// chat (the client; the peer is positional) and chat serve.
void add_chat_client_flags(po::options_description& o);
v1::ChatClientOptions chat_client_options(const po::variables_map& vm, const std::string& peer);
extern const FlagTable kChatClientFlags;
void add_chat_room_flags(po::options_description& o);
v1::ChatRoomOptions chat_room_options(const po::variables_map& vm);
extern const FlagTable kChatRoomFlags;

// tftp get|put (server and remote are positional) and tftpd.
void add_tftp_client_flags(po::options_description& o);
v1::TftpClientOptions tftp_client_options(const po::variables_map& vm, const std::string& server, const std::string& remote);
extern const FlagTable kTftpClientFlags;
// --timeout's text as the client's timeout and, when it is whole seconds, as the RFC 2349 option
// asked of the server too (fractions stay the client's own).
void set_tftp_timeout(v1::TftpClientOptions& m, const std::string& text);
void add_tftp_server_flags(po::options_description& o);
v1::TftpServerOptions tftp_server_options(const po::variables_map& vm);
extern const FlagTable kTftpServerFlags;

}  // namespace udplab::cli
