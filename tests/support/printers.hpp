// How Boost.Test prints udplab values in failure messages.
#pragma once

#include <ostream>
#include <system_error>

#include "transport/time.hpp"

namespace udplab {

inline std::ostream& boost_test_print_type(std::ostream& out, const Duration& d) { return out << d.count() << "ns"; }
inline std::ostream& boost_test_print_type(std::ostream& out, const Time& t) {
  return out << "t=" << t.time_since_epoch().count() << "ns";
}

}  // namespace udplab

namespace std {
inline std::ostream& boost_test_print_type(std::ostream& out, const std::error_code& ec) {
  return out << ec.category().name() << ":" << ec.value() << " (" << ec.message() << ")";
}
inline std::ostream& boost_test_print_type(std::ostream& out, const std::errc& e) {
  return out << std::make_error_code(e).message();
}
}  // namespace std
