#include "sweep/grid.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include "sweep/param_path.hpp"
#include "util/parse_number.hpp"
#include "util/sha256.hpp"

namespace udplab::sweep {

std::string format_value(double v) {
  const double rounded = std::round(v * 1e9) / 1e9;
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, rounded);
  return std::string(buf, end);
}

std::expected<Vary, std::string> parse_vary(std::string_view spec, const v1::Scenario& base) {
  const auto eq = spec.find('=');
  if (eq == std::string_view::npos || eq == 0 || eq + 1 == spec.size())
    return std::unexpected("--vary needs PATH=FROM:TO:STEP or PATH=A,B,C, not '" + std::string(spec) + "'");
  Vary v;
  v.path = std::string(spec.substr(0, eq));
  const std::string rhs(spec.substr(eq + 1));
  auto numeric = is_numeric_field(base, v.path);
  if (!numeric) return std::unexpected(numeric.error());
  if (rhs.find(',') == std::string::npos && std::count(rhs.begin(), rhs.end(), ':') == 2) {
    if (!*numeric) return std::unexpected("'" + v.path + "' is not numeric: list its values as A,B,C");
    const auto c1 = rhs.find(':'), c2 = rhs.find(':', c1 + 1);
    const auto finite = [](std::string_view text) {
      const auto d = util::parse_double(text);
      return d && std::isfinite(*d) ? d : std::nullopt;
    };
    const auto from = finite(std::string_view(rhs).substr(0, c1));
    const auto to = finite(std::string_view(rhs).substr(c1 + 1, c2 - c1 - 1));
    const auto step = finite(std::string_view(rhs).substr(c2 + 1));
    if (!from || !to || !step || !(*step > 0) || *to < *from)
      return std::unexpected("--vary " + v.path + ": FROM:TO:STEP needs numbers with FROM <= TO and STEP > 0, not '" + rhs + "'");
    // Counted as a double first: a tiny step over a wide range is more values than a size_t holds.
    const double count = std::floor((*to - *from) / *step + 1e-9) + 1;
    if (!(count <= 10000)) return std::unexpected("--vary " + v.path + " makes more than 10000 values");
    const auto n = static_cast<std::size_t>(count);
    for (std::size_t i = 0; i < n; ++i) v.values.push_back(format_value(*from + static_cast<double>(i) * *step));
  } else {
    std::size_t start = 0;
    while (start <= rhs.size()) {
      const auto comma = rhs.find(',', start);
      v.values.push_back(rhs.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  // Every value must fit the field.
  for (const auto& value : v.values) {
    v1::Scenario copy = base;
    if (auto ok = set_field(copy, v.path, value); !ok) return std::unexpected("--vary: " + ok.error());
  }
  return v;
}

std::expected<v1::Scenario, std::string> apply_values(const v1::Scenario& base, const std::vector<Vary>& varies,
                                                      const std::vector<std::string>& values) {
  v1::Scenario scenario = base;
  for (std::size_t k = 0; k < varies.size(); ++k)
    if (auto ok = set_field(scenario, varies[k].path, values[k]); !ok) return std::unexpected(ok.error());
  return scenario;
}

std::expected<Shard, std::string> parse_shard(std::string_view text) {
  const auto slash = text.find('/');
  Shard s;
  auto num = [](std::string_view t, unsigned& out) {
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
    return !t.empty() && ec == std::errc{} && p == t.data() + t.size();
  };
  if (slash == std::string_view::npos || !num(text.substr(0, slash), s.index) || !num(text.substr(slash + 1), s.count) ||
      s.count == 0 || s.index == 0 || s.index > s.count)
    return std::unexpected("--shard needs K/N with 1 <= K <= N, not '" + std::string(text) + "'");
  return s;
}

std::vector<GridPoint> make_grid(const std::vector<Vary>& varies, unsigned seeds, Shard shard) {
  std::vector<GridPoint> out;
  std::size_t combos = 1;
  for (const auto& v : varies) combos *= v.values.size();
  std::size_t number = 0;
  for (std::size_t c = 0; c < combos; ++c) {
    // Mixed-radix digits of c, the last vary changing fastest.
    std::vector<std::string> values(varies.size());
    std::size_t rest = c;
    for (std::size_t k = varies.size(); k-- > 0;) {
      values[k] = varies[k].values[rest % varies[k].values.size()];
      rest /= varies[k].values.size();
    }
    for (unsigned seed = 1; seed <= seeds; ++seed, ++number)
      if (number % shard.count == shard.index - 1) out.push_back(GridPoint{number, values, seed});
  }
  return out;
}

std::string grid_digest(const v1::Scenario& scenario, const std::vector<Vary>& varies, unsigned seeds) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream out(&bytes);
    google::protobuf::io::CodedOutputStream coded(&out);
    coded.SetSerializationDeterministic(true);
    scenario.SerializeToCodedStream(&coded);
  }
  util::Sha256 h;
  // Each piece with its length first, so that no two different sweeps give the same bytes.
  const auto piece = [&h](std::string_view s) {
    h.update(std::to_string(s.size()) + ":");
    h.update(s);
  };
  piece(bytes);
  for (const auto& v : varies) {
    piece(v.path);
    piece(std::to_string(v.values.size()));
    for (const auto& value : v.values) piece(value);
  }
  piece(std::to_string(seeds));
  return h.hex_digest().substr(0, 16);
}

}  // namespace udplab::sweep
