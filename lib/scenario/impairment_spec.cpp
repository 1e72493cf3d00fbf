// Compiles the Impairments message (one direction of a link) into an ImpairmentSpec.
#include "scenario/plan.hpp"
#include "util/rate.hpp"

namespace udplab::scenario {
namespace {

using Unexpected = std::unexpected<Problem>;

// Reads a percentage field into a probability, appending the problem to `bad` when out of range.
struct PercentReader {
  const FieldPath& base;
  std::optional<Problem>& bad;
  double operator()(double value, const char* name) {
    if (bad) return 0;
    auto p = percent_field(value, base + FieldStep{name});
    if (!p) {
      bad = p.error();
      return 0;
    }
    return *p;
  }
};

}  // namespace

std::expected<ImpairmentSpec, Problem> compile_impairments(const v1::Impairments& m, const FieldPath& at) {
  ImpairmentSpec spec;
  auto delay = options::duration_field(m.delay(), at + FieldStep{"delay"}, Duration::zero());
  if (!delay) return Unexpected(delay.error());
  spec.delay = *delay;
  auto jitter = options::duration_field(m.jitter(), at + FieldStep{"jitter"}, Duration::zero());
  if (!jitter) return Unexpected(jitter.error());
  spec.jitter = *jitter;
  if (spec.jitter > std::chrono::seconds(4))
    return Unexpected(Problem{at + FieldStep{"jitter"}, "jitter may be at most 4s (netem's limit)"});
  spec.distribution = static_cast<netsim::DelayDistribution>(m.distribution());

  std::optional<Problem> bad;
  PercentReader pct{at, bad};
  spec.delay_correlation = pct(m.delay_correlation_percent(), "delay_correlation_percent");
  switch (m.loss_case()) {
    case v1::Impairments::kLossPercent:
      spec.loss.model = LossSpec::Model::random;
      spec.loss.p = pct(m.loss_percent(), "loss_percent");
      spec.loss.correlation = pct(m.loss_correlation_percent(), "loss_correlation_percent");
      break;
    case v1::Impairments::kLossGemodel: {
      const auto& g = m.loss_gemodel();
      PercentReader gp{at + FieldStep{"loss_gemodel"}, bad};
      spec.loss.model = LossSpec::Model::gilbert_elliott;
      spec.loss.ge_p = gp(g.p_percent(), "p_percent");
      spec.loss.ge_r = g.r_percent() == 0 ? 1.0 - spec.loss.ge_p : gp(g.r_percent(), "r_percent");
      spec.loss.ge_loss_in_bad = g.has_loss_in_bad_percent() ? gp(g.loss_in_bad_percent(), "loss_in_bad_percent") : 1.0;
      spec.loss.ge_loss_in_good = gp(g.loss_in_good_percent(), "loss_in_good_percent");
      break;
    }
    case v1::Impairments::kLossState: {
      const auto& s = m.loss_state();
      PercentReader sp{at + FieldStep{"loss_state"}, bad};
      spec.loss.model = LossSpec::Model::four_state;
      spec.loss.p13 = sp(s.p13_percent(), "p13_percent");
      spec.loss.p31 = s.p31_percent() == 0 ? 1.0 - spec.loss.p13 : sp(s.p31_percent(), "p31_percent");
      spec.loss.p32 = sp(s.p32_percent(), "p32_percent");
      spec.loss.p23 = sp(s.p23_percent(), "p23_percent");
      spec.loss.p14 = sp(s.p14_percent(), "p14_percent");
      if (!bad && spec.loss.p13 + spec.loss.p14 > 1.0)
        bad = Problem{at + FieldStep{"loss_state"}, "p13 + p14 must not exceed 100%"};
      if (!bad && spec.loss.p31 + spec.loss.p32 > 1.0)
        bad = Problem{at + FieldStep{"loss_state"}, "p31 + p32 must not exceed 100%"};
      break;
    }
    case v1::Impairments::LOSS_NOT_SET:
      if (m.loss_correlation_percent() != 0)
        bad = Problem{at + FieldStep{"loss_correlation_percent"}, "a loss correlation needs loss_percent"};
      break;
  }
  spec.drop_packets.assign(m.drop_packets().begin(), m.drop_packets().end());
  spec.duplicate = pct(m.duplicate_percent(), "duplicate_percent");
  spec.duplicate_correlation = pct(m.duplicate_correlation_percent(), "duplicate_correlation_percent");
  spec.corrupt = pct(m.corrupt_percent(), "corrupt_percent");
  spec.corrupt_correlation = pct(m.corrupt_correlation_percent(), "corrupt_correlation_percent");
  spec.reorder = pct(m.reorder_percent(), "reorder_percent");
  spec.reorder_correlation = pct(m.reorder_correlation_percent(), "reorder_correlation_percent");
  if (bad) return Unexpected(*bad);
  spec.reorder_gap = m.reorder_gap() == 0 ? 1 : m.reorder_gap();
  if (spec.reorder > 0 && spec.delay == Duration::zero())
    return Unexpected(Problem{at + FieldStep{"reorder_percent"}, "reordering needs a delay for packets to overtake"});
  if (!m.rate().empty()) {
    auto rate = util::parse_rate(m.rate());
    if (!rate) return Unexpected(Problem{at + FieldStep{"rate"}, rate.error()});
    spec.shape.rate_bps = *rate;
  }
  spec.shape.packet_overhead = m.packet_overhead();
  spec.shape.cell_size = m.cell_size();
  spec.shape.cell_overhead = m.cell_overhead();
  if ((m.packet_overhead() != 0 || m.cell_size() != 0 || m.cell_overhead() != 0) && spec.shape.rate_bps == 0)
    return Unexpected(Problem{at + FieldStep{"packet_overhead"}, "overheads and cell size only matter with a rate"});
  spec.shape.limit = m.limit() == 0 ? 1000 : m.limit();
  return spec;
}

}  // namespace udplab::scenario
