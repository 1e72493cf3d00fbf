// BlockReceiver's deferred writes: a block whose ACK is due is written only by write_pending()
// (after the ACK is out); blocks in the middle of a window, the last block and netascii are
// written at once, as without deferral.
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <vector>

#include "tftp/block_receiver.hpp"
#include "tftp/memory_store.hpp"

using namespace udplab;
using namespace udplab::tftp;

namespace {

// Records what reaches the file, write by write.
class RecordingFile final : public WriteFile {
 public:
  std::error_code write(std::span<const std::byte> data) override {
    writes.emplace_back(data.begin(), data.end());
    return {};
  }
  std::error_code commit() override {
    committed = true;
    return {};
  }
  void discard() override {}
  std::vector<std::vector<std::byte>> writes;
  bool committed = false;
};

std::vector<std::byte> block(std::size_t n, int fill) { return std::vector<std::byte>(n, std::byte(fill)); }

}  // namespace

BOOST_AUTO_TEST_SUITE(tftp_block_receiver_test)

BOOST_AUTO_TEST_CASE(lock_step_writes_each_acked_block_after_its_ack) {
  RecordingFile file;
  BlockReceiver r;
  r.start(file, Mode::octet, 512, 1);
  r.set_deferred_writes(true);
  const auto b1 = block(512, 1), b2 = block(512, 2), b3 = block(100, 3);
  auto o = r.on_data(Data{1, b1});
  BOOST_TEST((o.ack == std::optional<std::uint16_t>(1)));
  BOOST_TEST(file.writes.empty(), "written before its ACK went out");
  BOOST_TEST(!r.write_pending());
  BOOST_REQUIRE(file.writes.size() == 1u);
  BOOST_TEST((file.writes[0] == b1));
  BOOST_TEST(!r.write_pending());  // nothing left: no second write
  BOOST_TEST(file.writes.size() == 1u);
  o = r.on_data(Data{2, b2});
  BOOST_TEST(file.writes.size() == 1u);
  BOOST_TEST(!r.write_pending());
  // The last block is written and committed before its ACK: the ACK says the file is saved.
  o = r.on_data(Data{3, b3});
  BOOST_TEST((o.kind == BlockReceiver::Outcome::Kind::last));
  BOOST_REQUIRE(file.writes.size() == 3u);
  BOOST_TEST((file.writes[2] == b3));
  BOOST_TEST(r.file_bytes() == 1124u);
}

BOOST_AUTO_TEST_CASE(mid_window_blocks_are_written_at_once_and_the_acked_one_after) {
  RecordingFile file;
  BlockReceiver r;
  r.start(file, Mode::octet, 512, 3);
  r.set_deferred_writes(true);
  const auto b = block(512, 7);
  BOOST_TEST(!r.on_data(Data{1, b}).ack.has_value());
  BOOST_TEST(!r.on_data(Data{2, b}).ack.has_value());
  BOOST_TEST(file.writes.size() == 2u, "no ACK due: written as they come");
  BOOST_TEST((r.on_data(Data{3, b}).ack == std::optional<std::uint16_t>(3)));
  BOOST_TEST(file.writes.size() == 2u);
  BOOST_TEST(!r.write_pending());
  BOOST_TEST(file.writes.size() == 3u);
}

BOOST_AUTO_TEST_CASE(without_deferral_or_in_netascii_blocks_are_written_before_the_ack) {
  for (const bool netascii : {false, true}) {
    RecordingFile file;
    BlockReceiver r;
    r.start(file, netascii ? Mode::netascii : Mode::octet, 512, 1);
    r.set_deferred_writes(netascii);  // deferral asked for, but netascii decodes into a reused buffer
    BOOST_TEST((r.on_data(Data{1, block(512, 'a')}).ack == std::optional<std::uint16_t>(1)));
    BOOST_TEST_CONTEXT((netascii ? "netascii" : "octet")) { BOOST_TEST(file.writes.size() == 1u); }
  }
}

BOOST_AUTO_TEST_SUITE_END()
