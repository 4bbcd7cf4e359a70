#include "renderer/views/figure_frame.hpp"

#include <algorithm>
#include <cmath>

namespace convanim {
namespace {
constexpr double margin_cells = 0.5;       // blank border around the figure
constexpr double label_size_cells = 0.45;  // label and caption font size
constexpr double caption_gap_cells = 0.4;  // between the figure and its caption
constexpr double smallest_caption_ratio = 0.75;  // of the label size, for a caption wider than the figure
constexpr double value_size_cells = 0.36;
// Weights at 5/6 of a value's size, readable from afar, still told apart from the values; their
// ink ends a little above the cell's bottom edge (clear of its outline), and its top stays below the
// value's ink (digits are 0.73 em high in DejaVu Sans: a value's ink ends at v = 0.63, a weight's
// starts at 0.72).
constexpr double weight_size_cells = 0.3;
constexpr double digit_height_em = 0.73;
constexpr double weight_bottom = 0.94, weight_right = 0.94;
constexpr double line_width_per_cell = 1.0 / 16;

}  // namespace

int even_pixels(double extent) {
  const int n = int(std::ceil(extent));
  return n + n % 2;
}

Proportions::Proportions(double cell_size)
    : cell(cell_size), line_width(std::max(1.0, cell_size * line_width_per_cell)),
      label_size(label_size_cells * cell_size), value_size(value_size_cells * cell_size),
      weight_size(weight_size_cells * cell_size),
      weight_at{weight_right, weight_bottom - digit_height_em * weight_size_cells / 2} {}

Framed frame_figure(std::vector<Plane>& planes, std::vector<Text>& texts, const std::string& caption,
                    const Proportions& p, const Colour& text_colour) {
  Box box;
  for (const Plane& plane : planes) box.add(plane.box());
  for (const Text& text : texts) box.add(bounds_of(text));
  if (!caption.empty()) {
    // A caption wider than the figure is set smaller, down to a floor; below it, the figure widens.
    Text line{caption, {(box.x0 + box.x1) / 2, 0}, Text::Align::centre, p.label_size, text_colour};
    const Box natural = bounds_of(line);
    const double fit = (box.x1 - box.x0) / (natural.x1 - natural.x0);
    line.size *= std::clamp(fit, smallest_caption_ratio, 1.0);
    line.anchor.y = box.y1 + caption_gap_cells * p.cell + line.size / 2;
    box.add(bounds_of(line));
    texts.push_back(std::move(line));
  }
  const double margin = margin_cells * p.cell;
  const Point shift{margin - box.x0, margin - box.y0};
  for (Plane& plane : planes) plane.origin = plane.origin + shift;
  for (Text& text : texts) text.anchor = text.anchor + shift;
  return {even_pixels(box.x1 - box.x0 + 2 * margin), even_pixels(box.y1 - box.y0 + 2 * margin)};
}

}  // namespace convanim
