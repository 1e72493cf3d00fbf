// udplab.v1.RequestOptions to the request client's configuration (see echo_options.hpp for the
// front ends that call it).
#pragma once

#include <expected>

#include "options/field_path.hpp"
#include "request/request_client.hpp"
#include "udplab/v1/scenario.pb.h"

namespace udplab::options {

inline constexpr const char* kDefaultRequestMessage = "request";

std::expected<request::RequestConfig, Problem> to_request_config(const v1::RequestOptions& options, const FieldPath& at);

}  // namespace udplab::options
