// JSON Lines export of a trace: one object per event, fields in a fixed order, integer time in
// nanoseconds. It also keeps the SHA-256 of everything it wrote: equal digests, identical runs.
#pragma once

#include <ostream>
#include <string>

#include "netsim/trace.hpp"
#include "util/sha256.hpp"

namespace udplab::netsim {

std::string to_json_line(const TraceEvent& e);

class JsonlTraceWriter final : public TraceSink {
 public:
  // `out` may be null: then only the digest and the count are kept.
  explicit JsonlTraceWriter(std::ostream* out) : out_(out) {}
  void record(const TraceEvent& e) override;
  std::string hex_digest() { return digest_.hex_digest(); }
  std::uint64_t lines() const { return lines_; }

 private:
  std::ostream* out_;
  util::Sha256 digest_;
  std::uint64_t lines_ = 0;
  std::string line_;
};

}  // namespace udplab::netsim
