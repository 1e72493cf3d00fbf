// Impairments: the rules a link direction applies to each packet, in order.
//
// Each rule looks at the packet and adds to its Fate: drop it (with a reason), make extra copies,
// corrupt it, delay it, or let it overtake (netem's reorder). A new impairment is one new rule.
// Every rule that draws random numbers owns its own stream, so changing one rule's parameters does
// not change the draws of another.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "netsim/packet.hpp"
#include "netsim/random.hpp"
#include "netsim/trace.hpp"
#include "transport/time.hpp"

namespace udplab::netsim {

struct Fate {
  DropReason drop = DropReason::none;
  unsigned extra_copies = 0;
  bool corrupt = false;
  Duration delay{0};
  bool overtake = false;  // reordered: leaves at once instead of after the delay
  bool is_duplicate = false;  // set by the pipeline for copies it made
};

class Impairment {
 public:
  virtual ~Impairment() = default;
  virtual std::string_view name() const = 0;
  virtual void apply(const Packet& packet, Time now, Fate& fate) = 0;
};

// Drops each packet independently with probability p (0..1).
class BernoulliLoss final : public Impairment {
 public:
  BernoulliLoss(double p, Rng rng) : p_(p), rng_(rng) {}
  std::string_view name() const override { return "loss"; }
  void apply(const Packet&, Time, Fate& fate) override {
    if (rng_.chance(p_)) fate.drop = DropReason::loss;
  }

 private:
  double p_;
  Rng rng_;
};

// Drops exactly the listed datagrams (1-based count of packets seen by this rule): tests use it to
// reach one retransmission path at a time.
class DropList final : public Impairment {
 public:
  explicit DropList(std::vector<std::uint64_t> which) : which_(std::move(which)) {}
  std::string_view name() const override { return "drop_list"; }
  void apply(const Packet&, Time, Fate& fate) override {
    ++seen_;
    for (auto n : which_)
      if (n == seen_) fate.drop = DropReason::loss;
  }

 private:
  std::vector<std::uint64_t> which_;
  std::uint64_t seen_ = 0;
};

// A constant delay.
class FixedDelay final : public Impairment {
 public:
  explicit FixedDelay(Duration d) : d_(d) {}
  std::string_view name() const override { return "delay"; }
  void apply(const Packet&, Time, Fate& fate) override { fate.delay += d_; }

 private:
  Duration d_;
};

// netem's reorder: with `gap` g (>= 1), every g-th packet is a candidate and overtakes the delayed
// ones with probability p; with g == 1 every packet is a candidate. Needs a delay to have effect.
class NetemReorder final : public Impairment {
 public:
  NetemReorder(double p, std::uint32_t gap, Rng rng) : p_(p), gap_(gap == 0 ? 1 : gap), rng_(rng) {}
  std::string_view name() const override { return "reorder"; }
  void apply(const Packet&, Time, Fate& fate) override {
    if (counter_ + 1 < gap_ || !rng_.chance(p_)) {
      ++counter_;
      return;
    }
    counter_ = 0;
    fate.overtake = true;
  }

 private:
  double p_;
  std::uint32_t gap_;
  std::uint32_t counter_ = 0;
  Rng rng_;
};

}  // namespace udplab::netsim
