#include "picture/html_report.hpp"

#include "picture/svg.hpp"

namespace udplab::picture {
namespace {

std::string cell(const std::string& text, bool number = false) {
  return std::string(number ? "<td class=\"n\">" : "<td>") + xml_escape(text) + "</td>";
}

}  // namespace

std::string render_html_report(const v1::SimulationReport& r, const std::string& report_text, const std::string& svg) {
  std::string h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<title>" + xml_escape(r.scenario()) + " - udplab simulation</title>\n";
  h += "<style>body{font-family:sans-serif;margin:2em;max-width:1200px}pre{background:#f6f6f6;padding:1em;overflow-x:auto}"
       "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}td.n{text-align:right}"
       "th{background:#eee}.diagram{overflow-x:auto;border:1px solid #ddd}</style>\n</head>\n<body>\n";
  h += "<h1>" + xml_escape(r.scenario()) + "</h1>\n";
  if (!r.description().empty()) h += "<p>" + xml_escape(r.description()) + "</p>\n";
  h += "<p>Seed " + std::to_string(r.seed()) + ", virtual time " + xml_escape(num(r.virtual_time_s() * 1000) ) + " ms. Files: "
       "<a href=\"report.json\">report.json</a>, <a href=\"trace.jsonl\">trace.jsonl</a>, "
       "<a href=\"trace.pcap\">trace.pcap</a> (Wireshark), <a href=\"sequence.svg\">sequence.svg</a>.</p>\n";
  h += "<h2>Report</h2>\n<pre>" + xml_escape(report_text) + "</pre>\n";
  h += "<h2>Links</h2>\n";
  if (r.links_size() == 0) {
    h += "<p>No link had impairments.</p>\n";
  } else {
    h += "<table>\n<tr><th>direction</th><th>packets in</th><th>dropped</th><th>loss</th><th>duplicated</th>"
         "<th>corrupted</th><th>queued</th></tr>\n";
    for (const auto& l : r.links()) {
      const double loss = l.entered() ? 100.0 * static_cast<double>(l.dropped()) / static_cast<double>(l.entered()) : 0.0;
      h += "<tr>" + cell(l.name()) + cell(std::to_string(l.entered()), true) + cell(std::to_string(l.dropped()), true) +
           cell(num(loss) + "%", true) + cell(std::to_string(l.duplicated()), true) + cell(std::to_string(l.corrupted()), true) +
           cell(std::to_string(l.queued()), true) + "</tr>\n";
    }
    h += "</table>\n";
  }
  h += "<h2>Sequence</h2>\n<div class=\"diagram\">\n";
  // The SVG document without its XML declaration, inline.
  const auto start = svg.find("<svg");
  h += start == std::string::npos ? svg : svg.substr(start);
  h += "</div>\n</body>\n</html>\n";
  return h;
}

}  // namespace udplab::picture
