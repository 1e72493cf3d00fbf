#include "option_flags.hpp"

#include "util/config_error.hpp"

namespace udplab::cli {

std::string_view flag_of(const options::FieldPath& path, FlagTable flags) {
  if (path.empty()) return {};
  for (const auto& f : flags)
    if (f.field == path.front().field) return f.flag;
  return {};
}

UsageError flag_error(const options::Problem& problem, FlagTable flags) {
  std::string_view flag = flag_of(problem.path, flags);
  // A field no flag fills is the command's own doing: name it as the translator did.
  const std::string name = flag.empty() ? options::to_string(problem.path) : std::string(flag);
  std::string why = problem.message;
  if (problem.other) {
    const std::string_view other = flag_of({options::FieldStep{*problem.other}}, flags);
    why = util::fill_other(problem.message_template, other.empty() ? *problem.other : other);
  }
  return UsageError(name + ": " + why);
}

std::uint64_t count_arg(const po::variables_map& vm, const std::string& name, std::uint64_t max) {
  return unsigned_arg(vm, name, 1, max);
}

}  // namespace udplab::cli
