// A scenario checked and converted into plain values: the topology to build, the timeline and the
// workloads to run. compile() is the validator: whatever it accepts, build and run can execute.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <variant>
#include <vector>

#include "net/address.hpp"
#include "netsim/distribution.hpp"
#include "netsim/pipeline.hpp"
#include "options/broadcast_options.hpp"
#include "options/chat_options.hpp"
#include "options/echo_options.hpp"
#include "options/request_options.hpp"
#include "options/tftp_options.hpp"
#include "scenario/load.hpp"
#include "transport/time.hpp"

namespace udplab::scenario {

using options::Problem;

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

// A workload's engine: its configuration as the options translators (lib/options) make it.
struct EchoPingPlan {
  echo::PingConfig config;
};
struct RequestPlan {
  request::RequestConfig config;
};

struct WorkloadPlan {
  std::string name;
  std::string host;
  Duration start{0};
  std::variant<options::EchoServerSettings, EchoPingPlan, RequestPlan, options::BroadcastSendSettings,
               options::BroadcastListenSettings, options::DiscoverSettings, options::TftpServerSettings,
               options::TftpClientSettings, options::ChatRoomSettings, options::ChatClientSettings>
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

std::expected<double, Problem> percent_field(double value, const FieldPath& at);
std::expected<ImpairmentSpec, Problem> compile_impairments(const v1::Impairments& m, const FieldPath& at);

}  // namespace udplab::scenario
