// What the engine fuzzers share: a trap for a broken invariant, and the pieces their input scripts
// are decoded into (a pick from a table, a block number, raw bytes, a list of options). Both read
// the input in the same order as before these helpers existed, so saved corpora keep meaning.
#pragma once

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <array>
#include <cstdio>
#include <vector>

#include "net/address.hpp"
#include "tftp/packet.hpp"

// Traps (which libFuzzer reports) naming the invariant that broke.
#define CHECK(condition)                                                              \
  do {                                                                                \
    if (!(condition)) {                                                               \
      std::fprintf(stderr, "invariant broken, line %d: %s\n", __LINE__, #condition); \
      __builtin_trap();                                                               \
    }                                                                                 \
  } while (0)

namespace udplab::fuzz {

template <class T, std::size_t N>
const T& pick(FuzzedDataProvider& in, const T (&table)[N]) {
  return table[in.ConsumeIntegralInRange<std::size_t>(0, N - 1)];
}

template <class T, std::size_t N>
const T& pick(FuzzedDataProvider& in, const std::array<T, N>& table) {
  return table[in.ConsumeIntegralInRange<std::size_t>(0, N - 1)];
}

// A table of endpoints parsed once, for the scripts' sources: a parse per step would cost more
// than many of the steps.
template <std::size_t N>
std::array<net::Endpoint, N> endpoints(const char* const (&texts)[N]) {
  std::array<net::Endpoint, N> out;
  for (std::size_t i = 0; i < N; ++i) out[i] = *net::Endpoint::parse(texts[i]);
  return out;
}

// Mostly the first few blocks, where transfers are; sometimes any (rollover, far-off numbers).
inline std::uint16_t block_number(FuzzedDataProvider& in) {
  return in.ConsumeBool() ? in.ConsumeIntegralInRange<std::uint16_t>(0, 12) : in.ConsumeIntegral<std::uint16_t>();
}

inline std::vector<std::byte> raw_bytes(FuzzedDataProvider& in) {
  const auto s = in.ConsumeBytes<std::uint8_t>(in.ConsumeIntegralInRange<std::size_t>(0, 600));
  std::vector<std::byte> out(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) out[i] = std::byte{s[i]};
  return out;
}

// Up to four options, each a name and a value from the tables (repeats and nonsense included).
template <std::size_t N, std::size_t M>
tftp::Options options(FuzzedDataProvider& in, const char* const (&names)[N], const char* const (&values)[M]) {
  tftp::Options out;
  const int n = in.ConsumeIntegralInRange(0, 4);
  for (int i = 0; i < n; ++i) {
    const char* name = pick(in, names);
    out.push_back({name, pick(in, values)});
  }
  return out;
}

}  // namespace udplab::fuzz
