// A full disk under a TFTP transfer, for real: a 256 KiB tmpfs that an upload (udplab tftpd
// receiving a WRQ) and a download (udplab tftp get) both outgrow. Both sides must say "no space
// left on the device" (not "file too large", which is a limit of the file), and the file of that
// name that was there before must be left as it was. Needs root to mount (CTest label `root`).
#include <boost/test/unit_test.hpp>

#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <memory>

#include "support/process.hpp"
#include "support/tftpd_process.hpp"

using namespace udplab;
using namespace udplab::test;
namespace fs = std::filesystem;

namespace {

// A small tmpfs mounted on a directory of its own, unmounted when this goes (a failed assertion
// included: Boost.Test unwinds the test case).
class SmallDisk {
 public:
  // Null, with the reason in `why`, when the mount is not possible here.
  static std::unique_ptr<SmallDisk> mount(const char* size, std::string& why) {
    auto disk = std::unique_ptr<SmallDisk>(new SmallDisk);
    const std::string options = std::string("size=") + size + ",mode=0755";
    if (::mount("udplab-test", disk->dir_.path.c_str(), "tmpfs", 0, options.c_str()) != 0) {
      why = std::string("cannot mount a tmpfs: ") + std::strerror(errno);
      return nullptr;
    }
    disk->mounted_ = true;
    return disk;
  }
  ~SmallDisk() {
    if (mounted_) ::umount2(dir_.path.c_str(), MNT_DETACH);
  }
  const fs::path& path() const { return dir_.path; }

 private:
  SmallDisk() = default;
  TempDir dir_{"udplab-full-disk"};  // removed after the unmount (members are destroyed after the destructor's body)
  bool mounted_ = false;
};

std::unique_ptr<SmallDisk> small_disk() {
  if (::geteuid() != 0) {
    BOOST_TEST_MESSAGE("skipped: needs root (mounts a tmpfs)");
    return nullptr;
  }
  std::string why;
  auto disk = SmallDisk::mount("256k", why);
  if (!disk) {
    if (peers_required()) BOOST_FAIL(why);
    BOOST_TEST_MESSAGE("skipped: " << why);
  }
  return disk;
}

std::size_t entries(const fs::path& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

ProcessResult tftp(std::vector<std::string> args) {
  args.insert(args.begin(), {udplab_binary(), "tftp"});
  return run_process(args, std::chrono::seconds(60));
}

const std::string kOld = "the file that was here before";
const std::string kFull = "no space left on the device";

}  // namespace

BOOST_AUTO_TEST_SUITE(tftp_full_disk_test)

BOOST_AUTO_TEST_CASE(an_upload_to_a_full_disk_says_so_and_keeps_the_old_file) {
  auto disk = small_disk();
  if (!disk) return;
  write_file(disk->path() / "target", kOld);
  auto server = start_tftpd(disk->path(), {"--create", "--writable"});
  TempDir here;
  write_file(here.path / "big", std::string(1 << 20, 'x'));

  // Without tsize the server finds out as the blocks come; with it, before any data moves.
  auto growing = tftp({"put", server.address, "target", (here.path / "big").string()});
  BOOST_TEST(growing.exit_code == 1, growing.err);
  BOOST_TEST(growing.err.find("put target: server sent ERROR 3: cannot write the file: " + kFull) != std::string::npos,
             growing.err);
  BOOST_TEST(growing.err.find("too large") == std::string::npos, growing.err);
  auto announced = tftp({"put", server.address, "target", (here.path / "big").string(), "--tsize"});
  BOOST_TEST(announced.exit_code == 1, announced.err);
  BOOST_TEST(announced.err.find("put target: server sent ERROR 3: No space left on the device: 1048576 bytes, ") !=
                 std::string::npos,
             announced.err);

  auto stopped = server.process->stop(SIGINT);
  BOOST_TEST(stopped.out.find("cannot write the file: " + kFull) != std::string::npos, stopped.out);
  BOOST_TEST(stopped.out.find("No space left on the device: 1048576 bytes, ") != std::string::npos, stopped.out);
  BOOST_TEST(read_file(disk->path() / "target") == kOld);
  BOOST_TEST(entries(disk->path()) == 1u);  // no temporary file left behind
}

BOOST_AUTO_TEST_CASE(a_download_to_a_full_disk_says_so_and_keeps_the_old_file) {
  auto disk = small_disk();
  if (!disk) return;
  write_file(disk->path() / "target", kOld);
  TempDir served;
  write_file(served.path / "big", std::string(1 << 20, 'x'));
  auto server = start_tftpd(served.path);

  // The client's write fails with the kernel's ENOSPC (it checks no free space beforehand).
  auto r = tftp({"get", server.address, "big", (disk->path() / "target").string(), "--blksize", "1428"});
  BOOST_TEST(r.exit_code == 1, r.err);
  BOOST_TEST(r.err.find("get big: cannot ") != std::string::npos, r.err);
  BOOST_TEST(r.err.find(kFull) != std::string::npos, r.err);
  BOOST_TEST(r.err.find("too large") == std::string::npos, r.err);

  // The server heard why: the client's ERROR 3 carries the same words.
  auto stopped = server.process->stop(SIGINT);
  BOOST_TEST(stopped.out.find("ERROR 3: cannot ") != std::string::npos, stopped.out);
  BOOST_TEST(stopped.out.find(kFull) != std::string::npos, stopped.out);
  BOOST_TEST(read_file(disk->path() / "target") == kOld);
  BOOST_TEST(entries(disk->path()) == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
