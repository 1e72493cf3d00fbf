#include "tftp/disk_file.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include "platform/files.hpp"

namespace udplab::tftp {
namespace {

// Both directions move data through a user-space buffer: a TFTP block (512 B to 64 KiB) per
// system call made the file, not the socket, the larger part of a transfer's system calls.
constexpr std::size_t kIoBuffer = 256 * 1024;
// Blocks this large (blksize 32768 and up) bypass the buffer when it is empty: a system call per
// block is then cheap beside the block itself, and buffering would add a memcpy of every block.
constexpr std::size_t kDirectIo = 32 * 1024;

class DiskReader final : public ReadFile {
 public:
  DiskReader(platform::File file, std::uint64_t size) : file_(std::move(file)), size_(size) {}

  std::expected<std::size_t, std::error_code> read(std::span<std::byte> out) override {
    std::size_t got = take(out);
    if (got < out.size() && !at_end_ && out.size() - got >= kDirectIo) {
      auto n = file_.read(out.subspan(got));
      if (!n) return std::unexpected(n.error());
      at_end_ = *n < out.size() - got;
      return got + *n;
    }
    while (got < out.size() && !at_end_) {
      if (auto ec = refill()) return std::unexpected(ec);
      got += take(out.subspan(got));
    }
    return got;
  }
  std::uint64_t size() const override { return size_; }
  std::error_code rewind() override {
    pos_ = filled_ = 0;
    at_end_ = false;
    return file_.rewind();
  }

 private:
  // Copies what the buffer holds into `out`; returns how much.
  std::size_t take(std::span<std::byte> out) {
    const std::size_t n = std::min(out.size(), filled_ - pos_);
    if (n != 0) std::memcpy(out.data(), buffer_.get() + pos_, n);
    pos_ += n;
    return n;
  }
  std::error_code refill() {
    if (!buffer_) buffer_ = std::make_unique_for_overwrite<std::byte[]>(kIoBuffer);
    auto n = file_.read({buffer_.get(), kIoBuffer});
    if (!n) return n.error();
    pos_ = 0;
    filled_ = *n;
    at_end_ = *n < kIoBuffer;
    return {};
  }

  platform::File file_;
  std::uint64_t size_;
  std::unique_ptr<std::byte[]> buffer_;  // allocated at the first read: an empty file needs none
  std::size_t pos_ = 0;
  std::size_t filled_ = 0;
  bool at_end_ = false;
};

class AtomicWriter final : public WriteFile {
 public:
  AtomicWriter(platform::TempFile temp, std::filesystem::path target)
      : file_(std::move(temp.file)), temp_(std::move(temp.path)), target_(std::move(target)) {}
  ~AtomicWriter() override { discard(); }

  // Data reaches the file when the buffer is full or at commit() (large pieces at once), so a
  // failure to store it (disk full, file too large) may surface from a later write() or from
  // commit(): both fail the transfer.
  std::error_code write(std::span<const std::byte> data) override {
    if (!file_.is_open()) return std::make_error_code(std::errc::bad_file_descriptor);
    if (filled_ == 0 && data.size() >= kDirectIo) return file_.write(data);
    if (!buffer_) buffer_ = std::make_unique_for_overwrite<std::byte[]>(kIoBuffer);
    while (!data.empty()) {
      const std::size_t n = std::min(data.size(), kIoBuffer - filled_);
      std::memcpy(buffer_.get() + filled_, data.data(), n);
      filled_ += n;
      data = data.subspan(n);
      if (filled_ == kIoBuffer)
        if (auto ec = flush()) return ec;
    }
    return {};
  }

  std::error_code commit() override {
    if (!file_.is_open()) return std::make_error_code(std::errc::bad_file_descriptor);
    std::error_code ec = flush();
    if (!ec) ec = file_.sync();
    if (auto closed = file_.close(); closed && !ec) ec = closed;
    if (!ec) ec = platform::replace_file(temp_, target_);  // durable when it returns
    if (ec) platform::remove_file(temp_);
    return ec;
  }

  void discard() override {
    if (!file_.is_open()) return;
    file_.close();  // before the removal: Windows removes no open file
    filled_ = 0;
    platform::remove_file(temp_);
  }

  std::optional<std::uint64_t> capacity() const override { return platform::free_space(file_, temp_); }

 private:
  std::error_code flush() {
    const std::size_t n = std::exchange(filled_, 0);
    return file_.write({buffer_.get(), n});
  }

  platform::File file_;  // the temporary file, closed once committed or discarded
  std::unique_ptr<std::byte[]> buffer_;  // allocated at the first write
  std::size_t filled_ = 0;
  std::filesystem::path temp_;
  std::filesystem::path target_;
};

}  // namespace

std::expected<std::unique_ptr<ReadFile>, std::error_code> open_disk_reader(const std::filesystem::path& path,
                                                                          bool no_follow) {
  auto file = platform::open_regular_file(path, no_follow);
  if (!file) return std::unexpected(file.error());
  return std::make_unique<DiskReader>(std::move(file->file), file->size);
}

std::expected<std::unique_ptr<WriteFile>, std::error_code> open_atomic_writer(const std::filesystem::path& target) {
  auto temp = platform::create_temp_beside(target, kTempMarker);
  if (!temp) return std::unexpected(temp.error());
  return std::make_unique<AtomicWriter>(std::move(*temp), target);
}

}  // namespace udplab::tftp
