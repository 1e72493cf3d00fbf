// The files seam on POSIX systems (Linux, the BSDs, macOS): file descriptors, mkostemp, rename(2)
// followed by an fsync of the directory.
#include "platform/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

namespace udplab::platform {
namespace {

std::error_code last_error() { return {errno, std::generic_category()}; }

int fd_of(NativeFile native) { return static_cast<int>(native); }

std::filesystem::path directory_of(const std::filesystem::path& path) {
  return path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
}

}  // namespace

std::expected<std::size_t, std::error_code> File::read(std::span<std::byte> out) {
  std::size_t got = 0;
  while (got < out.size()) {
    const ssize_t n = ::read(fd_of(native_), out.data() + got, out.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::unexpected(last_error());
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  return got;
}

std::error_code File::write(std::span<const std::byte> data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd_of(native_), data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return last_error();
    }
    done += static_cast<std::size_t>(n);
  }
  return {};
}

std::error_code File::rewind() {
  return ::lseek(fd_of(native_), 0, SEEK_SET) < 0 ? last_error() : std::error_code{};
}

std::error_code File::sync() { return ::fsync(fd_of(native_)) != 0 ? last_error() : std::error_code{}; }

std::error_code File::close() {
  if (!is_open()) return {};
  // No retry on EINTR: Linux closes the descriptor anyway, and a retry could close another one.
  const int rc = ::close(fd_of(std::exchange(native_, kNoFile)));
  return rc != 0 ? last_error() : std::error_code{};
}

std::expected<RegularFile, std::error_code> open_regular_file(const std::filesystem::path& path, bool no_follow) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
  const int flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | (no_follow ? O_NOFOLLOW : 0);
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0) return std::unexpected(last_error());
  File file(fd);
  struct stat st {};
  if (::fstat(fd, &st) != 0) return std::unexpected(last_error());
  if (!S_ISREG(st.st_mode)) return std::unexpected(std::make_error_code(std::errc::invalid_argument));
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  return RegularFile{std::move(file), static_cast<std::uint64_t>(st.st_size)};
}

std::expected<TempFile, std::error_code> create_temp_beside(const std::filesystem::path& target,
                                                          std::string_view marker) {
  const std::string base = target.filename().string().substr(0, 200);  // stay within NAME_MAX
  const std::string pattern = (directory_of(target) / ("." + base + std::string(marker) + "XXXXXX")).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  const int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) return std::unexpected(last_error());
  // mkostemp creates the file with mode 0600; a replaced file keeps its mode, a new one is 0644.
  mode_t mode = 0644;
  struct stat st {};
  if (::stat(target.c_str(), &st) == 0) mode = st.st_mode & 07777;
  ::fchmod(fd, mode);
  return TempFile{File(fd), std::filesystem::path(name.data())};
}

std::error_code replace_file(const std::filesystem::path& from, const std::filesystem::path& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) return last_error();
  // The rename is durable once the directory is on disk too.
  if (int d = ::open(directory_of(to).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); d >= 0) {
    ::fsync(d);
    ::close(d);
  }
  return {};
}

std::error_code remove_file(const std::filesystem::path& path) {
  return ::unlink(path.c_str()) != 0 ? last_error() : std::error_code{};
}

std::optional<std::uint64_t> free_space(const File& file, const std::filesystem::path&) {
  struct statvfs s {};
  if (!file.is_open() || ::fstatvfs(fd_of(file.native()), &s) != 0) return std::nullopt;
  return static_cast<std::uint64_t>(s.f_bavail) * s.f_frsize;
}

std::expected<std::filesystem::path, std::error_code> resolve(const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::path resolved = std::filesystem::canonical(path, ec);
  if (ec) return std::unexpected(ec);
  return resolved;
}

bool open_to_other_users(const std::filesystem::path& path) {
  struct stat st{};
  return ::stat(path.c_str(), &st) == 0 && (st.st_mode & 0077) != 0;
}

bool is_quota_exceeded(std::error_code ec) {
  return ec.category() == std::generic_category() && ec.value() == EDQUOT;
}

std::expected<std::filesystem::path, std::error_code> path_from_bytes(std::string_view name) {
  return std::filesystem::path(std::string(name));
}

bool windows_file_names() { return false; }

bool same_name(const std::filesystem::path& a, const std::filesystem::path& b) { return a.native() == b.native(); }

}  // namespace udplab::platform
