// DiskStore: the FileStore of `udplab tftpd`, serving one directory.
//
// Security model (docs/tftpd.md): a request name first passes normalise_request_name() (no
// absolute paths, "..", backslashes or NULs), and on Windows windows_name_hazard() too (no device
// names, drive letters, streams, or names Windows would shorten); then it is resolved with every
// symlink (on Windows also junction) followed; the result must lie inside the root, compared
// component by component (on Windows regardless of case), and be a regular file (no FIFOs, devices,
// directories). Refusals are ERROR 2, "File not found" is ERROR 1. The file system calls sit
// behind the files seam (platform/files.hpp). Uploads are off unless enabled: `writable` lets them
// replace existing files, `create` lets them add new ones; either way they land atomically
// (disk_file.hpp), so a failed or refused upload leaves the old file and no temporary file.
//
// What it cannot stop: a local user who can write inside the root may swap a directory for a
// symlink between the check and the open; serve a root that only trusted users can write.
#pragma once

#include <expected>
#include <filesystem>
#include <string>

#include "tftp/file_store.hpp"

namespace udplab::tftp {

struct DiskStoreOptions {
  std::filesystem::path root;
  bool writable = false;  // uploads may replace existing files
  bool create = false;    // uploads may create new files
};

class DiskStore final : public FileStore {
 public:
  // Fails (with a message) when the root is not an existing directory.
  static std::expected<DiskStore, std::string> open(DiskStoreOptions options);

  const std::filesystem::path& root() const { return root_; }
  std::expected<std::unique_ptr<ReadFile>, Refusal> open_read(std::string_view name) override;
  std::expected<std::unique_ptr<WriteFile>, Refusal> open_write(std::string_view name) override;

 private:
  DiskStore(DiskStoreOptions options, std::filesystem::path root) : options_(std::move(options)), root_(std::move(root)) {}
  bool inside_root(const std::filesystem::path& resolved) const;

  DiskStoreOptions options_;
  std::filesystem::path root_;  // canonical
};

}  // namespace udplab::tftp
