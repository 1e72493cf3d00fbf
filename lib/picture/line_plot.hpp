// An SVG line plot with one line per series and its 95% confidence band, for sweep results.
#pragma once

#include <string>
#include <vector>

namespace udplab::picture {

struct PlotPoint {
  double x = 0, y = 0, low = 0, high = 0;
};
struct PlotSeries {
  std::string name;
  std::vector<PlotPoint> points;  // by x
};
struct PlotSpec {
  std::string title;
  std::string x_label;
  std::string y_label;
  std::vector<PlotSeries> series;
};

std::string render_line_plot(const PlotSpec& spec);

}  // namespace udplab::picture
