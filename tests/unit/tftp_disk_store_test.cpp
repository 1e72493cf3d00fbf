// The server's view of a real directory: what it serves, what it refuses, how uploads land.
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tftp/disk_file.hpp"
#include "tftp/disk_store.hpp"
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

BOOST_AUTO_TEST_CASE(a_root_that_is_no_directory_is_refused) {
  TempDir root;
  write_text(root.path / "file", "x");
  BOOST_TEST(!DiskStore::open({root.path / "file"}).has_value());
  BOOST_TEST(!DiskStore::open({root.path / "missing"}).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
