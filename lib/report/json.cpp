#include "report/json.hpp"

#include <google/protobuf/descriptor.h>

#include "text/json.hpp"

namespace udplab::report {
namespace pb = google::protobuf;

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
      text::append_json_string(out_, f->name());
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
      case pb::FieldDescriptor::CPPTYPE_DOUBLE: out_ += text::json_number(rep ? r->GetRepeatedDouble(m, f, k) : r->GetDouble(m, f)); break;
      case pb::FieldDescriptor::CPPTYPE_FLOAT: out_ += text::json_number(rep ? r->GetRepeatedFloat(m, f, k) : r->GetFloat(m, f)); break;
      case pb::FieldDescriptor::CPPTYPE_BOOL: out_ += (rep ? r->GetRepeatedBool(m, f, k) : r->GetBool(m, f)) ? "true" : "false"; break;
      case pb::FieldDescriptor::CPPTYPE_ENUM: {
        const pb::EnumValueDescriptor* e = rep ? r->GetRepeatedEnum(m, f, k) : r->GetEnum(m, f);
        text::append_json_string(out_, e->name());
        break;
      }
      case pb::FieldDescriptor::CPPTYPE_STRING: {
        std::string scratch;
        text::append_json_string(out_, rep ? r->GetRepeatedStringReference(m, f, k, &scratch) : r->GetStringReference(m, f, &scratch));
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
