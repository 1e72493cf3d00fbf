#include "support/netns.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <sstream>
#include <stdexcept>

#include "support/process.hpp"

namespace udplab::test {
namespace {

constexpr const char* kPrefix = "udlt-";
constexpr const char* kSwitch = "switch";

bool process_exists(long pid) { return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM); }

// Deletes "udlt-<pid>-..." namespaces whose pid is gone (runs killed before they could clean up).
void sweep_stale_namespaces() {
  auto list = run_process({"ip", "netns", "list"});
  std::istringstream lines(list.out);
  std::string line;
  while (std::getline(lines, line)) {
    const std::string name = line.substr(0, line.find(' '));
    if (name.rfind(kPrefix, 0) != 0) continue;
    const long pid = std::strtol(name.c_str() + std::char_traits<char>::length(kPrefix), nullptr, 10);
    if (!process_exists(pid)) run_process({"ip", "netns", "delete", name});
  }
}

}  // namespace

std::expected<std::unique_ptr<NetnsLab>, std::string> NetnsLab::create() {
  if (::geteuid() != 0) return std::unexpected("needs root (network namespaces)");
  if (!have_program("ip")) return std::unexpected("needs the ip command (iproute2)");
  sweep_stale_namespaces();
  static std::atomic<int> counter{0};
  const std::string prefix = kPrefix + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-";
  std::unique_ptr<NetnsLab> lab(new NetnsLab(prefix));
  try {
    lab->add_namespace(kSwitch);
  } catch (const std::exception& e) {
    return std::unexpected(std::string("cannot create network namespaces here: ") + e.what());
  }
  return lab;
}

NetnsLab::~NetnsLab() {
  for (auto it = namespaces_.rbegin(); it != namespaces_.rend(); ++it) run_process({"ip", "netns", "delete", *it});
}

void NetnsLab::run(const std::vector<std::string>& argv) {
  auto r = run_process(argv, std::chrono::seconds(20));
  if (r.exit_code != 0) {
    std::string command;
    for (const auto& a : argv) command += (command.empty() ? "" : " ") + a;
    throw std::runtime_error(command + ": " + (r.err.empty() ? "exit " + std::to_string(r.exit_code) : r.err));
  }
}

std::string NetnsLab::namespace_of(const std::string& role) const { return prefix_ + role; }

void NetnsLab::add_namespace(const std::string& role) {
  const std::string ns = namespace_of(role);
  run({"ip", "netns", "add", ns});
  namespaces_.push_back(ns);
  run({"ip", "-n", ns, "link", "set", "dev", "lo", "up"});
}

void NetnsLab::add_segment(const std::string& name) {
  const std::string sw = namespace_of(kSwitch);
  run({"ip", "-n", sw, "link", "add", "name", name, "type", "bridge"});
  run({"ip", "-n", sw, "link", "set", "dev", name, "up"});
}

void NetnsLab::add_host(const std::string& name) {
  add_namespace(name);
  hosts_.push_back(name);
}

void NetnsLab::attach(const std::string& host, const std::string& segment, const std::string& ifname,
                      const std::string& cidr) {
  // The switch end is named after the host and interface; names only need to be unique within
  // their own namespace, so nothing here can clash with another run.
  const std::string sw = namespace_of(kSwitch), ns = namespace_of(host);
  const auto index = static_cast<std::size_t>(std::find(hosts_.begin(), hosts_.end(), host) - hosts_.begin());
  std::string port = "p";  // built step by step: GCC 12 misreports a chained concatenation here
  port += std::to_string(index);
  port += '-';
  port += ifname;
  run({"ip", "-n", sw, "link", "add", "name", port, "type", "veth", "peer", "name", ifname, "netns", ns});
  run({"ip", "-n", sw, "link", "set", "dev", port, "master", segment, "up"});
  run({"ip", "-n", ns, "addr", "add", cidr, "dev", ifname});
  run({"ip", "-n", ns, "link", "set", "dev", ifname, "up"});
}

void NetnsLab::set_default_route(const std::string& host, const std::string& gateway) {
  run({"ip", "-n", namespace_of(host), "route", "add", "default", "via", gateway});
}

void NetnsLab::enable_forwarding(const std::string& host) {
  run({"ip", "netns", "exec", namespace_of(host), "sysctl", "-qw", "net.ipv4.ip_forward=1"});
}

std::vector<std::string> NetnsLab::in(const std::string& host, std::vector<std::string> argv) const {
  argv.insert(argv.begin(), {"ip", "netns", "exec", namespace_of(host)});
  return argv;
}

}  // namespace udplab::test
