// The same workload in ns-3 (Debian's libns3-dev), for netsim_bench's comparison: 64-byte UDP echo
// requests across a point-to-point link that loses 5% of packets each way, and the bare
// scheduler. Prints the same kind of lines as netsim_bench. Built only when ns-3 is installed.
//
//   build/release/tests/bench/ns3_echo_bench [REQUESTS]
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

using namespace ns3;
using Wall = std::chrono::steady_clock;

namespace {

std::uint64_t g_sent = 0;
void count_tx(Ptr<const Packet>) { ++g_sent; }

// Each event schedules the next one 128 ns later until `g_left` runs out: 128 events pending at any
// time, the same load as netsim_bench's bare loop.
std::uint64_t g_left = 0;
void tick() {
  if (g_left == 0) return;
  --g_left;
  Simulator::Schedule(NanoSeconds(128), &tick);
}

double seconds_since(Wall::time_point t0) { return std::chrono::duration<double>(Wall::now() - t0).count(); }

}  // namespace

int main(int argc, char** argv) {
  const std::uint32_t requests = argc > 1 ? static_cast<std::uint32_t>(std::atoi(argv[1])) : 200000;
  std::printf("ns-3 %s benchmark (one core)\n", "3.37");

  {
    const std::uint64_t n = 5'000'000;
    g_left = n;
    for (int i = 0; i < 128; ++i) Simulator::Schedule(NanoSeconds(i), &tick);
    const auto t0 = Wall::now();
    Simulator::Run();
    const double s = seconds_since(t0);
    std::printf("  bare event loop        %12llu events   %7.3f s   %8.2f M events/s\n",
                static_cast<unsigned long long>(n), s, static_cast<double>(n) / s / 1e6);
    Simulator::Destroy();
  }

  NodeContainer nodes;
  nodes.Create(2);
  PointToPointHelper p2p;
  p2p.SetDeviceAttribute("DataRate", StringValue("10Gbps"));
  p2p.SetChannelAttribute("Delay", StringValue("1ms"));
  NetDeviceContainer devices = p2p.Install(nodes);
  for (std::uint32_t i = 0; i < 2; ++i) {
    Ptr<RateErrorModel> em = CreateObject<RateErrorModel>();
    em->SetAttribute("ErrorRate", DoubleValue(0.05));
    em->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
    devices.Get(i)->SetAttribute("ReceiveErrorModel", PointerValue(em));
  }
  InternetStackHelper stack;
  stack.Install(nodes);
  Ipv4AddressHelper address;
  address.SetBase("10.1.1.0", "255.255.255.0");
  Ipv4InterfaceContainer interfaces = address.Assign(devices);
  UdpEchoServerHelper server(9);
  ApplicationContainer server_apps = server.Install(nodes.Get(1));
  server_apps.Start(Seconds(0.0));
  UdpEchoClientHelper client(interfaces.GetAddress(1), 9);
  client.SetAttribute("MaxPackets", UintegerValue(requests));
  client.SetAttribute("Interval", TimeValue(MicroSeconds(10)));
  client.SetAttribute("PacketSize", UintegerValue(64));
  ApplicationContainer client_apps = client.Install(nodes.Get(0));
  client_apps.Start(Seconds(0.001));
  for (std::uint32_t i = 0; i < 2; ++i) devices.Get(i)->TraceConnectWithoutContext("PhyTxBegin", MakeCallback(&count_tx));
  const auto t0 = Wall::now();
  Simulator::Run();
  const double s = seconds_since(t0);
  std::printf("  echo, 2 hosts          %12llu datagrams %7.3f s   %8.2f M datagrams/s   (sent; %u requests, 5%% loss each way)\n",
              static_cast<unsigned long long>(g_sent), s, static_cast<double>(g_sent) / s / 1e6, requests);
  Simulator::Destroy();
  return 0;
}
