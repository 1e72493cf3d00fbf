// The subnet calculator against two calculators we did not write: sipcalc on several hundred
// deterministic pseudo-random IPv4 and IPv6 prefixes (every length), and ipcalc (slower: a Perl
// script with bignum, one process per prefix) on a few dozen IPv4 ones including every edge length.
//
// Where they disagree with RFC 3021 we follow the RFC, and the checks below say so.
#include <boost/test/unit_test.hpp>

#include <functional>
#include <map>
#include <random>
#include <sstream>

#include "subnet/subnet.hpp"
#include "support/cli_helpers.hpp"

using namespace udplab;
using namespace udplab::test;

namespace {

bool tool_available(const std::string& tool) {
  if (have_program(tool)) return true;
  BOOST_TEST_REQUIRE(!peers_required(), tool << " is required (UDPLAB_REQUIRE_PEERS=1) but not installed");
  BOOST_TEST_MESSAGE(tool << " not installed; skipped");
  return false;
}

// std::mt19937_64's output is fixed by the standard (unlike std:: distributions), so the sample
// is the same everywhere. Lengths cycle so that every one of them is covered.
std::vector<net::Prefix> sample_prefixes(net::Family family, std::size_t count, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  const unsigned max_length = family == net::Family::v4 ? 32 : 128;
  std::vector<net::Prefix> out;
  for (std::size_t i = 0; i < count; ++i) {
    net::IpAddress a;
    if (family == net::Family::v4) {
      a = net::IpAddress::v4(static_cast<std::uint32_t>(rng() >> 32));
    } else {
      net::IpAddress::V6Bytes b{};
      for (std::size_t k = 0; k < 16; k += 8) {
        const std::uint64_t r = rng();
        for (std::size_t j = 0; j < 8; ++j) b[k + j] = static_cast<std::uint8_t>(r >> (8 * j));
      }
      a = net::IpAddress::v6(b);
    }
    out.push_back({a, static_cast<unsigned>(i % (max_length + 1))});
  }
  return out;
}

std::string trim(std::string s) {
  const auto first = s.find_first_not_of(" \t");
  const auto last = s.find_last_not_of(" \t");
  return first == std::string::npos ? "" : s.substr(first, last - first + 1);
}

std::string normalized(const std::string& address_text) {
  auto a = net::IpAddress::parse(trim(address_text));
  return a ? a->to_string() : "unparsable '" + address_text + "'";
}

// "A - B" -> {A, B}, both normalized.
std::pair<std::string, std::string> range(const std::string& text) {
  const auto dash = text.find(" - ");
  if (dash == std::string::npos) return {"no range in '" + text + "'", ""};
  return {normalized(text.substr(0, dash)), normalized(text.substr(dash + 3))};
}

using Fields = std::map<std::string, std::string>;

// sipcalc prints one block per argument: "-[ipv4 : 10.0.0.1/8] - 0", then "Key<tabs>- value"
// lines; IPv6 ranges continue on an indented second line.
std::map<std::string, Fields> run_sipcalc(const std::vector<net::Prefix>& prefixes) {
  std::map<std::string, Fields> blocks;
  for (std::size_t start = 0; start < prefixes.size(); start += 50) {
    std::vector<std::string> argv{"sipcalc"};
    for (std::size_t i = start; i < std::min(prefixes.size(), start + 50); ++i) argv.push_back(prefixes[i].to_string());
    auto r = run_process(argv, std::chrono::seconds(30));
    BOOST_REQUIRE_MESSAGE(r.exit_code == 0, "sipcalc failed: " << r.err);
    std::istringstream lines(r.out);
    std::string line;
    Fields* current = nullptr;
    std::string last_key;
    while (std::getline(lines, line)) {
      if (line.starts_with("-[ipv")) {
        const auto colon = line.find(" : ");
        const auto close = line.find("] - ");
        current = colon < close && close != std::string::npos ? &blocks[line.substr(colon + 3, close - colon - 3)] : nullptr;
      } else if (current && !line.empty() && (line[0] == '\t' || line[0] == ' ') && !last_key.empty()) {
        std::string& value = (*current)[last_key];
        value += ' ';  // not `" " + trim(line)`: GCC 12 -O3 reports a false -Wstringop-overflow there
        value += trim(line);
      } else if (const auto tab = line.find('\t'); current && tab != std::string::npos) {
        const std::string rest = trim(line.substr(tab));
        last_key = line.substr(0, tab);
        (*current)[last_key] = rest.starts_with("- ") ? rest.substr(2) : rest;
      }
    }
  }
  return blocks;
}

// ipcalc's lines are "Key:   value   (binary)"; -n no colours, -b no binary.
Fields run_ipcalc(const net::Prefix& p) {
  auto r = run_process({"ipcalc", "-n", "-b", p.to_string()}, std::chrono::seconds(30));
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, "ipcalc failed: " << r.err);
  Fields fields;
  std::istringstream lines(r.out);
  std::string line;
  while (std::getline(lines, line)) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::istringstream value(line.substr(colon + 1));
    std::string first_word;
    value >> first_word;
    fields[line.substr(0, colon)] = first_word;
  }
  return fields;
}

std::string get(const Fields& f, const std::string& key) {
  const auto it = f.find(key);
  return it == f.end() ? "(missing)" : it->second;
}

// Collects what differs between the other tool and us, as text; empty when they agree.
class Differences {
 public:
  void expect(const std::string& what, const std::string& theirs, const std::string& ours) {
    if (theirs != ours) list_.push_back(what + ": they say '" + theirs + "', we say '" + ours + "'");
  }
  bool empty() const { return list_.empty(); }
  std::string text() const {
    std::string out;
    for (const auto& d : list_) out += "\n  " + d;
    return out;
  }

 private:
  std::vector<std::string> list_;
};

Differences against_sipcalc_v4(const subnet::SubnetInfo& s, const Fields& f) {
  Differences d;
  d.expect("network", normalized(get(f, "Network address")), s.network.to_string());
  d.expect("netmask", normalized(get(f, "Network mask")), s.netmask.to_string());
  d.expect("mask bits", get(f, "Network mask (bits)"), std::to_string(s.prefix_length));
  d.expect("wildcard", normalized(get(f, "Cisco wildcard")), s.wildcard.to_string());
  const auto [low, high] = range(get(f, "Network range"));
  d.expect("range start", low, s.network.to_string());
  if (s.host_bits >= 2) {
    d.expect("broadcast", normalized(get(f, "Broadcast address")), s.broadcast ? s.broadcast->to_string() : "none");
    d.expect("range end", high, s.broadcast ? s.broadcast->to_string() : "none");
    const auto [first, last] = range(get(f, "Usable range"));
    d.expect("first host", first, s.first_host.to_string());
    d.expect("last host", last, s.last_host.to_string());
  } else {
    // sipcalc calls the last address of a /31 or /32 its "broadcast" and lists no usable range.
    // RFC 3021 gives a /31 no broadcast and makes both its addresses hosts, so we have no
    // broadcast and our hosts span sipcalc's whole network range.
    d.expect("broadcast", s.broadcast ? "some" : "none", "none");
    d.expect("usable range", get(f, "Usable range"), "(missing)");
    d.expect("first host", low, s.first_host.to_string());
    d.expect("last host", high, s.last_host.to_string());
  }
  // sipcalc counts in 32 bits: its /0 holds "4294967295" addresses, one short of 2^32.
  if (s.prefix_length > 0) d.expect("addresses", get(f, "Addresses in network"), s.address_count);
  return d;
}

Differences against_sipcalc_v6(const subnet::SubnetInfo& s, const Fields& f) {
  Differences d;
  const std::string masked = get(f, "Subnet prefix (masked)");
  d.expect("network", normalized(masked.substr(0, masked.find('/'))), s.network.to_string());
  d.expect("netmask", normalized(get(f, "Prefix address")), s.netmask.to_string());
  d.expect("prefix length", get(f, "Prefix length"), std::to_string(s.prefix_length));
  const auto [first, last] = range(get(f, "Network range"));
  d.expect("first address", first, s.first_host.to_string());
  d.expect("last address", last, s.last_host.to_string());
  return d;
}

// ipcalc follows RFC 3021 (a /31 has two hosts and no broadcast), so every field must agree.
Differences against_ipcalc(const subnet::SubnetInfo& s, const Fields& f) {
  Differences d;
  if (s.host_bits == 0) {
    d.expect("host route", get(f, "Hostroute"), s.network.to_string());
  } else {
    d.expect("network", get(f, "Network"), s.cidr());
    d.expect("first host", get(f, "HostMin"), s.first_host.to_string());
    d.expect("last host", get(f, "HostMax"), s.last_host.to_string());
  }
  d.expect("broadcast", get(f, "Broadcast"), s.broadcast ? s.broadcast->to_string() : "(missing)");
  d.expect("hosts", get(f, "Hosts/Net"), std::to_string(s.usable_hosts.value_or(0)));
  d.expect("wildcard", get(f, "Wildcard"), s.wildcard.to_string());
  return d;
}

using FieldsOf = std::function<Fields(const net::Prefix&)>;
using Compare = Differences (*)(const subnet::SubnetInfo&, const Fields&);

void check_all(const std::string& tool, const std::vector<net::Prefix>& prefixes, const FieldsOf& fields_of, Compare compare) {
  std::size_t agreed = 0;
  for (const auto& p : prefixes) {
    const Differences d = compare(subnet::calculate(p), fields_of(p));
    BOOST_TEST(d.empty(), p.to_string() << " differs from " << tool << ":" << d.text());
    if (d.empty()) ++agreed;
  }
  BOOST_TEST_MESSAGE(agreed << " of " << prefixes.size() << " prefixes agreed with " << tool);
}

FieldsOf from_sipcalc_run(const std::vector<net::Prefix>& prefixes) {
  return [blocks = run_sipcalc(prefixes)](const net::Prefix& p) {
    const auto it = blocks.find(p.to_string());
    return it == blocks.end() ? Fields{} : it->second;
  };
}

}  // namespace

BOOST_AUTO_TEST_SUITE(subnet_ipcalc_test)

BOOST_AUTO_TEST_CASE(ipv4_agrees_with_sipcalc) {
  if (!tool_available("sipcalc")) return;
  const auto prefixes = sample_prefixes(net::Family::v4, 33 * 10, 0x5eed'0004);
  check_all("sipcalc", prefixes, from_sipcalc_run(prefixes), against_sipcalc_v4);
}

BOOST_AUTO_TEST_CASE(ipv6_agrees_with_sipcalc) {
  if (!tool_available("sipcalc")) return;
  const auto prefixes = sample_prefixes(net::Family::v6, 129 * 2, 0x5eed'0006);
  check_all("sipcalc", prefixes, from_sipcalc_run(prefixes), against_sipcalc_v6);
}

BOOST_AUTO_TEST_CASE(ipv4_agrees_with_ipcalc_including_rfc_3021) {
  if (!tool_available("ipcalc")) return;
  auto prefixes = sample_prefixes(net::Family::v4, 24, 0x5eed'1004);
  for (unsigned length : {0u, 1u, 8u, 16u, 24u, 30u, 31u, 31u, 32u, 32u}) {
    auto extra = sample_prefixes(net::Family::v4, 1, 0x5eed'2000 + prefixes.size());
    prefixes.push_back({extra.front().address, length});
  }
  check_all("ipcalc", prefixes, run_ipcalc, against_ipcalc);
}

BOOST_AUTO_TEST_SUITE_END()
