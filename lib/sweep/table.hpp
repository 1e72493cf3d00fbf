// Sweep results as a table: one row per grid point (parameters, seed, metrics), written and read
// as CSV, merged across shards, and summarised over seeds for plots.
#pragma once

#include <expected>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sweep/shard_stamp.hpp"

namespace udplab::sweep {

struct Table {
  std::vector<std::string> columns;  // "point", "seed", parameters..., metrics...
  std::vector<std::vector<std::string>> rows;
  // A shard's table: which shard of which sweep (its first line). An unsharded or merged table
  // has none.
  std::optional<ShardStamp> stamp;
  std::string source;  // the file it was read from, for messages; empty for a table made here

  int column(const std::string& name) const;  // -1 if absent
  std::string to_csv() const;
};

std::expected<Table, std::string> parse_csv(const std::string& text, const std::string& source);
// Joins the tables of every shard of one sweep (each once, any order) into the table an unsharded
// run writes; refuses, in one line, tables that are not shards, shards of different sweeps, and a
// set with shards missing.
std::expected<Table, std::string> merge_tables(const std::vector<Table>& parts);

// Mean and 95% confidence interval (Student's t) of `y` over the rows sharing each (series, x).
struct SummaryPoint {
  double x = 0;
  double mean = 0;
  double low = 0, high = 0;  // 95% interval (equal to the mean with one sample)
  std::size_t samples = 0;
};
struct Series {
  std::string name;  // the series column's value, or empty
  std::vector<SummaryPoint> points;  // by x
};
std::expected<std::vector<Series>, std::string> summarise(const Table& table, const std::string& x, const std::string& y,
                                                          const std::string& series);

// The 0.975 quantile of Student's t with `df` degrees of freedom.
double t975(std::size_t df);

}  // namespace udplab::sweep
