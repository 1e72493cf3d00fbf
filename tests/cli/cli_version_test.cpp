// --version: the version from CMakeLists.txt's project(), and the git revision when built from a
// git checkout; the same from udplab-control. And `udplab sim NAME` when no scenario has that name.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <regex>

#include "support/cli_helpers.hpp"

using namespace udplab::test;

namespace {

// "PROGRAM VERSION\n" or "PROGRAM VERSION (git REVISION)\n"; returns REVISION (empty without).
std::string check_version_line(const std::string& program, const ProcessResult& r) {
  BOOST_TEST(r.exit_code == 0, r.err);
  std::smatch m;
  const std::regex line("^" + program + " " + std::regex_replace(UDPLAB_VERSION, std::regex("\\."), "\\.") +
                        "(?: \\(git ([0-9a-f]{12})(-dirty)?\\))?\n$");
  BOOST_TEST_REQUIRE(std::regex_match(r.out, m, line), r.out);
  return m[1].str();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_version_test)

BOOST_AUTO_TEST_CASE(version_names_the_release_and_the_git_revision) {
  const auto r = run_udplab({"--version"});
  const std::string revision = check_version_line("udplab", r);
  BOOST_TEST(run_udplab({"version"}).out == r.out);
  // Built from this git checkout: the revision is a commit of it (from a tarball: none).
  const bool checkout = std::filesystem::exists(std::filesystem::path(UDPLAB_SOURCE_DIR) / ".git");
  if (!have_program("git")) return;
  BOOST_TEST(revision.empty() != checkout, r.out);
  if (checkout) {
    const auto known = run_process({"git", "-C", UDPLAB_SOURCE_DIR, "cat-file", "-e", revision + "^{commit}"});
    BOOST_TEST(known.exit_code == 0, revision << " is no commit of " << UDPLAB_SOURCE_DIR << ": " << known.err);
  }
}

#if UDPLAB_WITH_GRPC
BOOST_AUTO_TEST_CASE(udplab_control_prints_the_same_version) {
  const auto control = (std::filesystem::path(udplab_binary()).parent_path() / "udplab-control").string();
  const auto r = run_process({control, "--version"});
  const auto udplab = run_udplab({"--version"});
  check_version_line("udplab-control", r);
  BOOST_TEST(r.out.substr(std::string("udplab-control").size()) == udplab.out.substr(std::string("udplab").size()));
}
#endif

BOOST_AUTO_TEST_CASE(sim_names_where_it_looked_for_an_installed_scenario) {
  const auto r = run_udplab({"sim", "no-such-scenario"});
  check_one_line_error(r, 2, "no-such-scenario: cannot open scenario file, and no installed scenario has that name");
  // share/udplab/scenarios (by default) beside the directory the program is in.
  const auto prefix = std::filesystem::path(udplab_binary()).parent_path().parent_path().lexically_normal();
  BOOST_TEST(r.err.find("(looked in " + prefix.string()) != std::string::npos, r.err);
  BOOST_TEST(r.err.find((std::filesystem::path("udplab") / "scenarios)").string()) != std::string::npos, r.err);
}

BOOST_AUTO_TEST_SUITE_END()
