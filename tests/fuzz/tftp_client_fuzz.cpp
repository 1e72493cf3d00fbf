// libFuzzer target: the TFTP client engine (a download into memory or an upload from memory),
// driven through the engine interface with a script of datagrams from the server's request port,
// other ports of the server (transfer IDs), other hosts and spoofable sources, and timer firings.
// Invariants (a violation traps):
//   - every datagram sent decodes, and goes to the server's address or to the sender it answers;
//   - a download's file is committed at most once, and only by a transfer that succeeded; a
//     successful download was committed;
//   - an unfinished client always has a deadline, and it finishes once time runs on.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_script.hpp"
#include "tftp/client.hpp"
#include "tftp/memory_store.hpp"
#include "tftp/packet.hpp"

namespace tftp = udplab::tftp;
namespace net = udplab::net;
namespace fuzz = udplab::fuzz;
using udplab::Time;

namespace {

const char* const kSources[] = {"192.0.2.1:69", "192.0.2.1:5000", "192.0.2.1:5001", "198.51.100.9:5000",
                                "[::ffff:192.0.2.1]:5000", "0.0.0.0:0"};
const auto kSourceEndpoints = fuzz::endpoints(kSources);
const char* const kOptionNames[] = {"blksize", "tsize", "timeout", "windowsize", "x"};
const char* const kOptionValues[] = {"0", "1", "8", "512", "1428", "65464", "65465", "4", "16", "100000", "abc", ""};

std::vector<std::byte> datagram(FuzzedDataProvider& in) {
  std::vector<std::byte> out;
  std::vector<std::byte> payload;
  std::error_code ec;
  switch (in.ConsumeIntegralInRange(0, 4)) {
    case 0: return fuzz::raw_bytes(in);
    case 1: {
      const auto block = fuzz::block_number(in);
      static const std::size_t sizes[] = {0, 1, 7, 511, 512, 513, 1428, 8192};
      payload.assign(fuzz::pick(in, sizes), std::byte{'\r'});
      ec = tftp::encode(tftp::Data{block, payload}, out);
      break;
    }
    case 2:
      tftp::encode(tftp::Ack{fuzz::block_number(in)}, out);
      break;
    case 3:
      ec = tftp::encode(tftp::Error{static_cast<tftp::ErrorCode>(in.ConsumeIntegralInRange(0, 8)), "no"}, out);
      break;
    case 4: {
      tftp::Oack oack;
      oack.options = fuzz::options(in, kOptionNames, kOptionValues);
      ec = tftp::encode(oack, out);
      break;
    }
  }
  if (ec) out.clear();
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  const net::Endpoint server = *net::Endpoint::parse("192.0.2.1:69");
  tftp::ClientConfig config;
  config.server = server;
  config.remote = "f";
  config.mode = in.ConsumeBool() ? tftp::Mode::octet : tftp::Mode::netascii;
  if (in.ConsumeBool()) config.blksize = in.ConsumeBool() ? 512u : in.ConsumeIntegralInRange<std::uint32_t>(8, 1428);
  if (in.ConsumeBool()) config.windowsize = in.ConsumeIntegralInRange<std::uint32_t>(1, 16);
  if (in.ConsumeBool()) config.timeout_s = in.ConsumeIntegralInRange<std::uint32_t>(1, 3);
  config.tsize = in.ConsumeBool();
  if (in.ConsumeBool()) config.max_read_size = 5000;
  config.timing.retries = in.ConsumeIntegralInRange<std::uint32_t>(0, 3);
  CHECK(!tftp::validate(config));

  int commits = 0;
  std::unique_ptr<tftp::Client> client;
  if (in.ConsumeBool()) {
    client = std::make_unique<tftp::Client>(config, tftp::make_memory_writer([&](std::vector<std::byte>) { ++commits; }, 1u << 16));
  } else {
    auto content = std::make_shared<std::vector<std::byte>>(in.ConsumeIntegralInRange<std::size_t>(0, 3000), std::byte{'\n'});
    client = std::make_unique<tftp::Client>(config, tftp::make_memory_reader(content));
  }
  client->defer_writes_until_sent();
  Time now{};
  auto drain = [&](const net::Endpoint* from) {
    udplab::transport::Transmit t;
    for (int pass = 0; pass < 2; ++pass) {  // before and after after_transmit, as transport::Driver
      while (client->poll_transmit(t)) {
        CHECK(tftp::decode(t.payload).has_value());
        CHECK(t.to.address.unmapped() == server.address.unmapped() || (from && t.to == *from));
      }
      if (pass == 0) udplab::transport::after_transmit(*client, now);
    }
    while (client->poll_event()) {
    }
    CHECK(commits <= 1);
    if (commits == 1) CHECK(client->succeeded());
    if (client->direction() == tftp::Direction::read && client->succeeded()) CHECK(commits == 1);
    if (!client->finished()) CHECK(client->next_deadline().has_value());
  };
  client->start(now);
  drain(nullptr);
  for (int step = 0; step < 64 && in.remaining_bytes() > 0; ++step) {
    if (in.ConsumeIntegralInRange(0, 3) == 0) {
      now += std::chrono::milliseconds(in.ConsumeIntegralInRange(0, 20000));
      client->on_timer(now);
      drain(nullptr);
    } else {
      const auto from = fuzz::pick(in, kSourceEndpoints);
      const std::vector<std::byte> bytes = datagram(in);  // alive through drain: deferred writes
      client->on_datagram(now, {from, bytes});
      drain(&from);
    }
  }
  for (int round = 0; round < 64 && !client->finished(); ++round) {
    now += std::chrono::seconds(30);
    client->on_timer(now);
    drain(nullptr);
  }
  CHECK(client->finished());
  return 0;
}
