// SHA-256 of what a transfer moved, without a second pass over the file: wrappers that hash the
// bytes as they go through. The reader starts over on rewind(); the writer's digest is final at
// commit().
#pragma once

#include <memory>
#include <string>

#include "tftp/file_store.hpp"

namespace udplab::tftp {

// `digest` receives the lower-case hex SHA-256 (written when the file reaches its end / commit).
std::unique_ptr<ReadFile> hash_reads(std::unique_ptr<ReadFile> file, std::shared_ptr<std::string> digest);
std::unique_ptr<WriteFile> hash_writes(std::unique_ptr<WriteFile> file, std::shared_ptr<std::string> digest);

}  // namespace udplab::tftp
