// What the outputs that write a scene as text share (scene JSON, SVG, TikZ): numbers and colours
// written the same way every time, and where a text's baseline goes without a font at hand.
#pragma once

#include <string>

#include "renderer/scene/scene.hpp"

namespace convanim {

// A coordinate or size to 1/1000 of a pixel: short files, and the same text on every run.
double rounded(double value);
// "#rrggbb", or "#rrggbbaa" when translucent: 8 bits a channel, as the themes define them.
std::string hex_colour(const Colour& colour);
// "#rrggbb" and the opacity apart, for formats without alpha in their colours (SVG 1.1, xcolor).
std::string hex_rgb(const Colour& colour);

// The ink of a text's characters in DejaVu Sans (the painter's font), in ems above the baseline:
// the highest top and the lowest bottom. The painter centres a text's ink on its anchor; a writer
// without the font puts the baseline at anchor.y + (top + bottom) / 2 * size for the same result.
struct InkExtent {
  double top = 0, bottom = 0;
};
InkExtent ink_extent(const RichText& text);

// Where a subscript or superscript sits, as Pango (1.50) sets <sub> and <sup>: from the font's OS/2
// table, DejaVu Sans' ySubscriptYSize, ySubscriptYOffset and ySuperscriptYOffset over its 2048 units
// per em. Its size, and its baseline's shift, in ems of the text around it.
inline constexpr double script_scale = 1433.0 / 2048;
inline constexpr double subscript_drop = 286.0 / 2048, superscript_rise = 983.0 / 2048;

}  // namespace convanim
