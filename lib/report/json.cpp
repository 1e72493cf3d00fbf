#include "report/json.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

#include <google/protobuf/descriptor.h>

namespace udplab::report {
namespace pb = google::protobuf;

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string json_number(double value) {
  if (!std::isfinite(value)) return "null";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, end);
}

namespace {

class Writer {
 public:
  explicit Writer(bool pretty) : pretty_(pretty) {}
  std::string take() { return std::move(out_); }

  void message(const pb::Message& m, int depth) {
    const pb::Descriptor* d = m.GetDescriptor();
    const pb::Reflection* r = m.GetReflection();
    out_ += '{';
    bool first = true;
    for (int i = 0; i < d->field_count(); ++i) {
      const pb::FieldDescriptor* f = d->field(i);
      // Unset members of a oneof are left out; everything else is printed, defaults included.
      if (f->containing_oneof() && !f->is_repeated() && !r->HasField(m, f)) continue;
      if (!first) out_ += ',';
      first = false;
      newline(depth + 1);
      out_ += json_string(f->name());
      out_ += pretty_ ? ": " : ":";
      if (f->is_repeated()) {
        const int n = r->FieldSize(m, f);
        out_ += '[';
        for (int k = 0; k < n; ++k) {
          if (k) out_ += ',';
          newline(depth + 2);
          value(m, f, k, depth + 2);
        }
        if (n) newline(depth + 1);
        out_ += ']';
      } else {
        value(m, f, -1, depth + 1);
      }
    }
    if (!first) newline(depth);
    out_ += '}';
  }

 private:
  void newline(int depth) {
    if (!pretty_) return;
    out_ += '\n';
    out_.append(static_cast<std::size_t>(depth) * 2, ' ');
  }

  void value(const pb::Message& m, const pb::FieldDescriptor* f, int k, int depth) {
    const pb::Reflection* r = m.GetReflection();
    const bool rep = k >= 0;
    switch (f->cpp_type()) {
      case pb::FieldDescriptor::CPPTYPE_INT32: out_ += std::to_string(rep ? r->GetRepeatedInt32(m, f, k) : r->GetInt32(m, f)); break;
      case pb::FieldDescriptor::CPPTYPE_INT64: out_ += std::to_string(rep ? r->GetRepeatedInt64(m, f, k) : r->GetInt64(m, f)); break;
      case pb::FieldDescriptor::CPPTYPE_UINT32: out_ += std::to_string(rep ? r->GetRepeatedUInt32(m, f, k) : r->GetUInt32(m, f)); break;
      case pb::FieldDescriptor::CPPTYPE_UINT64: out_ += std::to_string(rep ? r->GetRepeatedUInt64(m, f, k) : r->GetUInt64(m, f)); break;
      case pb::FieldDescriptor::CPPTYPE_DOUBLE: out_ += json_number(rep ? r->GetRepeatedDouble(m, f, k) : r->GetDouble(m, f)); break;
      case pb::FieldDescriptor::CPPTYPE_FLOAT: out_ += json_number(rep ? r->GetRepeatedFloat(m, f, k) : r->GetFloat(m, f)); break;
      case pb::FieldDescriptor::CPPTYPE_BOOL: out_ += (rep ? r->GetRepeatedBool(m, f, k) : r->GetBool(m, f)) ? "true" : "false"; break;
      case pb::FieldDescriptor::CPPTYPE_ENUM: {
        const pb::EnumValueDescriptor* e = rep ? r->GetRepeatedEnum(m, f, k) : r->GetEnum(m, f);
        out_ += json_string(e->name());
        break;
      }
      case pb::FieldDescriptor::CPPTYPE_STRING: {
        std::string s = rep ? r->GetRepeatedString(m, f, k) : r->GetString(m, f);
        out_ += json_string(s);
        break;
      }
      case pb::FieldDescriptor::CPPTYPE_MESSAGE:
        message(rep ? r->GetRepeatedMessage(m, f, k) : r->GetMessage(m, f), depth);
        break;
    }
  }

  bool pretty_;
  std::string out_;
};

}  // namespace

std::string to_json(const pb::Message& message, bool pretty) {
  Writer w(pretty);
  w.message(message, 0);
  return w.take();
}

}  // namespace udplab::report
