// udplab subnet: the subnet (CIDR) calculator. Parsing and arithmetic live in lib/subnet; this
// file only maps the command line onto them and picks the output form.
#include <iostream>

#include "commands.hpp"
#include "report/json.hpp"
#include "subnet/subnet.hpp"
#include "subnet/subnet_report.hpp"
#include "subnet/subnet_text.hpp"

namespace udplab::cli {

int run_subnet(const Args& args) {
  const CommandSpec spec{
      "subnet", "ADDRESS[/LENGTH] [MASK] [options]",
      "Works out a network from an address and a prefix length or netmask: netmask, wildcard,\n"
      "network, broadcast, first and last host, address and host counts, classful class (IPv4)\n"
      "and the kind of network (private, loopback, link-local, multicast, documentation, ...).\n"
      "\n"
      "The network is ADDRESS/LENGTH, ADDRESS/MASK or ADDRESS MASK, where MASK is a netmask\n"
      "(255.255.255.0) or a length (24 or /24). A bare ADDRESS is one host: /32, or /128 for\n"
      "IPv6. Host bits in ADDRESS are allowed. Masks must be contiguous.\n"
      "A /31 is a point-to-point link: two hosts and no broadcast (RFC 3021). A /32 is one host.\n"
      "IPv6 has no broadcast; its first and last host are the first and last address.",
      "  udplab subnet 192.168.1.7/24\n"
      "  udplab subnet 192.168.1.7 255.255.255.0\n"
      "  udplab subnet 10.0.0.0/31\n"
      "  udplab subnet 2001:db8::1/64\n"
      "  udplab subnet 172.16.5.4/20 --json | jq -r .broadcast\n"};
  po::options_description o("Options");
  o.add_options()("help,h", "show this help")
      ("address", po::value<std::string>(), "ADDRESS[/LENGTH], IPv4 or IPv6 (or the first argument)")
      ("mask", po::value<std::string>(), "netmask or prefix length (or the second argument)")
      ("json", po::bool_switch(), "print a SubnetReport message as JSON (docs/subnet.md)")
      ("no-binary", po::bool_switch(), "leave out the binary column of IPv4 text output");
  po::positional_options_description pos;
  pos.add("address", 1).add("mask", 1);
  po::variables_map vm;
  if (!parse(spec, o, pos, args, vm)) return kExitOk;
  if (!vm.count("address")) throw UsageError("missing ADDRESS[/LENGTH] (see 'udplab subnet --help')");

  std::optional<std::string> mask;
  if (vm.count("mask")) mask = vm["mask"].as<std::string>();
  auto info = subnet::calculate(vm["address"].as<std::string>(), mask ? std::optional<std::string_view>(*mask) : std::nullopt);
  if (!info) throw UsageError(info.error());

  if (vm["json"].as<bool>()) {
    std::cout << report::to_json(subnet::make_subnet_report(*info)) << "\n";
  } else {
    std::cout << subnet::render_text(*info, {.binary = !vm["no-binary"].as<bool>()});
  }
  return kExitOk;
}

}  // namespace udplab::cli
