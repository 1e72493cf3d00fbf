// The random number a live run tells its own datagrams apart by: an echo ping's and a chat
// client's session, a discovery's nonce, and the seed of a request's jitter. Two runs at once (two
// pings to one server, a restarted chat client) must not pick the same one, so it comes from the
// system's entropy source; simulations draw theirs from the scenario's seed instead.
#pragma once

#include <cstdint>

namespace udplab::util {

std::uint64_t random_run_id();

}  // namespace udplab::util
