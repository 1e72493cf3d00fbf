// The default bind "::" falls back to 0.0.0.0 when it fails; an address the user chose never does.
#include <boost/test/unit_test.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/bind_fallback.hpp"

using namespace udplab;

namespace {

// A server whose start fails on the addresses in `refused`, as on a host without them.
struct Server {
  net::Endpoint at;
  const std::vector<net::IpAddress>* refused;
  std::optional<std::string> start() const {
    for (const auto& r : *refused)
      if (r == at.address) return "cannot bind " + at.to_string();
    return std::nullopt;
  }
};

struct Outcome {
  std::vector<net::Endpoint> tried;
  std::optional<std::string> error;
};

Outcome start(const char* bind, bool chosen, const std::vector<net::IpAddress>& refused) {
  Outcome out;
  auto [server, error] = net::start_with_ipv4_fallback(*net::Endpoint::parse(bind), chosen, [&](const net::Endpoint& at) {
    out.tried.push_back(at);
    return std::make_unique<Server>(Server{at, &refused});
  });
  BOOST_TEST(server->at == out.tried.back());
  out.error = error;
  return out;
}

const net::IpAddress kAnyV6 = *net::IpAddress::parse("::");
const net::IpAddress kAnyV4 = *net::IpAddress::parse("0.0.0.0");

}  // namespace

BOOST_AUTO_TEST_SUITE(bind_fallback_test)

BOOST_AUTO_TEST_CASE(the_default_falls_back_to_ipv4_on_the_same_port) {
  const auto r = start("[::]:69", false, {kAnyV6});
  BOOST_REQUIRE_EQUAL(r.tried.size(), 2u);
  BOOST_TEST(r.tried[1] == *net::Endpoint::parse("0.0.0.0:69"));
  BOOST_TEST(!r.error);
}

BOOST_AUTO_TEST_CASE(the_default_that_works_is_kept) {
  const auto r = start("[::]:69", false, {});
  BOOST_TEST(r.tried.size() == 1u);
  BOOST_TEST(!r.error);
}

BOOST_AUTO_TEST_CASE(the_error_of_the_fallback_is_the_one_reported) {
  const auto r = start("[::]:69", false, {kAnyV6, kAnyV4});
  BOOST_TEST(r.tried.size() == 2u);
  BOOST_TEST(r.error.value_or("none") == "cannot bind 0.0.0.0:69");
}

BOOST_AUTO_TEST_CASE(a_chosen_address_never_falls_back) {
  BOOST_TEST(start("[::]:69", true, {kAnyV6}).tried.size() == 1u);
  BOOST_TEST(start("[::1]:69", false, {*net::IpAddress::parse("::1")}).tried.size() == 1u);
  BOOST_TEST(start("0.0.0.0:69", false, {kAnyV4}).tried.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
