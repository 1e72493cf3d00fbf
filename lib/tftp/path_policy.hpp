// Which file names a TFTP server accepts, decided on the name alone (before any filesystem call).
//
// Refused with ERROR 2 (access violation): absolute paths, ".." segments, backslashes (a Windows
// separator that would let "..\x" through on some peers' filesystems) and NUL bytes. Empty and "."
// segments are dropped, so "a//./b" is "a/b". What the name then resolves to (symlinks leaving the
// root, device files) is the store's business: see disk_store.hpp.
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "tftp/file_store.hpp"

namespace udplab::tftp {

// The name as a clean relative path ("a/b"), or the refusal to send.
std::expected<std::string, Refusal> normalise_request_name(std::string_view name);

}  // namespace udplab::tftp
