#include "progress_bar.hpp"

#include <algorithm>

#include "report/tftp_report.hpp"
#include "util/format.hpp"

namespace udplab::cli {
namespace {

std::string size_text(std::uint64_t bytes) {
  const double b = static_cast<double>(bytes);
  if (b >= 1e9) return util::format("%.2f GB", b / 1e9);
  if (b >= 1e6) return util::format("%.1f MB", b / 1e6);
  if (b >= 1e3) return util::format("%.1f kB", b / 1e3);
  return util::format("%llu B", static_cast<unsigned long long>(bytes));
}

}  // namespace

std::string ProgressBar::render(const std::string& label, std::uint64_t bytes, std::optional<std::uint64_t> total,
                                Duration elapsed, std::size_t width) {
  const double seconds = to_seconds(elapsed);
  const double rate = seconds > 0 ? static_cast<double>(bytes) / seconds : 0.0;
  std::string out = label + " ";
  if (total && *total > 0) {
    const double share = std::min(1.0, static_cast<double>(bytes) / static_cast<double>(*total));
    const auto filled = static_cast<std::size_t>(share * static_cast<double>(width));
    out += "[" + std::string(filled, '=') + (filled < width ? ">" : "") +
           std::string(width - std::min(width, filled + 1), ' ') + "] ";
    out += util::format("%3.0f%% %s of %s", share * 100.0, size_text(bytes).c_str(), size_text(*total).c_str());
  } else {
    out += size_text(bytes);
  }
  out += "  " + report::format_rate(rate);
  if (total && rate > 0 && bytes < *total) {
    const auto left = static_cast<std::uint64_t>(static_cast<double>(*total - bytes) / rate);
    out += util::format("  ETA %llu:%02llu", static_cast<unsigned long long>(left / 60),
                        static_cast<unsigned long long>(left % 60));
  }
  return out;
}

void ProgressBar::update(std::uint64_t bytes, std::optional<std::uint64_t> total, Duration elapsed) {
  std::fprintf(out_, "\r%s\033[K", render(label_, bytes, total, elapsed).c_str());
  std::fflush(out_);
  drawn_ = true;
}

void ProgressBar::clear() {
  if (!drawn_) return;
  std::fprintf(out_, "\r\033[K");
  std::fflush(out_);
  drawn_ = false;
}

}  // namespace udplab::cli
