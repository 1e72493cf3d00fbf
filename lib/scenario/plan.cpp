#include "scenario/plan.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "scenario/enum_values.hpp"
#include "util/duration.hpp"

namespace udplab::scenario {
namespace {

using Unexpected = std::unexpected<Problem>;

// The longest scenario name and description accepted, in bytes (docs/sim.md).
constexpr std::size_t kMaxScenarioName = 128;
constexpr std::size_t kMaxScenarioDescription = 4096;

std::expected<std::uint32_t, Problem> mtu_field(std::uint32_t mtu, const FieldPath& at) {
  if (mtu == 0) return 1500u;
  if (mtu < 68 || mtu > 65535) return Unexpected(Problem{at, "MTU must be between 68 and 65535 bytes"});
  return mtu;
}

std::expected<net::Prefix, Problem> address_field(const std::string& text, const FieldPath& at) {
  if (text.empty()) return Unexpected(Problem{at, "an interface address like \"10.0.0.1/24\" is required"});
  auto p = net::Prefix::parse(text);
  if (!p) return Unexpected(Problem{at, p.error()});
  return *p;
}

std::expected<WorkloadPlan, Problem> workload(const v1::Workload& w, const FieldPath& at) {
  WorkloadPlan plan;
  plan.host = w.host();
  auto start = options::duration_field(w.start(), at + FieldStep{"start"}, Duration::zero());
  if (!start) return Unexpected(start.error());
  plan.start = *start;
  std::string engine;
  switch (w.engine_case()) {
    case v1::Workload::kEchoServer: {
      engine = "echo_server";
      auto server = options::to_echo_server(w.echo_server(), at + FieldStep{"echo_server"});
      if (!server) return Unexpected(server.error());
      auto id = options::discovery_identity(w.echo_server().name(), w.host(), discovery::Role::echo_server,
                               at + FieldStep{"echo_server"} + FieldStep{"name"});
      if (!id) return Unexpected(id.error());
      server->config.discovery = *id;
      plan.engine = *server;
      break;
    }
    case v1::Workload::kEchoPing: {
      engine = "echo_ping";
      auto config = options::to_ping_config(w.echo_ping(), at + FieldStep{"echo_ping"});
      if (!config) return Unexpected(config.error());
      plan.engine = EchoPingPlan{*config};
      break;
    }
    case v1::Workload::kRequest: {
      engine = "request";
      auto r = options::to_request_config(w.request(), at + FieldStep{"request"});
      if (!r) return Unexpected(r.error());
      plan.engine = RequestPlan{std::move(*r)};
      break;
    }
    case v1::Workload::kBroadcastSend: {
      engine = "broadcast_send";
      auto b = options::to_broadcast_send(w.broadcast_send(), at + FieldStep{"broadcast_send"});
      if (!b) return Unexpected(b.error());
      plan.engine = std::move(*b);
      break;
    }
    case v1::Workload::kBroadcastListen: {
      engine = "broadcast_listen";
      auto b = options::to_broadcast_listen(w.broadcast_listen(), at + FieldStep{"broadcast_listen"});
      if (!b) return Unexpected(b.error());
      plan.engine = std::move(*b);
      break;
    }
    case v1::Workload::kDiscover: {
      engine = "discover";
      auto d = options::to_discover(w.discover(), at + FieldStep{"discover"});
      if (!d) return Unexpected(d.error());
      plan.engine = std::move(*d);
      break;
    }
    case v1::Workload::kTftpServer: {
      engine = "tftp_server";
      auto p = options::to_tftp_server(w.tftp_server(), at + FieldStep{"tftp_server"});
      if (!p) return Unexpected(p.error());
      plan.engine = std::move(*p);
      break;
    }
    case v1::Workload::kTftpGet:
    case v1::Workload::kTftpPut: {
      const bool get = w.engine_case() == v1::Workload::kTftpGet;
      engine = get ? "tftp_get" : "tftp_put";
      auto p = options::to_tftp_client(get ? w.tftp_get() : w.tftp_put(), get ? tftp::Direction::read : tftp::Direction::write,
                                   at + FieldStep{engine});
      if (!p) return Unexpected(p.error());
      plan.engine = std::move(*p);
      break;
    }
    case v1::Workload::kChatRoom: {
      engine = "chat_room";
      auto c = options::to_chat_room(w.chat_room(), w.host(), at + FieldStep{"chat_room"});
      if (!c) return Unexpected(c.error());
      plan.engine = std::move(*c);
      break;
    }
    case v1::Workload::kChatClient: {
      engine = "chat_client";
      auto c = options::to_chat_client(w.chat_client(), at + FieldStep{"chat_client"});
      if (!c) return Unexpected(c.error());
      plan.engine = std::move(*c);
      break;
    }
    case v1::Workload::ENGINE_NOT_SET:
      return Unexpected(Problem{at, "no engine given (set one of echo_server, echo_ping, request, broadcast_send, broadcast_listen, discover, chat_room, chat_client, tftp_server, tftp_get, tftp_put)"});
  }
  plan.name = w.name().empty() ? engine + "@" + w.host() : w.name();
  return plan;
}

// Checks a timeline entry against the topology compiled so far.
std::expected<TimelinePlan, Problem> timeline_event(const v1::TimelineEvent& e, const FieldPath& at,
                                                    const std::map<std::string, std::set<std::string>>& members,
                                                    const std::set<std::string>& hosts) {
  TimelinePlan t;
  auto when = options::duration_field(e.at(), at + FieldStep{"at"}, Duration::zero());
  if (!when) return Unexpected(when.error());
  t.at = *when;
  auto check_link = [&](const std::string& link, const FieldPath& where) -> std::optional<Problem> {
    if (!members.count(link)) return Problem{where, "unknown link or segment '" + link + "'"};
    return std::nullopt;
  };
  auto check_member = [&](const std::string& link, const std::string& host, const FieldPath& where) -> std::optional<Problem> {
    if (!members.at(link).count(host)) return Problem{where, "host '" + host + "' is not attached to '" + link + "'"};
    return std::nullopt;
  };
  switch (e.action_case()) {
    case v1::TimelineEvent::kSet: {
      const auto& s = e.set();
      const FieldPath base = at + FieldStep{"set"};
      t.kind = TimelinePlan::Kind::set;
      t.link = s.link();
      t.from = s.from();
      t.to = s.to();
      if (auto p = check_link(t.link, base + FieldStep{"link"})) return Unexpected(*p);
      if (!t.from.empty() && !t.to.empty()) return Unexpected(Problem{base + FieldStep{"to"}, "give either from or to, not both"});
      if (!t.from.empty())
        if (auto p = check_member(t.link, t.from, base + FieldStep{"from"})) return Unexpected(*p);
      if (!t.to.empty())
        if (auto p = check_member(t.link, t.to, base + FieldStep{"to"})) return Unexpected(*p);
      auto spec = compile_impairments(s.impairments(), base + FieldStep{"impairments"});
      if (!spec) return Unexpected(spec.error());
      t.impairments = std::move(*spec);
      break;
    }
    case v1::TimelineEvent::kCut:
    case v1::TimelineEvent::kRestore: {
      const bool cut = e.action_case() == v1::TimelineEvent::kCut;
      const auto& r = cut ? e.cut() : e.restore();
      const FieldPath base = at + FieldStep{cut ? "cut" : "restore"};
      t.kind = cut ? TimelinePlan::Kind::cut : TimelinePlan::Kind::restore;
      t.link = r.link();
      t.host = r.host();
      if (auto p = check_link(t.link, base + FieldStep{"link"})) return Unexpected(*p);
      if (!t.host.empty())
        if (auto p = check_member(t.link, t.host, base + FieldStep{"host"})) return Unexpected(*p);
      break;
    }
    case v1::TimelineEvent::kPartition: {
      t.kind = TimelinePlan::Kind::partition;
      std::set<std::string> seen;
      const auto& groups = e.partition().groups();
      if (groups.size() < 2) return Unexpected(Problem{at + FieldStep{"partition"}, "a partition needs at least two groups"});
      for (int g = 0; g < groups.size(); ++g) {
        std::vector<std::string> group;
        for (int k = 0; k < groups[g].hosts_size(); ++k) {
          const std::string& h = groups[g].hosts(k);
          const FieldPath where = at + FieldStep{"partition"} + FieldStep{"groups", g} + FieldStep{"hosts", k};
          if (!hosts.count(h)) return Unexpected(Problem{where, "unknown host '" + h + "'"});
          if (!seen.insert(h).second) return Unexpected(Problem{where, "host '" + h + "' is in two groups"});
          group.push_back(h);
        }
        t.groups.push_back(std::move(group));
      }
      break;
    }
    case v1::TimelineEvent::kHeal:
      t.kind = TimelinePlan::Kind::heal;
      break;
    case v1::TimelineEvent::ACTION_NOT_SET:
      return Unexpected(Problem{at, "no action given (set one of set, cut, restore, partition, heal)"});
  }
  return t;
}

// A download learns the SHA-256 it should produce from the server's file of that name.
void link_tftp_expectations(Plan& plan) {
  // Which host owns which address, to find the server a download asks.
  std::map<net::IpAddress, std::string> owner;
  for (const auto& seg : plan.segments)
    for (const auto& m : seg.members) owner[m.address.address] = m.host;
  for (auto& w : plan.workloads) {
    auto* client = std::get_if<options::TftpClientSettings>(&w.engine);
    if (!client || client->direction != tftp::Direction::read) continue;
    auto host = owner.find(client->config.server.address);
    if (host == owner.end()) continue;
    for (const auto& s : plan.workloads) {
      const auto* server = std::get_if<options::TftpServerSettings>(&s.engine);
      if (!server || s.host != host->second || server->port != client->config.server.port) continue;
      for (const auto& f : server->files)
        if (f.name == client->config.remote) client->expected_sha256 = f.sha256;
    }
  }
}

}  // namespace

std::expected<double, Problem> percent_field(double value, const FieldPath& at) {
  if (!(value >= 0.0 && value <= 100.0)) return Unexpected(Problem{at, "must be a percentage between 0 and 100"});
  return value / 100.0;
}

std::expected<Plan, Problem> compile(const v1::Scenario& s) {
  if (auto bad = find_unknown_enum_value(s)) return Unexpected(Problem{std::move(bad->path), std::move(bad->message)});
  // The name and the description travel in every report and the name in every agent's run list:
  // bounded, so that one scenario cannot make those replies too big for a client to take.
  for (const auto& [field, text, limit] : {std::tuple{"name", &s.name(), kMaxScenarioName},
                                           std::tuple{"description", &s.description(), kMaxScenarioDescription}})
    if (text->size() > limit)
      return Unexpected(Problem{{FieldStep{field}}, "is " + std::to_string(text->size()) + " bytes long; at most " +
                                                        std::to_string(limit) + " bytes are allowed"});
  Plan plan;
  plan.name = s.name().empty() ? "unnamed" : s.name();
  plan.description = s.description();
  plan.seed = s.seed();
  auto duration = options::duration_field(s.duration(), {FieldStep{"duration"}}, kDefaultDuration);
  if (!duration) return Unexpected(duration.error());
  if (*duration == Duration::zero()) return Unexpected(Problem{{FieldStep{"duration"}}, "must be positive"});
  plan.duration = *duration;

  std::set<std::string> hosts;
  for (int i = 0; i < s.hosts_size(); ++i) {
    const auto& h = s.hosts(i);
    const FieldPath at{FieldStep{"hosts", i}, FieldStep{"name"}};
    if (h.name().empty()) return Unexpected(Problem{at, "a host needs a name"});
    if (!hosts.insert(h.name()).second) return Unexpected(Problem{at, "duplicate host name '" + h.name() + "'"});
    plan.hosts.push_back(HostPlan{h.name(), h.forwarding()});
  }
  if (plan.hosts.empty()) return Unexpected(Problem{{FieldStep{"hosts"}}, "a scenario needs at least one host"});

  std::map<std::string, std::set<std::string>> members;  // link/segment -> hosts attached
  std::set<net::IpAddress> addresses;
  auto check_member = [&](const std::string& host, const net::Prefix& address, const FieldPath& host_at,
                          const FieldPath& addr_at) -> std::optional<Problem> {
    if (!hosts.count(host)) return Problem{host_at, "unknown host '" + host + "'"};
    if (!addresses.insert(address.address).second)
      return Problem{addr_at, "address " + address.address.to_string() + " is used twice"};
    return std::nullopt;
  };

  for (int i = 0; i < s.segments_size(); ++i) {
    const auto& seg = s.segments(i);
    const FieldPath at{FieldStep{"segments", i}};
    if (seg.name().empty()) return Unexpected(Problem{at + FieldStep{"name"}, "a segment needs a name"});
    if (members.count(seg.name()))
      return Unexpected(Problem{at + FieldStep{"name"}, "duplicate segment or link name '" + seg.name() + "'"});
    auto& attached = members[seg.name()];
    SegmentPlan sp{seg.name(), {}};
    for (int k = 0; k < seg.members_size(); ++k) {
      const auto& m = seg.members(k);
      const FieldPath mat = at + FieldStep{"members", k};
      auto addr = address_field(m.address(), mat + FieldStep{"address"});
      if (!addr) return Unexpected(addr.error());
      if (auto p = check_member(m.host(), *addr, mat + FieldStep{"host"}, mat + FieldStep{"address"})) return Unexpected(*p);
      if (!attached.insert(m.host()).second)
        return Unexpected(Problem{mat + FieldStep{"host"}, "host '" + m.host() + "' is attached to this segment twice"});
      auto mtu = mtu_field(m.mtu(), mat + FieldStep{"mtu"});
      if (!mtu) return Unexpected(mtu.error());
      auto eg = compile_impairments(m.egress(), mat + FieldStep{"egress"});
      if (!eg) return Unexpected(eg.error());
      auto in = compile_impairments(m.ingress(), mat + FieldStep{"ingress"});
      if (!in) return Unexpected(in.error());
      sp.members.push_back(AttachmentPlan{m.host(), *addr, *mtu, std::move(*eg), std::move(*in)});
    }
    plan.segments.push_back(std::move(sp));
  }

  for (int i = 0; i < s.links_size(); ++i) {
    const auto& l = s.links(i);
    const FieldPath at{FieldStep{"links", i}};
    const std::string name = l.name().empty() ? l.a() + "-" + l.b() : l.name();
    if (members.count(name))
      return Unexpected(Problem{at + FieldStep{"name"}, "duplicate segment or link name '" + name + "'"});
    if (l.a() == l.b()) return Unexpected(Problem{at + FieldStep{"b"}, "a link needs two different hosts"});
    auto a_addr = address_field(l.a_address(), at + FieldStep{"a_address"});
    if (!a_addr) return Unexpected(a_addr.error());
    auto b_addr = address_field(l.b_address(), at + FieldStep{"b_address"});
    if (!b_addr) return Unexpected(b_addr.error());
    if (auto p = check_member(l.a(), *a_addr, at + FieldStep{"a"}, at + FieldStep{"a_address"})) return Unexpected(*p);
    if (auto p = check_member(l.b(), *b_addr, at + FieldStep{"b"}, at + FieldStep{"b_address"})) return Unexpected(*p);
    if (!a_addr->contains(b_addr->address))
      return Unexpected(Problem{at + FieldStep{"b_address"}, "both ends of a link must be in one subnet"});
    auto mtu = mtu_field(l.mtu(), at + FieldStep{"mtu"});
    if (!mtu) return Unexpected(mtu.error());
    auto ab = compile_impairments(l.a_to_b(), at + FieldStep{"a_to_b"});
    if (!ab) return Unexpected(ab.error());
    auto ba = compile_impairments(l.b_to_a(), at + FieldStep{"b_to_a"});
    if (!ba) return Unexpected(ba.error());
    members[name] = {l.a(), l.b()};
    SegmentPlan sp{name, {}};
    sp.members.push_back(AttachmentPlan{l.a(), *a_addr, *mtu, std::move(*ab), {}});
    sp.members.push_back(AttachmentPlan{l.b(), *b_addr, *mtu, std::move(*ba), {}});
    plan.segments.push_back(std::move(sp));
  }

  for (int i = 0; i < s.timeline_size(); ++i) {
    auto t = timeline_event(s.timeline(i), {FieldStep{"timeline", i}}, members, hosts);
    if (!t) return Unexpected(t.error());
    plan.timeline.push_back(std::move(*t));
  }
  // Same-instant changes apply in file order.
  std::stable_sort(plan.timeline.begin(), plan.timeline.end(), [](const auto& a, const auto& b) { return a.at < b.at; });

  std::set<std::string> workload_names;
  for (int i = 0; i < s.workloads_size(); ++i) {
    const FieldPath at{FieldStep{"workloads", i}};
    const auto& w = s.workloads(i);
    if (!hosts.count(w.host())) return Unexpected(Problem{at + FieldStep{"host"}, "unknown host '" + w.host() + "'"});
    auto wp = workload(w, at);
    if (!wp) return Unexpected(wp.error());
    if (!workload_names.insert(wp->name).second)
      return Unexpected(Problem{at + FieldStep{"name"}, "duplicate workload name '" + wp->name + "' (set name)"});
    plan.workloads.push_back(std::move(*wp));
  }
  if (plan.workloads.empty()) return Unexpected(Problem{{FieldStep{"workloads"}}, "a scenario needs at least one workload"});
  link_tftp_expectations(plan);
  return plan;
}

}  // namespace udplab::scenario
