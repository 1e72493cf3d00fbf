#include "chat_input.hpp"

#include <chrono>
#include <mutex>

#include "terminal.hpp"

namespace udplab::cli {

struct StdinReader::Shared {
  explicit Shared(StdinReader* o) : owner(o) {}
  std::mutex mutex;
  bool stopped = false;  // the owner is gone (or going): post nothing more
  StdinReader* owner;
  terminal::Input input;
};

StdinReader::StdinReader(transport::Runtime& runtime, std::function<void(std::string)> on_bytes,
                         std::function<void()> on_end)
    : runtime_(runtime),
      on_bytes_(std::move(on_bytes)),
      on_end_(std::move(on_end)),
      shared_(std::make_shared<Shared>(this)),
      thread_(&StdinReader::run, shared_) {}

StdinReader::~StdinReader() {
  {
    std::lock_guard lock(shared_->mutex);
    shared_->stopped = true;
  }
  if (shared_->input.interrupt())
    thread_.join();
  else
    thread_.detach();  // it keeps `shared` alive and returns when its read does
}

void StdinReader::run(std::shared_ptr<Shared> shared) {
  char buffer[4096];
  for (;;) {
    const terminal::Input::Chunk chunk = shared->input.read(buffer, std::chrono::milliseconds(100));
    std::lock_guard lock(shared->mutex);
    if (shared->stopped) return;
    StdinReader& r = *shared->owner;
    switch (chunk.status) {
      case terminal::Input::Status::nothing_yet:
        continue;
      case terminal::Input::Status::end:
        r.runtime_.post([&r] { r.on_end_(); });
        return;
      case terminal::Input::Status::data:
        r.runtime_.post([&r, bytes = std::string(buffer, chunk.size)]() mutable { r.on_bytes_(std::move(bytes)); });
        continue;
    }
  }
}

void LineSplitter::feed(std::string_view bytes, const std::function<void(std::string)>& line,
                        const std::function<void(std::size_t)>& too_long) {
  for (char c : bytes) {
    if (c == '\n') {
      pending_cr_ = false;  // CR LF ends a line like LF
      flush(line, too_long);
      continue;
    }
    if (pending_cr_) append('\r');
    pending_cr_ = c == '\r';
    if (!pending_cr_) append(c);
  }
}

void LineSplitter::append(char c) {
  if (++length_ <= max_bytes_) buffer_.push_back(c);
}

void LineSplitter::flush(const std::function<void(std::string)>& line, const std::function<void(std::size_t)>& too_long) {
  pending_cr_ = false;
  if (length_ > max_bytes_)
    too_long(length_);
  else if (length_ > 0)
    line(std::move(buffer_));
  buffer_.clear();
  length_ = 0;
}

}  // namespace udplab::cli
