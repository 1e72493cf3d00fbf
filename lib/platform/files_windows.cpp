// The files seam on Windows: wide-character Win32 calls (paths as std::filesystem::path::native(),
// UTF-16) on file handles.
//
// Choices, and why:
// - Atomic replace is MoveFileExW(MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH), not
//   ReplaceFileW. Within one volume (the temporary file is created beside its target) MoveFileExW
//   is a single rename of the directory entry, which NTFS journals: a reader or a crash sees the
//   old file or the new one. WRITE_THROUGH makes it return only once the rename is on disk, the
//   counterpart of POSIX's fsync of the directory. ReplaceFileW would keep the replaced file's ACL,
//   attributes and streams, but it is several steps with documented half-done failures
//   (ERROR_UNABLE_TO_MOVE_REPLACEMENT{,_2}: the target may be left under the backup name or gone),
//   and it fails when the target does not exist, so a new file needs the other call anyway. The
//   price: a replaced file gets the ACL a new file in its directory gets (inherited), not its own,
//   and a read-only target (FILE_ATTRIBUTE_READONLY) is not replaced (ERROR_ACCESS_DENIED).
// - Readers share FILE_SHARE_READ | FILE_SHARE_DELETE: other readers, renames and deletes go on as
//   on POSIX, but no one writes into a file while it is being sent (its size was announced).
//   FILE_FLAG_SEQUENTIAL_SCAN asks for read-ahead. FILE_FLAG_BACKUP_SEMANTICS is not used to open
//   files: with the backup privilege enabled it would bypass the file's ACL.
// - The temporary file is opened with CREATE_NEW (never an existing file, never through a link
//   planted under its name) and no sharing, under a random name retried on collision. It is a
//   plain file (not FILE_ATTRIBUTE_TEMPORARY, which would stick to the target after the rename,
//   nor write-through: commit flushes it once with FlushFileBuffers).
// - Paths too long for MAX_PATH are passed with the "\\?\" prefix.
#include "platform/files.hpp"

#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <algorithm>
#include <climits>
#include <random>
#include <string>

namespace udplab::platform {
namespace {

namespace fs = std::filesystem;

HANDLE handle_of(NativeFile native) { return reinterpret_cast<HANDLE>(native); }
NativeFile native_of(HANDLE handle) { return reinterpret_cast<NativeFile>(handle); }

// ERROR_DISK_QUOTA_EXCEEDED, which MinGW-w64's headers lack.
constexpr DWORD kDiskQuotaExceeded = 1295;

// Win32 errors as the std::errc conditions the callers test; others keep their Win32 code.
std::error_code win_error(DWORD e) {
  switch (e) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_INVALID_DRIVE:
    case ERROR_BAD_NETPATH:
    case ERROR_BAD_NET_NAME:
      return std::make_error_code(std::errc::no_such_file_or_directory);
    case ERROR_ACCESS_DENIED:
    case ERROR_PRIVILEGE_NOT_HELD:
      return std::make_error_code(std::errc::permission_denied);
    case ERROR_WRITE_PROTECT:
      return std::make_error_code(std::errc::read_only_file_system);
    case ERROR_SHARING_VIOLATION:
    case ERROR_LOCK_VIOLATION:
      return std::make_error_code(std::errc::device_or_resource_busy);
    case ERROR_FILE_EXISTS:
    case ERROR_ALREADY_EXISTS:
      return std::make_error_code(std::errc::file_exists);
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL:
    case kDiskQuotaExceeded:
      return std::make_error_code(std::errc::no_space_on_device);
    case ERROR_FILE_TOO_LARGE:
      return std::make_error_code(std::errc::file_too_large);
    case ERROR_INVALID_NAME:
    case ERROR_BAD_PATHNAME:
      return std::make_error_code(std::errc::invalid_argument);
    case ERROR_DIRECTORY:
      return std::make_error_code(std::errc::not_a_directory);
    case ERROR_FILENAME_EXCED_RANGE:
      return std::make_error_code(std::errc::filename_too_long);
    case ERROR_CANT_RESOLVE_FILENAME:
      return std::make_error_code(std::errc::too_many_symbolic_link_levels);
    case ERROR_NOT_SAME_DEVICE:
      return std::make_error_code(std::errc::cross_device_link);
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY:
      return std::make_error_code(std::errc::not_enough_memory);
    case ERROR_INVALID_HANDLE:
      return std::make_error_code(std::errc::bad_file_descriptor);
    case ERROR_NOT_SUPPORTED:
      return std::make_error_code(std::errc::not_supported);
    default:
      return {static_cast<int>(e), std::system_category()};
  }
}

std::error_code last_error() { return win_error(::GetLastError()); }

// `path` for a wide Win32 call. An absolute path longer than CreateDirectoryW's limit (MAX_PATH
// less room for an 8.3 name) gets the "\\?\" prefix, which also turns off Win32's rewriting of
// the name, so it is normalised here first.
std::wstring win_path(const fs::path& path) {
  constexpr std::size_t kLongest = 247;
  std::wstring s = path.native();
  if (s.size() <= kLongest || !path.is_absolute() || s.starts_with(LR"(\\?\)") || s.starts_with(LR"(\\.\)")) return s;
  fs::path normal = path.lexically_normal();
  normal.make_preferred();
  s = normal.native();
  if (s.starts_with(LR"(\\)")) return LR"(\\?\UNC\)" + s.substr(2);
  return LR"(\\?\)" + s;
}

fs::path directory_of(const fs::path& path) { return path.has_parent_path() ? path.parent_path() : fs::path(L"."); }

// Eight characters of one case (names match regardless of case): 36^8 names, and CREATE_NEW
// makes a collision a retry, never a shared file.
std::wstring random_suffix() {
  static constexpr wchar_t kDigits[] = L"0123456789abcdefghijklmnopqrstuvwxyz";
  static std::uint64_t state = [] {
    std::uint64_t seed = 0;
    try {
      std::random_device device;  // rand_s in MinGW-w64's libstdc++ and in MSVC's library
      seed = (std::uint64_t{device()} << 32) ^ device();
    } catch (...) {
    }
    LARGE_INTEGER counter{};
    ::QueryPerformanceCounter(&counter);
    return seed ^ static_cast<std::uint64_t>(counter.QuadPart) ^ (std::uint64_t{::GetCurrentProcessId()} << 40);
  }();
  // splitmix64: one step per name.
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  std::wstring out;
  for (int i = 0; i < 8; ++i, z /= 36) out += kDigits[z % 36];
  return out;
}

}  // namespace

std::expected<std::size_t, std::error_code> File::read(std::span<std::byte> out) {
  constexpr std::size_t kMostPerCall = std::size_t{1} << 30;  // ReadFile counts in a DWORD
  std::size_t got = 0;
  while (got < out.size()) {
    const auto want = static_cast<DWORD>(std::min(out.size() - got, kMostPerCall));
    DWORD n = 0;
    if (!::ReadFile(handle_of(native_), out.data() + got, want, &n, nullptr)) {
      const DWORD e = ::GetLastError();
      if (e == ERROR_HANDLE_EOF || e == ERROR_BROKEN_PIPE) break;
      return std::unexpected(win_error(e));
    }
    if (n == 0) break;
    got += n;
  }
  return got;
}

std::error_code File::write(std::span<const std::byte> data) {
  constexpr std::size_t kMostPerCall = std::size_t{1} << 30;
  std::size_t done = 0;
  while (done < data.size()) {
    const auto want = static_cast<DWORD>(std::min(data.size() - done, kMostPerCall));
    DWORD n = 0;
    if (!::WriteFile(handle_of(native_), data.data() + done, want, &n, nullptr)) return last_error();
    done += n;
  }
  return {};
}

std::error_code File::rewind() {
  LARGE_INTEGER start{};
  return ::SetFilePointerEx(handle_of(native_), start, nullptr, FILE_BEGIN) ? std::error_code{} : last_error();
}

std::error_code File::sync() { return ::FlushFileBuffers(handle_of(native_)) ? std::error_code{} : last_error(); }

std::error_code File::close() {
  if (!is_open()) return {};
  return ::CloseHandle(handle_of(std::exchange(native_, kNoFile))) ? std::error_code{} : last_error();
}

std::expected<RegularFile, std::error_code> open_regular_file(const fs::path& path, bool no_follow) {
  const std::wstring name = win_path(path);
  const DWORD flags =
      FILE_ATTRIBUTE_NORMAL | FILE_FLAG_SEQUENTIAL_SCAN | (no_follow ? FILE_FLAG_OPEN_REPARSE_POINT : 0);
  HANDLE h = ::CreateFileW(name.c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, nullptr, OPEN_EXISTING,
                           flags, nullptr);
  if (h == INVALID_HANDLE_VALUE) {
    const DWORD e = ::GetLastError();
    // A directory opens only with FILE_FLAG_BACKUP_SEMANTICS: tell it from a file we may not read.
    if (e == ERROR_ACCESS_DENIED) {
      const DWORD attributes = ::GetFileAttributesW(name.c_str());
      if (attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY))
        return std::unexpected(std::make_error_code(std::errc::invalid_argument));
    }
    return std::unexpected(win_error(e));
  }
  File file(native_of(h));
  // Consoles, NUL, serial and parallel ports and pipes are character or pipe "files".
  if (::GetFileType(h) != FILE_TYPE_DISK) return std::unexpected(std::make_error_code(std::errc::invalid_argument));
  FILE_ATTRIBUTE_TAG_INFO tag{};
  if (!::GetFileInformationByHandleEx(h, FileAttributeTagInfo, &tag, sizeof tag)) return std::unexpected(last_error());
  if (tag.FileAttributes & FILE_ATTRIBUTE_DIRECTORY)
    return std::unexpected(std::make_error_code(std::errc::invalid_argument));
  if (no_follow && (tag.FileAttributes & FILE_ATTRIBUTE_REPARSE_POINT)) {
    // Symlinks and junctions name another file; other reparse points (deduplicated, cloud or
    // compressed files) are this file in another form, to be opened as such.
    if (IsReparseTagNameSurrogate(tag.ReparseTag))
      return std::unexpected(std::make_error_code(std::errc::too_many_symbolic_link_levels));
    file.close();
    return open_regular_file(path, false);
  }
  LARGE_INTEGER size{};
  if (!::GetFileSizeEx(h, &size)) return std::unexpected(last_error());
  return RegularFile{std::move(file), static_cast<std::uint64_t>(size.QuadPart)};
}

std::expected<TempFile, std::error_code> create_temp_beside(const fs::path& target, std::string_view marker) {
  // A name has at most 255 UTF-16 units: keep 200 of the target's, without splitting a pair.
  std::wstring base = target.filename().native().substr(0, 200);
  if (!base.empty() && IS_HIGH_SURROGATE(base.back())) base.pop_back();
  const std::wstring wide_marker(marker.begin(), marker.end());  // ASCII
  const fs::path dir = directory_of(target);
  for (int attempt = 0; attempt < 100; ++attempt) {
    fs::path temp = dir / (L"." + base + wide_marker + random_suffix());
    HANDLE h =
        ::CreateFileW(win_path(temp).c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (h != INVALID_HANDLE_VALUE) return TempFile{File(native_of(h)), std::move(temp)};
    const DWORD e = ::GetLastError();
    if (e != ERROR_FILE_EXISTS && e != ERROR_ALREADY_EXISTS) return std::unexpected(win_error(e));
  }
  return std::unexpected(std::make_error_code(std::errc::file_exists));
}

std::error_code replace_file(const fs::path& from, const fs::path& to) {
  // See the top of this file for MoveFileExW rather than ReplaceFileW.
  if (!::MoveFileExW(win_path(from).c_str(), win_path(to).c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
    return last_error();
  return {};
}

std::error_code remove_file(const fs::path& path) {
  return ::DeleteFileW(win_path(path).c_str()) ? std::error_code{} : last_error();
}

std::optional<std::uint64_t> free_space(const File& file, const fs::path& path) {
  if (!file.is_open()) return std::nullopt;
  // Asked of the directory (a UNC one needs the trailing backslash); the caller's figure counts
  // its disk quota, as f_bavail leaves out root's reserve on POSIX.
  std::wstring dir = win_path(directory_of(path));
  if (!dir.ends_with(L'\\') && !dir.ends_with(L'/')) dir += L'\\';
  ULARGE_INTEGER available{};
  if (!::GetDiskFreeSpaceExW(dir.c_str(), &available, nullptr, nullptr)) return std::nullopt;
  return static_cast<std::uint64_t>(available.QuadPart);
}

std::expected<fs::path, std::error_code> resolve(const fs::path& path) {
  // BACKUP_SEMANTICS opens directories too; with no access asked for, the handle can only tell
  // its name and attributes, so a backup privilege grants nothing here.
  HANDLE h = ::CreateFileW(win_path(path).c_str(), 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                           OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, nullptr);
  if (h == INVALID_HANDLE_VALUE) return std::unexpected(last_error());
  File guard(native_of(h));
  std::wstring name(MAX_PATH, L'\0');
  for (;;) {
    const DWORD n = ::GetFinalPathNameByHandleW(h, name.data(), static_cast<DWORD>(name.size()),
                                                FILE_NAME_NORMALIZED | VOLUME_NAME_DOS);
    if (n == 0) return std::unexpected(last_error());
    const bool fits = n < name.size();  // else n is the size needed, with the terminating NUL
    name.resize(n);
    if (fits) break;
  }
  if (name.starts_with(LR"(\\?\UNC\)")) name = LR"(\\)" + name.substr(8);
  else if (name.starts_with(LR"(\\?\)")) name.erase(0, 4);
  return fs::path(std::move(name));
}

bool open_to_other_users(const fs::path&) { return false; }

bool is_quota_exceeded(std::error_code) { return false; }

std::expected<fs::path, std::error_code> path_from_bytes(std::string_view name) {
  if (name.empty()) return fs::path();
  if (name.size() > static_cast<std::size_t>(INT_MAX))
    return std::unexpected(std::make_error_code(std::errc::filename_too_long));
  const int length = static_cast<int>(name.size());
  const int n = ::MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, name.data(), length, nullptr, 0);
  if (n <= 0) return std::unexpected(std::make_error_code(std::errc::illegal_byte_sequence));
  std::wstring wide(static_cast<std::size_t>(n), L'\0');
  ::MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, name.data(), length, wide.data(), n);
  return fs::path(std::move(wide));
}

bool windows_file_names() { return true; }

bool same_name(const fs::path& a, const fs::path& b) {
  const std::wstring& x = a.native();
  const std::wstring& y = b.native();
  auto separators_only = [](const std::wstring& s) {
    return !s.empty() && s.find_first_not_of(L"\\/") == std::wstring::npos;
  };
  if (separators_only(x) || separators_only(y)) return separators_only(x) && separators_only(y);
  if (x.size() > static_cast<std::size_t>(INT_MAX) || y.size() > static_cast<std::size_t>(INT_MAX)) return false;
  return ::CompareStringOrdinal(x.data(), static_cast<int>(x.size()), y.data(), static_cast<int>(y.size()), TRUE) ==
         CSTR_EQUAL;
}

}  // namespace udplab::platform
