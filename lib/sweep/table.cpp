#include "sweep/table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "util/parse_number.hpp"

namespace udplab::sweep {
namespace {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(std::move(field));
      field.clear();
    } else {
      field += c;
    }
  }
  out.push_back(std::move(field));
  return out;
}

bool number(const std::string& s, double& out) {
  const auto d = util::parse_double(s);
  if (d) out = *d;
  return d.has_value();
}

}  // namespace

int Table::column(const std::string& name) const {
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == name) return static_cast<int>(i);
  return -1;
}

std::string Table::to_csv() const {
  std::string out;
  auto line = [&](const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + csv_field(fields[i]);
    out += '\n';
  };
  if (stamp) out += stamp_line(*stamp) + '\n';
  line(columns);
  for (const auto& r : rows) line(r);
  return out;
}

std::expected<Table, std::string> parse_csv(const std::string& text, const std::string& source) {
  Table t;
  t.source = source;
  std::istringstream in(text);
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (n == 1 && line.starts_with('#')) {
      auto stamp = parse_stamp_line(line);
      if (!stamp) return std::unexpected(source + ":1: " + stamp.error());
      t.stamp = std::move(*stamp);
      continue;
    }
    auto fields = split_csv_line(line);
    if (t.columns.empty()) {
      t.columns = std::move(fields);
      if (t.column("point") != 0 || t.column("seed") != 1)
        return std::unexpected(source + ":" + std::to_string(n) + ": not a udplab sweep table (it must start with point,seed)");
      continue;
    }
    if (fields.size() != t.columns.size())
      return std::unexpected(source + ":" + std::to_string(n) + ": " + std::to_string(fields.size()) + " fields, expected " +
                             std::to_string(t.columns.size()));
    t.rows.push_back(std::move(fields));
  }
  if (t.columns.empty()) return std::unexpected(source + ": empty file");
  return t;
}

std::expected<Table, std::string> merge_tables(const std::vector<Table>& parts) {
  if (parts.empty()) return std::unexpected(std::string("nothing to merge"));
  const auto name = [&](std::size_t i) { return parts[i].source.empty() ? "table " + std::to_string(i + 1) : parts[i].source; };
  std::vector<NamedStamp> stamps;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (!parts[i].stamp)
      return std::unexpected(name(i) + ": not a shard's table (no '# udplab sweep shard K/N' first line, which 'udplab sweep --shard' writes)");
    stamps.push_back({name(i), *parts[i].stamp});
  }
  if (auto complete = check_complete(stamps); !complete) return std::unexpected(complete.error());
  Table out;
  out.columns = parts.front().columns;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].columns != out.columns)
      return std::unexpected(name(i) + " has other columns than " + name(0) + " (a different sweep?)");
    out.rows.insert(out.rows.end(), parts[i].rows.begin(), parts[i].rows.end());
  }
  std::stable_sort(out.rows.begin(), out.rows.end(), [](const auto& a, const auto& b) {
    return std::strtoull(a[0].c_str(), nullptr, 10) < std::strtoull(b[0].c_str(), nullptr, 10);
  });
  for (std::size_t i = 1; i < out.rows.size(); ++i)
    if (out.rows[i][0] == out.rows[i - 1][0]) return std::unexpected("point " + out.rows[i][0] + " appears twice (a shard merged twice?)");
  return out;
}

double t975(std::size_t df) {
  static constexpr double table[] = {0,     12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                     2.201, 2.179,  2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080,
                                     2.074, 2.069,  2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  if (df == 0) return 0;
  if (df < std::size(table)) return table[df];
  if (df < 60) return 2.0;
  if (df < 120) return 1.98;
  return 1.96;
}

std::expected<std::vector<Series>, std::string> summarise(const Table& t, const std::string& x, const std::string& y,
                                                          const std::string& series) {
  const int xi = t.column(x), yi = t.column(y), si = series.empty() ? -1 : t.column(series);
  if (xi < 0) return std::unexpected("no column '" + x + "' in the table");
  if (yi < 0) return std::unexpected("no column '" + y + "' in the table");
  if (!series.empty() && si < 0) return std::unexpected("no column '" + series + "' in the table");
  std::map<std::string, std::map<double, std::vector<double>>> groups;
  std::vector<std::string> order;
  for (const auto& r : t.rows) {
    double xv, yv;
    if (!number(r[static_cast<std::size_t>(xi)], xv)) return std::unexpected("column '" + x + "' is not numeric");
    if (!number(r[static_cast<std::size_t>(yi)], yv)) continue;  // a failed run leaves the metric empty
    const std::string s = si < 0 ? "" : r[static_cast<std::size_t>(si)];
    if (!groups.count(s)) order.push_back(s);
    groups[s][xv].push_back(yv);
  }
  std::vector<Series> out;
  for (const auto& name : order) {
    Series s{name, {}};
    for (const auto& [xv, ys] : groups[name]) {
      SummaryPoint p;
      p.x = xv;
      p.samples = ys.size();
      for (double v : ys) p.mean += v / static_cast<double>(ys.size());
      double var = 0;
      for (double v : ys) var += (v - p.mean) * (v - p.mean);
      const double half = ys.size() > 1 ? t975(ys.size() - 1) * std::sqrt(var / static_cast<double>(ys.size() - 1)) /
                                              std::sqrt(static_cast<double>(ys.size()))
                                        : 0.0;
      p.low = p.mean - half;
      p.high = p.mean + half;
      s.points.push_back(p);
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace udplab::sweep
