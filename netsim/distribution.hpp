// Delay distributions as netem uses them: a table of 4096 values in units of sigma/8192, and
// netem's tabledist() to turn a 32-bit random draw into mu + sigma * table value.
//
// The tables are computed by udplab itself (not read from iproute2): normal is the exact inverse
// CDF at the table's quantiles; pareto is the inverse CDF of Pareto(shape 3) standardised to mean 0
// and variance 1; paretonormal is 1/4 pareto plus 3/4 normal, as iproute2 describes its table.
// Values are clipped to the 16-bit range (+-4 sigma), as netem's tables are.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace udplab::netsim {

enum class DelayDistribution : std::uint8_t { uniform, normal, pareto, paretonormal };

std::string_view to_string(DelayDistribution d);

class DistributionTable {
 public:
  static constexpr int kScale = 8192;  // netem's NETEM_DIST_SCALE
  static constexpr std::size_t kSize = 4096;

  // The shared table for a distribution other than uniform.
  static const DistributionTable& get(DelayDistribution d);

  // The entry at quantile u in [0, 1). (netem picks it with a 32-bit draw modulo the size.)
  std::int16_t at(double u) const {
    auto i = static_cast<std::size_t>(u * static_cast<double>(values_.size()));
    return values_[i < values_.size() ? i : values_.size() - 1];
  }
  std::size_t size() const { return values_.size(); }
  std::int16_t entry(std::size_t i) const { return values_[i]; }
  // Mean and variance of the table itself, in units of sigma (what a draw really has).
  double mean() const;
  double variance() const;

 private:
  explicit DistributionTable(std::vector<std::int16_t> values) : values_(std::move(values)) {}
  std::vector<std::int16_t> values_;
};

// netem's tabledist for a uniform draw u in [0, 1): a delay in ns with mean mu and deviation
// sigma; `table` null means uniform on [mu - sigma, mu + sigma).
std::int64_t table_delay(std::int64_t mu, std::int64_t sigma, double u, const DistributionTable* table);

// The standard normal quantile function (Acklam's rational approximation, relative error < 1.2e-9).
double normal_quantile(double p);

}  // namespace udplab::netsim
