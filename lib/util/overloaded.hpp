// The visitor idiom for std::visit over a std::variant of event types:
//   std::visit(util::Overloaded{[](const A&) {...}, [](const B&) {...}}, event);
#pragma once

namespace udplab::util {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};

}  // namespace udplab::util
