// `udplab subnet` as people read it: aligned like ipcalc, with the IPv4 addresses and masks in
// binary as well (teachers show where the network part ends).
#pragma once

#include <string>

#include "subnet/subnet.hpp"

namespace udplab::subnet {

struct TextOptions {
  bool binary = true;  // the binary column for IPv4
};

std::string render_text(const SubnetInfo& s, const TextOptions& options = {});

// "11000000.10101000.00000001. 00000111": octets in binary, with a space where the host part
// begins (none for /0 and /32, where one part is empty).
std::string binary_dotted(const net::IpAddress& v4, unsigned prefix_length);
// All eight IPv6 groups with four hex digits each: "2001:0db8:0000:...:0001".
std::string expanded_v6(const net::IpAddress& v6);

}  // namespace udplab::subnet
