#include "workload/chat_workloads.hpp"

#include "report/chat_report.hpp"

namespace udplab::workload {

ChatClientWorkload::ChatClientWorkload(transport::Runtime& runtime, chat::ClientConfig config, ChatClientOptions options)
    : runtime_(runtime), engine_(std::move(config)), options_(options) {
  if (options_.bind.address.is_unspecified() && engine_.config().peer.address.is_v6())
    options_.bind.address = net::IpAddress::any(net::Family::v6);
}

std::optional<std::string> ChatClientWorkload::start() {
  auto socket = open_socket(runtime_, options_.bind,
                                   options_.connect ? std::optional(engine_.config().peer) : std::nullopt);
  if (!socket) return socket.error();
  local_ = (*socket)->local_endpoint();
  driver_ = drive(runtime_, std::move(*socket), engine_, on_event_);
  return std::nullopt;
}

template <class Fn>
void ChatClientWorkload::command(Fn&& fn) {
  if (driver_)
    driver_->command(std::forward<Fn>(fn));
  else
    fn(engine_, runtime_.now());
}

void ChatClientWorkload::enqueue(chat::ScriptStep step) {
  command([&step](chat::ChatClient& c, Time now) { c.enqueue(now, std::move(step)); });
}

void ChatClientWorkload::end_input() {
  command([](chat::ChatClient& c, Time now) { c.end_input(now); });
}

// Says goodbye: the leave datagram goes out before the socket closes.
void ChatClientWorkload::stop() { stop_driven(runtime_, driver_, engine_); }

void ChatClientWorkload::fill_report(v1::WorkloadReport& report) const {
  report.set_finished(engine_.finished());
  *report.mutable_chat_client() = report::make_chat_client_report(engine_);
}

ChatRoomWorkload::ChatRoomWorkload(transport::Runtime& runtime, chat::RoomConfig config, net::Endpoint bind)
    : runtime_(runtime), engine_(std::move(config)), bind_(bind) {}

std::optional<std::string> ChatRoomWorkload::start() {
  auto socket = open_socket(runtime_, bind_, std::nullopt);
  if (!socket) return socket.error();
  local_ = (*socket)->local_endpoint();
  driver_ = drive(runtime_, std::move(*socket), engine_, on_event_);
  return std::nullopt;
}

void ChatRoomWorkload::stop() { stop_driven(runtime_, driver_, engine_); }

void ChatRoomWorkload::fill_report(v1::WorkloadReport& report) const {
  report.set_finished(false);
  *report.mutable_chat_room() = report::make_chat_room_report(engine_, local_.to_string());
}

}  // namespace udplab::workload
