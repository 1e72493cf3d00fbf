// Files read or written in one piece: scenario files, scripts, tokens, certificates, tables and
// the reports a command leaves behind. Bytes are kept as they are (binary mode, no newline
// translation on Windows). Callers word the error, since only they know what the file was for.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace udplab::util {

// The file's bytes, or nothing when it cannot be opened or read.
std::optional<std::string> read_file(const std::filesystem::path& path);

// Replaces the file's content with `content` (creating it); false when that failed.
bool write_file(const std::filesystem::path& path, std::string_view content);

}  // namespace udplab::util
