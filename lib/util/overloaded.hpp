// The visitor idiom for std::visit over a std::variant of event types:
//   std::visit(util::Overloaded{[](const A&) {...}, [](const B&) {...}}, event);
#pragma once

namespace udplab::util {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
// Aggregate class template argument deduction needs clang 17; the guide keeps clang 16 (and
// Apple's clang) able to deduce the lambdas' types.
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace udplab::util
