#include "renderer/libav/gif_palette.hpp"

#include <algorithm>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string_view>

#include <fmt/format.h>

#include <libimagequant.h>

namespace convanim {
namespace {

struct LiqFree {
  void operator()(liq_attr* attr) const noexcept { liq_attr_destroy(attr); }
  void operator()(liq_histogram* histogram) const noexcept { liq_histogram_destroy(histogram); }
  void operator()(liq_result* result) const noexcept { liq_result_destroy(result); }
};
using AttrPtr = std::unique_ptr<liq_attr, LiqFree>;
using HistogramPtr = std::unique_ptr<liq_histogram, LiqFree>;
using ResultPtr = std::unique_ptr<liq_result, LiqFree>;

void check(liq_error error, std::string_view doing) {
  if (error != LIQ_OK) throw std::runtime_error(fmt::format("{}: libimagequant error {}", doing, int(error)));
}

template <typename T>
T* made(T* object, std::string_view doing) {
  if (!object) throw std::runtime_error(fmt::format("{}: out of memory", doing));
  return object;
}

liq_color to_liq(std::uint32_t argb) {
  return {std::uint8_t(argb >> 16), std::uint8_t(argb >> 8), std::uint8_t(argb), 255};
}

std::uint32_t to_argb(const liq_color& c) {
  return 0xff000000u | std::uint32_t(c.r) << 16 | std::uint32_t(c.g) << 8 | c.b;
}

// A colour covering at least this share of the counted pixels is a fill, a line or text: kept
// exactly, so that flat areas decode to the colour drawn. The rest (anti-aliased edges) are
// libimagequant's to merge.
constexpr double fixed_share = 1.0 / 2000;
constexpr std::size_t max_fixed = 64;
// libimagequant's quality (0-100, from the mean square error): it takes the fewest colours that
// reach it, and fewer colours are fewer bytes. On the guide's figures 95 takes 83 to 217 colours
// instead of 255, for 7% fewer bytes; the worst frame is still 56.6 dB PSNR from the frame drawn
// (palettegen's 255 colours: 62.7 dB), no difference one can see even enlarged.
constexpr int target_quality = 95;

}  // namespace

void PaletteSample::add(const RasterFrame& frame) {
  changes_.next(frame, [this](int, int x0, int x1, std::uint32_t colour) {
    counts_[colour | 0xff000000u] += std::uint64_t(x1 - x0);  // opaque: alpha carries nothing
  });
}

GifPalette PaletteSample::palette() const {
  std::vector<std::pair<std::uint32_t, std::uint64_t>> colours(counts_.begin(), counts_.end());
  // By count, then by colour: the same sample gives the same palette on every run.
  std::sort(colours.begin(), colours.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  GifPalette palette;
  // Entries not needed repeat the first colour: only the last may be transparent.
  palette.fill(colours.empty() ? 0xff000000u : colours.front().first);
  palette[gif_transparent_index] = 0;
  if (colours.size() <= gif_transparent_index) {
    for (std::size_t i = 0; i < colours.size(); ++i) palette[i] = colours[i].first;
    return palette;
  }

  constexpr std::string_view doing = "building the GIF palette";
  AttrPtr attr(made(liq_attr_create(), doing));
  check(liq_set_max_colors(attr.get(), int(gif_transparent_index)), doing);
  check(liq_set_quality(attr.get(), 0, target_quality), doing);
  HistogramPtr histogram(made(liq_histogram_create(attr.get()), doing));
  std::uint64_t total = 0;
  for (const auto& [colour, pixels] : colours) total += pixels;
  std::vector<liq_histogram_entry> entries;
  entries.reserve(colours.size());
  for (std::size_t i = 0; i < colours.size(); ++i) {
    const auto& [colour, pixels] = colours[i];
    if (i < max_fixed && double(pixels) >= fixed_share * double(total)) {
      check(liq_histogram_add_fixed_color(histogram.get(), to_liq(colour), 0), doing);
      continue;
    }
    const auto clamped = unsigned(std::min<std::uint64_t>(pixels, std::numeric_limits<unsigned>::max()));
    entries.push_back({to_liq(colour), clamped});
  }
  check(liq_histogram_add_colors(histogram.get(), attr.get(), entries.data(), int(entries.size()), 0), doing);
  liq_result* quantized = nullptr;
  check(liq_histogram_quantize(histogram.get(), attr.get(), &quantized), doing);
  const ResultPtr result(quantized);
  const liq_palette* chosen = liq_get_palette(result.get());
  for (unsigned i = 0; i < chosen->count && i < gif_transparent_index; ++i) palette[i] = to_argb(chosen->entries[i]);
  return palette;
}

PaletteMap::PaletteMap(const GifPalette& palette) : palette_(palette) {
  // The first of equal entries wins; the transparent one is never a colour.
  for (std::size_t i = gif_transparent_index; i-- > 0;) indices_[palette[i] | 0xff000000u] = std::uint8_t(i);
}

std::uint8_t PaletteMap::index_of(std::uint32_t argb) {
  argb |= 0xff000000u;
  if (const auto found = indices_.find(argb); found != indices_.end()) return found->second;
  const auto channel = [](std::uint32_t c, int shift) { return int(c >> shift & 0xff); };
  std::uint8_t best = 0;
  int best_distance = std::numeric_limits<int>::max();
  for (std::size_t i = 0; i < gif_transparent_index; ++i) {
    int distance = 0;
    for (int shift : {16, 8, 0}) {
      const int d = channel(argb, shift) - channel(palette_[i], shift);
      distance += d * d;
    }
    if (distance < best_distance) {
      best_distance = distance;
      best = std::uint8_t(i);
    }
  }
  indices_.emplace(argb, best);
  return best;
}

}  // namespace convanim
