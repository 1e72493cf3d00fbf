// How Boost.Test prints udplab values in failure messages.
#pragma once

#include <ostream>
#include <system_error>

#include "transport/time.hpp"

namespace udplab {

// Any time point of the runtime's clock: arithmetic with other durations (libc++'s nanoseconds
// count in long long, Duration in int64_t) gives time points of other duration types.
template <class D>
std::ostream& boost_test_print_type(std::ostream& out, const std::chrono::time_point<RuntimeClock, D>& t) {
  return out << "t=" << std::chrono::duration_cast<Duration>(t.time_since_epoch()).count() << "ns";
}

}  // namespace udplab

// Durations are std::chrono::durations: argument-dependent lookup finds its printer only in
// std::chrono (libstdc++ 12 happens to print durations itself; libc++ 16 does not).
namespace std::chrono {
template <class Rep, class Period>
std::ostream& boost_test_print_type(std::ostream& out, const duration<Rep, Period>& d) {
  return out << duration_cast<udplab::Duration>(d).count() << "ns";
}
}  // namespace std::chrono

namespace std {
inline std::ostream& boost_test_print_type(std::ostream& out, const std::error_code& ec) {
  return out << ec.category().name() << ":" << ec.value() << " (" << ec.message() << ")";
}
inline std::ostream& boost_test_print_type(std::ostream& out, const std::errc& e) {
  return out << std::make_error_code(e).message();
}
}  // namespace std
