// MemoryStore: a FileStore held in memory, for netsim and tests. It applies the same name policy
// and upload rules as the disk store (writable: replace existing files; create: add new ones), and
// uploads land atomically at commit().
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tftp/file_store.hpp"

namespace udplab::tftp {

struct MemoryStoreOptions {
  bool writable = false;  // uploads may replace existing files
  bool create = false;    // uploads may create new files
  std::optional<std::uint64_t> max_file_size;  // a larger upload fails with ENOSPC (ERROR 3)
};

class MemoryStore final : public FileStore {
 public:
  using Content = std::shared_ptr<const std::vector<std::byte>>;

  explicit MemoryStore(MemoryStoreOptions options = {}) : options_(options) {}

  void put(const std::string& name, std::vector<std::byte> content);
  void put(const std::string& name, Content content) { files_[name] = std::move(content); }
  // The committed content of `name`, if any.
  Content get(const std::string& name) const;
  const std::map<std::string, Content>& files() const { return files_; }
  // Uploads that were started but not committed (must be 0 when no transfer is running).
  std::size_t open_uploads() const { return *open_uploads_; }

  std::expected<std::unique_ptr<ReadFile>, Refusal> open_read(std::string_view name) override;
  std::expected<std::unique_ptr<WriteFile>, Refusal> open_write(std::string_view name) override;

 private:
  MemoryStoreOptions options_;
  std::map<std::string, Content> files_;
  std::shared_ptr<std::size_t> open_uploads_ = std::make_shared<std::size_t>(0);
};

// Reads from a byte vector (a client's upload source in netsim and tests).
std::unique_ptr<ReadFile> make_memory_reader(MemoryStore::Content content);

// Collects a download in memory; `on_commit` receives the complete content.
std::unique_ptr<WriteFile> make_memory_writer(std::function<void(std::vector<std::byte>)> on_commit,
                                              std::optional<std::uint64_t> max_size = std::nullopt);

}  // namespace udplab::tftp
