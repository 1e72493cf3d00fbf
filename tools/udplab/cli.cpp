#include "cli.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "util/duration.hpp"
#include "util/parse_number.hpp"
#include "util/whole_file.hpp"

namespace udplab::cli {

namespace {
std::string& command_slot() {
  static std::string name;
  return name;
}
}  // namespace

const std::string& current_command() { return command_slot(); }
void set_current_command(std::string name) { command_slot() = std::move(name); }

std::string help_text(const CommandSpec& spec, const po::options_description& options) {
  std::ostringstream out;
  out << "Usage: udplab " << spec.name << " " << spec.synopsis << "\n\n" << spec.about << "\n\n" << options;
  if (!spec.examples.empty()) out << "\nExamples:\n" << spec.examples;
  return out.str();
}

bool parse(const CommandSpec& spec, const po::options_description& options, const po::positional_options_description& positional,
           const Args& args, po::variables_map& vm) {
  set_current_command(spec.name);
  try {
    po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
    if (vm.count("help")) {
      std::cout << help_text(spec, options);
      return false;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(std::string(e.what()) + " (see 'udplab " + spec.name + " --help')");
  }
  return true;
}

std::uint64_t unsigned_arg(const po::variables_map& vm, const std::string& name, std::uint64_t min, std::uint64_t max) {
  const std::string text = vm[name].as<std::string>();
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value < min || value > max)
    throw UsageError("--" + name + " must be a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
                     ", not '" + text + "'");
  return value;
}

Duration duration_arg(const po::variables_map& vm, const std::string& name) {
  const std::string text = vm[name].as<std::string>();
  auto d = util::parse_duration(text);
  if (!d) throw UsageError("--" + name + ": " + d.error());
  return *d;
}

std::uint16_t port_arg(const po::variables_map& vm, const std::string& name) {
  return static_cast<std::uint16_t>(unsigned_arg(vm, name, 0, 65535));
}

net::IpAddress address_arg(const po::variables_map& vm, const std::string& name) {
  auto a = net::IpAddress::parse(vm[name].as<std::string>());
  if (!a) throw UsageError("--" + name + ": " + a.error());
  return *a;
}

double number_arg(const po::variables_map& vm, const std::string& name) {
  const std::string text = vm[name].as<std::string>();
  const std::optional<double> value = util::parse_double(text);
  if (!value || !std::isfinite(*value)) throw UsageError("--" + name + " must be a number, not '" + text + "'");
  return *value;
}

std::optional<net::Family> family_arg(const po::variables_map& vm) {
  const bool v4 = vm.count("ipv4") && vm["ipv4"].as<bool>();
  const bool v6 = vm.count("ipv6") && vm["ipv6"].as<bool>();
  if (v4 && v6) throw UsageError("-4 and -6 exclude each other");
  if (v4) return net::Family::v4;
  if (v6) return net::Family::v6;
  return std::nullopt;
}

std::string read_input_file(const std::string& path, const std::string& what) {
  // A directory opens as a stream that reads as empty: say what it is rather than judge its "content".
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw UsageError((what.empty() ? "" : what + " ") + path + " is a directory, not a file");
  auto text = util::read_file(path);
  if (!text) throw UsageError("cannot read " + (what.empty() ? "" : what + " ") + path);
  return std::move(*text);
}

void write_output_file(const std::filesystem::path& path, std::string_view content) {
  if (!util::write_file(path, content)) throw RuntimeError("cannot write " + path.string());
}


}  // namespace udplab::cli
