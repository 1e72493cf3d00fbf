#include "netsim/impairment.hpp"

#include <algorithm>

namespace udplab::netsim {

void GilbertElliottLoss::apply(const Packet&, Time, Fate& fate) {
  // Two draws per packet, as netem: one for the transition, one for the loss.
  if (!bad_) {
    if (draw() < p_) bad_ = true;
  } else {
    if (draw() < r_) bad_ = false;
  }
  const std::uint32_t u = draw();
  const bool lost = bad_ ? u > h_ : u < k1_;
  if (lost) fate.lose(DropReason::loss);
}

void FourStateLoss::apply(const Packet&, Time, Fate& fate) {
  const std::uint32_t u = static_cast<std::uint32_t>(rng_.next_u64() >> 32);
  // One draw picks the transition out of the current state; a packet is lost when the chain
  // enters or stays in a loss state (3 or 4). State 4 always returns to 1 with the next packet.
  // Sums of probabilities are taken in 64 bits so that p13 + p14 = 1 does not wrap.
  const std::uint64_t x = u;
  switch (state_) {
    case 1:
      if (x < p14_) {
        state_ = 4;
      } else if (x < std::uint64_t{p14_} + p13_) {
        state_ = 3;
      }
      break;
    case 2:
      if (x < p23_) state_ = 3;
      break;
    case 3:
      if (x < p32_) {
        state_ = 2;
      } else if (x < std::uint64_t{p32_} + p31_) {
        state_ = 1;
      }
      break;
    case 4:
      state_ = 1;
      return;  // the packet after an isolated loss gets through
  }
  if (state_ == 3 || state_ == 4) fate.lose(DropReason::loss);
}

void DropList::apply(const Packet&, Time, Fate& fate) {
  ++seen_;
  if (std::find(which_.begin(), which_.end(), seen_) != which_.end()) fate.lose(DropReason::loss);
}

}  // namespace udplab::netsim
