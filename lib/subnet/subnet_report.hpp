// The calculator's result as the SubnetReport message (proto/udplab/v1/subnet.proto), for --json
// and, later, the control plane. Kept apart from the calculator so that it needs no protobuf.
#pragma once

#include "subnet/subnet.hpp"
#include "udplab/v1/subnet.pb.h"

namespace udplab::subnet {

v1::SubnetReport make_subnet_report(const SubnetInfo& s);
v1::AddressKind to_proto(AddressKind kind);

}  // namespace udplab::subnet
