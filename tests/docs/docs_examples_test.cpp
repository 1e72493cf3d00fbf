// Every example in docs/ is run, so the docs never rot.
//
// An example is a fenced block whose lines start with "$ udplab ...", each followed by its output.
// The line before the fence says how to check it:
//   <!-- example: exact -->   the output must be exactly as written (simulations, the calculator)
//   <!-- example: shape -->   the same, with every number masked (live runs: timings differ)
// A block of "$ udplab" lines without such a tag fails the test. A page may start programs the
// examples need, running while its examples run:
//   <!-- fixture: udplab echo serve --bind 127.0.0.1 --port 7007 -->
// A picture committed under docs/ is regenerated and must be byte-identical (simulations are
// deterministic), so a picture cannot go stale; the command writes its sequence diagram to out/:
//   <!-- picture: docs/pictures/x.svg = udplab sim scenarios/x.textproto --out out -->
// and prepare files for them first, with a shell command run before the fixtures start:
//   <!-- setup: mkdir srv && printf 'hello\n' > srv/hello.txt -->
// Commands run through sh in a scratch directory where scenarios/ and docs/ point into the
// repository (so files they write stay out of the source tree), with "udplab" meaning the binary
// under test; "$ echo $?" prints the previous example's exit status.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include <unistd.h>

#include "support/cli_helpers.hpp"

using namespace udplab::test;
namespace fs = std::filesystem;

namespace {

struct Example {
  std::size_t line = 0;  // of the command, 1-based
  std::string command;   // without "$ "
  std::string expected;
  std::string mode;      // exact or shape
};

struct Page {
  std::vector<std::pair<std::string, std::string>> pictures;  // file, command
  std::vector<std::string> setups;
  std::vector<std::string> fixtures;
  std::vector<Example> examples;
  std::vector<std::string> problems;
};

std::vector<std::string> split_words(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

Page read_page(const fs::path& file) {
  Page page;
  std::ifstream in(file);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  // A fence indented inside a list item: its lines carry the fence's indentation, which is not
  // part of the command or the output.
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto indent = lines[i].find_first_not_of(' ');
    if (indent == 0 || indent == std::string::npos || lines[i].compare(indent, 3, "```") != 0) continue;
    std::size_t end = i + 1;
    while (end < lines.size() && lines[end].compare(0, indent + 3, std::string(indent, ' ') + "```") != 0) ++end;
    for (std::size_t k = i; k <= end && k < lines.size(); ++k)
      lines[k] = lines[k].compare(0, indent, std::string(indent, ' ')) == 0 ? lines[k].substr(indent) : lines[k];
    // The tag above the fence is indented the same way.
    if (const auto lead = i > 0 ? lines[i - 1].find_first_not_of(' ') : std::string::npos; lead != std::string::npos)
      lines[i - 1] = lines[i - 1].substr(std::min(indent, lead));
    i = end;
  }
  const std::regex picture(R"(<!-- picture: (\S+) = (udplab .*) -->)"), setup(R"(<!-- setup: (.*) -->)"), fixture(R"(<!-- fixture: (.*) -->)"), tag(R"(<!-- example: (exact|shape) -->)");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::smatch m;
    if (std::regex_search(lines[i], m, setup)) page.setups.push_back(m[1]);
    if (std::regex_search(lines[i], m, picture)) page.pictures.emplace_back(m[1], m[2]);
    if (std::regex_search(lines[i], m, fixture)) page.fixtures.push_back(m[1]);
    if (lines[i].rfind("```", 0) != 0) continue;
    // A fence: find its end, and see whether it holds examples.
    std::size_t end = i + 1;
    while (end < lines.size() && lines[end].rfind("```", 0) != 0) ++end;
    const bool has_examples = i + 1 < end && lines[i + 1].rfind("$ udplab ", 0) == 0;
    if (has_examples) {
      std::string mode;
      if (i > 0 && std::regex_search(lines[i - 1], m, tag)) mode = m[1];
      if (mode.empty()) page.problems.push_back(file.string() + ":" + std::to_string(i + 1) + ": example without an <!-- example: exact|shape --> tag");
      for (std::size_t k = i + 1; k < end; ++k) {
        if (lines[k].rfind("$ ", 0) == 0 && (lines[k].rfind("$ udplab ", 0) == 0 || lines[k] == "$ echo $?")) {
          page.examples.push_back(Example{k + 1, lines[k].substr(2), "", mode});
        } else if (!page.examples.empty()) {
          page.examples.back().expected += lines[k] + "\n";
        }
      }
    }
    i = end;
  }
  return page;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Numbers become "#", rates lose their prefix (a slow machine prints B/s where a fast one prints
// kB/s), and runs of spaces become one: columns padded to a number's width move.
std::string mask_numbers(const std::string& s) {
  std::string out = std::regex_replace(s, std::regex(R"([0-9]+(\.[0-9]+)?)"), "#");
  out = std::regex_replace(out, std::regex(R"(# [kMG]?B/s)"), "# B/s");
  return std::regex_replace(out, std::regex(" +"), " ");
}

std::string run_example(const std::string& command, int& exit_code) {
  static int previous = 0;
  if (command == "echo $?") {
    exit_code = 0;
    return std::to_string(previous) + "\n";
  }
  // Every "udplab" word that starts a command of the pipeline is the binary under test.
  const std::string cmd = std::regex_replace(command, std::regex(R"((^|\| )udplab )"), "$1" + udplab_binary() + " ");
  auto r = run_process({"sh", "-c", cmd + " 2>&1"}, std::chrono::seconds(120));
  exit_code = r.exit_code;
  // The shell reports the last command of a pipeline; the examples care about udplab's.
  previous = exit_code;
  return r.out;
}

void check_page(const fs::path& file) {
  const Page page = read_page(file);
  for (const auto& p : page.problems) BOOST_ERROR(p);
  if (page.examples.empty() && page.pictures.empty()) return;
  const auto previous = fs::current_path();
  const fs::path scratch = fs::temp_directory_path() / ("udplab-docs-" + std::to_string(::getpid()) + "-" + file.stem().string());
  fs::remove_all(scratch);
  fs::create_directories(scratch);
  for (const char* dir : {"scenarios", "docs"}) fs::create_directory_symlink(fs::path(UDPLAB_SOURCE_DIR) / dir, scratch / dir);
  fs::current_path(scratch);
  for (const auto& command : page.setups) {
    auto r = run_process({"sh", "-c", command + " 2>&1"}, std::chrono::seconds(60));
    BOOST_REQUIRE_MESSAGE(r.exit_code == 0, "setup failed: " << command << ": " << r.out);
  }
  // Fixtures start in the scratch directory too, so their files are the setup's.
  std::vector<std::unique_ptr<BackgroundProcess>> fixtures;
  for (const auto& f : page.fixtures) {
    auto words = split_words(f);
    words[0] = udplab_binary();
    fixtures.push_back(std::make_unique<BackgroundProcess>(words));
    BOOST_REQUIRE_MESSAGE(fixtures.back()->read_line(), "fixture did not start: " << f);
  }
  for (const auto& [picture, command] : page.pictures) {
    BOOST_TEST_CONTEXT(file.filename().string() << ": picture " << picture) {
      fs::remove_all("out");
      int code = 0;
      run_example(command, code);
      BOOST_TEST(code == 0);
      BOOST_TEST(slurp(fs::path("out") / "sequence.svg") == slurp(fs::path(UDPLAB_SOURCE_DIR) / picture));
    }
  }
  for (const auto& e : page.examples) {
    BOOST_TEST_CONTEXT(file.filename().string() << ":" << e.line << ": $ " << e.command) {
      int code = 0;
      const std::string out = run_example(e.command, code);
      BOOST_TEST(code != 127);
      if (e.mode == "exact") BOOST_TEST(out == e.expected);
      if (e.mode == "shape") BOOST_TEST(mask_numbers(out) == mask_numbers(e.expected));
    }
  }
  fs::current_path(previous);
  fs::remove_all(scratch);
  for (auto& f : fixtures) f->stop();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(docs_examples_test)

BOOST_AUTO_TEST_CASE(every_example_in_docs_runs_as_written) {
  std::vector<fs::path> pages{fs::path(UDPLAB_SOURCE_DIR) / "README.md"};
  for (const auto& entry : fs::directory_iterator(fs::path(UDPLAB_SOURCE_DIR) / "docs"))
    if (entry.path().extension() == ".md") pages.push_back(entry.path());
  std::sort(pages.begin(), pages.end());
  std::size_t examples = 0;
  for (const auto& p : pages) {
    examples += read_page(p).examples.size();
    check_page(p);
  }
  BOOST_TEST(examples > 10u);
}

BOOST_AUTO_TEST_SUITE_END()
