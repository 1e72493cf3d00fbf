// A scenario checked and converted into plain values: the topology to build, the timeline and the
// workloads to run. compile() is the validator: whatever it accepts, build and run can execute.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <variant>
#include <vector>

#include "echo/echo_ping.hpp"
#include "echo/echo_server.hpp"
#include "broadcast/broadcast_listener.hpp"
#include "broadcast/broadcast_sender.hpp"
#include "discovery/discoverer.hpp"
#include "chat/chat_client.hpp"
#include "chat/chat_room.hpp"
#include "request/request_client.hpp"
#include "net/address.hpp"
#include "netsim/distribution.hpp"
#include "netsim/pipeline.hpp"
#include "scenario/config_fields.hpp"
#include "scenario/load.hpp"
#include "scenario/tftp_plan.hpp"
#include "transport/time.hpp"

namespace udplab::scenario {

struct Problem {
  FieldPath path;
  std::string message;
};

struct LossSpec {
  enum class Model { none, random, gilbert_elliott, four_state } model = Model::none;
  double p = 0, correlation = 0;                                      // random
  double ge_p = 0, ge_r = 0, ge_loss_in_bad = 1, ge_loss_in_good = 0;  // Gilbert-Elliott
  double p13 = 0, p31 = 0, p32 = 0, p23 = 0, p14 = 0;                  // 4-state
};

// Probabilities are 0..1 here (percentages were divided by 100).
struct ImpairmentSpec {
  Duration delay{0};
  Duration jitter{0};
  double delay_correlation = 0;
  netsim::DelayDistribution distribution = netsim::DelayDistribution::uniform;
  LossSpec loss;
  std::vector<std::uint64_t> drop_packets;
  double duplicate = 0, duplicate_correlation = 0;
  double corrupt = 0, corrupt_correlation = 0;
  double reorder = 0, reorder_correlation = 0;
  std::uint32_t reorder_gap = 1;
  netsim::LinkShape shape;
};

struct AttachmentPlan {
  std::string host;
  net::Prefix address;
  std::uint32_t mtu = 1500;
  ImpairmentSpec egress;
  ImpairmentSpec ingress;
};

struct SegmentPlan {
  std::string name;
  std::vector<AttachmentPlan> members;
};

struct HostPlan {
  std::string name;
  bool forwarding = false;
};

struct TimelinePlan {
  enum class Kind { set, cut, restore, partition, heal };
  Duration at{0};
  Kind kind = Kind::heal;
  std::string link;   // set/cut/restore
  std::string from;   // set: egress of this host
  std::string to;     // set: ingress of this host
  std::string host;   // cut/restore: only this host's attachment
  ImpairmentSpec impairments;
  std::vector<std::vector<std::string>> groups;  // partition
};

struct EchoServerPlan {
  std::uint16_t port = 7;
  echo::ServerConfig config;
};
struct EchoPingPlan {
  echo::PingConfig config;
};
struct RequestPlan {
  request::RequestConfig config;
};
// Broadcast targets are resolved when the workload starts: by default they are the directed
// broadcast addresses of its host (see broadcast/broadcast_targets.hpp).
struct BroadcastTargets {
  std::vector<net::IpAddress> to;
  bool limited = false;
  std::uint16_t port = 0;
};
struct BroadcastSendPlan {
  BroadcastTargets targets;
  broadcast::SendConfig config;  // without targets
};
struct BroadcastListenPlan {
  std::uint16_t port = 7071;
  broadcast::ListenConfig config;
};
struct DiscoverPlan {
  BroadcastTargets targets;
  discovery::DiscoverConfig config;  // without targets and nonce
};

struct ChatRoomPlan {
  std::uint16_t port = 7070;
  chat::RoomConfig config;  // without broadcast addresses (the host's, at start)
};
struct ChatClientPlan {
  std::uint16_t port = 0;
  chat::ClientConfig config;  // without session (drawn from the workload's stream)
  std::vector<chat::ScriptStep> steps;
};

struct WorkloadPlan {
  std::string name;
  std::string host;
  Duration start{0};
  std::variant<EchoServerPlan, EchoPingPlan, RequestPlan, BroadcastSendPlan, BroadcastListenPlan, DiscoverPlan,
               TftpServerPlan, TftpClientPlan, ChatRoomPlan, ChatClientPlan>
      engine;
};

struct Plan {
  std::string name;
  std::string description;
  std::uint64_t seed = 0;
  Duration duration{0};
  std::vector<HostPlan> hosts;
  std::vector<SegmentPlan> segments;  // links become two-member segments
  std::vector<TimelinePlan> timeline;
  std::vector<WorkloadPlan> workloads;
};

inline constexpr Duration kDefaultDuration = std::chrono::seconds(60);

std::expected<Plan, Problem> compile(const v1::Scenario& scenario);

// The engine configurations of single workloads (also used by the control plane's live runs).
std::expected<echo::PingConfig, Problem> compile_echo_ping(const v1::EchoPingOptions& options, const FieldPath& at);
std::expected<EchoServerPlan, Problem> compile_echo_server(const v1::EchoServerOptions& options, const FieldPath& at);

// Helpers shared by the compile step's parts.
FieldPath operator+(FieldPath path, FieldStep step);
// A value an engine's validate() refused, reported at the field of the options message at `at`
// that set it (config_fields.hpp): "workloads[2].echo_ping.window: must be between 1 and 32768".
template <class Field>
Problem config_problem(const util::ConfigError<Field>& error, const FieldPath& at) {
  auto name = [](Field f) { return proto_field(f); };
  return Problem{at + FieldStep{std::string(name(error.field))}, util::reason(error, name)};
}
std::expected<Duration, Problem> duration_field(const std::string& text, const FieldPath& at, Duration fallback);
std::expected<double, Problem> percent_field(double value, const FieldPath& at);
std::expected<ImpairmentSpec, Problem> compile_impairments(const v1::Impairments& m, const FieldPath& at);
// The workloads of issue 5 (plan_engines.cpp); `at` is the path of the options message.
std::expected<RequestPlan, Problem> compile_request(const v1::RequestOptions& o, const FieldPath& at);
std::expected<BroadcastSendPlan, Problem> compile_broadcast_send(const v1::BroadcastSendOptions& o, const FieldPath& at);
std::expected<BroadcastListenPlan, Problem> compile_broadcast_listen(const v1::BroadcastListenOptions& o,
                                                                    const FieldPath& at);
std::expected<DiscoverPlan, Problem> compile_discover(const v1::DiscoverOptions& o, const FieldPath& at);
std::expected<ChatRoomPlan, Problem> compile_chat_room(const v1::ChatRoomOptions& o, const std::string& host,
                                                     const FieldPath& at);
std::expected<ChatClientPlan, Problem> compile_chat_client(const v1::ChatClientOptions& o, const FieldPath& at);
// The identity an echo server (or chat room) on `host` gives in discovery answers.
std::expected<discovery::Identity, Problem> discovery_name(const std::string& name, const std::string& host,
                                                           discovery::Role role, const FieldPath& at);

// TFTP workloads (plan_tftp.cpp).
std::expected<TftpServerPlan, Problem> compile_tftp_server(const v1::TftpServerOptions& o, const FieldPath& at);
std::expected<TftpClientPlan, Problem> compile_tftp_client(const v1::TftpClientOptions& o, tftp::Direction direction,
                                                           const FieldPath& at);
// A download learns the SHA-256 it should produce from the server's file of that name.
void link_tftp_expectations(Plan& plan);

}  // namespace udplab::scenario
