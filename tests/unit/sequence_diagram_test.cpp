// The sequence diagram: what it records from a trace, and valid SVG that says it.
#include <boost/test/unit_test.hpp>

#include <sstream>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>

#include "netsim/simulator.hpp"
#include "picture/html_report.hpp"
#include "picture/sequence_diagram.hpp"
#include "util/bytes.hpp"

using namespace udplab;
using namespace std::chrono_literals;
namespace pt = boost::property_tree;

namespace {

struct Pair {
  netsim::Simulator sim{1};
  netsim::Interface* a = nullptr;
  std::unique_ptr<transport::Socket> rx, tx;
  Pair() {
    auto& net = sim.network();
    auto& ha = net.add_host("alice");
    auto& hb = net.add_host("bob");
    auto& link = net.add_segment("wire");
    a = &net.attach(ha, link, *net::Prefix::parse("10.0.0.1/24"));
    net.attach(hb, link, *net::Prefix::parse("10.0.0.2/24"));
    net.compute_routes();
    a->egress->add(std::make_unique<netsim::Delay>(5ms, 0ms, 0.0, netsim::DelayDistribution::uniform, netsim::Rng(1)));
    rx = std::move(*sim.runtime("bob").bind(*net::Endpoint::parse("0.0.0.0:9")));
    rx->start_receiving([](const transport::Datagram&) {}, [](std::error_code) {});
    tx = std::move(*sim.runtime("alice").bind(*net::Endpoint::parse("0.0.0.0:0")));
  }
  void send(const char* text) {
    BOOST_REQUIRE(!tx->send_to(*net::Endpoint::parse("10.0.0.2:9"), util::as_bytes(text)));
    sim.run_until(sim.now() + 10ms);
  }
};

// Counts elements named `name` anywhere under `tree`, optionally with an attribute holding `value`.
std::size_t count(const pt::ptree& tree, const std::string& name, const std::string& attr = "", const std::string& value = "") {
  std::size_t n = 0;
  for (const auto& [key, child] : tree) {
    if (key == name && (attr.empty() || child.get<std::string>("<xmlattr>." + attr, "") == value)) ++n;
    n += count(child, name, attr, value);
  }
  return n;
}

pt::ptree parse_svg(const std::string& svg) {
  std::istringstream in(svg);
  pt::ptree tree;
  pt::read_xml(in, tree);  // throws on malformed XML
  return tree;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sequence_diagram_test)

BOOST_AUTO_TEST_CASE(records_deliveries_losses_duplicates_and_retransmissions) {
  Pair p;
  p.a->egress->add(std::make_unique<netsim::DropList>(std::vector<std::uint64_t>{1}));
  picture::SequenceRecorder rec(p.sim.network());
  p.sim.trace().add_sink(rec);
  p.send("hello");  // lost
  p.send("hello");  // the same bytes again: a retransmission
  p.a->egress->add(std::make_unique<netsim::Duplication>(1.0, 0.0, netsim::Rng(2)));
  p.send("world");  // arrives twice
  p.sim.run_until(p.sim.now() + 100ms);

  BOOST_TEST(rec.lanes() == (std::vector<std::string>{"alice", "bob"}));
  const auto& f = rec.flights();
  BOOST_REQUIRE_EQUAL(f.size(), 4u);  // hello, hello, world, world's copy
  BOOST_TEST(f[0].label == "5 bytes");
  BOOST_REQUIRE_EQUAL(f[0].ends.size(), 1u);
  BOOST_TEST(!f[0].ends[0].delivered);
  BOOST_TEST(f[0].ends[0].reason == "loss");
  BOOST_TEST(f[0].ends[0].position == 0.25);  // on the way out of alice
  BOOST_TEST(f[1].retransmission);
  BOOST_TEST(f[1].ends.at(0).delivered);
  BOOST_TEST(!f[2].retransmission);
  BOOST_TEST((f[3].duplicate && f[3].copy > 0u));
  BOOST_TEST(f[3].ends.at(0).delivered);

  const std::string svg = picture::render_sequence_svg(rec, "test run");
  const auto tree = parse_svg(svg);
  BOOST_TEST(count(tree, "line", "marker-end", "url(#arrow)") == 3u);  // three arrows arrived
  BOOST_TEST(count(tree, "path") == 2u);                               // the arrowhead marker + one cross
  BOOST_TEST(svg.find(">loss<") != std::string::npos);
  BOOST_TEST(svg.find("retransmit 5 bytes") != std::string::npos);
  BOOST_TEST(svg.find("(duplicate)") != std::string::npos);
  BOOST_TEST(svg.find("stroke-dasharray=\"5,3\"") != std::string::npos);
  BOOST_TEST(count(tree, "text") > 8u);
}

BOOST_AUTO_TEST_CASE(long_runs_are_windowed_and_summarised) {
  Pair p;
  picture::SequenceRecorder rec(p.sim.network(), 5, Time{25ms});
  p.sim.trace().add_sink(rec);
  for (int i = 0; i < 20; ++i) p.send("x");
  BOOST_TEST(rec.flights().size() == 5u);
  BOOST_TEST(rec.datagrams_seen() == 20u);
  BOOST_TEST(rec.datagrams_before() == 3u);  // sent at 0, 10 and 20 ms
  BOOST_TEST(rec.beyond_window().at("delivered") == 12u);
  const std::string svg = picture::render_sequence_svg(rec, "windowed");
  parse_svg(svg);
  BOOST_TEST(svg.find("12 more datagrams after these") != std::string::npos);
  BOOST_TEST(svg.find("3 earlier datagrams not drawn") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(names_from_untrusted_input_are_escaped) {
  netsim::Simulator sim(1);
  sim.network().add_host("<script>&\"");
  picture::SequenceRecorder rec(sim.network());
  const std::string svg = picture::render_sequence_svg(rec, "a < b & c");
  BOOST_TEST(svg.find("<script>") == std::string::npos);
  const auto tree = parse_svg(svg);
  BOOST_TEST(tree.get<std::string>("svg.title") == "a < b & c");
}

BOOST_AUTO_TEST_CASE(html_page_holds_report_links_and_diagram) {
  v1::SimulationReport r;
  r.set_scenario("demo <1>");
  auto* l = r.add_links();
  l->set_name("client->wan");
  l->set_entered(200);
  l->set_dropped(10);
  const std::string html = picture::render_html_report(r, "report & text", "<?xml version=\"1.0\"?>\n<svg id=\"d\"></svg>\n");
  BOOST_TEST(html.find("<h1>demo &lt;1&gt;</h1>") != std::string::npos);
  BOOST_TEST(html.find("<pre>report &amp; text</pre>") != std::string::npos);
  BOOST_TEST(html.find("<td>client-&gt;wan</td><td class=\"n\">200</td><td class=\"n\">10</td><td class=\"n\">5%</td>") !=
             std::string::npos, html);
  BOOST_TEST(html.find("<svg id=\"d\"></svg>") != std::string::npos);
  BOOST_TEST(html.find("<?xml") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
