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
    state_->peer = peer;
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
  explicit SimTimer(EventQueue& events) : events_(events), state_(std::make_shared<State>()) {}
  ~SimTimer() override { cancel(); }

  void arm(Time deadline, Handler handler) override {
    state_->handler = std::move(handler);
    const std::uint64_t gen = ++state_->generation;
    events_.schedule(deadline, [s = state_, gen] {
      if (gen != s->generation || !s->handler) return;
      auto h = std::move(s->handler);
      s->handler = nullptr;
      h();
    });
  }
  void cancel() override {
    ++state_->generation;
    state_->handler = nullptr;
  }

 private:
  struct State {
    Handler handler;
    std::uint64_t generation = 0;
  };
  EventQueue& events_;
  std::shared_ptr<State> state_;
};

}  // namespace

std::expected<std::unique_ptr<transport::Socket>, std::error_code> HostRuntime::bind(const net::Endpoint& local,
                                                                                    const transport::BindOptions& options) {
  auto state = network_.bind(host_, local, options);
  if (!state) return std::unexpected(state.error());
  return std::make_unique<SimSocket>(network_, std::move(*state));
}

std::unique_ptr<transport::Timer> HostRuntime::make_timer() { return std::make_unique<SimTimer>(network_.events()); }

void HostRuntime::post(std::function<void()> fn) { network_.events().schedule(now(), std::move(fn)); }

}  // namespace udplab::netsim
