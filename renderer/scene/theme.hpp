// Colours of a figure. Every colour the painter uses comes from here, so a theme is a table entry.
#pragma once

#include <array>
#include <memory>
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
  // Values and kernel weights on a cell: the dark or the light one, whichever reads on the cell's
  // fill (see text_on). Every fill of a theme has one of them at 4.5:1 or more, shaded or not.
  Colour cell_text;
  Colour cell_text_light;
  // The planes of each group when a layer has groups (group 0 first): told apart from each other,
  // and by the same colour on the input channels a group reads and the output channels it writes.
  // Group 6 takes group 0's colour again: a layer with more groups repeats them (a group's planes
  // are still beside each other, and its label names it).
  std::array<Colour, 6> groups;
};

// The fill of a plane of channels: the theme's input or output colour, or the group's when the
// layer has more than one group.
const Colour& plane_colour(const Theme& theme, bool output, int group, int groups);

std::span<const Theme> themes();
const Theme* find_theme(std::string_view name);
// A table entry, shared without ownership (the table outlives everything).
inline std::shared_ptr<const Theme> builtin_theme(const Theme& theme) { return {std::shared_ptr<const Theme>{}, &theme}; }
// `base` on a background of the user's: its labels turn black or white, whichever reads better on it.
std::shared_ptr<const Theme> with_background(const Theme& base, const Colour& background);
// WCAG 2 contrast ratio of two opaque colours (1 to 21).
double contrast_ratio(const Colour& a, const Colour& b);
// The text colour for a cell filled with `fill` (opaque): the theme's dark or light cell text,
// whichever reads better both on the fill and on the fill under the footprint's shade, so that a
// value keeps its colour as the kernel passes over it (text is drawn above the shade).
const Colour& text_on(const Theme& theme, const Colour& fill);
// The lower contrast of `text` on `fill` and on `fill` shaded by the theme's footprint.
double cell_contrast(const Theme& theme, const Colour& text, const Colour& fill);

}  // namespace convanim
