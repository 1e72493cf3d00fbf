#include "control/run.hpp"

#include <chrono>

namespace udplab::control {

double unix_now_s() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

Run::Run(std::string id, v1::RunKind kind, std::string description) : id_(std::move(id)) {
  info_.set_run_id(id_);
  info_.set_kind(kind);
  info_.set_state(v1::RUNNING);
  info_.set_description(std::move(description));
  info_.set_started_unix_s(unix_now_s());
}

Run::~Run() {
  request_cancel();
  join();
}

void Run::join() {
  if (worker_.joinable()) worker_.join();
}

v1::RunInfo Run::info() const {
  std::lock_guard lock(mutex_);
  v1::RunInfo copy = info_;
  copy.set_events(log_.size());
  return copy;
}

bool Run::running() const {
  std::lock_guard lock(mutex_);
  return info_.state() == v1::RUNNING;
}

double Run::elapsed_s() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
}

void Run::finish(v1::RunState state, std::string error, v1::RunReport report) {
  v1::RunInfo final_info;
  {
    std::lock_guard lock(mutex_);
    info_.set_state(state);
    info_.set_error(std::move(error));
    info_.set_finished_unix_s(unix_now_s());
    final_info = info_;
    report_ = std::move(report);
  }
  final_info.set_events(log_.size() + 1);
  *report_->mutable_info() = final_info;
  v1::RunEvent e;
  e.set_time_s(elapsed_s());
  *e.mutable_state() = final_info;
  log_.append(std::move(e));
  log_.close();
}

std::optional<v1::RunReport> Run::report() const {
  std::lock_guard lock(mutex_);
  if (!report_) return std::nullopt;
  v1::RunReport copy = *report_;
  *copy.mutable_info() = info_;
  copy.mutable_info()->set_events(log_.size());
  return copy;
}

void Run::set_traces(std::string jsonl, std::string pcapng, bool overflowed) {
  std::lock_guard lock(mutex_);
  jsonl_ = std::move(jsonl);
  pcapng_ = std::move(pcapng);
  has_traces_ = true;
  traces_overflowed_ = overflowed;
}

Run::TraceStatus Run::trace(v1::TraceFormat format, std::string& out) const {
  std::lock_guard lock(mutex_);
  if (info_.state() == v1::RUNNING) return TraceStatus::running;
  if (!has_traces_) return TraceStatus::none;
  if (traces_overflowed_) return TraceStatus::overflowed;
  out = format == v1::PCAPNG ? pcapng_ : jsonl_;
  return TraceStatus::ready;
}

}  // namespace udplab::control
