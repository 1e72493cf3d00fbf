#include "options/option_fields.hpp"

namespace udplab::options {

std::string_view proto_field(echo::PingField field) {
  switch (field) {
    case echo::PingField::payload_size: return "size";
    case echo::PingField::timeout: return "timeout";
    case echo::PingField::interval: return "interval";
    case echo::PingField::window: return "window";
    // EchoPingOptions has no such field: a scenario's ping never sets it.
    case echo::PingField::duration: return "duration";
  }
  return "?";
}

std::string_view proto_field(request::BackoffField field) {
  switch (field) {
    case request::BackoffField::initial: return "initial";
    case request::BackoffField::factor: return "factor";
    case request::BackoffField::max_wait: return "max_wait";
  }
  return "?";
}

std::string_view proto_field(broadcast::SendField field) {
  switch (field) {
    case broadcast::SendField::targets: return "to";
    case broadcast::SendField::message: return "message";
    case broadcast::SendField::count: return "count";
    case broadcast::SendField::interval: return "interval";
  }
  return "?";
}

std::string_view proto_field(discovery::DiscoverField field) {
  switch (field) {
    case discovery::DiscoverField::targets: return "to";
    case discovery::DiscoverField::probes: return "probes";
    case discovery::DiscoverField::interval: return "interval";
    case discovery::DiscoverField::timeout: return "timeout";
  }
  return "?";
}

std::string_view proto_field(chat::RoomField field) {
  switch (field) {
    case chat::RoomField::capacity: return "capacity";
    case chat::RoomField::idle_timeout: return "idle_timeout";
    case chat::RoomField::reorder_window: return "reorder_window";
  }
  return "?";
}

std::string_view proto_field(chat::ClientField field) {
  switch (field) {
    case chat::ClientField::nick: return "nick";
    case chat::ClientField::keepalive: return "keepalive";
    case chat::ClientField::reorder_window: return "reorder_window";
    case chat::ClientField::linger: return "linger";
  }
  return "?";
}

std::string_view proto_field(tftp::ClientField field) {
  switch (field) {
    case tftp::ClientField::server: return "server";
    case tftp::ClientField::remote: return "remote";
    case tftp::ClientField::mode: return "mode";
    case tftp::ClientField::blksize: return "blksize";
    case tftp::ClientField::windowsize: return "windowsize";
    case tftp::ClientField::timeout_option: return "timeout_option";
    case tftp::ClientField::timeout: return "timeout";
  }
  return "?";
}

}  // namespace udplab::options
