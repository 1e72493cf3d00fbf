#include "live/live_runtime.hpp"

#include <csignal>
#include <utility>  // before Asio: Boost 1.74's Asio uses std::exchange without including it

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "live/interfaces.hpp"
#include "live/live_socket.hpp"

namespace udplab::live {
namespace asio = boost::asio;

struct LiveRuntime::Impl {
  explicit Impl(LiveOptions o) : options(o) {}
  LiveOptions options;
  asio::io_context io{1};
  std::unique_ptr<asio::signal_set> signals;
  std::function<void(int)> signal_handler;

  void wait_signal() {
    signals->async_wait([this](const boost::system::error_code& ec, int sig) {
      if (ec) return;
      if (signal_handler) signal_handler(sig);
      wait_signal();
    });
  }
};

namespace {

std::chrono::steady_clock::time_point to_steady(Time t) {
  return std::chrono::steady_clock::time_point(
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(t.time_since_epoch()));
}

class LiveTimer final : public transport::Timer {
 public:
  explicit LiveTimer(asio::io_context& io) : state_(std::make_shared<State>(io)) {}
  ~LiveTimer() override { cancel(); }

  void arm(Time deadline, Handler handler) override {
    state_->handler = std::move(handler);
    ++state_->generation;
    state_->timer.expires_at(to_steady(deadline));
    state_->timer.async_wait([s = state_, gen = state_->generation](const boost::system::error_code& ec) {
      if (ec || gen != s->generation || !s->handler) return;
      auto h = std::move(s->handler);
      s->handler = nullptr;
      h();
    });
  }

  void cancel() override {
    ++state_->generation;
    state_->handler = nullptr;
    state_->timer.cancel();
  }

 private:
  struct State {
    explicit State(asio::io_context& io) : timer(io) {}
    asio::steady_timer timer;
    Handler handler;
    std::uint64_t generation = 0;
  };
  std::shared_ptr<State> state_;
};

}  // namespace

LiveRuntime::LiveRuntime(LiveOptions options) : impl_(std::make_unique<Impl>(options)) {}
LiveRuntime::~LiveRuntime() = default;

Time LiveRuntime::now() const {
  auto since = std::chrono::steady_clock::now().time_since_epoch();
  return Time{std::chrono::duration_cast<Duration>(since)};
}

std::expected<std::unique_ptr<transport::Socket>, std::error_code> LiveRuntime::bind(
    const net::Endpoint& local, const transport::BindOptions& options) {
  return open_live_socket(impl_->io, impl_->options, local, options);
}

std::unique_ptr<transport::Timer> LiveRuntime::make_timer() { return std::make_unique<LiveTimer>(impl_->io); }

std::vector<net::IpAddress> LiveRuntime::broadcast_addresses() const {
  return directed_broadcasts(broadcast_capable_addresses());
}

void LiveRuntime::post(std::function<void()> fn) { asio::post(impl_->io, std::move(fn)); }

void LiveRuntime::run() {
  impl_->io.restart();
  impl_->io.run();
}

void LiveRuntime::run_for(Duration d) {
  impl_->io.restart();
  impl_->io.run_for(std::chrono::duration_cast<std::chrono::steady_clock::duration>(d));
}

void LiveRuntime::stop() { impl_->io.stop(); }

// On Windows, Asio's signal_set installs its handler with the C runtime's signal(): the runtime
// raises SIGINT for a console's Ctrl-C (CTRL_C_EVENT) and SIGBREAK for Ctrl-Break, on a thread of
// its own, and Asio's handler posts the signal to the loop (and installs itself again, as signal()
// asks). Closing the console window and SIGTERM (never raised by Windows itself) are not caught:
// the program then ends without its summary. Wine can send no Ctrl-Break and its C runtime raises
// no SIGBREAK, so only Ctrl-C is tested there (docs/building.md, "Under Wine").
void LiveRuntime::on_signal(std::function<void(int)> handler) {
  impl_->signal_handler = std::move(handler);
  if (!impl_->signals) {
    impl_->signals = std::make_unique<asio::signal_set>(impl_->io, SIGINT, SIGTERM);
#if defined(SIGBREAK)  // the C runtime's name for Ctrl-Break (Windows)
    impl_->signals->add(SIGBREAK);
#endif
    impl_->wait_signal();
  }
}

}  // namespace udplab::live
