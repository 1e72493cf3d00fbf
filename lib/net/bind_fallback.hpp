// Where a server binds when it was given no address.
//
// udplab's servers bind "::" by default, which on a dual-stack host serves IPv6 and IPv4 alike. A
// host without IPv6 refuses that bind; the server then serves IPv4 only, on 0.0.0.0 and the same
// port. An address the user chose is never replaced: its failure is theirs to see.
#pragma once

#include <utility>

#include "net/address.hpp"

namespace udplab::net {

// Makes a server with `make(endpoint)` and starts it (`start()` returns an error or nothing); when
// that fails and `bind` is the default "::" (`chosen` false), makes and starts another on 0.0.0.0.
// Returns the server last made and the error of its start.
template <class Make>
auto start_with_ipv4_fallback(Endpoint bind, bool chosen, Make&& make) {
  auto server = make(bind);
  auto error = server->start();
  if (error && !chosen && bind.address.is_v6() && bind.address.is_unspecified()) {
    server = make(Endpoint{IpAddress{}, bind.port});
    error = server->start();
  }
  return std::pair{std::move(server), std::move(error)};
}

}  // namespace udplab::net
