#include "renderer/scene/theme.hpp"

#include <array>
#include <cmath>

namespace convanim {
namespace {
// Solarized's accents after its blue: violet, magenta, orange, yellow, green.
constexpr std::array<Colour, 6> solarized_groups{Colour::rgb(38, 139, 210), Colour::rgb(108, 113, 196),
                                                 Colour::rgb(211, 54, 130), Colour::rgb(203, 75, 22),
                                                 Colour::rgb(181, 137, 0), Colour::rgb(133, 153, 0)};

constexpr std::array theme_table{
    // The guide's Solarized palette (guide-figures.md).
    Theme{"solarized", Colour::rgb(255, 255, 255), Colour::rgb(38, 139, 210), Colour::rgb(42, 161, 152),
          Colour::rgb(0, 43, 54), Colour::rgb(7, 54, 66, 0.4), Colour::rgb(0, 43, 54), Colour::rgb(0, 43, 54),
          solarized_groups},
    // Okabe & Ito's colour-blind-safe blue and orange, told apart under every kind of dichromacy, and
    // their other hues for groups.
    Theme{"colorblind", Colour::rgb(255, 255, 255), Colour::rgb(0, 114, 178), Colour::rgb(230, 159, 0),
          Colour::rgb(0, 0, 0), Colour::rgb(0, 0, 0, 0.4), Colour::rgb(0, 0, 0), Colour::rgb(0, 0, 0),
          {Colour::rgb(0, 114, 178), Colour::rgb(230, 159, 0), Colour::rgb(0, 158, 115), Colour::rgb(204, 121, 167),
           Colour::rgb(86, 180, 233), Colour::rgb(213, 94, 0)}},
    // Solarized dark: base03 background, base1 lines and labels, the footprint lightened instead;
    // values stay dark, as light text would fade on the lightened fills.
    Theme{"dark", Colour::rgb(0, 43, 54), Colour::rgb(38, 139, 210), Colour::rgb(42, 161, 152),
          Colour::rgb(147, 161, 161), Colour::rgb(253, 246, 227, 0.4), Colour::rgb(238, 232, 213),
          Colour::rgb(0, 43, 54), solarized_groups},
};
}  // namespace

Colour Colour::over(const Colour& under) const {
  return {r * a + under.r * (1 - a), g * a + under.g * (1 - a), b * a + under.b * (1 - a), 1.0};
}

std::span<const Theme> themes() { return theme_table; }

const Colour& plane_colour(const Theme& theme, bool output, int group, int groups) {
  if (groups <= 1) return output ? theme.output : theme.input;
  return theme.groups[std::size_t(group) % theme.groups.size()];
}

namespace {
double relative_luminance(const Colour& c) {
  const auto linear = [](double v) { return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
}
}  // namespace

double contrast_ratio(const Colour& a, const Colour& b) {
  const double la = relative_luminance(a), lb = relative_luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

std::shared_ptr<const Theme> with_background(const Theme& base, const Colour& background) {
  auto theme = std::make_shared<Theme>(base);
  theme->background = background;
  if (contrast_ratio(base.text, background) < 4.5) {
    const Colour black = Colour::rgb(0, 0, 0), white = Colour::rgb(255, 255, 255);
    theme->text = contrast_ratio(black, background) >= contrast_ratio(white, background) ? black : white;
  }
  return theme;
}

const Theme* find_theme(std::string_view name) {
  for (const Theme& theme : theme_table)
    if (theme.name == name) return &theme;
  return nullptr;
}

}  // namespace convanim
