// The git revision udplab was built from, for --version. It lives in one generated file of its own
// (cmake/write_source_revision.cmake) so that a new commit recompiles that file alone, where a
// compile definition would recompile every file that sees it.
#pragma once

#include <string_view>

namespace udplab::cli {

// "0123456789ab", with "-dirty" when tracked files differed from that commit; empty when not
// built from a git checkout (a release tarball).
std::string_view source_revision();

}  // namespace udplab::cli
