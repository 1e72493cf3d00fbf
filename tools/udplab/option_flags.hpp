// The CLI's flags fill the fields of the udplab.v1 option messages that scenarios and the control
// plane use, and one set of translators (lib/options) turns them into engine configurations. A
// value the translator refuses comes back named by its field path; each command's table gives the
// flag that filled each field, so the user reads the flag they typed: "--blksize: must be between
// 8 and 65464".
#pragma once

#include <expected>
#include <span>
#include <string>
#include <string_view>

#include "cli.hpp"
#include "options/field_path.hpp"

namespace udplab::cli {

struct FieldFlag {
  std::string_view field;  // the option message's field
  std::string_view flag;   // "--blksize", or the positional argument "HOST[:PORT]"
};
using FlagTable = std::span<const FieldFlag>;

// The flag that fills the field at the head of `path` (relative to the options message); empty if
// no flag fills it.
std::string_view flag_of(const options::FieldPath& path, FlagTable flags);
// "FLAG: reason" for a problem the translator found in a message the command filled.
UsageError flag_error(const options::Problem& problem, FlagTable flags);

// The translator's result, or its problem thrown as flag_error.
template <class T>
T translated(std::expected<T, options::Problem> result, FlagTable flags) {
  if (!result) throw flag_error(result.error(), flags);
  return std::move(*result);
}

// A flag that fills a whole-number field in which 0 stands for "the default": 1 up to `max`.
std::uint64_t count_arg(const po::variables_map& vm, const std::string& name, std::uint64_t max = UINT32_MAX);

}  // namespace udplab::cli
