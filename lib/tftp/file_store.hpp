// Files as TFTP engines see them: opened through a FileStore they are given, never through the
// filesystem directly, so the same engines serve a real directory (tftp/disk_store.hpp) and an
// in-memory store (tftp/memory_store.hpp, used by netsim and the tests).
//
// A WriteFile is atomic: nothing is visible until commit(), and a file destroyed or discarded
// without commit() leaves the store exactly as it was (an existing file keeps its old content).
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>

#include "tftp/error.hpp"

namespace udplab::tftp {

// Why a file cannot be served: the ERROR packet a server answers with.
struct Refusal {
  ErrorCode code = ErrorCode::not_defined;
  std::string message;
};

class ReadFile {
 public:
  virtual ~ReadFile() = default;
  // Fills `out` from the current position. Returns fewer bytes than asked only at end of file.
  virtual std::expected<std::size_t, std::error_code> read(std::span<std::byte> out) = 0;
  virtual std::uint64_t size() const = 0;
  // Back to the start (after a size-counting pass).
  virtual std::error_code rewind() = 0;
};

class WriteFile {
 public:
  // Destroying an uncommitted file discards it.
  virtual ~WriteFile() = default;
  virtual std::error_code write(std::span<const std::byte> data) = 0;
  // Makes the complete content visible under the file's name, replacing any old file at once.
  virtual std::error_code commit() = 0;
  // Drops what was written; the store keeps what it had. Harmless after commit().
  virtual void discard() = 0;
  // Bytes this file may still grow by (free space, quota); none when unknown.
  virtual std::optional<std::uint64_t> capacity() const { return std::nullopt; }
};

class FileStore {
 public:
  virtual ~FileStore() = default;
  virtual std::expected<std::unique_ptr<ReadFile>, Refusal> open_read(std::string_view name) = 0;
  virtual std::expected<std::unique_ptr<WriteFile>, Refusal> open_write(std::string_view name) = 0;
};

// The ERROR code for a failed file operation: 3 for a full disk or quota, 2 for permissions,
// 1 for a missing file, 0 otherwise. The message names the operation and the cause.
Refusal refusal_for(std::error_code ec, std::string_view what);

// The size of `file` in netascii form (each CR and LF counts twice): reads it once, then rewinds.
std::expected<std::uint64_t, std::error_code> netascii_size(ReadFile& file);

}  // namespace udplab::tftp
