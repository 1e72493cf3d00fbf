#include "sweep/shard_stamp.hpp"

#include <algorithm>

namespace udplab::sweep {
namespace {

constexpr std::string_view kPrefix = "# udplab sweep shard ";
constexpr std::string_view kOf = " of sweep ";

// "2, 5-7, 9" for the numbers from..to of each range; a range of two is written as two numbers.
std::string range_list(const std::vector<std::pair<unsigned, unsigned>>& ranges) {
  std::string out;
  for (const auto& [from, to] : ranges) {
    out += (out.empty() ? "" : ", ") + std::to_string(from);
    if (to == from + 1) out += ", " + std::to_string(to);
    if (to > from + 1) out += "-" + std::to_string(to);
  }
  return out;
}

}  // namespace

std::string stamp_line(const ShardStamp& stamp) {
  return std::string(kPrefix) + std::to_string(stamp.shard.index) + "/" + std::to_string(stamp.shard.count) + std::string(kOf) +
         stamp.sweep;
}

std::expected<ShardStamp, std::string> parse_stamp_line(std::string_view line) {
  const auto bad = std::unexpected("not a shard's first line ('" + std::string(kPrefix) + "K/N" + std::string(kOf) + "DIGEST')");
  if (!line.starts_with(kPrefix)) return bad;
  line.remove_prefix(kPrefix.size());
  const auto of = line.find(kOf);
  if (of == std::string_view::npos) return bad;
  auto shard = parse_shard(line.substr(0, of));
  ShardStamp s{shard.value_or(Shard{}), std::string(line.substr(of + kOf.size()))};
  if (!shard || s.sweep.empty() || s.sweep.find(' ') != std::string::npos) return bad;
  return s;
}

std::expected<void, std::string> check_complete(const std::vector<NamedStamp>& shards) {
  if (shards.empty()) return {};
  const auto& first = shards.front();
  const unsigned count = first.stamp.shard.count;
  for (const auto& s : shards) {
    if (s.stamp.sweep != first.stamp.sweep)
      return std::unexpected(s.name + " is a shard of another sweep than " + first.name + " (sweep " + s.stamp.sweep + ", not " +
                             first.stamp.sweep + ": another scenario, --vary or --seeds)");
    if (s.stamp.shard.count != count)
      return std::unexpected(s.name + " is shard " + std::to_string(s.stamp.shard.index) + " of " + std::to_string(s.stamp.shard.count) +
                             ", " + first.name + " shard " + std::to_string(first.stamp.shard.index) + " of " + std::to_string(count) +
                             ": one sweep split two ways");
  }
  std::vector<const NamedStamp*> sorted;
  for (const auto& s : shards) sorted.push_back(&s);
  std::stable_sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->stamp.shard.index < b->stamp.shard.index; });
  // The gaps between the shards given: N can be large, so they are found without counting to N.
  std::vector<std::pair<unsigned, unsigned>> missing;
  unsigned next = 1;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    const unsigned k = sorted[i]->stamp.shard.index;
    if (i > 0 && sorted[i - 1]->stamp.shard.index == k)
      return std::unexpected("shard " + std::to_string(k) + "/" + std::to_string(count) + " given twice (" + sorted[i - 1]->name + ", " +
                             sorted[i]->name + ")");
    if (k > next) missing.emplace_back(next, k - 1);
    next = k + 1;
  }
  if (next <= count) missing.emplace_back(next, count);
  if (missing.empty()) return {};
  const bool one = missing.size() == 1 && missing.front().first == missing.front().second;
  return std::unexpected((one ? "shard " : "shards ") + range_list(missing) + " of " + std::to_string(count) +
                         (one ? " is missing" : " are missing"));
}

}  // namespace udplab::sweep
