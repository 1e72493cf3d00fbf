// A scenario checked and converted into plain values: the topology to build and the workloads to
// run. compile() is the validator: whatever it accepts, build and run can execute.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <variant>
#include <vector>

#include "echo/echo_ping.hpp"
#include "echo/echo_server.hpp"
#include "net/address.hpp"
#include "scenario/load.hpp"
#include "transport/time.hpp"

namespace udplab::scenario {

struct Problem {
  FieldPath path;
  std::string message;
};

struct ImpairmentSpec {
  Duration delay{0};
  double loss = 0;     // probability 0..1
  double reorder = 0;  // probability 0..1
  std::uint32_t reorder_gap = 1;
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

struct EchoServerPlan {
  std::uint16_t port = 7;
  echo::ServerConfig config;
};
struct EchoPingPlan {
  echo::PingConfig config;
};

struct WorkloadPlan {
  std::string name;
  std::string host;
  Duration start{0};
  std::variant<EchoServerPlan, EchoPingPlan> engine;
};

struct Plan {
  std::string name;
  std::string description;
  std::uint64_t seed = 0;
  Duration duration{0};
  std::vector<HostPlan> hosts;
  std::vector<SegmentPlan> segments;  // links become two-member segments
  std::vector<WorkloadPlan> workloads;
};

inline constexpr Duration kDefaultDuration = std::chrono::seconds(60);

std::expected<Plan, Problem> compile(const v1::Scenario& scenario);

}  // namespace udplab::scenario
