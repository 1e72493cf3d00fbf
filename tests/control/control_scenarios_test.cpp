// Every scenario shipped in scenarios/ runs on an agent with the default limits, as `udplab sim`
// runs it. Its own suite, with its own time limit: it simulates every scenario, which takes
// seconds in a release build and several times that under the sanitizers.
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "support/control_support.hpp"

using namespace udplab;
using namespace udplab::test;

BOOST_AUTO_TEST_SUITE(control_scenarios_test)

BOOST_AUTO_TEST_CASE(every_shipped_scenario_runs_on_a_default_agent) {
  TestAgent a;
  const auto began = std::chrono::steady_clock::now();
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(UDPLAB_SOURCE_DIR) / "scenarios"))
    if (entry.path().extension() == ".textproto") files.push_back(entry.path());
  BOOST_REQUIRE(files.size() >= 20u);
  // As many at once as a default agent takes.
  const std::size_t at_once = control::Limits{}.max_concurrent_runs;
  for (std::size_t first = 0; first < files.size(); first += at_once) {
    std::vector<std::pair<std::string, std::string>> runs;  // file, run id
    for (std::size_t i = first; i < std::min(files.size(), first + at_once); ++i) {
      auto loaded = scenario::load_scenario_file(files[i]);
      BOOST_REQUIRE_MESSAGE(loaded, loaded.error());
      v1::StartSimulationRequest req;
      *req.mutable_scenario() = loaded->scenario;
      v1::RunInfo info;
      auto c = a.ctx();
      const auto status = a.stub->StartSimulation(c.get(), req, &info);
      BOOST_REQUIRE_MESSAGE(status.ok(), files[i] << ": " << status.error_message());
      runs.emplace_back(files[i].filename().string(), info.run_id());
    }
    for (const auto& [file, id] : runs) {
      const auto report = a.wait_report(id);
      BOOST_TEST((report.info().state() == v1::SUCCEEDED || report.info().state() == v1::FAILED), file);
      BOOST_TEST(report.info().error().find("RESOURCE_EXHAUSTED") == std::string::npos, file << ": " << report.info().error());
    }
  }
  BOOST_TEST_MESSAGE(files.size() << " scenarios in "
                                  << std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count() << " s");
}

BOOST_AUTO_TEST_SUITE_END()
