// Each impairment model against its distribution: fixed seeds, and tolerances derived from the
// model (five standard deviations of the estimate, so a correct model fails by chance about once
// in 1.7 million runs, and a wrong one fails at once).
#include <boost/test/unit_test.hpp>

#include <array>
#include <cmath>
#include <vector>

#include "netsim/impairment.hpp"

using namespace udplab;
using namespace udplab::netsim;
using namespace std::chrono_literals;

namespace {

constexpr double kSigmas = 5.0;

// Runs `n` packets through `rule` and returns, per packet, how many copies survive (0 = lost).
std::vector<unsigned> run_rule(Impairment& rule, std::size_t n) {
  std::vector<unsigned> out(n);
  const Packet p;
  for (std::size_t i = 0; i < n; ++i) {
    Fate f;
    rule.apply(p, Time{}, f);
    out[i] = f.copies;
  }
  return out;
}

double fraction(const std::vector<unsigned>& copies, unsigned value) {
  std::size_t k = 0;
  for (auto c : copies) k += c == value;
  return static_cast<double>(k) / static_cast<double>(copies.size());
}

void check_binomial(double observed, double p, std::size_t n) {
  const double sd = std::sqrt(p * (1 - p) / static_cast<double>(n));
  BOOST_TEST(std::abs(observed - p) <= kSigmas * sd, "observed " << observed << ", expected " << p << " +- " << kSigmas * sd);
}

// Mean lengths of runs of lost packets.
double mean_burst(const std::vector<unsigned>& copies, std::size_t& bursts) {
  std::size_t total = 0, run = 0;
  bursts = 0;
  for (auto c : copies) {
    if (c == 0) {
      ++run;
    } else if (run > 0) {
      total += run;
      ++bursts;
      run = 0;
    }
  }
  return bursts ? static_cast<double>(total) / static_cast<double>(bursts) : 0.0;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(impairment_stats_test)

BOOST_AUTO_TEST_CASE(random_loss_rate) {
  RandomLoss loss(0.10, 0.0, Rng(101));
  const std::size_t n = 200'000;
  check_binomial(fraction(run_rule(loss, n), 0), 0.10, n);
}

BOOST_AUTO_TEST_CASE(correlated_loss_keeps_its_rate_and_clusters) {
  // Loss 10% with correlation 50%: the long-run rate stays 10%, P(loss | loss) = p + rho (1 - p)
  // = 0.55 and P(loss | no loss) = p (1 - rho) = 0.05. (netem would lose about 0.1% here.)
  const double p = 0.10, rho = 0.5;
  RandomLoss loss(p, rho, Rng(102));
  const std::size_t n = 400'000;
  const auto c = run_rule(loss, n);
  // The indicator is a two-state chain with second eigenvalue rho: variance inflated by (1+rho)/(1-rho).
  const double rate = fraction(c, 0);
  BOOST_TEST(std::abs(rate - p) <= kSigmas * std::sqrt(p * (1 - p) / n * (1 + rho) / (1 - rho)), "rate " << rate);
  double after_loss = 0, after_ok = 0, n_loss = 0, n_ok = 0;
  for (std::size_t i = 1; i < c.size(); ++i) {
    (c[i - 1] == 0 ? n_loss : n_ok) += 1;
    (c[i - 1] == 0 ? after_loss : after_ok) += c[i] == 0;
  }
  const double p1 = after_loss / n_loss, p0 = after_ok / n_ok;
  const double e1 = p + rho * (1 - p), e0 = p * (1 - rho);
  BOOST_TEST(std::abs(p1 - e1) <= kSigmas * std::sqrt(e1 * (1 - e1) / n_loss), "P(loss|loss) " << p1);
  BOOST_TEST(std::abs(p0 - e0) <= kSigmas * std::sqrt(e0 * (1 - e0) / n_ok), "P(loss|ok) " << p0);
  // Without correlation the two are the same.
  RandomLoss plain(p, 0.0, Rng(103));
  const auto d = run_rule(plain, n);
  after_loss = after_ok = n_loss = n_ok = 0;
  for (std::size_t i = 1; i < d.size(); ++i) {
    (d[i - 1] == 0 ? n_loss : n_ok) += 1;
    (d[i - 1] == 0 ? after_loss : after_ok) += d[i] == 0;
  }
  const double q1 = after_loss / n_loss, q0 = after_ok / n_ok;
  BOOST_TEST(std::abs(q1 - q0) <= kSigmas * std::sqrt(q1 * (1 - q1) / n_loss + q0 * (1 - q0) / n_ok));
}

BOOST_AUTO_TEST_CASE(gilbert_elliott_rate_and_burst_length) {
  const double p = 0.02, r = 0.25;
  GilbertElliottLoss loss(p, r, 1.0, 0.0, Rng(104));
  const std::size_t n = 1'000'000;
  const auto c = run_rule(loss, n);
  // Loss indicator = "in Bad": a two-state chain with second eigenvalue 1 - p - r.
  const double pi = p / (p + r), lambda = 1 - p - r;
  const double sd_rate = std::sqrt(pi * (1 - pi) / static_cast<double>(n) * (1 + lambda) / (1 - lambda));
  const double rate = fraction(c, 0);
  BOOST_TEST(std::abs(rate - pi) <= kSigmas * sd_rate, "rate " << rate << " expected " << pi);
  // Bursts are geometric with mean 1/r and standard deviation sqrt(1-r)/r.
  std::size_t bursts = 0;
  const double mean = mean_burst(c, bursts);
  const double sd_mean = std::sqrt(1 - r) / r / std::sqrt(static_cast<double>(bursts));
  BOOST_TEST(std::abs(mean - 1 / r) <= kSigmas * sd_mean, "mean burst " << mean << " expected " << 1 / r);
}

BOOST_AUTO_TEST_CASE(gilbert_elliott_partial_losses) {
  // Loss 50% in Bad and 1% in Good: long-run loss = pi_bad * 0.5 + pi_good * 0.01.
  const double p = 0.05, r = 0.2;
  GilbertElliottLoss loss(p, r, 0.5, 0.01, Rng(105));
  const std::size_t n = 1'000'000;
  const double pi_bad = p / (p + r);
  const double expected = pi_bad * 0.5 + (1 - pi_bad) * 0.01;
  const double rate = fraction(run_rule(loss, n), 0);
  // Bound the variance generously: the state chain's inflation (1+l)/(1-l) on a Bernoulli variance.
  const double lambda = 1 - p - r;
  const double sd = std::sqrt(expected * (1 - expected) / static_cast<double>(n) * (1 + lambda) / (1 - lambda));
  BOOST_TEST(std::abs(rate - expected) <= kSigmas * sd, "rate " << rate << " expected " << expected);
}

BOOST_AUTO_TEST_CASE(four_state_model_matches_its_chain) {
  const double p13 = 0.01, p31 = 0.3, p32 = 0.3, p23 = 0.1, p14 = 0.005;
  FourStateLoss loss(p13, p31, p32, p23, p14, Rng(106));
  // Stationary distribution of the per-packet chain (state after the packet), by power iteration.
  const double P[4][4] = {
      {1 - p13 - p14, 0, p13, p14},  // from 1
      {0, 1 - p23, p23, 0},          // from 2
      {p31, p32, 1 - p31 - p32, 0},  // from 3
      {1, 0, 0, 0},                  // from 4
  };
  std::array<double, 4> pi{1, 0, 0, 0};
  for (int it = 0; it < 20000; ++it) {
    std::array<double, 4> next{};
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 4; ++j) next[static_cast<std::size_t>(j)] += pi[static_cast<std::size_t>(i)] * P[i][j];
    pi = next;
  }
  const double expected = pi[2] + pi[3];
  // Batch means: 100 batches of 20,000 packets; the spread of the batch rates sets the tolerance.
  const std::size_t batches = 100, per = 20'000;
  std::vector<double> rates;
  for (std::size_t b = 0; b < batches; ++b) rates.push_back(fraction(run_rule(loss, per), 0));
  double mean = 0, var = 0;
  for (double x : rates) mean += x / batches;
  for (double x : rates) var += (x - mean) * (x - mean) / (batches - 1);
  const double sd = std::sqrt(var / batches);
  BOOST_TEST(std::abs(mean - expected) <= kSigmas * sd, "rate " << mean << " expected " << expected << " +- " << kSigmas * sd);
  BOOST_TEST(sd < expected / 10);  // the estimate is tight enough to mean something
}

BOOST_AUTO_TEST_CASE(duplication_rate_and_no_duplicates_of_duplicates) {
  Duplication dup(0.05, 0.0, Rng(107));
  const std::size_t n = 200'000;
  check_binomial(fraction(run_rule(dup, n), 2), 0.05, n);
  Fate f;
  f.is_duplicate = true;
  Duplication always(1.0, 0.0, Rng(1));
  always.apply(Packet{}, Time{}, f);
  BOOST_TEST(f.copies == 1u);
}

BOOST_AUTO_TEST_CASE(duplicated_and_lost_arrives_once_as_in_netem) {
  Duplication dup(1.0, 0.0, Rng(1));
  RandomLoss loss(1.0, 0.0, Rng(2));
  Fate f;
  dup.apply(Packet{}, Time{}, f);
  loss.apply(Packet{}, Time{}, f);
  BOOST_TEST(f.copies == 1u);
  BOOST_TEST(!f.dropped());
}

BOOST_AUTO_TEST_CASE(corruption_rate) {
  Corruption c(0.03, 0.0, Rng(108));
  const std::size_t n = 200'000;
  std::size_t k = 0;
  std::uint64_t bits_seen = 0;
  for (std::size_t i = 0; i < n; ++i) {
    Fate f;
    c.apply(Packet{}, Time{}, f);
    k += f.corrupt;
    bits_seen |= f.corrupt ? (1ull << (f.corrupt_bit % 64)) : 0;
  }
  check_binomial(static_cast<double>(k) / n, 0.03, n);
  BOOST_TEST(bits_seen == ~0ull);  // every bit position gets hit
}

BOOST_AUTO_TEST_CASE(reorder_fraction_with_and_without_gap) {
  for (auto [p, gap] : {std::pair{0.25, 1u}, std::pair{0.5, 5u}}) {
    Reorder r(p, 0.0, gap, Rng(109 + gap));
    const std::size_t n = 200'000;
    std::size_t k = 0;
    for (std::size_t i = 0; i < n; ++i) {
      Fate f;
      r.apply(Packet{}, Time{}, f);
      k += f.overtake;
    }
    // Renewal process: after a reorder, gap-1 packets pass, then each is a candidate with
    // probability p. Cycle length mean m = gap-1 + 1/p, variance v = (1-p)/p^2.
    const double m = gap - 1 + 1 / p, v = (1 - p) / (p * p);
    const double expected = 1 / m;
    const double sd = std::sqrt(static_cast<double>(n) * v / (m * m * m)) / static_cast<double>(n);
    const double got = static_cast<double>(k) / n;
    BOOST_TEST_CONTEXT("p " << p << " gap " << gap) { BOOST_TEST(std::abs(got - expected) <= kSigmas * sd, got << " vs " << expected); }
  }
}

BOOST_AUTO_TEST_CASE(delay_distributions_have_their_moments) {
  const Duration mu = 50ms, sigma = 5ms;
  const std::size_t n = 400'000;
  for (auto dist : {DelayDistribution::uniform, DelayDistribution::normal, DelayDistribution::pareto,
                    DelayDistribution::paretonormal}) {
    Delay d(mu, sigma, 0.0, dist, Rng(110 + static_cast<int>(dist)));
    std::vector<double> x(n);
    for (std::size_t i = 0; i < n; ++i) {
      Fate f;
      d.apply(Packet{}, Time{}, f);
      x[i] = static_cast<double>(f.delay.count());
    }
    // What the distribution says, from its table (or the uniform law), in ns.
    const double s = static_cast<double>(sigma.count());
    double m_exp, v_exp, m4_exp;
    if (dist == DelayDistribution::uniform) {
      m_exp = static_cast<double>(mu.count()) - 0.5;
      v_exp = s * s / 3;
      m4_exp = s * s * s * s / 5;
    } else {
      const auto& t = DistributionTable::get(dist);
      m_exp = static_cast<double>(mu.count()) + s * t.mean();
      v_exp = s * s * t.variance();
      m4_exp = 0;
      for (std::size_t i = 0; i < t.size(); ++i) {
        const double dev = s * (t.entry(i) / 8192.0 - t.mean());
        m4_exp += dev * dev * dev * dev / static_cast<double>(t.size());
      }
    }
    double mean = 0;
    for (double v : x) mean += v / static_cast<double>(n);
    double var = 0;
    for (double v : x) var += (v - mean) * (v - mean) / static_cast<double>(n - 1);
    const double sd_mean = std::sqrt(v_exp / static_cast<double>(n));
    const double sd_var = std::sqrt((m4_exp - v_exp * v_exp) / static_cast<double>(n));
    BOOST_TEST_CONTEXT(to_string(dist)) {
      BOOST_TEST(std::abs(mean - m_exp) <= kSigmas * sd_mean + 1.0, "mean " << mean << " expected " << m_exp);
      BOOST_TEST(std::abs(var - v_exp) <= kSigmas * sd_var + 0.01 * v_exp, "variance " << var << " expected " << v_exp);
    }
  }
  // The tables are standardised: normal has variance ~1, every table mean ~0.
  BOOST_TEST(std::abs(DistributionTable::get(DelayDistribution::normal).variance() - 1.0) < 0.01);
  BOOST_TEST(std::abs(DistributionTable::get(DelayDistribution::pareto).mean()) < 0.05);
}

BOOST_AUTO_TEST_CASE(delay_correlation_carries_into_delays) {
  const std::size_t n = 200'000;
  auto lag1 = [&](double correlation) {
    Delay d(20ms, 5ms, correlation, DelayDistribution::normal, Rng(120));
    std::vector<double> x(n);
    for (auto& v : x) {
      Fate f;
      d.apply(Packet{}, Time{}, f);
      v = static_cast<double>(f.delay.count());
    }
    double mean = 0;
    for (double v : x) mean += v / static_cast<double>(n);
    double num = 0, den = 0;
    for (std::size_t i = 0; i < n; ++i) {
      den += (x[i] - mean) * (x[i] - mean);
      if (i > 0) num += (x[i] - mean) * (x[i - 1] - mean);
    }
    return num / den;
  };
  BOOST_TEST(std::abs(lag1(0.0)) < kSigmas / std::sqrt(static_cast<double>(n)));
  BOOST_TEST(lag1(0.75) > 0.5);
}

BOOST_AUTO_TEST_CASE(reordered_packets_skip_the_delay) {
  Delay d(30ms, 0ms, 0.0, DelayDistribution::uniform, Rng(1));
  Fate f;
  f.overtake = true;
  d.apply(Packet{}, Time{}, f);
  BOOST_TEST(f.delay == Duration::zero());
}

BOOST_AUTO_TEST_SUITE_END()
