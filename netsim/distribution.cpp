#include "netsim/distribution.hpp"

#include <algorithm>
#include <cmath>

#include "netsim/random.hpp"

namespace udplab::netsim {
namespace {

std::int16_t clip(double sigma_units) {
  const double v = std::round(sigma_units * DistributionTable::kScale);
  return static_cast<std::int16_t>(std::clamp(v, -32767.0, 32767.0));
}

constexpr double kParetoShape = 3.0;
// Pareto(xm = 1, shape 3): mean 1.5, variance 0.75.
constexpr double kParetoMean = kParetoShape / (kParetoShape - 1);
const double kParetoSd = std::sqrt(kParetoShape / ((kParetoShape - 1) * (kParetoShape - 1) * (kParetoShape - 2)));

double pareto_standard(double u) { return (std::pow(1.0 - u, -1.0 / kParetoShape) - kParetoMean) / kParetoSd; }

std::vector<std::int16_t> quantile_table(double (*quantile)(double)) {
  std::vector<std::int16_t> t(DistributionTable::kSize);
  for (std::size_t i = 0; i < t.size(); ++i) t[i] = clip(quantile((static_cast<double>(i) + 0.5) / static_cast<double>(t.size())));
  return t;
}

// 1/4 pareto + 3/4 normal has no closed-form quantile: sample it with a fixed seed, sort, and take
// the quantiles of the sample.
std::vector<std::int16_t> paretonormal_table() {
  constexpr std::size_t kSamples = DistributionTable::kSize * 64;
  Rng rng(0x7061726e6f726dull);  // fixed: the table is a constant of the program
  std::vector<double> s(kSamples);
  const double norm = std::sqrt(0.25 * 0.25 + 0.75 * 0.75);
  for (auto& v : s) v = (0.25 * pareto_standard(rng.uniform()) + 0.75 * normal_quantile(std::max(rng.uniform(), 1e-300))) / norm;
  std::sort(s.begin(), s.end());
  std::vector<std::int16_t> t(DistributionTable::kSize);
  const std::size_t step = kSamples / DistributionTable::kSize;
  for (std::size_t i = 0; i < t.size(); ++i) t[i] = clip(s[i * step + step / 2]);
  return t;
}

}  // namespace

std::string_view to_string(DelayDistribution d) {
  switch (d) {
    case DelayDistribution::uniform: return "uniform";
    case DelayDistribution::normal: return "normal";
    case DelayDistribution::pareto: return "pareto";
    case DelayDistribution::paretonormal: return "paretonormal";
  }
  return "unknown";
}

double normal_quantile(double p) {
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                 1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                 6.680131188771972e+01, -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                 -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                 3.754408661907416e+00};
  constexpr double kLow = 0.02425;
  if (p <= 0) return -HUGE_VAL;
  if (p >= 1) return HUGE_VAL;
  if (p < kLow) {
    const double q = std::sqrt(-2 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - kLow) return -normal_quantile(1 - p);
  const double q = p - 0.5, r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

const DistributionTable& DistributionTable::get(DelayDistribution d) {
  static const DistributionTable normal(quantile_table(&normal_quantile));
  static const DistributionTable pareto(quantile_table(&pareto_standard));
  static const DistributionTable paretonormal(paretonormal_table());
  switch (d) {
    case DelayDistribution::pareto: return pareto;
    case DelayDistribution::paretonormal: return paretonormal;
    default: return normal;
  }
}

double DistributionTable::mean() const {
  double sum = 0;
  for (auto v : values_) sum += v;
  return sum / static_cast<double>(values_.size()) / kScale;
}

double DistributionTable::variance() const {
  const double m = mean();
  double sum = 0;
  for (auto v : values_) {
    const double x = static_cast<double>(v) / kScale - m;
    sum += x * x;
  }
  return sum / static_cast<double>(values_.size());
}

std::int64_t table_delay(std::int64_t mu, std::int64_t sigma, double u, const DistributionTable* table) {
  if (sigma <= 0) return mu;
  if (table == nullptr) return mu - sigma + static_cast<std::int64_t>(u * static_cast<double>(2 * sigma));
  const std::int64_t t = table->at(u);
  // netem's integer form: exact for large sigma without overflowing.
  std::int64_t x = (sigma % DistributionTable::kScale) * t;
  x += x >= 0 ? DistributionTable::kScale / 2 : -DistributionTable::kScale / 2;
  return x / DistributionTable::kScale + (sigma / DistributionTable::kScale) * t + mu;
}

}  // namespace udplab::netsim
