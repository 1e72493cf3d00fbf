#include "tftp/disk_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace udplab::tftp {
namespace {

std::error_code last_error() { return {errno, std::generic_category()}; }

// Both directions move data through a user-space buffer: a TFTP block (512 B to 64 KiB) per
// system call made the file, not the socket, the larger part of a transfer's system calls.
constexpr std::size_t kIoBuffer = 256 * 1024;
// Blocks this large (blksize 32768 and up) bypass the buffer when it is empty: a system call per
// block is then cheap beside the block itself, and buffering would add a memcpy of every block
// (measured: 10% of `udplab tftpd`'s time in a 65464-byte lock-step download).
constexpr std::size_t kDirectIo = 32 * 1024;

// read(2) until `out` is full or the file ends.
std::expected<std::size_t, std::error_code> read_fully(int fd, std::span<std::byte> out) {
  std::size_t got = 0;
  while (got < out.size()) {
    const ssize_t n = ::read(fd, out.data() + got, out.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::unexpected(last_error());
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  return got;
}

std::error_code write_fully(int fd, std::span<const std::byte> data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return last_error();
    }
    done += static_cast<std::size_t>(n);
  }
  return {};
}

class DiskReader final : public ReadFile {
 public:
  DiskReader(int fd, std::uint64_t size) : fd_(fd), size_(size) {}
  ~DiskReader() override { ::close(fd_); }

  std::expected<std::size_t, std::error_code> read(std::span<std::byte> out) override {
    std::size_t got = take(out);
    if (got < out.size() && !at_end_ && out.size() - got >= kDirectIo) {
      auto n = read_fully(fd_, out.subspan(got));
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
    return ::lseek(fd_, 0, SEEK_SET) < 0 ? last_error() : std::error_code{};
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
    auto n = read_fully(fd_, {buffer_.get(), kIoBuffer});
    if (!n) return n.error();
    pos_ = 0;
    filled_ = *n;
    at_end_ = *n < kIoBuffer;
    return {};
  }

  int fd_;
  std::uint64_t size_;
  std::unique_ptr<std::byte[]> buffer_;  // allocated at the first read: an empty file needs none
  std::size_t pos_ = 0;
  std::size_t filled_ = 0;
  bool at_end_ = false;
};

class AtomicWriter final : public WriteFile {
 public:
  AtomicWriter(int fd, std::filesystem::path temp, std::filesystem::path target)
      : fd_(fd), temp_(std::move(temp)), target_(std::move(target)) {}
  ~AtomicWriter() override { discard(); }

  // Data reaches the file when the buffer is full or at commit() (large pieces at once), so a
  // failure to store it (disk full, file too large) may surface from a later write() or from
  // commit(): both fail the transfer.
  std::error_code write(std::span<const std::byte> data) override {
    if (fd_ < 0) return std::make_error_code(std::errc::bad_file_descriptor);
    if (filled_ == 0 && data.size() >= kDirectIo) return write_fully(fd_, data);
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
    if (fd_ < 0) return std::make_error_code(std::errc::bad_file_descriptor);
    std::error_code ec = flush();
    if (!ec && ::fsync(fd_) != 0) ec = last_error();
    if (::close(fd_) != 0 && !ec) ec = last_error();
    fd_ = -1;
    if (!ec && ::rename(temp_.c_str(), target_.c_str()) != 0) ec = last_error();
    if (ec) {
      ::unlink(temp_.c_str());
      return ec;
    }
    // The rename is durable once the directory is on disk too.
    const std::filesystem::path dir = target_.has_parent_path() ? target_.parent_path() : ".";
    if (int d = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); d >= 0) {
      ::fsync(d);
      ::close(d);
    }
    return {};
  }

  void discard() override {
    if (fd_ < 0) return;
    ::close(fd_);
    fd_ = -1;
    filled_ = 0;
    ::unlink(temp_.c_str());
  }

  std::optional<std::uint64_t> capacity() const override {
    struct statvfs s {};
    if (fd_ < 0 || ::fstatvfs(fd_, &s) != 0) return std::nullopt;
    return static_cast<std::uint64_t>(s.f_bavail) * s.f_frsize;
  }

 private:
  std::error_code flush() {
    const std::size_t n = std::exchange(filled_, 0);
    return write_fully(fd_, {buffer_.get(), n});
  }

  int fd_;
  std::unique_ptr<std::byte[]> buffer_;  // allocated at the first write
  std::size_t filled_ = 0;
  std::filesystem::path temp_;
  std::filesystem::path target_;
};

}  // namespace

std::expected<std::unique_ptr<ReadFile>, std::error_code> open_disk_reader(const std::filesystem::path& path,
                                                                          bool no_follow) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
  int flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | (no_follow ? O_NOFOLLOW : 0);
  int fd = ::open(path.c_str(), flags);
  if (fd < 0) return std::unexpected(last_error());
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    auto ec = S_ISREG(st.st_mode) ? last_error() : std::make_error_code(std::errc::invalid_argument);
    ::close(fd);
    return std::unexpected(ec);
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  return std::make_unique<DiskReader>(fd, static_cast<std::uint64_t>(st.st_size));
}

std::expected<std::unique_ptr<WriteFile>, std::error_code> open_atomic_writer(const std::filesystem::path& target) {
  const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : ".";
  std::string base = target.filename().string().substr(0, 200);  // stay within NAME_MAX
  std::string pattern = (dir / ("." + base + kTempMarker + "XXXXXX")).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) return std::unexpected(last_error());
  mode_t mode = 0644;
  struct stat st {};
  if (::stat(target.c_str(), &st) == 0) mode = st.st_mode & 07777;
  ::fchmod(fd, mode);
  return std::make_unique<AtomicWriter>(fd, std::filesystem::path(name.data()), target);
}

}  // namespace udplab::tftp
