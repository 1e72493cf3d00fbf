// Impairments: the rules a link direction applies to each packet, in order.
//
// Each rule looks at the packet and adds to its Fate: remove a copy (loss), add one (duplication),
// corrupt it, delay it, or let it overtake the queue (netem's reorder). A new impairment is one
// new rule. Rules that draw random numbers own their stream, so changing one rule's parameters
// never shifts another's draws. The Pipeline applies them in netem's order: duplicate, loss,
// corrupt, reorder, delay (then rate and queue limit, which it owns).
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "netsim/correlated.hpp"
#include "netsim/distribution.hpp"
#include "netsim/packet.hpp"
#include "netsim/random.hpp"
#include "netsim/trace.hpp"
#include "transport/time.hpp"

namespace udplab::netsim {

struct Fate {
  // netem's count: a duplicate adds one, a loss removes one; zero means dropped. So a packet that
  // is both duplicated and lost arrives once, exactly as with tc.
  unsigned copies = 1;
  DropReason drop_reason = DropReason::none;
  bool is_duplicate = false;    // this packet is itself a duplicate: it is not duplicated again
  bool corrupt = false;
  std::uint64_t corrupt_bit = 0;  // which bit of the payload to flip (modulo its size)
  bool overtake = false;          // reordered: leaves at once instead of after the delay
  Duration delay{0};

  void lose(DropReason why) {
    if (copies > 0) --copies;
    if (copies == 0) drop_reason = why;
  }
  bool dropped() const { return copies == 0; }
};

class Impairment {
 public:
  virtual ~Impairment() = default;
  virtual std::string_view name() const = 0;
  virtual void apply(const Packet& packet, Time now, Fate& fate) = 0;
};

// netem "duplicate P [CORR]".
class Duplication final : public Impairment {
 public:
  Duplication(double p, double correlation, Rng rng) : draw_(p, correlation, rng) {}
  std::string_view name() const override { return "duplicate"; }
  void apply(const Packet&, Time, Fate& fate) override {
    if (!fate.is_duplicate && draw_.next()) ++fate.copies;
  }

 private:
  CorrelatedChance draw_;
};

// netem "loss random P [CORR]".
class RandomLoss final : public Impairment {
 public:
  RandomLoss(double p, double correlation, Rng rng) : draw_(p, correlation, rng) {}
  std::string_view name() const override { return "loss"; }
  void apply(const Packet&, Time, Fate& fate) override {
    if (draw_.next()) fate.lose(DropReason::loss);
  }

 private:
  CorrelatedChance draw_;
};

// netem "loss gemodel p [r [1-h [1-k]]]": a Good and a Bad state; p = P(Good->Bad),
// r = P(Bad->Good), loss probability 1-h in Bad and 1-k in Good. The state moves first, then the
// packet meets the new state's loss probability. With 1-h = 1 and 1-k = 0, loss bursts have mean
// length 1/r and the long-run loss rate is p/(p+r).
class GilbertElliottLoss final : public Impairment {
 public:
  GilbertElliottLoss(double p, double r, double loss_in_bad, double loss_in_good, Rng rng)
      : p_(scaled_probability(p)), r_(scaled_probability(r)), h_(scaled_probability(1.0 - loss_in_bad)),
        k1_(scaled_probability(loss_in_good)), rng_(rng) {}
  std::string_view name() const override { return "loss_gemodel"; }
  void apply(const Packet&, Time, Fate& fate) override;
  bool in_bad_state() const { return bad_; }

 private:
  std::uint32_t draw() { return static_cast<std::uint32_t>(rng_.next_u64() >> 32); }
  std::uint32_t p_, r_, h_, k1_;
  Rng rng_;
  bool bad_ = false;
};

// netem "loss state p13 [p31 [p32 [p23 [p14]]]]", the 4-state Markov model of Salsano et al.:
// 1 = received in a gap, 2 = received in a burst, 3 = lost in a burst, 4 = isolated loss in a gap.
class FourStateLoss final : public Impairment {
 public:
  FourStateLoss(double p13, double p31, double p32, double p23, double p14, Rng rng)
      : p13_(scaled_probability(p13)), p31_(scaled_probability(p31)), p32_(scaled_probability(p32)),
        p23_(scaled_probability(p23)), p14_(scaled_probability(p14)), rng_(rng) {}
  std::string_view name() const override { return "loss_state"; }
  void apply(const Packet&, Time, Fate& fate) override;
  int state() const { return state_; }

 private:
  std::uint32_t p13_, p31_, p32_, p23_, p14_;
  Rng rng_;
  int state_ = 1;
};

// Drops exactly the listed packets (1-based count of packets this rule has seen): tests use it to
// reach one retransmission path at a time.
class DropList final : public Impairment {
 public:
  explicit DropList(std::vector<std::uint64_t> which) : which_(std::move(which)) {}
  std::string_view name() const override { return "drop_list"; }
  void apply(const Packet&, Time, Fate& fate) override;

 private:
  std::vector<std::uint64_t> which_;
  std::uint64_t seen_ = 0;
};

// netem "corrupt P [CORR]": flips one random bit of the datagram.
class Corruption final : public Impairment {
 public:
  Corruption(double p, double correlation, Rng rng) : draw_(p, correlation, rng), bits_(Rng(rng.next_u64())) {}
  std::string_view name() const override { return "corrupt"; }
  void apply(const Packet&, Time, Fate& fate) override {
    if (!draw_.next()) return;
    fate.corrupt = true;
    fate.corrupt_bit = bits_.next_u64();
  }

 private:
  CorrelatedChance draw_;
  Rng bits_;  // bit positions, on a stream of their own
};

// netem "reorder P [CORR] gap G": every G-th packet is a candidate (G = 1: every packet) and
// overtakes the delayed ones with probability P. Needs a delay to have any effect.
class Reorder final : public Impairment {
 public:
  Reorder(double p, double correlation, std::uint32_t gap, Rng rng) : gap_(gap == 0 ? 1 : gap), draw_(p, correlation, rng) {}
  std::string_view name() const override { return "reorder"; }
  void apply(const Packet&, Time, Fate& fate) override {
    if (counter_ + 1 < gap_ || !draw_.next()) {
      ++counter_;
      return;
    }
    counter_ = 0;
    fate.overtake = true;
  }

 private:
  std::uint32_t gap_;
  std::uint32_t counter_ = 0;
  CorrelatedChance draw_;
};

// netem "delay TIME [JITTER [CORR]] [distribution NAME]" (correlation as in correlated.hpp).
class Delay final : public Impairment {
 public:
  Delay(Duration latency, Duration jitter, double correlation, DelayDistribution distribution, Rng rng)
      : latency_(latency), jitter_(jitter), draw_(correlation, rng),
        table_(distribution == DelayDistribution::uniform ? nullptr : &DistributionTable::get(distribution)) {}
  std::string_view name() const override { return "delay"; }
  void apply(const Packet&, Time, Fate& fate) override {
    if (fate.overtake) return;
    std::int64_t d = latency_.count();
    if (const std::int64_t j = jitter_.count(); j != 0) {
      const double u = draw_.next();
      // Uniform inline (table_delay's case, the same arithmetic): a call per packet showed.
      d = table_ == nullptr && j > 0 ? d - j + static_cast<std::int64_t>(u * static_cast<double>(2 * j))
                                     : table_delay(d, j, u, table_);
    }
    fate.delay += Duration{d > 0 ? d : 0};
  }

 private:
  Duration latency_;
  Duration jitter_;
  CorrelatedUniform draw_;
  const DistributionTable* table_;
};

}  // namespace udplab::netsim
