// Colours of a figure. Every colour the painter uses comes from here, so a theme is a table entry.
#pragma once

#include <span>
#include <string_view>

namespace convanim {

struct Colour {
  double r, g, b, a = 1.0;  // 0..1
  static constexpr Colour rgb(int r, int g, int b, double a = 1.0) { return {r / 255.0, g / 255.0, b / 255.0, a}; }
  // This colour painted over `under` (both opaque results), as the painter composites it.
  Colour over(const Colour& under) const;
};

struct Theme {
  std::string_view name;
  Colour background;
  Colour input;       // input units
  Colour output;      // output units
  Colour grid_line;   // cell outlines, the lines from the footprint to the output cell
  Colour shade;       // the kernel's footprint and the current output cell (translucent)
  Colour text;        // labels and caption, on the background
  Colour cell_text;   // values and kernel weights, on the input and output fills
};

std::span<const Theme> themes();
const Theme* find_theme(std::string_view name);

}  // namespace convanim
