#include "renderer/outputs/scene_text.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>

#include <fmt/format.h>

namespace convanim {
namespace {

int byte_of(double channel) { return std::clamp(int(std::lround(channel * 255)), 0, 255); }

// DejaVu Sans' ink, in ems (units of 2048): cap height and digits 1493, x-height 1120, ascenders
// 1556, descenders -426, brackets 1556 to -270.
constexpr InkExtent cap{0.729, 0}, ascender{0.760, 0}, x_height{0.547, 0}, descender{0.547, -0.208},
    bracket{0.760, -0.132}, low{0.122, -0.116}, mid{0.460, 0.190}, plus{0.627, 0.0};

InkExtent ink_of(char32_t c) {
  if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) return cap;
  if (std::u32string_view(U"bdfhiklt!?/|").find(c) != std::u32string_view::npos) return ascender;
  if (std::u32string_view(U"gpqy").find(c) != std::u32string_view::npos) return descender;
  if (c == 'j') return {0.760, -0.208};
  if (c >= 'a' && c <= 'z') return x_height;
  if (std::u32string_view(U"()[]{}⌊⌋⌈⌉").find(c) != std::u32string_view::npos) return bracket;
  if (std::u32string_view(U",.…_").find(c) != std::u32string_view::npos) return low;
  if (std::u32string_view(U"=-·−×~").find(c) != std::u32string_view::npos) return mid;
  if (std::u32string_view(U"+÷→<>").find(c) != std::u32string_view::npos) return plus;
  if (c == ' ') return {-1, 1};  // no ink
  return cap;
}

// The code points of UTF-8 text (a malformed byte stands for itself).
template <typename Each>
void each_code_point(std::string_view text, Each&& each) {
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    char32_t c = length == 1 ? lead : lead & (0x3F >> (length - 1));
    for (std::size_t k = 1; k < length && i + k < text.size(); ++k)
      c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    each(c);
    i += length;
  }
}

}  // namespace

double rounded(double value) {
  const double r = std::round(value * 1000) / 1000;
  return r == 0 ? 0 : r;  // no "-0"
}

std::string hex_colour(const Colour& c) {
  const std::string rgb = hex_rgb(c);
  return byte_of(c.a) == 255 ? rgb : fmt::format("{}{:02x}", rgb, byte_of(c.a));
}

std::string hex_rgb(const Colour& c) { return fmt::format("#{:02x}{:02x}{:02x}", byte_of(c.r), byte_of(c.g), byte_of(c.b)); }

InkExtent ink_extent(const RichText& text) {
  InkExtent extent{-1e9, 1e9};
  for (const TextRun& run : text.runs) {
    const double scale = run.script == TextRun::Script::normal ? 1 : script_scale;
    const double shift = run.script == TextRun::Script::sub     ? -subscript_drop
                         : run.script == TextRun::Script::super ? superscript_rise
                                                                : 0;
    each_code_point(run.text, [&](char32_t c) {
      const InkExtent ink = ink_of(c);
      if (ink.top < ink.bottom) return;  // a space
      extent.top = std::max(extent.top, shift + ink.top * scale);
      extent.bottom = std::min(extent.bottom, shift + ink.bottom * scale);
    });
  }
  if (extent.top < extent.bottom) return cap;  // no ink: as digits
  return extent;
}

}  // namespace convanim
