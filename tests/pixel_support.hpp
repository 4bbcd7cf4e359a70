// Colours read off decoded pixels, shared by the pixel tests: the theme's colours as RGB, the median
// of a 5 x 5 square, and the six paints of a grid cell. Kept apart from support.hpp: renderer/scene's
// Layer would clash with the Layer test_channels.cpp defines.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <ostream>
#include <vector>

#include <catch2/catch.hpp>

#include "decode.hpp"
#include "renderer/scene/scene.hpp"
#include "renderer/scene/theme.hpp"

namespace test {

using Rgb = std::array<double, 3>;

inline Rgb to_rgb(const convanim::Colour& c) { return {c.r * 255, c.g * 255, c.b * 255}; }

// to_rgb of a colour that must be opaque, to stand for the pixels drawn in it alone.
inline Rgb opaque_rgb(const convanim::Colour& c) {
  REQUIRE(c.a == 1.0);
  return to_rgb(c);
}

inline double distance(const Rgb& a, const Rgb& b) {
  return std::sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
}

// The per-channel median of the 5 x 5 pixels around a point (edge pixels repeated beyond the image),
// so that thin lines crossing a cell cannot sway it.
inline Rgb median_colour(const Image& image, convanim::Point at) {
  const int cx = int(std::floor(at.x)), cy = int(std::floor(at.y));
  std::array<std::vector<int>, 3> channels;
  for (int y = cy - 2; y <= cy + 2; ++y)
    for (int x = cx - 2; x <= cx + 2; ++x) {
      const auto rgb = image.rgb(std::clamp(x, 0, image.width - 1), std::clamp(y, 0, image.height - 1));
      for (std::size_t c = 0; c < 3; ++c) channels[c].push_back(rgb[c]);
    }
  Rgb median{};
  for (std::size_t c = 0; c < 3; ++c) {
    std::nth_element(channels[c].begin(), channels[c].begin() + 12, channels[c].end());
    median[c] = channels[c][12];
  }
  return median;
}

// median_colour where the whole 5 x 5 square lies in the image; a failed test where it does not.
inline Rgb inner_median_colour(const Image& image, convanim::Point at) {
  const int cx = int(std::floor(at.x)), cy = int(std::floor(at.y));
  REQUIRE(cx >= 2);
  REQUIRE(cy >= 2);
  REQUIRE(cx + 2 < image.width);
  REQUIRE(cy + 2 < image.height);
  return median_colour(image, at);
}

// The six paints a cell of the input or output grid can have; the shade is translucent, composited
// over what lies below it.
enum class Paint { background, input, shade_over_input, shade_over_background, output, shade_over_output };
constexpr std::array<const char*, 6> paint_names{"background",          "input",  "shade over input",
                                                 "shade over background", "output", "shade over output"};

inline std::ostream& operator<<(std::ostream& out, Paint paint) { return out << paint_names[std::size_t(paint)]; }

// The paints' colours from the theme, in Paint's order.
inline std::array<Rgb, 6> palette(const convanim::Theme& theme) {
  return {opaque_rgb(theme.background),
          opaque_rgb(theme.input),
          opaque_rgb(theme.shade.over(theme.input)),
          opaque_rgb(theme.shade.over(theme.background)),
          opaque_rgb(theme.output),
          opaque_rgb(theme.shade.over(theme.output))};
}

}  // namespace test
