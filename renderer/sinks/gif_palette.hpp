// A GIF's palette from a sample of its frames, by libimagequant (the quantiser behind pngquant and
// gifski; this is the only code that calls it), and the mapping of frames onto it. The colours are
// counted here, exactly, and handed over as a histogram: flat figures have few colours, so most
// palettes are every colour drawn, and mapping is a look-up.
#pragma once

#include <array>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "renderer/sinks/sink.hpp"

namespace convanim {

// 256 native-endian ARGB words (libav's AV_PIX_FMT_RGB32): up to 255 colours, then a transparent
// entry, which the GIF encoder gives the pixels that did not change since the previous frame.
using GifPalette = std::array<std::uint32_t, 256>;
inline constexpr std::size_t gif_transparent_index = 255;

class PaletteSample {
 public:
  // Counts the colours of a frame: all of the first, then only the pixels that changed since the
  // previous one, as gifski advises: the entries go where the bytes are. Frames are opaque.
  void add(const RasterFrame& frame);
  // Every colour exactly when there are at most 255; otherwise libimagequant's choice of as few as
  // keep the frames faithful, with the colours that cover many pixels (flat fills) kept exact.
  GifPalette palette() const;
  std::size_t colours() const { return counts_.size(); }

 private:
  void count(std::uint32_t colour, std::uint32_t pixels);

  std::unordered_map<std::uint32_t, std::uint64_t> counts_;  // opaque ARGB -> pixels
  std::vector<std::uint32_t> previous_;                       // the last frame added, row by row
  int width_ = 0, height_ = 0;
};

// Maps colours onto a palette: a colour in it to its entry, any other to the nearest (squared RGB
// distance, as libavfilter's paletteuse), each distinct colour searched once.
class PaletteMap {
 public:
  explicit PaletteMap(const GifPalette& palette);
  const GifPalette& palette() const { return palette_; }
  std::uint8_t index_of(std::uint32_t argb);

 private:
  GifPalette palette_;
  std::unordered_map<std::uint32_t, std::uint8_t> indices_;  // opaque ARGB -> entry
};

}  // namespace convanim
