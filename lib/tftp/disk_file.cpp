#include "tftp/disk_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

namespace udplab::tftp {
namespace {

std::error_code last_error() { return {errno, std::generic_category()}; }

class DiskReader final : public ReadFile {
 public:
  DiskReader(int fd, std::uint64_t size) : fd_(fd), size_(size) {}
  ~DiskReader() override { ::close(fd_); }

  std::expected<std::size_t, std::error_code> read(std::span<std::byte> out) override {
    std::size_t got = 0;
    while (got < out.size()) {
      const ssize_t n = ::read(fd_, out.data() + got, out.size() - got);
      if (n < 0) {
        if (errno == EINTR) continue;
        return std::unexpected(last_error());
      }
      if (n == 0) break;
      got += static_cast<std::size_t>(n);
    }
    return got;
  }
  std::uint64_t size() const override { return size_; }
  std::error_code rewind() override { return ::lseek(fd_, 0, SEEK_SET) < 0 ? last_error() : std::error_code{}; }

 private:
  int fd_;
  std::uint64_t size_;
};

class AtomicWriter final : public WriteFile {
 public:
  AtomicWriter(int fd, std::filesystem::path temp, std::filesystem::path target)
      : fd_(fd), temp_(std::move(temp)), target_(std::move(target)) {}
  ~AtomicWriter() override { discard(); }

  std::error_code write(std::span<const std::byte> data) override {
    if (fd_ < 0) return std::make_error_code(std::errc::bad_file_descriptor);
    std::size_t done = 0;
    while (done < data.size()) {
      const ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        return last_error();
      }
      done += static_cast<std::size_t>(n);
    }
    return {};
  }

  std::error_code commit() override {
    if (fd_ < 0) return std::make_error_code(std::errc::bad_file_descriptor);
    std::error_code ec;
    if (::fsync(fd_) != 0) ec = last_error();
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
    ::unlink(temp_.c_str());
  }

  std::optional<std::uint64_t> capacity() const override {
    struct statvfs s {};
    if (fd_ < 0 || ::fstatvfs(fd_, &s) != 0) return std::nullopt;
    return static_cast<std::uint64_t>(s.f_bavail) * s.f_frsize;
  }

 private:
  int fd_;
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
