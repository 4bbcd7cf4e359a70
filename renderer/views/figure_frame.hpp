// What every view does around its planes: the labels' and caption's sizes, the caption under the
// figure, a margin all around, and an image size every encoder takes (even sides). Views place their
// planes and texts anywhere; framing moves them into the image.
#pragma once

#include <string>
#include <vector>

#include "renderer/views/render_settings.hpp"
#include "renderer/scene/scene.hpp"

namespace convanim {

// Sizes that scale with the cell, so a figure looks the same at any cell size.
struct Proportions {
  double cell;
  double line_width;   // cell outlines
  double label_size;   // labels and caption
  double value_size;   // values in cells
  double weight_size;  // kernel weights, in the bottom band of covered cells
  // Where a weight sits in a covered cell, (u, v): its right end and its ink's middle. Values are
  // centred in the cell; a weight stays in the band below them, clear of any value's digits.
  Point weight_at;

  explicit Proportions(double cell_size);
};

// An image side from an extent in pixels: whole, and even, as every encoder takes it.
int even_pixels(double extent);

struct Framed {
  int width = 0, height = 0;
};

// Adds the caption (when there is one) centred under everything, then moves the planes and texts so
// that the figure starts at the margin. Returns the image size.
Framed frame_figure(std::vector<Plane>& planes, std::vector<Text>& texts, const std::string& caption,
                    const Proportions& proportions, const Colour& text_colour);

}  // namespace convanim
