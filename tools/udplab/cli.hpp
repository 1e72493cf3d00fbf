// Shared pieces of the command line: exit codes, errors, option parsing and output helpers.
//
// Every failure ends as one line on stderr, "udplab CMD: what was wrong", and a distinct exit
// code: 2 for usage errors (bad option, bad address), 1 for runtime errors (port in use, no reply).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <boost/program_options.hpp>

#include "net/address.hpp"
#include "transport/time.hpp"

namespace udplab::cli {

namespace po = boost::program_options;

inline constexpr int kExitOk = 0;
inline constexpr int kExitRuntime = 1;
inline constexpr int kExitUsage = 2;

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct RuntimeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

using Args = std::vector<std::string>;

struct CommandSpec {
  std::string name;      // "echo ping"
  std::string synopsis;  // "HOST[:PORT] [options]"
  std::string about;     // one paragraph
  std::string examples;  // shown at the end of --help
};

// The full name of the command being run ("echo ping"), for error messages; set by parse().
const std::string& current_command();
void set_current_command(std::string name);

// Parses `args` into `vm`. Prints help and returns false on --help. Throws UsageError.
bool parse(const CommandSpec& spec, const po::options_description& options, const po::positional_options_description& positional,
           const Args& args, po::variables_map& vm);
std::string help_text(const CommandSpec& spec, const po::options_description& options);

// A non-negative integer option in [min, max]; strict (no sign, no junk), unlike lexical_cast.
std::uint64_t unsigned_arg(const po::variables_map& vm, const std::string& name, std::uint64_t min, std::uint64_t max);
Duration duration_arg(const po::variables_map& vm, const std::string& name);
std::uint16_t port_arg(const po::variables_map& vm, const std::string& name);
net::IpAddress address_arg(const po::variables_map& vm, const std::string& name);
// A finite decimal number (e.g. --factor 1.5); strict, like unsigned_arg.
double number_arg(const po::variables_map& vm, const std::string& name);
// The address family chosen with -4 / -6 (options "ipv4" and "ipv6"), if any.
std::optional<net::Family> family_arg(const po::variables_map& vm);
// The whole file at `path`; UsageError "cannot read WHAT PATH" ("cannot read PATH" when `what` is
// empty) when it cannot be read.
std::string read_input_file(const std::string& path, const std::string& what);
// Writes a file the command produces; RuntimeError "cannot write PATH" when that fails.
void write_output_file(const std::filesystem::path& path, std::string_view content);

}  // namespace udplab::cli
