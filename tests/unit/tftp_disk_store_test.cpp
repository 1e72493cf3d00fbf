// The server's view of a real directory: what it serves, what it refuses, how uploads land.
//
// Most of it runs on every platform. What only POSIX has (modes, symlinks without privileges,
// FIFOs, RLIMIT_FSIZE) is skipped on Windows with the reason in the log; what differs by design
// (Windows refuses device names, drive letters and streams, and matches the root regardless of
// case) is asserted both ways.
#include <boost/test/unit_test.hpp>

#if !defined(_WIN32)
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#endif

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include "platform/files.hpp"
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

#if defined(_WIN32)
constexpr bool kWindows = true;
#else
constexpr bool kWindows = false;
#endif

// A test precondition: skips the test on Windows, with `what` it needs in the log.
struct PosixOnly {
  const char* what;
  boost::test_tools::assertion_result operator()(boost::unit_test::test_unit_id) const {
    boost::test_tools::assertion_result ok(!kWindows);
    if (kWindows) ok.message() << "POSIX only: " << what;
    return ok;
  }
};

struct TempDir {
  fs::path path;
  TempDir() {
    static std::mt19937_64 random{std::random_device{}()};
    for (int attempt = 0; attempt < 100 && path.empty(); ++attempt) {
      fs::path candidate = fs::temp_directory_path() / ("udplab-store-" + std::to_string(random() % 1'000'000'000));
      if (fs::create_directory(candidate)) path = candidate;
    }
    BOOST_REQUIRE(!path.empty());
    fs::permissions(path, fs::perms::owner_all);  // 0700, as mkdtemp makes it
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

// Every entry below `dir`, as relative generic paths ("d/f").
std::set<std::string> entries(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    out.insert(e.path().lexically_relative(dir).generic_string());
  return out;
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

std::string read_refusal_message(DiskStore& s, std::string_view name) {
  auto f = s.open_read(name);
  return f ? std::string() : f.error().message;
}

std::string write_refusal_message(DiskStore& s, std::string_view name) {
  auto f = s.open_write(name);
  return f ? std::string() : f.error().message;
}

// `path` with the case of its ASCII letters swapped.
fs::path swap_case(const fs::path& path) {
  auto text = path.native();
  for (auto& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<std::remove_reference_t<decltype(c)>>(c - 'a' + 'A');
    else if (c >= 'A' && c <= 'Z') c = static_cast<std::remove_reference_t<decltype(c)>>(c - 'A' + 'a');
  }
  return fs::path(text);
}

#if !defined(_WIN32)
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
#endif

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
  std::vector<std::string_view> names = {"a.txt", "./a.txt", "sub//deeper/../../a.txt"};
#if defined(_WIN32)
  BOOST_TEST_MESSAGE("skipped on Windows: the symlink \"link-inside\" (creating one needs a privilege)");
#else
  fs::create_symlink("a.txt", root.path / "link-inside");
  names.push_back("link-inside");
#endif
  auto s = store(root.path);
  for (std::string_view name : names) {
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

BOOST_AUTO_TEST_CASE(refuses_names_outside_and_what_is_no_file) {
  TempDir root, outside;
  write_text(outside.path / "secret", "top secret");
  write_text(root.path / "ok", "x");
  fs::create_directory(root.path / "dir");
  auto s = store(root.path);
  const ErrorCode violation = ErrorCode::access_violation;
  BOOST_TEST((read_refusal(s, "../" + outside.path.filename().string() + "/secret") == violation));
  BOOST_TEST((read_refusal(s, (outside.path / "secret").string()) == violation));
  BOOST_TEST((read_refusal(s, (outside.path / "secret").generic_string()) == violation));
  BOOST_TEST((read_refusal(s, "dir\\..\\ok") == violation));
  BOOST_TEST((read_refusal(s, std::string("ok\0x", 4)) == violation));
  BOOST_TEST((read_refusal(s, "dir") == violation));
  BOOST_TEST((read_refusal(s, "dir/") == violation));
  BOOST_TEST((read_refusal(s, "missing") == ErrorCode::file_not_found));
  BOOST_TEST((read_refusal(s, "missing-dir/x") == ErrorCode::file_not_found));
  BOOST_TEST((read_refusal(s, "ok/x") == ErrorCode::file_not_found));
  BOOST_TEST(!read_refusal(s, "ok"));
}

BOOST_AUTO_TEST_CASE(refuses_symlinks_leaving_the_root_and_special_files,
                     *boost::unit_test::precondition(PosixOnly{"symlinks, FIFOs and /dev/zero"})) {
#if !defined(_WIN32)
  TempDir root, outside;
  write_text(outside.path / "secret", "top secret");
  fs::create_symlink(outside.path / "secret", root.path / "escape");
  fs::create_symlink(outside.path, root.path / "escape-dir");
  fs::create_symlink("/dev/zero", root.path / "zero");
  fs::create_symlink("missing", root.path / "dangling");
  BOOST_REQUIRE(::mkfifo((root.path / "fifo").c_str(), 0644) == 0);
  auto s = store(root.path);
  const ErrorCode violation = ErrorCode::access_violation;
  BOOST_TEST((read_refusal(s, "escape") == violation));
  BOOST_TEST((read_refusal(s, "escape-dir/secret") == violation));
  BOOST_TEST((read_refusal(s, "zero") == violation));
  BOOST_TEST((read_refusal(s, "fifo") == violation));  // and without hanging on the open
  BOOST_TEST((read_refusal(s, "dangling") == ErrorCode::file_not_found));
  // The reader itself: a FIFO or a device is no regular file, a final symlink is refused on demand.
  BOOST_TEST((open_disk_reader(root.path / "fifo").error() == std::errc::invalid_argument));
  BOOST_TEST((open_disk_reader("/dev/zero").error() == std::errc::invalid_argument));
  BOOST_TEST((open_disk_reader(root.path / "escape", true).error() == std::errc::too_many_symbolic_link_levels));
  BOOST_TEST(open_disk_reader(root.path / "escape", false).has_value());
#endif
}

BOOST_AUTO_TEST_CASE(uploads_follow_the_writable_and_create_switches) {
  TempDir root;
  write_text(root.path / "old", "old content");
  fs::create_directory(root.path / "dir");
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
  BOOST_TEST((write_refusal(both, "dir") == ErrorCode::access_violation));  // not a regular file
  BOOST_TEST(!write_refusal(both, "dir/new"));
  BOOST_TEST(temp_files(root.path) == 0u);  // every writer above was dropped uncommitted
  BOOST_TEST(read_text(root.path / "old") == "old content");
  BOOST_TEST(!fs::exists(root.path / "new"));
  BOOST_TEST((entries(root.path) == std::set<std::string>{"dir", "old"}));
}

BOOST_AUTO_TEST_CASE(an_upload_replaces_the_file_only_at_commit) {
  TempDir root;
  write_text(root.path / "f", "old content");
  auto s = store(root.path, true, true);
  {
    auto w = s.open_write("f");
    BOOST_REQUIRE(w.has_value());
    BOOST_TEST(!(*w)->write(util::as_bytes("new")));
    BOOST_TEST(temp_files(root.path) == 1u);
    BOOST_TEST(read_text(root.path / "f") == "old content");
    BOOST_TEST((*w)->capacity().value_or(0) > 0u);  // the volume's free space
  }  // dropped: an interrupted upload
  BOOST_TEST(read_text(root.path / "f") == "old content");
  BOOST_TEST(temp_files(root.path) == 0u);
  {
    auto w = s.open_write("f");
    BOOST_REQUIRE(w.has_value());
    BOOST_TEST(!(*w)->write(util::as_bytes("discarded")));
    (*w)->discard();
    BOOST_TEST(temp_files(root.path) == 0u);
    BOOST_TEST(!(*w)->capacity().has_value());
    BOOST_TEST((*w)->write(util::as_bytes("late")));  // a discarded file takes no more data
  }
  BOOST_TEST(read_text(root.path / "f") == "old content");

  auto w = s.open_write("f");
  BOOST_REQUIRE(w.has_value());
  BOOST_TEST(!(*w)->write(util::as_bytes("new content")));
  BOOST_TEST(!(*w)->commit());
  BOOST_TEST(read_text(root.path / "f") == "new content");
  BOOST_TEST(temp_files(root.path) == 0u);
  (*w)->discard();  // harmless after commit()
  BOOST_TEST(read_text(root.path / "f") == "new content");
  BOOST_TEST((entries(root.path) == std::set<std::string>{"f"}));

  auto added = s.open_write("added");
  BOOST_REQUIRE(added.has_value());
  BOOST_TEST(!(*added)->write(util::as_bytes("a new file")));
  BOOST_TEST(!(*added)->commit());
  BOOST_TEST(read_text(root.path / "added") == "a new file");
  BOOST_TEST((entries(root.path) == std::set<std::string>{"added", "f"}));
}

BOOST_AUTO_TEST_CASE(a_replaced_file_keeps_its_mode, *boost::unit_test::precondition(PosixOnly{"file modes"})) {
#if !defined(_WIN32)
  TempDir root;
  write_text(root.path / "f", "old content");
  ::chmod((root.path / "f").c_str(), 0640);
  auto s = store(root.path, true, true);
  for (std::string_view name : {"f", "new"}) {
    auto w = s.open_write(name);
    BOOST_REQUIRE(w.has_value());
    BOOST_TEST(!(*w)->write(util::as_bytes("content")));
    BOOST_TEST(!(*w)->commit());
  }
  struct stat st {};
  BOOST_REQUIRE(::stat((root.path / "f").c_str(), &st) == 0);
  BOOST_TEST((st.st_mode & 0777) == 0640u);  // a replaced file keeps its mode
  BOOST_REQUIRE(::stat((root.path / "new").c_str(), &st) == 0);
  BOOST_TEST((st.st_mode & 0777) == 0644u);  // a new one is 0644 whatever the umask
#endif
}

// `udplab serve` warns of a token file whose mode lets other users in (platform::open_to_other_users);
// Windows keeps access in ACLs, which the seam does not read, so there it never warns.
BOOST_AUTO_TEST_CASE(a_file_open_to_other_users_is_told_by_its_mode) {
  TempDir root;
  const fs::path token = root.path / "token";
  write_text(token, "a secret token of some length");
  fs::permissions(token, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
  BOOST_TEST(!platform::open_to_other_users(token));
  fs::permissions(token, fs::perms::group_read, fs::perm_options::add);
  BOOST_TEST(platform::open_to_other_users(token) == !kWindows);
  fs::permissions(token, fs::perms::group_read, fs::perm_options::remove);
  fs::permissions(token, fs::perms::others_read, fs::perm_options::add);
  BOOST_TEST(platform::open_to_other_users(token) == !kWindows);
  BOOST_TEST(!platform::open_to_other_users(root.path / "missing"));
}

// A commit that cannot rename (the target became a directory) fails, and leaves no temporary file.
BOOST_AUTO_TEST_CASE(a_failed_commit_leaves_nothing_behind) {
  TempDir root;
  fs::create_directory(root.path / "d");
  write_text(root.path / "d" / "inside", "x");
  auto w = open_atomic_writer(root.path / "d");
  BOOST_REQUIRE(w.has_value());
  BOOST_TEST(!write_pattern(**w, 100 * 1024, 512));
  BOOST_TEST(temp_files(root.path) == 1u);
  const std::error_code ec = (*w)->commit();
  BOOST_TEST(static_cast<bool>(ec), "committing over a directory should fail");
  BOOST_TEST(fs::is_directory(root.path / "d"));
  BOOST_TEST(temp_files(root.path) == 0u);
  BOOST_TEST((entries(root.path) == std::set<std::string>{"d", "d/inside"}));
  BOOST_TEST(!open_atomic_writer(root.path / "no-such-dir" / "f").has_value());
  BOOST_TEST((entries(root.path) == std::set<std::string>{"d", "d/inside"}));
}

// An upload over a file being downloaded: the download goes on with the old content. POSIX always
// replaces the name; Windows may refuse the rename while the file is open (classic rename
// semantics), and then the old file stays. Either way: old or new, never a mixture, no leftovers.
BOOST_AUTO_TEST_CASE(an_upload_over_a_file_being_read_is_all_or_nothing) {
  TempDir root;
  const std::vector<std::byte> old_content = test::pattern(600 * 1024, 1), new_content = test::pattern(300 * 1024, 2);
  {
    std::ofstream out(root.path / "f", std::ios::binary);
    out.write(reinterpret_cast<const char*>(old_content.data()), static_cast<std::streamsize>(old_content.size()));
  }
  auto s = store(root.path, true, true);
  auto r = s.open_read("f");
  BOOST_REQUIRE(r.has_value());
  std::vector<std::byte> got(old_content.size());
  auto first = (*r)->read(std::span(got).first(1000));
  BOOST_REQUIRE(first.has_value());
  auto w = s.open_write("f");
  BOOST_REQUIRE(w.has_value());
  BOOST_TEST(!(*w)->write(new_content));
  const std::error_code committed = (*w)->commit();
  auto rest = (*r)->read(std::span(got).subspan(1000));
  BOOST_REQUIRE(rest.has_value());
  BOOST_TEST(*first + *rest == old_content.size());
  BOOST_TEST((got == old_content));
  r->reset();
  std::ifstream in(root.path / "f", std::ios::binary);
  const std::vector<char> now{std::istreambuf_iterator<char>(in), {}};
  const auto now_bytes = std::as_bytes(std::span(now));
  if (committed) {
    BOOST_TEST_MESSAGE("the replacement was refused while the file was open: " << committed.message());
    BOOST_TEST(kWindows);  // POSIX renames over an open file
    BOOST_TEST(std::ranges::equal(now_bytes, old_content));
  } else {
    BOOST_TEST(std::ranges::equal(now_bytes, new_content));
  }
  BOOST_TEST(temp_files(root.path) == 0u);
}

BOOST_AUTO_TEST_CASE(an_upload_through_a_symlink_stays_inside, *boost::unit_test::precondition(PosixOnly{"symlinks"})) {
#if !defined(_WIN32)
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
#endif
}

BOOST_AUTO_TEST_CASE(a_write_error_held_back_by_the_buffer_fails_the_commit,
                     *boost::unit_test::precondition(PosixOnly{"RLIMIT_FSIZE to make writes fail"})) {
#if !defined(_WIN32)
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
    BOOST_TEST(refusal_for(ec, "save").message == "save: file too large");
  }
  BOOST_TEST(read_text(root.path / "f") == "old content");
  BOOST_TEST(temp_files(root.path) == 0u);
#endif
}

BOOST_AUTO_TEST_CASE(a_write_error_at_a_full_buffer_fails_that_write,
                     *boost::unit_test::precondition(PosixOnly{"RLIMIT_FSIZE to make writes fail"})) {
#if !defined(_WIN32)
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
#endif
}

BOOST_AUTO_TEST_CASE(an_upload_failing_at_commit_is_answered_with_error_3,
                     *boost::unit_test::precondition(PosixOnly{"RLIMIT_FSIZE to make writes fail"})) {
#if !defined(_WIN32)
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
#endif
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

// Names Windows has no trouble with are served everywhere (the Windows rules must not overreach).
BOOST_AUTO_TEST_CASE(names_safe_on_windows_are_served_everywhere) {
  TempDir root;
  fs::create_directory(root.path / "dir");
  auto s = store(root.path, true, true);
  for (std::string_view name : {"console.txt", "com10", "lpt", "a.b.c", "dir/file", "nul1", ".hidden"}) {
    BOOST_TEST_CONTEXT(name) {
      auto w = s.open_write(name);
      BOOST_REQUIRE(w.has_value());
      BOOST_TEST(!(*w)->write(util::as_bytes(name)));
      BOOST_TEST(!(*w)->commit());
      auto r = s.open_read(name);
      BOOST_REQUIRE(r.has_value());
      BOOST_TEST(read_all(**r) == std::string(name));
    }
  }
  BOOST_TEST(read_text(root.path / "dir" / "file") == "dir/file");
  BOOST_TEST(temp_files(root.path) == 0u);
}

// A POSIX server serves a file named "a:b" or "nul.txt"; a Windows one refuses every name that
// Windows would turn into a device, a drive, a stream or another file (tftp::windows_name_hazard),
// with ERROR 2 and the reason, before touching the file system.
BOOST_AUTO_TEST_CASE(windows_names_are_refused_only_on_windows) {
  TempDir root;
  write_text(root.path / "secret.txt", "secret");
  fs::create_directory(root.path / "dir");
  write_text(root.path / "dir" / "file", "in dir");
  auto s = store(root.path, true, true);
  const ErrorCode violation = ErrorCode::access_violation;
  // Refused by normalise_request_name() on every platform already.
  for (std::string_view name : {"\\\\server\\share\\f", "//server/share/f", "\\\\?\\C:\\x", "\\\\.\\nul", "\\x"}) {
    BOOST_TEST_CONTEXT(name) {
      BOOST_TEST((read_refusal(s, name) == violation));
      BOOST_TEST((write_refusal(s, name) == violation));
    }
  }
  struct Case {
    std::string_view name;
    std::string_view reason;  // a part of the refusal's message on Windows
  };
  const Case cases[] = {
      {"C:x", "drive letter"},
      {"C:/x", "drive letter"},
      {"a:b", "drive letter"},
      {"secret.txt::$DATA", "':'"},
      {"secret.txt:stream", "':'"},
      {"dir/file:$DATA", "':'"},
      {"nul", "device name"},
      {"NUL.txt", "device name"},
      {"con", "device name"},
      {"Con.tar.gz", "device name"},
      {"aux .log", "device name"},
      {"prn", "device name"},
      {"dir/com1", "device name"},
      {"COM9.bin", "device name"},
      {"lpt1.txt", "device name"},
      {"LPT9", "device name"},
      {"com\xC2\xB9", "device name"},
      {"conin$", "device name"},
      {"CONOUT$.log", "device name"},
      {"nul/x", "device name"},
      {"secret.txt.", "dot or space"},
      {"secret.txt ", "dot or space"},
      {"dir./file", "dot or space"},
      {"dir /file", "dot or space"},
      {"secret?.txt", "character"},
      {"secret*", "character"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      if (kWindows) {
        const std::string read_message = read_refusal_message(s, c.name);
        const std::string write_message = write_refusal_message(s, c.name);
        BOOST_TEST((read_refusal(s, c.name) == violation));
        BOOST_TEST((write_refusal(s, c.name) == violation));
        BOOST_TEST(read_message.find(c.reason) != std::string::npos, "\"" << read_message << "\"");
        BOOST_TEST(write_message.find(c.reason) != std::string::npos, "\"" << write_message << "\"");
      } else if (c.reason != "character" && c.name.find('/') == std::string_view::npos) {
        // On POSIX these are ordinary names: a file under each is uploaded, then served.
        auto w = s.open_write(c.name);
        BOOST_REQUIRE(w.has_value());
        BOOST_TEST(!(*w)->write(util::as_bytes("posix")));
        BOOST_TEST(!(*w)->commit());
        auto r = s.open_read(c.name);
        BOOST_REQUIRE(r.has_value());
        BOOST_TEST(read_all(**r) == "posix");
      }
    }
  }
  BOOST_TEST(read_text(root.path / "secret.txt") == "secret");
  BOOST_TEST(read_text(root.path / "dir" / "file") == "in dir");
  BOOST_TEST(temp_files(root.path) == 0u);
  if (kWindows) BOOST_TEST((entries(root.path) == std::set<std::string>{"dir", "dir/file", "secret.txt"}));
}

// Confinement compares whole components of resolved paths: the same bytes on POSIX, the same
// regardless of case on Windows.
BOOST_AUTO_TEST_CASE(root_matching_compares_whole_components) {
  const fs::path root = fs::temp_directory_path() / "srv";
  const fs::path parent = root.parent_path();
  BOOST_TEST(platform::is_below(root, root / "f"));
  BOOST_TEST(platform::is_below(root, root / "a" / "b"));
  BOOST_TEST(!platform::is_below(root, root));
  BOOST_TEST(!platform::is_below(root, parent));
  BOOST_TEST(!platform::is_below(root, parent / "srv2" / "f"));
  BOOST_TEST(!platform::is_below(root, parent / "sr"));
  BOOST_TEST(!platform::is_below(root, parent / "other" / "srv" / "f"));
  fs::path with_separator = root;
  with_separator += fs::path::preferred_separator;
  BOOST_TEST(platform::is_below(with_separator, root / "f"));
  BOOST_TEST(!platform::is_below(with_separator, root));
  BOOST_TEST(platform::same_path(with_separator, root));
  BOOST_TEST(!platform::same_path(root, parent / "srv2"));
  BOOST_TEST(platform::is_below(root.root_path(), root));  // serving "/" or "C:\"
  BOOST_TEST(!platform::is_below(root.root_path(), root.root_path()));
  const fs::path other_case = swap_case(root);
  BOOST_TEST(platform::is_below(other_case, root / "f") == kWindows);
  BOOST_TEST(platform::same_path(other_case, root) == kWindows);
#if defined(_WIN32)
  BOOST_TEST(platform::is_below(L"C:\\srv", L"c:/SRV/f"));
  BOOST_TEST(!platform::is_below(L"C:\\srv", L"D:\\srv\\f"));
  BOOST_TEST(!platform::is_below(L"C:\\srv", L"C:\\srv2\\f"));
  BOOST_TEST(platform::is_below(L"\\\\host\\share\\srv", L"\\\\HOST\\Share\\srv\\f"));
#endif
}

// DiskStore's root, spelled in another case: on Windows the same directory, served and written as
// usual; on POSIX another (here missing) directory.
BOOST_AUTO_TEST_CASE(the_root_matches_regardless_of_case_only_on_windows) {
  TempDir root;
  write_text(root.path / "f", "x");
  auto s = DiskStore::open({swap_case(root.path), true, true});
  if (!kWindows) {
    BOOST_TEST(!s.has_value());
    return;
  }
  BOOST_REQUIRE(s.has_value());
  auto r = s->open_read("f");
  BOOST_REQUIRE(r.has_value());
  BOOST_TEST(read_all(**r) == "x");
  auto w = s->open_write("G");
  BOOST_REQUIRE(w.has_value());
  BOOST_TEST(!(*w)->write(util::as_bytes("up")));
  BOOST_TEST(!(*w)->commit());
  BOOST_TEST(read_text(root.path / "G") == "up");
}

BOOST_AUTO_TEST_SUITE_END()
