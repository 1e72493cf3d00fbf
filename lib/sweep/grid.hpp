// The grid of a sweep: which parameters vary over which values, times seeds, and the slice of it a
// shard runs.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "udplab/v1/scenario.pb.h"

namespace udplab::sweep {

struct Vary {
  std::string path;                 // a scenario field (see param_path.hpp)
  std::vector<std::string> values;  // in order
};

// "PATH=FROM:TO:STEP" (numbers, TO included) or "PATH=A,B,C" (any values). The path is checked
// against `base`, and every value must be settable.
std::expected<Vary, std::string> parse_vary(std::string_view spec, const v1::Scenario& base);

struct Shard {
  unsigned index = 1;  // 1-based
  unsigned count = 1;
};
std::expected<Shard, std::string> parse_shard(std::string_view text);  // "K/N"

struct GridPoint {
  std::size_t number = 0;           // position in the whole grid, the same in every shard
  std::vector<std::string> values;  // one per Vary
  std::uint64_t seed = 0;
};

// Every combination of values, each with seeds 1..seeds; the points of `shard` only (every N-th
// point starting at K-1, so shards are balanced).
std::vector<GridPoint> make_grid(const std::vector<Vary>& varies, unsigned seeds, Shard shard = {});

// `base` with the values of one combination (one per Vary) set.
std::expected<v1::Scenario, std::string> apply_values(const v1::Scenario& base, const std::vector<Vary>& varies,
                                                      const std::vector<std::string>& values);

// The identity of a sweep, the same on every node that runs one of its shards: a digest (16 hex
// digits) of the scenario, the varied paths with their values, and the number of seeds.
std::string grid_digest(const v1::Scenario& scenario, const std::vector<Vary>& varies, unsigned seeds);

// Shortest decimal form of a grid value (no binary noise: 0.30000000000000004 is "0.3").
std::string format_value(double v);

}  // namespace udplab::sweep
