#include "live/live_runtime.hpp"

#include <algorithm>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "live/live_socket.hpp"

#if !defined(_WIN32)
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#endif

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
  std::vector<net::IpAddress> out;
#if !defined(_WIN32)
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return out;
  auto v4 = [](const sockaddr* sa) {
    return net::IpAddress::v4(ntohl(reinterpret_cast<const sockaddr_in*>(sa)->sin_addr.s_addr));
  };
  auto add = [&out](const net::IpAddress& a) {
    if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
  };
  for (ifaddrs* i = list; i != nullptr; i = i->ifa_next) {
    if (i->ifa_addr == nullptr || i->ifa_addr->sa_family != AF_INET) continue;
    if (!(i->ifa_flags & IFF_BROADCAST)) continue;
    const net::IpAddress address = v4(i->ifa_addr);
    // The kernel treats address | ~netmask as a broadcast address of the subnet (below /31) even
    // when no broadcast address was configured (`ip addr add 10.0.1.7/24` without `brd +`); then
    // getifaddrs reports no usable ifa_broadaddr (glibc leaves the interface address there).
    if (i->ifa_netmask != nullptr)
      if (auto length = net::mask_prefix_length(v4(i->ifa_netmask)); length && *length < 31)
        add(net::Prefix{address, *length}.broadcast());
    if (i->ifa_broadaddr != nullptr) {
      const net::IpAddress configured = v4(i->ifa_broadaddr);
      if (configured != address && !configured.is_unspecified()) add(configured);
    }
  }
  ::freeifaddrs(list);
#endif
  // Windows: interface broadcast addresses are not enumerated yet; only the limited broadcast
  // address and multicast sources are refused there.
  return out;
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

void LiveRuntime::on_signal(std::function<void(int)> handler) {
  impl_->signal_handler = std::move(handler);
  if (!impl_->signals) {
    impl_->signals = std::make_unique<asio::signal_set>(impl_->io, SIGINT, SIGTERM);
    impl_->wait_signal();
  }
}

}  // namespace udplab::live
