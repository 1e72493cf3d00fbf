// The chat client and the chat room as workloads.
//
// The client's socket is connected to its peer unless asked otherwise, so that "nothing listens
// there" arrives as connection refused; lines typed or scripted reach the engine through
// enqueue()/end_input(), which send at once what the engine queued.
#pragma once

#include <memory>

#include "chat/chat_client.hpp"
#include "chat/chat_room.hpp"
#include "transport/driver.hpp"
#include "workload/workload.hpp"

namespace udplab::workload {

struct ChatClientOptions {
  net::Endpoint bind;   // default: any address of the peer's family, ephemeral port
  bool connect = true;
};

class ChatClientWorkload final : public Workload {
 public:
  ChatClientWorkload(transport::Runtime& runtime, chat::ClientConfig config, ChatClientOptions options = {});
  void on_event(std::function<void(const chat::ClientEvent&)> fn) { on_event_ = std::move(fn); }

  std::optional<std::string> start() override;
  bool finite() const override { return true; }
  bool finished() const override { return engine_.finished(); }
  void stop() override;
  void fill_report(v1::WorkloadReport& report) const override;

  // Commands: a step typed or scripted; the end of the input (linger, then leave).
  void enqueue(chat::ScriptStep step);
  void end_input();
  const chat::ChatClient& engine() const { return engine_; }
  net::Endpoint local_endpoint() const { return local_; }

 private:
  template <class Fn>
  void command(Fn&& fn);

  transport::Runtime& runtime_;
  chat::ChatClient engine_;
  ChatClientOptions options_;
  net::Endpoint local_;
  std::unique_ptr<transport::Driver<chat::ChatClient>> driver_;
  std::function<void(const chat::ClientEvent&)> on_event_;
};

class ChatRoomWorkload final : public Workload {
 public:
  ChatRoomWorkload(transport::Runtime& runtime, chat::RoomConfig config, net::Endpoint bind);
  void on_event(std::function<void(const chat::RoomEvent&)> fn) { on_event_ = std::move(fn); }

  std::optional<std::string> start() override;
  bool finite() const override { return false; }
  bool finished() const override { return false; }
  void stop() override;
  void fill_report(v1::WorkloadReport& report) const override;
  const chat::ChatRoom& engine() const { return engine_; }
  net::Endpoint local_endpoint() const { return local_; }

 private:
  transport::Runtime& runtime_;
  chat::ChatRoom engine_;
  net::Endpoint bind_;
  net::Endpoint local_;
  std::unique_ptr<transport::Driver<chat::ChatRoom>> driver_;
  std::function<void(const chat::RoomEvent&)> on_event_;
};

}  // namespace udplab::workload
