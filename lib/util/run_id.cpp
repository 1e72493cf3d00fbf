#include "util/run_id.hpp"

#include <random>

namespace udplab::util {

std::uint64_t random_run_id() {
  std::random_device device;  // 32 bits a call
  const std::uint64_t high = device();
  return (high << 32) ^ device();
}

}  // namespace udplab::util
