// Netascii translation (RFC 1350 "netascii", after the Telnet NVT of RFC 764), streaming in both
// directions so that a sequence split across two DATA blocks is handled.
//
//   local (POSIX)   wire
//   LF          ->  CR LF
//   CR          ->  CR NUL
//   other byte  ->  itself (8-bit bytes pass through, as tftp-hpa and atftp do)
//
// Decoding reverses this. Malformed wire input is kept, never dropped, the way tftp-hpa's and
// atftp's receivers treat it: a CR followed by anything but LF or NUL is written as CR and the
// byte is then translated normally; a CR as the very last byte of the transfer is written as CR.
// Both are counted in malformed(). A bare LF is the local newline already and passes through.
//
// The local newline is LF, as on POSIX: a Windows port would need a CR LF local form.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace udplab::tftp::netascii {

// Local bytes -> wire bytes.
class Encoder {
 public:
  struct Progress {
    std::size_t consumed = 0;  // bytes of input used
    std::size_t produced = 0;  // bytes written to the output
  };

  // Translates from `in` into `out` until either is used up, so that a sender can fill a block to
  // exactly its size. When only the first byte of a pair fits, the second is held and written
  // first by the next call; call again with an empty `in` at end of file to flush it.
  Progress encode(std::span<const std::byte> in, std::span<std::byte> out);
  // Appends the translation of all of `in` (and any held byte) to `out`.
  void encode(std::span<const std::byte> in, std::vector<std::byte>& out);

  // A byte waits for room (the LF or NUL of a pair).
  bool pending() const { return held_.has_value(); }

 private:
  std::optional<std::byte> held_;
};

// Wire bytes -> local bytes.
class Decoder {
 public:
  // Appends the local form of `in` to `out`. A CR at the end of `in` is held until the next call
  // shows what follows it.
  void decode(std::span<const std::byte> in, std::vector<std::byte>& out);
  // End of the transfer: a held CR is written as it is (and counted as malformed).
  void finish(std::vector<std::byte>& out);

  bool pending() const { return cr_held_; }
  // CRs not followed by LF or NUL, including a dangling one at the end of the transfer.
  std::uint64_t malformed() const { return malformed_; }

 private:
  bool cr_held_ = false;
  std::uint64_t malformed_ = 0;
};

// The size of `local` once encoded: each CR and LF becomes two bytes. The translation of a byte
// does not depend on its neighbours, so sizes of consecutive chunks add up: this gives the tsize
// of a netascii transfer (RFC 2349) by reading the file once.
std::uint64_t encoded_size(std::span<const std::byte> local);

}  // namespace udplab::tftp::netascii
