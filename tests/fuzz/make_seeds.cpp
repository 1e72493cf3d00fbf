// Writes the seed corpora of the codec fuzzers: real datagrams made by the codecs' own encoders,
// and texts for printable_fuzz, one file each, named after what they are. Run it after a change
// to a wire format:
//   build/fuzz/tests/fuzz/fuzz_seeds tests/fuzz/corpus
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chat/chat_codec.hpp"
#include "discovery/discovery_codec.hpp"
#include "echo/probe_codec.hpp"

namespace fs = std::filesystem;
using namespace udplab;

namespace {

void write(const fs::path& dir, const std::string& name, const std::vector<std::byte>& bytes) {
  fs::create_directories(dir);
  std::ofstream out(dir / name, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fuzz_seeds CORPUS_DIR (tests/fuzz/corpus)\n");
    return 2;
  }
  const fs::path root = argv[1];

  const fs::path chat_dir = root / "chat_codec_fuzz";
  write(chat_dir, "hello", chat::encode(chat::msg::Hello{"alice"}));
  write(chat_dir, "hello-empty", chat::encode(chat::msg::Hello{""}));
  write(chat_dir, "text", chat::encode(chat::msg::Text{0xA11CE, 1, "alice", "hello, bob"}));
  write(chat_dir, "text-longest", chat::encode(chat::msg::Text{~0ull, ~0ull, std::string(32, 'n'), std::string(1000, 't')}));
  write(chat_dir, "list", chat::encode(chat::msg::List{}));
  write(chat_dir, "members", chat::encode(chat::msg::Members{3, {"alice", "bob", "carol"}}));
  write(chat_dir, "members-cut", chat::encode(chat::msg::Members{60, std::vector<std::string>(60, std::string(32, 'm'))}));
  write(chat_dir, "notice-welcome", chat::encode(chat::msg::Notice{chat::msg::NoticeKind::welcome, "guest-1"}));
  write(chat_dir, "notice-full", chat::encode(chat::msg::Notice{chat::msg::NoticeKind::room_full, ""}));
  write(chat_dir, "leave", chat::encode(chat::msg::Leave{}));

  const fs::path discovery_dir = root / "discovery_codec_fuzz";
  write(discovery_dir, "probe", discovery::encode_probe({0x0123456789abcdefull, 1}));
  const auto room = *discovery::Identity::make(discovery::Role::chat_room, "lab room", "0.1.0");
  const auto longest = *discovery::Identity::make(discovery::Role::responder, std::string(64, 'n'), std::string(32, 'v'));
  const auto utf8 = *discovery::Identity::make(discovery::Role::echo_server, "\xc3\xa9\x63ho", "1");
  write(discovery_dir, "reply", discovery::encode_reply({{0x0123456789abcdefull, 1}, room}));
  write(discovery_dir, "reply-longest", discovery::encode_reply({{~0ull, ~0u}, longest}));
  write(discovery_dir, "reply-utf8", discovery::encode_reply({{7, 2}, utf8}));

  const fs::path echo_dir = root / "echo_probe_fuzz";
  for (std::size_t size : {32u, 56u, 300u, 1472u}) {
    std::vector<std::byte> probe;
    echo::encode_probe({0x5e55, size, 1'000'000'000}, size, probe);
    write(echo_dir, "probe-" + std::to_string(size), probe);
  }
  // What peers may put in a text: plain, accented, emoji, and what must be escaped (a screen clear,
  // a right-to-left override, a surrogate, an overlong '/', a line feed, a C1 CSI).
  const fs::path printable_dir = root / "printable_fuzz";
  const std::pair<const char*, std::string_view> texts[] = {
      {"plain", "hello, bob"},         {"accented", "h\xc3\xa9llo"},        {"emoji", "\xf0\x9f\x98\x80"},
      {"clear-screen", "\x1b[2J"},     {"rtl-override", "a\xe2\x80\xae" "b"}, {"surrogate", "\xed\xa0\x80"},
      {"overlong", "\xc0\xaf"},       {"line-feed", "a\nb"},                {"c1-csi", "\xc2\x9b" "31m"}};
  for (const auto& [name, bytes] : texts) {
    const auto b = std::as_bytes(std::span(bytes.data(), bytes.size()));
    write(printable_dir, name, {b.begin(), b.end()});
  }
  return 0;
}
