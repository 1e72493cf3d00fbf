#include "picture/line_plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "picture/svg.hpp"

namespace udplab::picture {
namespace {

constexpr double kWidth = 760, kHeight = 460, kLeft = 80, kRight = 180, kTop = 50, kBottom = 60;
constexpr const char* kColours[] = {"#1f5fbf", "#c62828", "#2e7d32", "#e67e00", "#7b2fbe", "#00838f", "#6d4c41", "#ad1457"};

// A "nice" step for about `n` ticks over [lo, hi].
double nice_step(double lo, double hi, int n) {
  const double raw = (hi - lo) / n;
  if (!(raw > 0)) return 1;
  const double mag = std::pow(10, std::floor(std::log10(raw)));
  const double f = raw / mag;
  return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
}

std::string tick_label(double v) {
  char buf[32];
  if (std::abs(v) >= 1e4 || (std::abs(v) < 1e-3 && v != 0)) std::snprintf(buf, sizeof buf, "%.2g", v);
  else std::snprintf(buf, sizeof buf, "%g", std::round(v * 1e6) / 1e6);
  return buf;
}

}  // namespace

std::string render_line_plot(const PlotSpec& spec) {
  double x0 = INFINITY, x1 = -INFINITY, y0 = 0, y1 = -INFINITY;
  for (const auto& s : spec.series)
    for (const auto& p : s.points) {
      x0 = std::min(x0, p.x), x1 = std::max(x1, p.x);
      y0 = std::min(y0, p.low), y1 = std::max(y1, p.high);
    }
  if (!(x1 >= x0)) x0 = 0, x1 = 1;
  if (x1 == x0) x0 -= 0.5, x1 += 0.5;
  if (!(y1 > y0)) y1 = y0 + 1;
  const double ystep = nice_step(y0, y1, 6);
  y1 = std::ceil(y1 / ystep) * ystep;
  y0 = std::floor(y0 / ystep) * ystep;
  const double pw = kWidth - kLeft - kRight, ph = kHeight - kTop - kBottom;
  auto X = [&](double x) { return kLeft + (x - x0) / (x1 - x0) * pw; };
  auto Y = [&](double y) { return kTop + ph - (y - y0) / (y1 - y0) * ph; };

  std::string s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(kWidth) + "\" height=\"" + num(kHeight) + "\" viewBox=\"0 0 " +
       num(kWidth) + " " + num(kHeight) + "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  s += "<title>" + xml_escape(spec.title) + "</title>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  s += "<text x=\"" + num(kWidth / 2) + "\" y=\"24\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">" +
       xml_escape(spec.title) + "</text>\n";
  // Axes, grid and ticks.
  for (double y = y0; y <= y1 + ystep / 2; y += ystep) {
    s += "<line x1=\"" + num(kLeft) + "\" y1=\"" + num(Y(y)) + "\" x2=\"" + num(kLeft + pw) + "\" y2=\"" + num(Y(y)) +
         "\" stroke=\"#e5e5e5\"/>\n";
    s += "<text x=\"" + num(kLeft - 8) + "\" y=\"" + num(Y(y) + 4) + "\" text-anchor=\"end\">" + tick_label(y) + "</text>\n";
  }
  const double xstep = nice_step(x0, x1, 8);
  for (double x = std::ceil(x0 / xstep) * xstep; x <= x1 + xstep / 1000; x += xstep) {
    s += "<line x1=\"" + num(X(x)) + "\" y1=\"" + num(kTop + ph) + "\" x2=\"" + num(X(x)) + "\" y2=\"" + num(kTop + ph + 5) +
         "\" stroke=\"#333\"/>\n";
    s += "<text x=\"" + num(X(x)) + "\" y=\"" + num(kTop + ph + 20) + "\" text-anchor=\"middle\">" + tick_label(x) + "</text>\n";
  }
  s += "<rect x=\"" + num(kLeft) + "\" y=\"" + num(kTop) + "\" width=\"" + num(pw) + "\" height=\"" + num(ph) +
       "\" fill=\"none\" stroke=\"#333\"/>\n";
  s += "<text x=\"" + num(kLeft + pw / 2) + "\" y=\"" + num(kHeight - 15) + "\" text-anchor=\"middle\">" +
       xml_escape(spec.x_label) + "</text>\n";
  s += "<text transform=\"translate(18 " + num(kTop + ph / 2) + ") rotate(-90)\" text-anchor=\"middle\">" +
       xml_escape(spec.y_label) + "</text>\n";
  // Bands first, then lines and points, then the legend.
  for (std::size_t i = 0; i < spec.series.size(); ++i) {
    const auto& pts = spec.series[i].points;
    if (pts.size() < 2) continue;
    const std::string colour = kColours[i % std::size(kColours)];
    std::string d = "M";
    for (const auto& p : pts) d += " " + num(X(p.x)) + " " + num(Y(p.high));
    for (auto it = pts.rbegin(); it != pts.rend(); ++it) d += " L " + num(X(it->x)) + " " + num(Y(it->low));
    s += "<path d=\"" + d + " Z\" fill=\"" + colour + "\" fill-opacity=\"0.15\" stroke=\"none\"/>\n";
  }
  for (std::size_t i = 0; i < spec.series.size(); ++i) {
    const auto& series = spec.series[i];
    const std::string colour = kColours[i % std::size(kColours)];
    std::string points;
    for (const auto& p : series.points) points += num(X(p.x)) + "," + num(Y(p.y)) + " ";
    s += "<polyline points=\"" + points + "\" fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2\"/>\n";
    for (const auto& p : series.points)
      s += "<circle cx=\"" + num(X(p.x)) + "\" cy=\"" + num(Y(p.y)) + "\" r=\"3\" fill=\"" + colour + "\"/>\n";
    const double ly = kTop + 10 + 20 * static_cast<double>(i);
    s += "<line x1=\"" + num(kLeft + pw + 15) + "\" y1=\"" + num(ly) + "\" x2=\"" + num(kLeft + pw + 40) + "\" y2=\"" + num(ly) +
         "\" stroke=\"" + colour + "\" stroke-width=\"2\"/>\n";
    s += "<text x=\"" + num(kLeft + pw + 46) + "\" y=\"" + num(ly + 4) + "\">" + xml_escape(series.name.empty() ? spec.y_label : series.name) +
         "</text>\n";
  }
  s += "<text x=\"" + num(kLeft + pw + 15) + "\" y=\"" + num(kTop + ph) + "\" fill=\"#777\" font-size=\"10\">bands: 95% confidence</text>\n";
  s += "</svg>\n";
  return s;
}

}  // namespace udplab::picture
