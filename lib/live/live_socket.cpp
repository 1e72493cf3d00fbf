// The live socket's setup and its face: open, bind, connect, socket options, close; LiveSocket,
// the transport::Socket over a SocketState; open_live_socket. Receiving and sending are in the
// files socket_state.hpp lists.
#include "live/live_socket.hpp"

#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/socket_base.hpp>

#include "live/asio_convert.hpp"
#include "live/socket_platform.hpp"
#include "live/socket_state.hpp"

namespace udplab::live {
namespace asio = boost::asio;
using asio::ip::udp;

bool batch_io_available() { return UDPLAB_HAVE_MMSG != 0; }
bool coalesced_receives_available() { return UDPLAB_HAVE_GRO != 0; }

namespace detail {

std::error_code SocketState::open(const net::Endpoint& local, const transport::BindOptions& o) {
  boost::system::error_code ec;
  udp::endpoint ep = to_asio(local);
  v6_ = ep.address().is_v6();
  sock_.open(ep.protocol(), ec);
  if (ec) return ec;
  // Set both ways, before bind: the default differs (Linux: off unless the sysctl says
  // otherwise; Windows: on), and a "::" socket must serve IPv4 exactly when asked to.
  if (v6_) sock_.set_option(asio::ip::v6_only(o.v6_only), ec);
  if (ec) return ec;
  // Address reuse (SO_REUSEADDR; on Windows SO_EXCLUSIVEADDRUSE unless reuse is asked for) and
  // the platform's own UDP rules (Windows: no "connection reset" after an ICMP port unreachable).
  if (auto e = platform::prepare_for_bind(sock_, o)) return e;
  if (o.broadcast) sock_.set_option(asio::socket_base::broadcast(true), ec);
  if (!ec && o.receive_buffer) sock_.set_option(asio::socket_base::receive_buffer_size(static_cast<int>(o.receive_buffer)), ec);
  if (!ec && o.send_buffer) sock_.set_option(asio::socket_base::send_buffer_size(static_cast<int>(o.send_buffer)), ec);
  if (ec) return ec;
  if (o.name_unreachable) name_unreachable_ = platform::name_unreachable(sock_, v6_);
  if (auto bound = platform::bind(sock_, ep)) return bound;
  sock_.non_blocking(true, ec);
  batch_ = live_.batch_io && UDPLAB_HAVE_MMSG && live_.batch_size > 1;
  gro_available_ = batch_ && UDPLAB_HAVE_GRO;
  return ec;
}

net::Endpoint SocketState::local_endpoint() const {
  boost::system::error_code ec;
  auto ep = sock_.local_endpoint(ec);
  return ec ? net::Endpoint{} : from_asio(ep);
}

std::error_code SocketState::connect(const net::Endpoint& peer) {
  boost::system::error_code ec;
  sock_.connect(to_asio(sendable(peer)), ec);
  if (ec) return ec;
  connected_ = true;
  platform::after_connect(sock_);
  return {};
}

template <class Option>
std::optional<std::size_t> SocketState::buffer_size() const {
  boost::system::error_code ec;
  Option size;
  sock_.get_option(size, ec);
  if (ec || size.value() <= 0) return std::nullopt;
  return static_cast<std::size_t>(size.value());
}

std::optional<std::size_t> SocketState::receive_buffer_size() const {
  return buffer_size<asio::socket_base::receive_buffer_size>();
}
std::optional<std::size_t> SocketState::send_buffer_size() const {
  return buffer_size<asio::socket_base::send_buffer_size>();
}

std::error_code SocketState::set_broadcast(bool on) {
  boost::system::error_code ec;
  sock_.set_option(asio::socket_base::broadcast(on), ec);
  return ec;
}

void SocketState::start(transport::Socket::ReceiveHandler rx, transport::Socket::ErrorHandler err) {
  on_datagram_ = std::move(rx);
  on_error_ = std::move(err);
  if (!receiving_) {
    receiving_ = true;
    wait_read();
  }
}

void SocketState::close() {
  if (closed_) return;
  // Sends made while datagrams were being delivered wait for the end of the batch; a handler that
  // sends and then closes (an engine's last words: a TFTP ERROR 3 as the transfer fails) must not
  // lose them. What the socket buffer cannot take at once is dropped.
  flush();
  closed_ = true;
  boost::system::error_code ec;
  sock_.close(ec);
  on_datagram_ = nullptr;
  on_error_ = nullptr;
  queued_.clear();
  spare_.clear();
}

net::Endpoint SocketState::sendable(const net::Endpoint& to) const {
  if (!v6_ || !to.address.is_v4()) return to;
  net::IpAddress::V6Bytes b{};
  b[10] = b[11] = 0xFF;
  for (std::size_t i = 0; i < 4; ++i) b[12 + i] = to.address.raw_bytes()[i];
  return {net::IpAddress::v6(b), to.port};
}

}  // namespace detail

namespace {

class LiveSocket final : public transport::Socket {
 public:
  explicit LiveSocket(std::shared_ptr<detail::SocketState> s) : s_(std::move(s)) {}
  ~LiveSocket() override { s_->close(); }
  net::Endpoint local_endpoint() const override { return s_->local_endpoint(); }
  std::error_code connect(const net::Endpoint& peer) override { return s_->connect(peer); }
  std::error_code send_to(const net::Endpoint& to, std::span<const std::byte> p) override { return s_->send_to(to, p); }
  std::error_code set_broadcast(bool on) override { return s_->set_broadcast(on); }
  void start_receiving(ReceiveHandler rx, ErrorHandler err) override { s_->start(std::move(rx), std::move(err)); }
  void close() override { s_->close(); }
  void flush_sends() override { s_->flush_sends(); }
  std::optional<std::size_t> receive_buffer_size() const override { return s_->receive_buffer_size(); }
  std::optional<std::size_t> send_buffer_size() const override { return s_->send_buffer_size(); }
  ReceiveStats receive_stats() const { return s_->receive_stats(); }

 private:
  std::shared_ptr<detail::SocketState> s_;
};

}  // namespace

std::optional<ReceiveStats> receive_stats(const transport::Socket& socket) {
  if (const auto* live = dynamic_cast<const LiveSocket*>(&socket)) return live->receive_stats();
  return std::nullopt;
}

std::expected<std::unique_ptr<transport::Socket>, std::error_code> open_live_socket(
    asio::io_context& io, const LiveOptions& live, const net::Endpoint& local, const transport::BindOptions& options) {
  auto state = std::make_shared<detail::SocketState>(io, live);
  if (auto ec = state->open(local, options)) return std::unexpected(ec);
  return std::make_unique<LiveSocket>(std::move(state));
}

}  // namespace udplab::live
