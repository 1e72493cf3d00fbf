// LiveSocket: transport::Socket over a Boost.Asio UDP socket (private to lib/live).
#pragma once

#include <memory>

#include <boost/asio/io_context.hpp>

#include "live/live_runtime.hpp"
#include "transport/runtime.hpp"

namespace udplab::live {

std::expected<std::unique_ptr<transport::Socket>, std::error_code> open_live_socket(
    boost::asio::io_context& io, const LiveOptions& live, const net::Endpoint& local,
    const transport::BindOptions& options);

}  // namespace udplab::live
