// The files seam: the few file operations the TFTP stores need (tftp/disk_file.hpp,
// tftp/disk_store.hpp), and the check `udplab serve` makes of its token file, with one implementation per platform chosen at build time:
// files_posix.cpp (Linux, the BSDs, macOS) and files_windows.cpp (Win32, wide-character APIs).
// Nothing above this header includes a system header or tests for a platform.
//
// Errors are std::error_code values. Where a failure has a portable meaning it compares equal to
// the std::errc value the POSIX call would give (no_such_file_or_directory, permission_denied,
// no_space_on_device, invalid_argument for "not a regular file", too_many_symbolic_link_levels for
// a refused symlink), so callers test one set of conditions on every platform.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <optional>
#include <span>
#include <string_view>
#include <system_error>
#include <utility>

namespace udplab::platform {

// A file descriptor on POSIX, a HANDLE on Windows; -1 is "none" on both (INVALID_HANDLE_VALUE).
using NativeFile = std::intptr_t;
inline constexpr NativeFile kNoFile = -1;

// An open file that closes itself; moves, does not copy.
class File {
 public:
  File() = default;
  explicit File(NativeFile native) : native_(native) {}
  File(File&& other) noexcept : native_(std::exchange(other.native_, kNoFile)) {}
  File& operator=(File&& other) noexcept {
    if (this != &other) {
      close();
      native_ = std::exchange(other.native_, kNoFile);
    }
    return *this;
  }
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  ~File() { close(); }

  bool is_open() const { return native_ != kNoFile; }
  NativeFile native() const { return native_; }

  // Reads until `out` is full or the file ends: fewer bytes than asked only at the end.
  std::expected<std::size_t, std::error_code> read(std::span<std::byte> out);
  // Writes all of `data`.
  std::error_code write(std::span<const std::byte> data);
  // Back to the first byte.
  std::error_code rewind();
  // Puts what was written on the device (fsync, FlushFileBuffers).
  std::error_code sync();
  // Closes the file, reporting what closing revealed (a network filesystem's late write error).
  // Harmless when already closed.
  std::error_code close();

 private:
  NativeFile native_ = kNoFile;
};

struct RegularFile {
  File file;
  std::uint64_t size = 0;
};

// Opens `path` for reading if it is a regular file. A FIFO, device or directory is refused with
// std::errc::invalid_argument, without blocking on it; with `no_follow`, a symlink (on Windows any
// name-surrogate reparse point: symlink or junction) as the last component is refused with
// std::errc::too_many_symbolic_link_levels. On Windows other programs may still read, rename or
// delete the file while it is open, but not write to it (FILE_SHARE_READ | FILE_SHARE_DELETE): a
// download sends the content whose size it announced.
std::expected<RegularFile, std::error_code> open_regular_file(const std::filesystem::path& path,
                                                            bool no_follow);

struct TempFile {
  File file;
  std::filesystem::path path;
};

// Creates a new, empty file beside `target` named ".NAME<marker>SUFFIX", SUFFIX random, never
// reusing an existing name. On POSIX it gets the mode of an existing `target` (else 0644), so that
// replace_file() keeps a replaced file's mode; on Windows it inherits the directory's ACL as any new
// file does. `target`'s directory must exist.
std::expected<TempFile, std::error_code> create_temp_beside(const std::filesystem::path& target,
                                                          std::string_view marker);

// Puts the closed file `from` in place of `to` (which need not exist) in one step: a reader sees the
// old file or the new one, never a mixture or no file, and the change is on disk when this returns.
// On failure `from` is left in place for the caller to remove.
std::error_code replace_file(const std::filesystem::path& from, const std::filesystem::path& to);

// Removes the file `path`.
std::error_code remove_file(const std::filesystem::path& path);

// Bytes an unprivileged writer may still add to the volume holding `path`, open as `file` (free
// space net of the reserve for root, or of the user's quota on Windows); none when unknown.
std::optional<std::uint64_t> free_space(const File& file, const std::filesystem::path& path);

// The absolute path of the existing `path` with every symlink (on Windows also junctions, and
// "short" 8.3 names) resolved: std::filesystem::canonical on POSIX; on Windows the path the
// system reports for an open handle (GetFinalPathNameByHandleW), without its "\\?\" prefix.
std::expected<std::filesystem::path, std::error_code> resolve(const std::filesystem::path& path);

// Whether the mode of the existing file `path` gives users other than its owner any access (group
// or other bits, POSIX). False on Windows, where access is an ACL this does not read (a new file
// gets its directory's), and when the file cannot be examined.
bool open_to_other_users(const std::filesystem::path& path);

// Whether `ec` is a quota refusal (EDQUOT), which callers word as room on the device rather than a
// limit of the file. On Windows the seam already reports a quota as no_space_on_device.
bool is_quota_exceeded(std::error_code ec);

// A file name received as bytes (a TFTP request), as a path: the bytes unchanged on POSIX; on
// Windows decoded as UTF-8 (std::errc::illegal_byte_sequence when they are not UTF-8).
std::expected<std::filesystem::path, std::error_code> path_from_bytes(std::string_view name);

// Whether file names follow Windows rules here: reserved device names, streams after ':', trailing
// dots and spaces dropped, names matched regardless of case (see tftp::windows_name_hazard).
bool windows_file_names();

// Whether two components of resolved paths name the same directory entry as far as confinement
// is concerned: the same bytes on POSIX; on Windows the same ignoring case (CompareStringOrdinal,
// the comparison NTFS and FAT use) and any separator equal to any other.
bool same_name(const std::filesystem::path& a, const std::filesystem::path& b);

// Whether two resolved paths are equal, component by component (a trailing separator aside).
inline bool same_path(const std::filesystem::path& a, const std::filesystem::path& b) {
  auto i = a.begin(), j = b.begin();
  for (;;) {
    while (i != a.end() && i->empty()) ++i;
    while (j != b.end() && j->empty()) ++j;
    if (i == a.end() || j == b.end()) return i == a.end() && j == b.end();
    if (!same_name(*i, *j)) return false;
    ++i, ++j;
  }
}

// Whether the resolved path `path` lies strictly below the resolved directory `root`, compared
// component by component (so "/srv2/x" is not below "/srv", nor "C:\srv2\x" below "C:\srv").
inline bool is_below(const std::filesystem::path& root, const std::filesystem::path& path) {
  auto j = path.begin();
  for (const auto& component : root) {
    if (component.empty()) continue;  // a trailing separator ("/srv/") adds an empty component
    while (j != path.end() && j->empty()) ++j;
    if (j == path.end() || !same_name(component, *j)) return false;
    ++j;
  }
  for (; j != path.end(); ++j)
    if (!j->empty()) return true;
  return false;
}

}  // namespace udplab::platform
