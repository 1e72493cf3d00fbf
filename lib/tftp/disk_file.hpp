// Files on disk for TFTP transfers: a reader for regular files, and an atomic writer.
//
// The writer puts the data in a temporary file beside the target (".NAME.udplab-XXXXXX"), and on
// commit() flushes it to disk and renames it over the target, durably (POSIX: rename and an fsync
// of the directory; Windows: MoveFileExW, write-through): the target is either its old self or the
// complete new file, never a mixture, even across a crash. An uncommitted writer removes its
// temporary file. The system calls sit behind the files seam (platform/files.hpp).
//
// Both read and write through a 256 KiB buffer (one system call per buffer, not per TFTP block).
// So the writer may report a failure to store data (disk full, file too large) from a later
// write() or from commit(), not from the write() that handed it the data; either fails the
// transfer, and the temporary file is removed as for any other failure.
#pragma once

#include <expected>
#include <filesystem>
#include <memory>
#include <system_error>

#include "tftp/file_store.hpp"

namespace udplab::tftp {

// Opens `path` for reading. A FIFO or device is refused without blocking on it
// (std::errc::invalid_argument: "not a regular file"); with `no_follow`, so is a symlink.
std::expected<std::unique_ptr<ReadFile>, std::error_code> open_disk_reader(const std::filesystem::path& path,
                                                                          bool no_follow = false);

// Starts an atomic replacement of `target` (which need not exist; its directory must). On POSIX a
// new file gets mode 0644, a replaced one keeps its mode; on Windows either gets the ACL its
// directory passes on to new files.
std::expected<std::unique_ptr<WriteFile>, std::error_code> open_atomic_writer(const std::filesystem::path& target);

// The marker in temporary file names, for tests that check nothing is left behind.
inline constexpr const char* kTempMarker = ".udplab-";

}  // namespace udplab::tftp
