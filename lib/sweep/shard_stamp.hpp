// The line a shard's table starts with: which shard K of N it is and of which sweep, so that a
// merge can refuse a set with a shard missing, a shard given twice, or shards of another sweep
// (whose tables can have the very same columns).
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "sweep/grid.hpp"

namespace udplab::sweep {

struct ShardStamp {
  Shard shard;        // K of N
  std::string sweep;  // grid_digest() of the sweep the shard belongs to
};

// "# udplab sweep shard 2/4 of sweep 0123456789abcdef"
std::string stamp_line(const ShardStamp& stamp);
// The stamp in `line`, or why it is not one.
std::expected<ShardStamp, std::string> parse_stamp_line(std::string_view line);

struct NamedStamp {
  std::string name;  // the shard's file, for messages
  ShardStamp stamp;
};
// Checks that `shards` are every shard 1..N of one sweep, each once; otherwise one line naming
// what is wrong: "shards 2, 5-7 of 8 are missing", "shard 2/4 given twice (a.csv, b.csv)",
// "b.csv is a shard of another sweep than a.csv (...)".
std::expected<void, std::string> check_complete(const std::vector<NamedStamp>& shards);

}  // namespace udplab::sweep
