#include "netsim/simulator.hpp"

#include <stdexcept>

namespace udplab::netsim {

HostRuntime& Simulator::runtime(const std::string& name) {
  auto it = runtimes_.find(name);
  if (it != runtimes_.end()) return *it->second;
  Host* host = network_.find_host(name);
  if (!host) throw std::invalid_argument("no simulated host named '" + name + "'");
  auto [pos, inserted] = runtimes_.emplace(name, std::make_unique<HostRuntime>(network_, *host));
  return *pos->second;
}

}  // namespace udplab::netsim
