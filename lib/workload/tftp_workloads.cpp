#include "workload/tftp_workloads.hpp"

#include <algorithm>

#include "report/echo_report.hpp"
#include "report/tftp_report.hpp"
#include "tftp/hashing_file.hpp"

namespace udplab::workload {
namespace {

// A window's worth of datagrams must fit the socket's receive queue, or the kernel drops the end
// of every window (atftp's windowed transfers collapse that way, see FACTS.md).
std::size_t socket_buffer_for(const tftp::ClientConfig& c) {
  const std::uint64_t window = std::uint64_t{c.windowsize.value_or(1)} * (c.blksize.value_or(512) + 64);
  return static_cast<std::size_t>(std::clamp<std::uint64_t>(2 * window, 256 * 1024, 64ull << 20));
}

// The receive buffer a window must fit in (ClientConfig::window_budget): a download's is our own
// socket's, less a margin for what the kernel's accounting adds beyond receive_buffer_cost; an
// upload's is the server's, whose size we cannot learn. A socket without a kernel buffer (netsim)
// has nothing to overflow.
std::optional<std::uint64_t> window_budget(tftp::Direction direction, const transport::Socket& socket) {
  const auto own = socket.receive_buffer_size();
  if (!own) return std::nullopt;
  if (direction == tftp::Direction::write) return tftp::kDefaultWindowBudget;
  return *own - *own / 8;
}

std::string outcome_of(const tftp::Transfer& t) {
  if (t.succeeded()) return "ok";
  if (!t.failure()) return "unfinished";
  return std::string(tftp::to_string(t.failure()->kind)) + ": " + t.failure()->message;
}

}  // namespace

// ---- client ----

TftpClientWorkload::TftpClientWorkload(transport::Runtime& runtime, TftpClientSetup setup,
                                       std::unique_ptr<tftp::WriteFile> sink)
    : runtime_(runtime),
      setup_(std::move(setup)),
      engine_(setup_.config, setup_.hash ? tftp::hash_writes(std::move(sink), digest_) : std::move(sink)) {}

TftpClientWorkload::TftpClientWorkload(transport::Runtime& runtime, TftpClientSetup setup,
                                       std::unique_ptr<tftp::ReadFile> source)
    : runtime_(runtime),
      setup_(std::move(setup)),
      engine_(setup_.config, setup_.hash ? tftp::hash_reads(std::move(source), digest_) : std::move(source)) {}

std::optional<std::string> TftpClientWorkload::start() {
  net::Endpoint bind = setup_.bind;
  if (bind.address.is_unspecified() && setup_.config.server.address.is_v6())
    bind.address = net::IpAddress::any(net::Family::v6);
  transport::BindOptions options;
  options.receive_buffer = options.send_buffer = socket_buffer_for(setup_.config);
  options.name_unreachable = true;  // a closed server port ends the request at once (Client::on_error)
  // Not connected: the server answers from a port of its own (its transfer ID).
  auto socket = open_socket(runtime_, bind, std::nullopt, options);
  if (!socket) return socket.error();
  if (auto budget = window_budget(engine_.direction(), **socket)) engine_.set_window_budget(*budget);
  engine_.set_events_enabled(on_event_ != nullptr);
  engine_.defer_writes_until_sent();  // the Driver calls after_transmit
  driver_ = drive(runtime_, std::move(*socket), engine_, on_event_);
  return std::nullopt;
}

void TftpClientWorkload::stop() { stop_driven(runtime_, driver_, engine_); }

v1::TftpTransferReport TftpClientWorkload::report() const {
  report::TftpTransferInfo info;
  info.operation = engine_.direction() == tftp::Direction::read ? "get" : "put";
  info.server = setup_.config.server.to_string();
  info.remote = setup_.config.remote;
  info.local = setup_.local;
  info.mode = setup_.config.mode;
  info.peer = engine_.peer();
  info.stats = engine_.stats();
  info.ok = engine_.succeeded();
  info.failure = engine_.failure();
  if (info.ok) info.sha256 = *digest_;
  info.expected_sha256 = setup_.expected_sha256;
  return report::make_tftp_transfer_report(info);
}

void TftpClientWorkload::fill_report(v1::WorkloadReport& report) const {
  report.set_finished(engine_.finished());
  *report.mutable_tftp() = this->report();
}

// ---- server ----

TftpServerWorkload::TftpServerWorkload(transport::Runtime& runtime, std::shared_ptr<tftp::FileStore> store,
                                       TftpServerSetup setup)
    : runtime_(runtime), store_(std::move(store)), setup_(std::move(setup)), listener_(setup_.listener) {}

TftpServerWorkload::~TftpServerWorkload() { *alive_ = false; }

std::optional<std::string> TftpServerWorkload::start() {
  auto socket = open_socket(runtime_, setup_.bind, std::nullopt);
  if (!socket) return socket.error();
  local_ = (*socket)->local_endpoint();
  totals_.set_bind(local_.to_string());
  listener_.set_events_enabled(true);
  listener_driver_ = drive(runtime_, std::move(*socket), listener_, [this](const tftp::ListenerEvent& e) {
    if (const auto* r = std::get_if<tftp::listener_event::Request>(&e)) on_request(*r);
  });
  return std::nullopt;
}

void TftpServerWorkload::on_request(const tftp::listener_event::Request& request) {
  for (const auto& [id, s] : sessions_) {
    if (s->engine.client() == request.from && !s->engine.finished() && !s->engine.heard_from_peer()) {
      listener_.session_ended();  // the client repeated its request: the session answers it
      return;
    }
  }
  auto socket = runtime_.bind({setup_.bind.address, 0}, setup_.session_socket);
  if (!socket) {
    listener_.session_ended();
    std::vector<std::byte> error;
    if (!tftp::encode(tftp::Error{tftp::ErrorCode::not_defined, "Server cannot open a socket: " + socket.error().message()},
                      error))
      listener_driver_->socket().send_to(request.from, error);
    return;
  }
  const std::uint64_t id = next_id_++;
  tftp::SessionConfig config = setup_.session;
  // An upload's window arrives in this socket: it may be as large as the buffer the kernel granted
  // it (less the margin a download keeps, see window_budget), not just a client's default one.
  if (auto own = (*socket)->receive_buffer_size(); own && !config.upload_window_bytes)
    config.upload_window_bytes = *own - *own / 8;
  // A download's window leaves through it: keep it within 3/8 of the send buffer (see
  // ServerLimits::max_send_window_bytes), unless the operator set a cap of their own.
  if (auto send = (*socket)->send_buffer_size(); send && config.limits.max_send_window_bytes == 0)
    config.limits.max_send_window_bytes = *send / 8 * 3;
  auto session = std::make_unique<Session>(request.request, request.from, *store_, config);
  session->engine.set_events_enabled(false);  // Done and Failed still come; the log is built from getters
  session->engine.defer_writes_until_sent();  // the Driver calls after_transmit
  Session& started = *session;
  sessions_.emplace(id, std::move(session));
  totals_.set_requests(totals_.requests() + 1);
  totals_.set_max_concurrent(std::max<std::uint32_t>(totals_.max_concurrent(), static_cast<std::uint32_t>(sessions_.size())));
  // Registered before it starts: a session can end in its first step (file not found).
  started.driver = drive(runtime_, std::move(*socket), started.engine, {}, [this, id] { finish_session(id); });
}

void TftpServerWorkload::finish_session(std::uint64_t id) {
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return;
  const tftp::ServerSession& e = it->second->engine;
  const auto& st = e.stats();
  v1::TftpServerTransfer t;
  t.set_peer(e.client().to_string());
  t.set_file(e.filename());
  const bool read = e.direction() == tftp::Direction::read;
  t.set_operation(read ? "read" : "write");
  t.set_mode(std::string(tftp::to_string(std::visit([](const auto& r) { return r.mode; }, e.request()))));
  t.set_options(e.acknowledged_options());
  t.set_bytes(st.file_bytes);
  t.set_duration_s(report::to_report_seconds(st.duration));
  t.set_retransmissions(st.retransmissions);
  t.set_outcome(outcome_of(e));
  if (e.succeeded()) totals_.set_completed(totals_.completed() + 1);
  else totals_.set_failed(totals_.failed() + 1);
  if (read) totals_.set_bytes_sent(totals_.bytes_sent() + st.bytes);
  else totals_.set_bytes_received(totals_.bytes_received() + st.bytes);
  totals_.set_retransmissions(totals_.retransmissions() + st.retransmissions);
  listener_.session_ended();
  record(std::move(t));
  // Destroyed from the loop: we are inside this session's driver right now.
  runtime_.post([this, id, alive = std::weak_ptr<bool>(alive_)] {
    if (alive.lock()) sessions_.erase(id);
  });
}

void TftpServerWorkload::record(v1::TftpServerTransfer transfer) {
  if (on_transfer_) on_transfer_(transfer);
  log_.push_back(std::move(transfer));
  while (log_.size() > setup_.log_capacity) log_.pop_front();
}

void TftpServerWorkload::stop() {
  for (auto& [id, s] : sessions_)
    s->driver->stop([](tftp::ServerSession& e, Time now) { e.stop(now, "Server shutting down"); });
  stop_driven(runtime_, listener_driver_, listener_);
}

v1::TftpServerReport TftpServerWorkload::report() const {
  v1::TftpServerReport r = totals_;
  const auto& ls = listener_.stats();
  r.set_malformed(ls.malformed);
  r.set_busy(ls.busy);
  r.set_rate_limited(ls.rate_limited);
  for (const auto& t : log_) *r.add_transfers() = t;
  if (on_report_) on_report_(r);
  return r;
}

void TftpServerWorkload::fill_report(v1::WorkloadReport& report) const { *report.mutable_tftp_server() = this->report(); }

}  // namespace udplab::workload
