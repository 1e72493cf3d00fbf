#include "netsim/host_runtime.hpp"

namespace udplab::netsim {
namespace {

class SimSocket final : public transport::Socket {
 public:
  SimSocket(Network& network, std::shared_ptr<SocketState> state) : network_(network), state_(std::move(state)) {}
  ~SimSocket() override { network_.unbind(*state_); }

  net::Endpoint local_endpoint() const override { return state_->local; }
  std::error_code connect(const net::Endpoint& peer) override {
    if (state_->closed) return std::make_error_code(std::errc::bad_file_descriptor);
    network_.connect(*state_, peer);
    return {};
  }
  std::error_code send_to(const net::Endpoint& to, std::span<const std::byte> payload) override {
    return network_.send(*state_, to, payload);
  }
  std::error_code set_broadcast(bool on) override {
    state_->options.broadcast = on;
    return {};
  }
  void start_receiving(ReceiveHandler rx, ErrorHandler err) override {
    if (state_->closed) return;
    state_->on_datagram = std::move(rx);
    state_->on_error = std::move(err);
    network_.start_receiving(state_);
  }
  void close() override { network_.unbind(*state_); }

 private:
  Network& network_;
  std::shared_ptr<SocketState> state_;
};

class SimTimer final : public transport::Timer {
 public:
  explicit SimTimer(HostRuntime& runtime) : runtime_(runtime), slot_(runtime.acquire_timer_slot()) {}
  ~SimTimer() override { runtime_.release_timer_slot(slot_); }

  void arm(Time deadline, Handler handler) override {
    slot_.handler = std::move(handler);
    slot_.events->schedule(deadline, slot_, ++slot_.generation);
  }
  void cancel() override {
    ++slot_.generation;
    slot_.handler = nullptr;
  }

 private:
  HostRuntime& runtime_;
  HostRuntime::TimerSlot& slot_;
};

}  // namespace

void HostRuntime::TimerSlot::on_event(std::uint64_t gen) {
  if (gen != generation || !handler) return;
  auto h = std::move(handler);
  handler = nullptr;
  h();
}

HostRuntime::TimerSlot& HostRuntime::acquire_timer_slot() {
  if (!free_timer_slots_.empty()) {
    TimerSlot* s = free_timer_slots_.back();
    free_timer_slots_.pop_back();
    return *s;
  }
  TimerSlot& s = timer_slots_.emplace_back();
  s.events = &network_.events();
  return s;
}

void HostRuntime::release_timer_slot(TimerSlot& slot) {
  ++slot.generation;
  slot.handler = nullptr;
  free_timer_slots_.push_back(&slot);
}

std::expected<std::unique_ptr<transport::Socket>, std::error_code> HostRuntime::bind(const net::Endpoint& local,
                                                                                    const transport::BindOptions& options) {
  auto state = network_.bind(host_, local, options);
  if (!state) return std::unexpected(state.error());
  return std::make_unique<SimSocket>(network_, std::move(*state));
}

std::unique_ptr<transport::Timer> HostRuntime::make_timer() { return std::make_unique<SimTimer>(*this); }

void HostRuntime::post(std::function<void()> fn) { network_.events().schedule(now(), std::move(fn)); }

}  // namespace udplab::netsim
