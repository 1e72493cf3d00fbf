#include "tftp/disk_store.hpp"

#include <sys/stat.h>

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

}  // namespace

std::expected<DiskStore, std::string> DiskStore::open(DiskStoreOptions options) {
  std::error_code ec;
  fs::path root = fs::canonical(options.root, ec);
  if (ec) return std::unexpected("cannot serve " + options.root.string() + ": " + ec.message());
  if (!fs::is_directory(root, ec)) return std::unexpected("cannot serve " + options.root.string() + ": not a directory");
  return DiskStore(std::move(options), std::move(root));
}

bool DiskStore::inside_root(const fs::path& resolved) const {
  if (root_ == root_.root_path()) return true;  // serving "/"
  const std::string r = root_.string(), p = resolved.string();
  return p.size() > r.size() && p.compare(0, r.size(), r) == 0 && p[r.size()] == '/';
}

std::expected<std::unique_ptr<ReadFile>, Refusal> DiskStore::open_read(std::string_view name) {
  auto clean = normalise_request_name(name);
  if (!clean) return std::unexpected(clean.error());
  std::error_code ec;
  fs::path resolved = fs::canonical(root_ / *clean, ec);
  if (ec) return from_error(ec, "cannot open the file");
  if (!inside_root(resolved)) return outside();
  // The resolved path has no symlinks left; O_NOFOLLOW refuses one swapped in since.
  auto file = open_disk_reader(resolved, true);
  if (!file) return from_error(file.error(), "cannot open the file");
  return std::move(*file);
}

std::expected<std::unique_ptr<WriteFile>, Refusal> DiskStore::open_write(std::string_view name) {
  auto clean = normalise_request_name(name);
  if (!clean) return std::unexpected(clean.error());
  if (!options_.writable && !options_.create)
    return refuse(ErrorCode::access_violation, "Access violation: uploads are disabled on this server");
  const fs::path path = root_ / *clean;
  std::error_code ec;
  fs::path target;
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    target = fs::canonical(path, ec);  // follows a symlink to what it names
    if (ec) return from_error(ec, "cannot open the file");
    if (!inside_root(target)) return outside();
    if (::stat(target.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return not_regular();
    if (!options_.writable) return refuse(ErrorCode::file_already_exists, "File already exists");
  } else {
    if (errno != ENOENT) return from_error({errno, std::generic_category()}, "cannot open the file");
    if (!options_.create) return refuse(ErrorCode::file_not_found, "File not found (this server does not create files)");
    fs::path dir = fs::canonical(path.parent_path(), ec);
    if (ec) return refuse(ErrorCode::file_not_found, "No such directory");
    if (dir != root_ && !inside_root(dir)) return outside();
    target = dir / path.filename();
  }
  auto writer = open_atomic_writer(target);
  if (!writer) return from_error(writer.error(), "cannot create the file");
  return std::move(*writer);
}

}  // namespace udplab::tftp
