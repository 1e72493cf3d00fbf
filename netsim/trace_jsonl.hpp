// JSON Lines export of a trace: one object per event, fields in a fixed order, integer time in
// nanoseconds. The determinism tests hash this text.
#pragma once

#include <ostream>
#include <string>

#include "netsim/trace.hpp"

namespace udplab::netsim {

std::string to_json_line(const TraceEvent& e);
void write_jsonl(const Trace& trace, std::ostream& out);

}  // namespace udplab::netsim
