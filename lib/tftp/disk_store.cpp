#include "tftp/disk_store.hpp"

#include "platform/files.hpp"
#include "tftp/disk_file.hpp"
#include "tftp/path_policy.hpp"

namespace udplab::tftp {
namespace {

namespace fs = std::filesystem;

std::unexpected<Refusal> refuse(ErrorCode code, std::string message) {
  return std::unexpected(Refusal{code, std::move(message)});
}

std::unexpected<Refusal> not_found() { return refuse(ErrorCode::file_not_found, "File not found"); }
std::unexpected<Refusal> outside() { return refuse(ErrorCode::access_violation, "Access violation: outside the served directory"); }
std::unexpected<Refusal> not_regular() { return refuse(ErrorCode::access_violation, "Access violation: not a regular file"); }

std::unexpected<Refusal> from_error(std::error_code ec, std::string_view what) {
  if (ec == std::errc::no_such_file_or_directory || ec == std::errc::not_a_directory) return not_found();
  if (ec == std::errc::invalid_argument || ec == std::errc::too_many_symbolic_link_levels) return not_regular();
  Refusal r = refusal_for(ec, what);
  if (r.code == ErrorCode::access_violation) r.message = "Access violation: permission denied";
  return std::unexpected(r);
}

// The request name as a path below the root, or the refusal: normalise_request_name()'s rules, and
// where names follow Windows rules also windows_name_hazard()'s (no devices, drives or streams).
std::expected<fs::path, Refusal> request_path(std::string_view name) {
  auto clean = normalise_request_name(name);
  if (!clean) return std::unexpected(clean.error());
  if (platform::windows_file_names())
    if (auto hazard = windows_name_hazard(*clean))
      return refuse(ErrorCode::access_violation, "Access violation: " + std::string(*hazard));
  auto path = platform::path_from_bytes(*clean);
  if (!path) return refuse(ErrorCode::access_violation, "Access violation: the file name is not UTF-8");
  return std::move(*path);
}

}  // namespace

std::expected<DiskStore, std::string> DiskStore::open(DiskStoreOptions options) {
  auto root = platform::resolve(options.root);
  if (!root) return std::unexpected("cannot serve " + options.root.string() + ": " + root.error().message());
  std::error_code ec;
  if (!fs::is_directory(*root, ec)) return std::unexpected("cannot serve " + options.root.string() + ": not a directory");
  return DiskStore(std::move(options), std::move(*root));
}

// Whole components are compared (so "/srv2" is not inside "/srv"), on Windows regardless of case.
bool DiskStore::inside_root(const fs::path& resolved) const { return platform::is_below(root_, resolved); }

std::expected<std::unique_ptr<ReadFile>, Refusal> DiskStore::open_read(std::string_view name) {
  auto relative = request_path(name);
  if (!relative) return std::unexpected(relative.error());
  auto resolved = platform::resolve(root_ / *relative);
  if (!resolved) return from_error(resolved.error(), "cannot open the file");
  if (!inside_root(*resolved)) return outside();
  // The resolved path has no symlinks left; no_follow refuses one swapped in since.
  auto file = open_disk_reader(*resolved, true);
  if (!file) return from_error(file.error(), "cannot open the file");
  return std::move(*file);
}

std::expected<std::unique_ptr<WriteFile>, Refusal> DiskStore::open_write(std::string_view name) {
  auto relative = request_path(name);
  if (!relative) return std::unexpected(relative.error());
  if (!options_.writable && !options_.create)
    return refuse(ErrorCode::access_violation, "Access violation: uploads are disabled on this server");
  const fs::path path = root_ / *relative;
  std::error_code ec;
  fs::path target;
  const fs::file_status status = fs::symlink_status(path, ec);
  if (status.type() == fs::file_type::not_found) {
    if (!options_.create) return refuse(ErrorCode::file_not_found, "File not found (this server does not create files)");
    auto dir = platform::resolve(path.parent_path());
    if (!dir) return refuse(ErrorCode::file_not_found, "No such directory");
    if (!platform::same_path(*dir, root_) && !inside_root(*dir)) return outside();
    target = *dir / path.filename();
  } else {
    if (ec) return from_error(ec, "cannot open the file");
    auto resolved = platform::resolve(path);  // follows a symlink to what it names
    if (!resolved) return from_error(resolved.error(), "cannot open the file");
    if (!inside_root(*resolved)) return outside();
    if (fs::status(*resolved, ec).type() != fs::file_type::regular) return not_regular();
    if (!options_.writable) return refuse(ErrorCode::file_already_exists, "File already exists");
    target = std::move(*resolved);
  }
  auto writer = open_atomic_writer(target);
  if (!writer) return from_error(writer.error(), "cannot create the file");
  return std::move(*writer);
}

}  // namespace udplab::tftp
