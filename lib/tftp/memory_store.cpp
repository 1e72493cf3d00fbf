#include "tftp/memory_store.hpp"

#include <algorithm>
#include <cstring>
#include <functional>

#include "tftp/path_policy.hpp"

namespace udplab::tftp {
namespace {

class MemoryReader final : public ReadFile {
 public:
  explicit MemoryReader(MemoryStore::Content content) : content_(std::move(content)) {}
  std::expected<std::size_t, std::error_code> read(std::span<std::byte> out) override {
    const std::size_t n = std::min(out.size(), content_->size() - pos_);
    if (n != 0) std::memcpy(out.data(), content_->data() + pos_, n);
    pos_ += n;
    return n;
  }
  std::uint64_t size() const override { return content_->size(); }
  std::error_code rewind() override {
    pos_ = 0;
    return {};
  }

 private:
  MemoryStore::Content content_;
  std::size_t pos_ = 0;
};

class MemoryWriter final : public WriteFile {
 public:
  MemoryWriter(std::function<void(std::vector<std::byte>)> on_commit, std::optional<std::uint64_t> max_size,
               std::shared_ptr<std::size_t> open_count)
      : on_commit_(std::move(on_commit)), max_size_(max_size), open_count_(std::move(open_count)) {
    if (open_count_) ++*open_count_;
  }
  ~MemoryWriter() override { discard(); }

  std::error_code write(std::span<const std::byte> data) override {
    if (done_) return std::make_error_code(std::errc::bad_file_descriptor);
    if (max_size_ && data_.size() + data.size() > *max_size_) return std::make_error_code(std::errc::no_space_on_device);
    data_.insert(data_.end(), data.begin(), data.end());
    return {};
  }
  std::error_code commit() override {
    if (done_) return std::make_error_code(std::errc::bad_file_descriptor);
    finish();
    on_commit_(std::move(data_));
    return {};
  }
  void discard() override {
    if (done_) return;
    finish();
    data_.clear();
  }
  std::optional<std::uint64_t> capacity() const override {
    if (!max_size_) return std::nullopt;
    return *max_size_ - std::min<std::uint64_t>(*max_size_, data_.size());
  }

 private:
  void finish() {
    done_ = true;
    if (open_count_) --*open_count_;
  }
  std::function<void(std::vector<std::byte>)> on_commit_;
  std::optional<std::uint64_t> max_size_;
  std::shared_ptr<std::size_t> open_count_;
  std::vector<std::byte> data_;
  bool done_ = false;
};

}  // namespace

void MemoryStore::put(const std::string& name, std::vector<std::byte> content) {
  files_[name] = std::make_shared<const std::vector<std::byte>>(std::move(content));
}

MemoryStore::Content MemoryStore::get(const std::string& name) const {
  auto it = files_.find(name);
  return it == files_.end() ? nullptr : it->second;
}

std::expected<std::unique_ptr<ReadFile>, Refusal> MemoryStore::open_read(std::string_view name) {
  auto clean = normalise_request_name(name);
  if (!clean) return std::unexpected(clean.error());
  auto it = files_.find(*clean);
  if (it == files_.end()) return std::unexpected(Refusal{ErrorCode::file_not_found, "File not found"});
  return std::make_unique<MemoryReader>(it->second);
}

std::expected<std::unique_ptr<WriteFile>, Refusal> MemoryStore::open_write(std::string_view name) {
  auto clean = normalise_request_name(name);
  if (!clean) return std::unexpected(clean.error());
  if (!options_.writable && !options_.create)
    return std::unexpected(Refusal{ErrorCode::access_violation, "Access violation: uploads are disabled"});
  const bool exists = files_.count(*clean) != 0;
  if (exists && !options_.writable)
    return std::unexpected(Refusal{ErrorCode::file_already_exists, "File already exists"});
  if (!exists && !options_.create)
    return std::unexpected(Refusal{ErrorCode::file_not_found, "File not found (new files are not created)"});
  auto on_commit = [this, key = *clean](std::vector<std::byte> data) { put(key, std::move(data)); };
  return std::make_unique<MemoryWriter>(on_commit, options_.max_file_size, open_uploads_);
}

std::unique_ptr<ReadFile> make_memory_reader(MemoryStore::Content content) {
  return std::make_unique<MemoryReader>(std::move(content));
}

std::unique_ptr<WriteFile> make_memory_writer(std::function<void(std::vector<std::byte>)> on_commit,
                                              std::optional<std::uint64_t> max_size) {
  return std::make_unique<MemoryWriter>(std::move(on_commit), max_size, nullptr);
}

}  // namespace udplab::tftp
