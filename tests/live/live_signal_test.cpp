// LiveRuntime::on_signal: each signal a live run stops on reaches the handler, from the loop.
//
// On Windows the C runtime raises SIGINT for Ctrl-C and SIGBREAK for Ctrl-Break; Wine can send no
// Ctrl-Break (docs/building.md, "Under Wine"), so SIGBREAK is raised here directly: this checks
// udplab's part (the runtime listens for it), not the console's.
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <vector>

#include "live/live_runtime.hpp"

using namespace udplab;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(live_signal_test)

BOOST_AUTO_TEST_CASE(each_stop_signal_reaches_the_handler_in_the_loop) {
  std::vector<int> signals{SIGINT, SIGTERM};
#if defined(SIGBREAK)  // Windows: Ctrl-Break
  signals.push_back(SIGBREAK);
#endif
  for (const int sig : signals) {
    BOOST_TEST_CONTEXT("signal " << sig) {
      live::LiveRuntime rt;
      int heard = 0;
      rt.on_signal([&](int s) {
        heard = s;
        rt.stop();
      });
      BOOST_REQUIRE(std::raise(sig) == 0);
      BOOST_TEST(heard == 0);  // not from inside the signal handler: from the loop
      const auto deadline = std::chrono::steady_clock::now() + 5s;
      while (heard == 0 && std::chrono::steady_clock::now() < deadline) rt.run_for(20ms);
      BOOST_TEST(heard == sig);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
