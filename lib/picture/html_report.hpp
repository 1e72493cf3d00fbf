// One page that puts a simulation's report, its sequence diagram and its per-link statistics
// together (report.html in `udplab sim --out DIR`).
#pragma once

#include <string>

#include "udplab/v1/report.pb.h"

namespace udplab::picture {

// `report_text` is the readable report; `sequence_svg` the diagram (embedded in the page).
std::string render_html_report(const v1::SimulationReport& report, const std::string& report_text,
                               const std::string& sequence_svg);

}  // namespace udplab::picture
