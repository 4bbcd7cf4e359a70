#include "renderer/scene/theme.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace convanim {
namespace {
// Every fill below is a cell that carries text: each is dark enough for its theme's light cell text
// (relative luminance at most about 0.17) or light enough for the dark one even under the footprint's
// shade, so that values read at WCAG's 4.5:1 (tests/test_themes.cpp measures it).

// Solarized's accents, a shade darker than the guide's so that white values read on them: blue,
// violet, magenta, orange, yellow, green.
constexpr std::array<Colour, 6> solarized_groups{Colour::rgb(31, 122, 186), Colour::rgb(98, 103, 186),
                                                 Colour::rgb(196, 46, 120), Colour::rgb(190, 68, 18),
                                                 Colour::rgb(145, 110, 0), Colour::rgb(106, 122, 0)};
// The same accents as the guide draws them, lighter, for black values (the dark theme).
constexpr std::array<Colour, 6> solarized_light_groups{Colour::rgb(38, 139, 210), Colour::rgb(118, 123, 206),
                                                       Colour::rgb(221, 74, 145), Colour::rgb(213, 95, 42),
                                                       Colour::rgb(181, 137, 0), Colour::rgb(133, 153, 0)};
constexpr Colour white = Colour::rgb(255, 255, 255), black = Colour::rgb(0, 0, 0);

constexpr std::array theme_table{
    // The guide's Solarized palette (guide-figures.md): blue input, cyan output, a dark footprint;
    // the blue and cyan a shade darker than the guide's, for white values.
    Theme{"solarized", white, solarized_groups[0], Colour::rgb(30, 128, 120), Colour::rgb(0, 43, 54),
          Colour::rgb(7, 54, 66, 0.4), Colour::rgb(0, 43, 54), Colour::rgb(0, 43, 54), white, solarized_groups},
    // Okabe & Ito's colour-blind-safe blue and orange, told apart under every kind of dichromacy, and
    // their other hues for groups (green and vermilion darker, reddish purple lighter, for text). A
    // lighter footprint than solarized's, so that black values still read on the shaded orange.
    Theme{"colorblind", white, Colour::rgb(0, 114, 178), Colour::rgb(230, 159, 0), black, Colour::rgb(0, 0, 0, 0.3),
          black, black, white,
          {Colour::rgb(0, 114, 178), Colour::rgb(230, 159, 0), Colour::rgb(0, 125, 92), Colour::rgb(230, 165, 205),
           Colour::rgb(86, 180, 233), Colour::rgb(185, 72, 0)}},
    // Solarized dark: base03 background, base1 lines and labels, the footprint lightened instead;
    // values black on the guide's fills, white on the shaded background (padding under the kernel).
    Theme{"dark", Colour::rgb(0, 43, 54), solarized_light_groups[0], Colour::rgb(42, 161, 152),
          Colour::rgb(147, 161, 161), Colour::rgb(253, 246, 227, 0.3), Colour::rgb(238, 232, 213), black, white,
          solarized_light_groups},
    // For paper and greyscale copies: the kinds of cell differ in lightness (CIE L*), not only in hue:
    // padding (the white background) 100, input 86, the footprint over the input 62, output 34.
    // Groups light and dark in turn (neighbours differ in lightness too), each a muted hue of its own.
    Theme{"print", white, Colour::rgb(205, 216, 228), Colour::rgb(70, 82, 96), black, Colour::rgb(0, 0, 0, 0.3),
          black, black, white,
          {Colour::rgb(205, 216, 228), Colour::rgb(70, 82, 96), Colour::rgb(240, 226, 196), Colour::rgb(120, 50, 40),
           Colour::rgb(210, 210, 150), Colour::rgb(40, 90, 50)}},
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

double cell_contrast(const Theme& theme, const Colour& text, const Colour& fill) {
  return std::min(contrast_ratio(text, fill), contrast_ratio(text, theme.shade.over(fill)));
}

const Colour& text_on(const Theme& theme, const Colour& fill) {
  return cell_contrast(theme, theme.cell_text, fill) >= cell_contrast(theme, theme.cell_text_light, fill)
             ? theme.cell_text
             : theme.cell_text_light;
}

std::shared_ptr<const Theme> with_background(const Theme& base, const Colour& background) {
  auto theme = std::make_shared<Theme>(base);
  theme->background = background;
  if (contrast_ratio(base.text, background) < 4.5)
    theme->text = contrast_ratio(black, background) >= contrast_ratio(white, background) ? black : white;
  return theme;
}

const Theme* find_theme(std::string_view name) {
  for (const Theme& theme : theme_table)
    if (theme.name == name) return &theme;
  return nullptr;
}

}  // namespace convanim
