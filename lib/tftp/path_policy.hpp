// Which file names a TFTP server accepts, decided on the name alone (before any filesystem call).
//
// Refused with ERROR 2 (access violation): absolute paths, ".." segments, backslashes (a Windows
// separator that would let "..\x" through on some peers' filesystems) and NUL bytes. Empty and "."
// segments are dropped, so "a//./b" is "a/b". What the name then resolves to (symlinks leaving the
// root, device files) is the store's business: see disk_store.hpp. Where file names follow Windows
// rules, a store also refuses what windows_name_hazard() finds (devices, drives, streams).
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "tftp/file_store.hpp"

namespace udplab::tftp {

// The name as a clean relative path ("a/b"), or the refusal to send.
std::expected<std::string, Refusal> normalise_request_name(std::string_view name);

// Why `name` is unsafe to hand to a Windows filesystem (a phrase for "Access violation: ..."), or
// nothing when it is safe there. A pure function, with the same answer on every platform; a store
// applies it where file names follow Windows rules (DiskStore on Windows, after
// normalise_request_name): a POSIX server may serve a file named "a:b". Both '/' and '\' separate
// components. Unsafe:
//   - a leading separator: rooted ("\x"), UNC ("\\server\share") and device paths ("\\?\C:\x",
//     "\\.\COM1");
//   - any ':': drive letters ("C:x", "C:\x") and alternate data streams ("name::$DATA", "a:b");
//   - characters Windows refuses in names: control characters and < > " | ? *;
//   - a ".." component;
//   - a component ending in '.' or ' ', which Windows drops ("a." would open "a"; "." is allowed);
//   - a reserved device name as any component, in any case, with any extension ("nul", "NUL.txt",
//     "a/com1.log/b", "con .txt"): CON PRN AUX NUL COM0-9 LPT0-9 COM¹²³ LPT¹²³ CONIN$ CONOUT$.
// Allowed, for example: "console.txt", "com10", "lpt", "a.b.c", "dir/file", ".hidden".
std::optional<std::string_view> windows_name_hazard(std::string_view name);

}  // namespace udplab::tftp
