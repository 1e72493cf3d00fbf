// The server's view of a real directory: what it serves, what it refuses, how uploads land.
#include <boost/test/unit_test.hpp>

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "support/engine_harness.hpp"
#include "support/tftp_pair.hpp"
#include "tftp/disk_file.hpp"
#include "tftp/disk_store.hpp"
#include "tftp/packet.hpp"
#include "tftp/server_session.hpp"
#include "util/bytes.hpp"

using namespace udplab;
using namespace udplab::tftp;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "udplab-store-XXXXXX").string();
    BOOST_REQUIRE(::mkdtemp(pattern.data()));
    path = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

void write_text(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::string read_all(ReadFile& f) {
  std::string out(f.size(), '\0');
  auto n = f.read(std::as_writable_bytes(std::span<char>(out.data(), out.size())));
  BOOST_REQUIRE(n.has_value());
  BOOST_TEST(*n == out.size());
  return out;
}

// Files in `dir` whose names carry the temporary marker.
std::size_t temp_files(const fs::path& dir) {
  std::size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.path().filename().string().find(kTempMarker) != std::string::npos) ++n;
  return n;
}

DiskStore store(const fs::path& root, bool writable = false, bool create = false) {
  auto s = DiskStore::open({root, writable, create});
  if (!s) BOOST_FAIL(s.error());
  return std::move(*s);
}

std::optional<ErrorCode> read_refusal(DiskStore& s, std::string_view name) {
  auto f = s.open_read(name);
  if (f) return std::nullopt;
  return f.error().code;
}

std::optional<ErrorCode> write_refusal(DiskStore& s, std::string_view name) {
  auto f = s.open_write(name);
  if (f) return std::nullopt;
  return f.error().code;
}

// Makes writes past `bytes` fail with EFBIG, as a full disk would with ENOSPC: the one storage
// failure a test can cause without root (no /dev/full in a directory, no small tmpfs).
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    BOOST_REQUIRE(::getrlimit(RLIMIT_FSIZE, &saved_) == 0);
    old_handler_ = std::signal(SIGXFSZ, SIG_IGN);  // else the process is killed instead of told
    rlimit lowered = saved_;
    lowered.rlim_cur = bytes;
    BOOST_REQUIRE(::setrlimit(RLIMIT_FSIZE, &lowered) == 0);
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, old_handler_);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

 private:
  rlimit saved_{};
  void (*old_handler_)(int) = SIG_DFL;
};

// Writes `total` bytes in `chunk`-sized pieces; returns the first error.
std::error_code write_pattern(WriteFile& w, std::size_t total, std::size_t chunk) {
  const std::vector<std::byte> data = test::pattern(chunk);
  for (std::size_t done = 0; done < total; done += chunk)
    if (auto ec = w.write(data)) return ec;
  return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tftp_disk_store_test)

BOOST_AUTO_TEST_CASE(serves_regular_files_under_the_root) {
  TempDir root;
  fs::create_directories(root.path / "sub" / "deeper");
  write_text(root.path / "a.txt", "hello");
  write_text(root.path / "sub" / "deeper" / "b.bin", "bytes");
  fs::create_symlink("a.txt", root.path / "link-inside");
  auto s = store(root.path);
  for (std::string_view name : {"a.txt", "./a.txt", "sub//deeper/../../a.txt", "link-inside"}) {
    BOOST_TEST_CONTEXT(name) {
      auto f = s.open_read(name);
      if (name.find("..") != std::string_view::npos) {
        BOOST_TEST(!f.has_value());  // ".." is refused even when it stays inside
        continue;
      }
      BOOST_REQUIRE(f.has_value());
      BOOST_TEST(read_all(**f) == "hello");
    }
  }
  auto b = s.open_read("sub/deeper/b.bin");
  BOOST_REQUIRE(b.has_value());
  BOOST_TEST(read_all(**b) == "bytes");
}

BOOST_AUTO_TEST_CASE(refuses_everything_outside_or_irregular) {
  TempDir root, outside;
  write_text(outside.path / "secret", "top secret");
  write_text(root.path / "ok", "x");
  fs::create_directory(root.path / "dir");
  fs::create_symlink(outside.path / "secret", root.path / "escape");
  fs::create_symlink(outside.path, root.path / "escape-dir");
  fs::create_symlink("/dev/zero", root.path / "zero");
  BOOST_REQUIRE(::mkfifo((root.path / "fifo").c_str(), 0644) == 0);
  auto s = store(root.path);
  const ErrorCode violation = ErrorCode::access_violation;
  BOOST_TEST((read_refusal(s, "../" + outside.path.filename().string() + "/secret") == violation));
  BOOST_TEST((read_refusal(s, (outside.path / "secret").string()) == violation));
  BOOST_TEST((read_refusal(s, "dir\\..\\ok") == violation));
  BOOST_TEST((read_refusal(s, std::string("ok\0x", 4)) == violation));
  BOOST_TEST((read_refusal(s, "escape") == violation));
  BOOST_TEST((read_refusal(s, "escape-dir/secret") == violation));
  BOOST_TEST((read_refusal(s, "zero") == violation));
  BOOST_TEST((read_refusal(s, "fifo") == violation));  // and without hanging on the open
  BOOST_TEST((read_refusal(s, "dir") == violation));
  BOOST_TEST((read_refusal(s, "missing") == ErrorCode::file_not_found));
  BOOST_TEST((read_refusal(s, "missing-dir/x") == ErrorCode::file_not_found));
  BOOST_TEST(!read_refusal(s, "ok"));
}

BOOST_AUTO_TEST_CASE(uploads_follow_the_writable_and_create_switches) {
  TempDir root;
  write_text(root.path / "old", "old content");
  auto read_only = store(root.path);
  BOOST_TEST((write_refusal(read_only, "new") == ErrorCode::access_violation));
  BOOST_TEST((write_refusal(read_only, "old") == ErrorCode::access_violation));
  auto create_only = store(root.path, false, true);
  BOOST_TEST((write_refusal(create_only, "old") == ErrorCode::file_already_exists));
  BOOST_TEST(!write_refusal(create_only, "new"));
  auto replace_only = store(root.path, true, false);
  BOOST_TEST((write_refusal(replace_only, "new") == ErrorCode::file_not_found));
  BOOST_TEST(!write_refusal(replace_only, "old"));
  auto both = store(root.path, true, true);
  BOOST_TEST((write_refusal(both, "../x") == ErrorCode::access_violation));
  BOOST_TEST((write_refusal(both, "nodir/x") == ErrorCode::file_not_found));
  BOOST_TEST(temp_files(root.path) == 0u);  // every writer above was dropped uncommitted
  BOOST_TEST(read_text(root.path / "old") == "old content");
  BOOST_TEST(!fs::exists(root.path / "new"));
}

BOOST_AUTO_TEST_CASE(an_upload_replaces_the_file_only_at_commit) {
  TempDir root;
  write_text(root.path / "f", "old content");
  ::chmod((root.path / "f").c_str(), 0640);
  auto s = store(root.path, true, true);
  {
    auto w = s.open_write("f");
    BOOST_REQUIRE(w.has_value());
    BOOST_TEST(!(*w)->write(util::as_bytes("new")));
    BOOST_TEST(temp_files(root.path) == 1u);
    BOOST_TEST(read_text(root.path / "f") == "old content");
    BOOST_TEST((*w)->capacity().value_or(0) > 0u);
  }  // dropped: an interrupted upload
  BOOST_TEST(read_text(root.path / "f") == "old content");
  BOOST_TEST(temp_files(root.path) == 0u);

  auto w = s.open_write("f");
  BOOST_REQUIRE(w.has_value());
  BOOST_TEST(!(*w)->write(util::as_bytes("new content")));
  BOOST_TEST(!(*w)->commit());
  BOOST_TEST(read_text(root.path / "f") == "new content");
  BOOST_TEST(temp_files(root.path) == 0u);
  struct stat st {};
  BOOST_REQUIRE(::stat((root.path / "f").c_str(), &st) == 0);
  BOOST_TEST((st.st_mode & 0777) == 0640u);  // a replaced file keeps its mode
}

BOOST_AUTO_TEST_CASE(an_upload_through_a_symlink_stays_inside) {
  TempDir root, outside;
  write_text(outside.path / "victim", "keep me");
  write_text(root.path / "target", "t");
  fs::create_symlink(outside.path / "victim", root.path / "evil");
  fs::create_symlink("target", root.path / "alias");
  auto s = store(root.path, true, true);
  BOOST_TEST((write_refusal(s, "evil") == ErrorCode::access_violation));
  auto w = s.open_write("alias");
  BOOST_REQUIRE(w.has_value());
  BOOST_TEST(!(*w)->write(util::as_bytes("through the alias")));
  BOOST_TEST(!(*w)->commit());
  BOOST_TEST(read_text(root.path / "target") == "through the alias");
  BOOST_TEST(fs::is_symlink(root.path / "alias"));
  BOOST_TEST(read_text(outside.path / "victim") == "keep me");
}

BOOST_AUTO_TEST_CASE(a_write_error_held_back_by_the_buffer_fails_the_commit) {
  TempDir root;
  write_text(root.path / "f", "old content");
  {
    FileSizeLimit limit(64 * 1024);
    auto w = open_atomic_writer(root.path / "f");
    BOOST_REQUIRE(w.has_value());
    // 100 KiB stay in the buffer: the limit is only hit when commit() writes them out.
    BOOST_TEST(!write_pattern(**w, 100 * 1024, 512));
    const std::error_code ec = (*w)->commit();
    BOOST_TEST((ec == std::errc::file_too_large));
    BOOST_TEST((refusal_for(ec, "save").code == ErrorCode::disk_full));
  }
  BOOST_TEST(read_text(root.path / "f") == "old content");
  BOOST_TEST(temp_files(root.path) == 0u);
}

BOOST_AUTO_TEST_CASE(a_write_error_at_a_full_buffer_fails_that_write) {
  TempDir root;
  write_text(root.path / "f", "old content");
  {
    FileSizeLimit limit(64 * 1024);
    auto w = open_atomic_writer(root.path / "f");
    BOOST_REQUIRE(w.has_value());
    BOOST_TEST((write_pattern(**w, 4 << 20, 8192) == std::errc::file_too_large));
  }  // dropped uncommitted, as a failed transfer drops it
  BOOST_TEST(read_text(root.path / "f") == "old content");
  BOOST_TEST(temp_files(root.path) == 0u);
}

BOOST_AUTO_TEST_CASE(an_upload_failing_at_commit_is_answered_with_error_3) {
  TempDir root;
  DiskStore s = store(root.path, true, true);
  SessionConfig config;
  config.timing.progress_interval = Duration::zero();
  ServerSession session(Wrq{"up", Mode::octet, {}}, test::kTftpClient, s, config);
  session.start(test::at_ms(0));
  test::drain(session);
  const std::vector<std::byte> block = test::pattern(512);
  auto feed = [&](const Packet& p) {
    std::vector<std::byte> b;
    BOOST_REQUIRE(!encode(p, b));
    session.on_datagram(test::at_ms(1), {test::kTftpClient, b});
    return test::drain(session).sent;
  };
  BOOST_TEST(feed(Data{1, block}).size() == 1u);  // ACK 1: the block went into the buffer
  {
    FileSizeLimit limit(600);
    auto sent = feed(Data{2, std::span(block).first(100)});
    BOOST_REQUIRE_EQUAL(sent.size(), 1u);
    auto answer = decode(sent[0].payload);
    BOOST_REQUIRE((answer.has_value() && std::holds_alternative<Error>(*answer)));
    BOOST_TEST((std::get<Error>(*answer).code == ErrorCode::disk_full));
  }
  BOOST_TEST(session.finished());
  BOOST_TEST(!fs::exists(root.path / "up"));
  BOOST_TEST(temp_files(root.path) == 0u);
}

BOOST_AUTO_TEST_CASE(reads_across_the_read_ahead_buffer_and_after_rewind) {
  TempDir root;
  const std::vector<std::byte> content = test::pattern(700 * 1024 + 3);
  {
    std::ofstream out(root.path / "big", std::ios::binary);
    out.write(reinterpret_cast<const char*>(content.data()), static_cast<std::streamsize>(content.size()));
  }
  auto r = open_disk_reader(root.path / "big");
  BOOST_REQUIRE(r.has_value());
  for (int pass = 0; pass < 2; ++pass) {
    std::vector<std::byte> got;
    std::vector<std::byte> block(65464);
    for (;;) {
      auto n = (*r)->read(block);
      BOOST_REQUIRE(n.has_value());
      got.insert(got.end(), block.begin(), block.begin() + static_cast<std::ptrdiff_t>(*n));
      if (*n < block.size()) break;  // short only at the end
    }
    BOOST_TEST((got == content));
    BOOST_TEST(!(*r)->rewind());
  }
}

// Small pieces go through the buffer, large ones (32 KiB and up) straight to the file when the
// buffer is empty; mixing them must keep every byte in order, both ways.
BOOST_AUTO_TEST_CASE(mixed_piece_sizes_keep_the_bytes_in_order) {
  TempDir root;
  const std::vector<std::byte> content = test::pattern(1'500'000);
  const std::size_t sizes[] = {512, 65464, 1428, 40000, 8192, 65464, 65464, 7};
  auto w = open_atomic_writer(root.path / "mixed");
  BOOST_REQUIRE(w.has_value());
  for (std::size_t at = 0, k = 0; at < content.size(); ++k) {
    const std::size_t n = std::min(sizes[k % std::size(sizes)], content.size() - at);
    BOOST_REQUIRE(!(*w)->write(std::span<const std::byte>(content).subspan(at, n)));
    at += n;
  }
  BOOST_REQUIRE(!(*w)->commit());
  auto r = open_disk_reader(root.path / "mixed");
  BOOST_REQUIRE(r.has_value());
  std::vector<std::byte> got;
  for (std::size_t k = 0;; ++k) {
    std::vector<std::byte> piece(sizes[(k + 3) % std::size(sizes)]);
    auto n = (*r)->read(piece);
    BOOST_REQUIRE(n.has_value());
    got.insert(got.end(), piece.begin(), piece.begin() + static_cast<std::ptrdiff_t>(*n));
    if (*n < piece.size()) break;  // short only at the end
  }
  BOOST_TEST((got == content));
}

BOOST_AUTO_TEST_CASE(a_root_that_is_no_directory_is_refused) {
  TempDir root;
  write_text(root.path / "file", "x");
  BOOST_TEST(!DiskStore::open({root.path / "file"}).has_value());
  BOOST_TEST(!DiskStore::open({root.path / "missing"}).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
