#include "tftp/netascii.hpp"

namespace udplab::tftp::netascii {
namespace {

constexpr std::byte kCr{'\r'};
constexpr std::byte kLf{'\n'};
constexpr std::byte kNul{0};

}  // namespace

Encoder::Progress Encoder::encode(std::span<const std::byte> in, std::span<std::byte> out) {
  Progress p;
  if (held_ && p.produced < out.size()) {
    out[p.produced++] = *held_;
    held_.reset();
  }
  while (!held_ && p.consumed < in.size() && p.produced < out.size()) {
    std::byte b = in[p.consumed++];
    if (b == kLf || b == kCr) {
      out[p.produced++] = kCr;
      std::byte second = b == kLf ? kLf : kNul;
      if (p.produced < out.size()) out[p.produced++] = second;
      else held_ = second;
    } else {
      out[p.produced++] = b;
    }
  }
  return p;
}

void Encoder::encode(std::span<const std::byte> in, std::vector<std::byte>& out) {
  if (held_) {
    out.push_back(*held_);
    held_.reset();
  }
  for (std::byte b : in) {
    if (b == kLf) {
      out.push_back(kCr);
      out.push_back(kLf);
    } else if (b == kCr) {
      out.push_back(kCr);
      out.push_back(kNul);
    } else {
      out.push_back(b);
    }
  }
}

void Decoder::decode(std::span<const std::byte> in, std::vector<std::byte>& out) {
  for (std::byte b : in) {
    if (cr_held_) {
      cr_held_ = false;
      if (b == kLf) {
        out.push_back(kLf);
        continue;
      }
      if (b == kNul) {
        out.push_back(kCr);
        continue;
      }
      // CR followed by something else: keep the CR, then translate this byte on its own.
      ++malformed_;
      out.push_back(kCr);
    }
    if (b == kCr) cr_held_ = true;
    else out.push_back(b);
  }
}

void Decoder::finish(std::vector<std::byte>& out) {
  if (!cr_held_) return;
  cr_held_ = false;
  ++malformed_;
  out.push_back(kCr);
}

std::uint64_t encoded_size(std::span<const std::byte> local) {
  std::uint64_t size = local.size();
  for (std::byte b : local)
    if (b == kCr || b == kLf) ++size;
  return size;
}

}  // namespace udplab::tftp::netascii
