#include "sweep/param_path.hpp"

#include <charconv>
#include <cstdint>
#include <optional>

#include <google/protobuf/descriptor.h>

#include "util/parse_number.hpp"

namespace udplab::sweep {
namespace pb = google::protobuf;
namespace {

struct Step {
  std::string field;
  std::string selector;  // empty, an index, or a name
  bool has_selector = false;
};

std::expected<std::vector<Step>, std::string> parse_path(std::string_view path) {
  std::vector<Step> steps;
  std::size_t i = 0;
  while (i < path.size()) {
    Step s;
    std::size_t end = i;
    while (end < path.size() && path[end] != '.' && path[end] != '[') ++end;
    s.field = std::string(path.substr(i, end - i));
    if (s.field.empty()) return std::unexpected("empty field name in '" + std::string(path) + "'");
    i = end;
    if (i < path.size() && path[i] == '[') {
      const auto close = path.find(']', i);
      if (close == std::string_view::npos) return std::unexpected("missing ']' in '" + std::string(path) + "'");
      s.selector = std::string(path.substr(i + 1, close - i - 1));
      s.has_selector = true;
      i = close + 1;
    }
    if (i < path.size()) {
      if (path[i] != '.') return std::unexpected("expected '.' after ']' in '" + std::string(path) + "'");
      ++i;
    }
    steps.push_back(std::move(s));
  }
  if (steps.empty()) return std::unexpected(std::string("empty parameter path"));
  return steps;
}

// The whole of `text` as a decimal T, or nothing when it is not one or does not fit (a sweep
// value must never wrap around to another).
template <typename T>
std::optional<T> whole_number(std::string_view text) {
  T out{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return out;
}

// Walks to the message holding the last field; the last step is returned in `last`.
std::expected<pb::Message*, std::string> walk(pb::Message& root, std::string_view path, Step& last,
                                              const pb::FieldDescriptor*& field) {
  auto steps = parse_path(path);
  if (!steps) return std::unexpected(steps.error());
  pb::Message* m = &root;
  for (std::size_t k = 0; k < steps->size(); ++k) {
    const Step& s = (*steps)[k];
    const pb::Descriptor* d = m->GetDescriptor();
    const pb::FieldDescriptor* f = d->FindFieldByName(s.field);
    if (!f) return std::unexpected("'" + std::string(path) + "': " + d->name() + " has no field '" + s.field + "'");
    const pb::Reflection* r = m->GetReflection();
    const bool last_step = k + 1 == steps->size();
    if (f->is_repeated() != s.has_selector)
      return std::unexpected("'" + std::string(path) + "': " + s.field + (f->is_repeated() ? " needs [index or name]" : " is not a list"));
    if (last_step) {
      if (f->is_repeated() || f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE)
        return std::unexpected("'" + std::string(path) + "' names a message or list, not a value");
      last = s;
      field = f;
      return m;
    }
    if (f->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE)
      return std::unexpected("'" + std::string(path) + "': " + s.field + " is a value, it has no fields");
    if (!f->is_repeated()) {
      // Never switch a oneof by walking through it: workloads[1].echo_ping.x on a TFTP workload is
      // a mistake to report, not an echo ping to create.
      if (f->containing_oneof() && !r->HasField(*m, f))
        return std::unexpected("'" + std::string(path) + "': this " + d->name() + " has no " + s.field);
      m = r->MutableMessage(m, f);
      continue;
    }
    const int n = r->FieldSize(*m, f);
    int index = -1;
    int parsed = 0;
    auto [p, ec] = std::from_chars(s.selector.data(), s.selector.data() + s.selector.size(), parsed);
    if (ec == std::errc{} && p == s.selector.data() + s.selector.size()) {
      index = parsed;
    } else {
      for (int e = 0; e < n; ++e) {
        const pb::Message& item = r->GetRepeatedMessage(*m, f, e);
        const pb::FieldDescriptor* name = item.GetDescriptor()->FindFieldByName("name");
        if (name && name->cpp_type() == pb::FieldDescriptor::CPPTYPE_STRING && item.GetReflection()->GetString(item, name) == s.selector)
          index = e;
      }
    }
    if (index < 0 || index >= n)
      return std::unexpected("'" + std::string(path) + "': no " + s.field + "[" + s.selector + "] (there are " + std::to_string(n) + ")");
    m = r->MutableRepeatedMessage(m, f, index);
  }
  return std::unexpected(std::string("unreachable"));
}

}  // namespace

std::expected<void, std::string> set_field(pb::Message& message, std::string_view path, std::string_view value) {
  Step last;
  const pb::FieldDescriptor* f = nullptr;
  auto holder = walk(message, path, last, f);
  if (!holder) return std::unexpected(holder.error());
  pb::Message* m = *holder;
  const pb::Reflection* r = m->GetReflection();
  const std::string v(value);
  const auto bad = [&](const char* what) {
    return std::unexpected("'" + std::string(path) + "' takes " + what + ", not '" + v + "'");
  };
  switch (f->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
    case pb::FieldDescriptor::CPPTYPE_FLOAT: {
      const auto d = util::parse_double(v);
      if (!d) return bad("a number");
      if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_DOUBLE) r->SetDouble(m, f, *d);
      else r->SetFloat(m, f, static_cast<float>(*d));
      break;
    }
    case pb::FieldDescriptor::CPPTYPE_INT32: {
      const auto i = whole_number<std::int32_t>(v);
      if (!i) return bad("a whole number from -2147483648 to 2147483647");
      r->SetInt32(m, f, *i);
      break;
    }
    case pb::FieldDescriptor::CPPTYPE_INT64: {
      const auto i = whole_number<std::int64_t>(v);
      if (!i) return bad("a whole number");
      r->SetInt64(m, f, *i);
      break;
    }
    case pb::FieldDescriptor::CPPTYPE_UINT32: {
      const auto u = whole_number<std::uint32_t>(v);
      if (!u) return bad("a whole number from 0 to 4294967295");
      r->SetUInt32(m, f, *u);
      break;
    }
    case pb::FieldDescriptor::CPPTYPE_UINT64: {
      const auto u = whole_number<std::uint64_t>(v);
      if (!u) return bad("a whole number from 0");
      r->SetUInt64(m, f, *u);
      break;
    }
    case pb::FieldDescriptor::CPPTYPE_BOOL:
      if (v != "true" && v != "false") return bad("true or false");
      r->SetBool(m, f, v == "true");
      break;
    case pb::FieldDescriptor::CPPTYPE_STRING: r->SetString(m, f, v); break;
    case pb::FieldDescriptor::CPPTYPE_ENUM: {
      const pb::EnumValueDescriptor* e = f->enum_type()->FindValueByName(v);
      if (!e) return bad("one of the enum's names");
      r->SetEnum(m, f, e);
      break;
    }
    case pb::FieldDescriptor::CPPTYPE_MESSAGE: return bad("a value");
  }
  return {};
}

std::expected<bool, std::string> is_numeric_field(const pb::Message& message, std::string_view path) {
  std::unique_ptr<pb::Message> copy(message.New());
  copy->CopyFrom(message);
  Step last;
  const pb::FieldDescriptor* f = nullptr;
  auto holder = walk(*copy, path, last, f);
  if (!holder) return std::unexpected(holder.error());
  switch (f->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_STRING:
    case pb::FieldDescriptor::CPPTYPE_BOOL:
    case pb::FieldDescriptor::CPPTYPE_ENUM:
    case pb::FieldDescriptor::CPPTYPE_MESSAGE: return false;
    default: return true;
  }
}

}  // namespace udplab::sweep
