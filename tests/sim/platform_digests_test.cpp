// Every shipped scenario gives the same bytes on every platform: the SHA-256 of its report.json,
// trace.jsonl and trace.pcap (what `udplab sim --out DIR` writes) must equal the digests pinned in
// tests/sim/scenario_digests.txt. The Linux (libstdc++), libc++ and Windows (MinGW, under Wine)
// builds all run this suite against the same file, so passing everywhere means byte-identical
// results across platforms, compilers and standard libraries.
//
// After a deliberate change to netsim, an engine or the report, run the suite with
// UDPLAB_WRITE_DIGESTS=FILE to write the new digests there, review them, copy them over the pinned
// file and say why in the commit.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include "netsim/pcap_writer.hpp"
#include "netsim/trace_jsonl.hpp"
#include "report/json.hpp"
#include "scenario/load.hpp"
#include "scenario/run.hpp"
#include "util/sha256.hpp"

using namespace udplab;

namespace {

// An output stream that hashes what is written to it instead of keeping it (fragmentation-loss
// writes tens of megabytes of pcap).
class HashingBuffer final : public std::streambuf {
 public:
  std::string hex() { return hash_.hex_digest(); }

 protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    hash_.update(std::string_view(s, static_cast<std::size_t>(n)));
    return n;
  }
  int_type overflow(int_type c) override {
    if (c != traits_type::eof()) {
      const char ch = traits_type::to_char_type(c);
      hash_.update(std::string_view(&ch, 1));
    }
    return traits_type::not_eof(c);
  }

 private:
  util::Sha256 hash_;
};

std::string digests_of(const std::filesystem::path& file) {
  auto loaded = scenario::load_scenario_file(file);
  if (!loaded) BOOST_FAIL(loaded.error());
  auto plan = scenario::compile(loaded->scenario);
  if (!plan) BOOST_FAIL(loaded->locate(plan.error().path, plan.error().message));
  HashingBuffer jsonl_hash, pcap_hash;
  std::ostream jsonl_out(&jsonl_hash), pcap_out(&pcap_hash);
  netsim::JsonlTraceWriter jsonl(&jsonl_out);
  scenario::RunOptions options;
  options.sinks.push_back(&jsonl);
  scenario::ScenarioRun run(std::move(*plan), options);
  netsim::PcapWriter pcap(pcap_out, run.simulator().network());
  run.simulator().trace().add_sink(pcap);
  run.run();
  const std::string report = report::to_json(run.report()) + "\n";  // as report.json holds it
  jsonl_out.flush();
  pcap_out.flush();
  return "report=" + util::sha256_hex(report) + " jsonl=" + jsonl_hash.hex() + " pcap=" + pcap_hash.hex();
}

std::map<std::string, std::string> pinned() {
  std::map<std::string, std::string> out;
  std::ifstream in(std::filesystem::path(UDPLAB_SOURCE_DIR) / "tests" / "sim" / "scenario_digests.txt");
  BOOST_REQUIRE_MESSAGE(in, "tests/sim/scenario_digests.txt is missing");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() == '#') continue;
    const auto space = line.find(' ');
    out[line.substr(0, space)] = line.substr(space + 1);
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(platform_digests_test)

BOOST_AUTO_TEST_CASE(every_scenario_gives_the_pinned_bytes) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(UDPLAB_SOURCE_DIR) / "scenarios"))
    if (entry.path().extension() == ".textproto") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  BOOST_TEST(files.size() >= 20u);

  const auto expected = pinned();
  std::ostringstream actual;
  for (const auto& file : files) {
    const std::string name = file.stem().string();
    const std::string got = digests_of(file);
    actual << name << " " << got << "\n";
    BOOST_TEST_CONTEXT(name) {
      const auto it = expected.find(name);
      BOOST_TEST((it != expected.end()), "no pinned digests for " << name);
      if (it != expected.end()) BOOST_TEST(got == it->second);
    }
  }
  BOOST_TEST(expected.size() == files.size(), "scenario_digests.txt names a scenario that no longer exists");
  if (const char* out = std::getenv("UDPLAB_WRITE_DIGESTS")) {
    std::ofstream(out) << "# scenario report=SHA-256 jsonl=SHA-256 pcap=SHA-256 (tests/sim/platform_digests_test.cpp)\n"
                       << actual.str();
    BOOST_TEST_MESSAGE("wrote the digests to " << out);
  }
}

BOOST_AUTO_TEST_SUITE_END()
