// NetnsLab: a throwaway network of Linux network namespaces for live tests that need real
// segments and routers (root only; tests using it carry the CTest label `root`).
//
// Every namespace is named "udlt-<pid>-<lab>-<role>", so parallel runs never collide. The lab
// deletes its namespaces when it is destroyed (including while a failed test unwinds); deleting a
// namespace also deletes the veth ends and bridges inside it. Namespaces left by a run that was
// killed outright are swept by the next lab: their pid no longer exists.
//
// Hosts are namespaces with one interface per segment; segments are bridges inside a "switch"
// namespace; a router is a host with forwarding switched on.
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <vector>

namespace udplab::test {

class NetnsLab {
 public:
  // A lab, or why there can be none here (not root, no namespaces in this container, no `ip`).
  static std::expected<std::unique_ptr<NetnsLab>, std::string> create();
  ~NetnsLab();
  NetnsLab(const NetnsLab&) = delete;
  NetnsLab& operator=(const NetnsLab&) = delete;

  void add_segment(const std::string& name);
  void add_host(const std::string& name);
  // Connects `host` to `segment` with interface `ifname` and address `cidr` ("10.77.1.2/24"; no
  // broadcast address is configured, as with a plain `ip addr add`: the kernel derives it).
  void attach(const std::string& host, const std::string& segment, const std::string& ifname, const std::string& cidr);
  void set_default_route(const std::string& host, const std::string& gateway);
  void enable_forwarding(const std::string& host);

  // argv prefixed to run inside `host`'s namespace.
  std::vector<std::string> in(const std::string& host, std::vector<std::string> argv) const;
  std::string namespace_of(const std::string& role) const;

 private:
  explicit NetnsLab(std::string prefix) : prefix_(std::move(prefix)) {}
  void run(const std::vector<std::string>& argv);  // throws std::runtime_error naming the command
  void add_namespace(const std::string& role);

  std::string prefix_;
  std::vector<std::string> namespaces_;
  std::vector<std::string> hosts_;
};

}  // namespace udplab::test
