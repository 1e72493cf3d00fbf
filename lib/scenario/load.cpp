#include "scenario/load.hpp"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include "util/whole_file.hpp"

namespace udplab::scenario {
namespace pb = google::protobuf;

class SourceMap {
 public:
  pb::TextFormat::ParseInfoTree tree;
};

namespace {

class CollectFirstError final : public pb::io::ErrorCollector {
 public:
  void AddError(int line, pb::io::ColumnNumber column, const std::string& message) override {
    if (!have_) message_ = std::to_string(line + 1) + ":" + std::to_string(column + 1) + ": " + message;
    have_ = true;
  }
  void AddWarning(int, pb::io::ColumnNumber, const std::string&) override {}
  bool have() const { return have_; }
  const std::string& message() const { return message_; }

 private:
  bool have_ = false;
  std::string message_;
};

// Walks the parse tree along `path`; returns the deepest position found (line -1 if none).
pb::TextFormat::ParseLocation position_of(const pb::TextFormat::ParseInfoTree* tree, const FieldPath& path) {
  pb::TextFormat::ParseLocation best;
  const pb::Descriptor* d = v1::Scenario::descriptor();
  for (const auto& step : path) {
    if (!tree || !d) break;
    const pb::FieldDescriptor* f = d->FindFieldByName(step.field);
    if (!f) break;
    const int index = f->is_repeated() ? std::max(step.index, 0) : -1;
    auto loc = tree->GetLocation(f, index);
    if (loc.line >= 0) best = loc;
    if (f->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) break;
    tree = tree->GetTreeForNested(f, index);
    d = f->message_type();
  }
  return best;
}

}  // namespace

std::string LoadedScenario::locate(const FieldPath& path, const std::string& message) const {
  std::string where = source;
  if (positions) {
    auto loc = position_of(&positions->tree, path);
    if (loc.line >= 0) where += ":" + std::to_string(loc.line + 1) + ":" + std::to_string(loc.column + 1);
  }
  std::string field = to_string(path);
  return where + ": " + (field.empty() ? "" : "field " + field + ": ") + message;
}

std::expected<LoadedScenario, std::string> parse_scenario(const std::string& text, const std::string& source) {
  LoadedScenario out;
  out.source = source;
  auto map = std::make_shared<SourceMap>();
  CollectFirstError errors;
  pb::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  parser.WriteLocationsTo(&map->tree);
  if (!parser.ParseFromString(text, &out.scenario)) {
    return std::unexpected(source + ":" + (errors.have() ? errors.message() : std::string("cannot parse")));
  }
  out.positions = std::move(map);
  return out;
}

std::expected<LoadedScenario, std::string> load_scenario_file(const std::filesystem::path& path) {
  auto text = util::read_file(path);
  if (!text) return std::unexpected(path.string() + ": cannot open scenario file");
  return parse_scenario(*text, path.string());
}

LoadedScenario from_message(v1::Scenario scenario, std::string source) {
  LoadedScenario out;
  out.scenario = std::move(scenario);
  out.source = std::move(source);
  return out;
}

}  // namespace udplab::scenario
