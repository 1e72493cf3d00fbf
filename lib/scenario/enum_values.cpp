#include "scenario/enum_values.hpp"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <vector>

namespace udplab::scenario {
namespace {

namespace pb = google::protobuf;

std::string expected_names(const pb::EnumDescriptor& e) {
  std::string out;
  for (int i = 0; i < e.value_count(); ++i) {
    if (i > 0) out += i + 1 == e.value_count() ? " or " : ", ";
    out += e.value(i)->name();
  }
  return out;
}

std::optional<UnknownEnumValue> check(const pb::Message& message, FieldPath& path) {
  const pb::Reflection* reflection = message.GetReflection();
  std::vector<const pb::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);  // the fields set; an unset enum is 0, always defined
  for (const pb::FieldDescriptor* f : fields) {
    const int count = f->is_repeated() ? reflection->FieldSize(message, f) : 1;
    for (int i = 0; i < count; ++i) {
      path.push_back(FieldStep{f->name(), f->is_repeated() ? i : -1});
      if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_ENUM) {
        const int value = f->is_repeated() ? reflection->GetRepeatedEnumValue(message, f, i)
                                           : reflection->GetEnumValue(message, f);
        if (!f->enum_type()->FindValueByNumber(value))
          return UnknownEnumValue{path, "unknown value " + std::to_string(value) + " (expected " +
                                            expected_names(*f->enum_type()) + ")"};
      } else if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
        const pb::Message& inner =
            f->is_repeated() ? reflection->GetRepeatedMessage(message, f, i) : reflection->GetMessage(message, f);
        if (auto found = check(inner, path)) return found;
      }
      path.pop_back();
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<UnknownEnumValue> find_unknown_enum_value(const pb::Message& message) {
  FieldPath path;
  return check(message, path);
}

}  // namespace udplab::scenario
