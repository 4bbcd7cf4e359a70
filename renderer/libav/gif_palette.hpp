// A GIF's palette from a sample of its frames, by libimagequant (the quantiser behind pngquant and
// gifski; this is the only code that calls it), and the mapping of frames onto it. The colours are
// counted here, exactly, and handed over as a histogram: flat figures have few colours, so most
// palettes are every colour drawn, and mapping is a look-up.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "renderer/cairo/raster.hpp"

namespace convanim {

// 256 native-endian ARGB words (libav's AV_PIX_FMT_RGB32): up to 255 colours, then a transparent
// entry, which the GIF encoder gives the pixels that did not change since the previous frame.
using GifPalette = std::array<std::uint32_t, 256>;
inline constexpr std::size_t gif_transparent_index = 255;

// What changed from one frame to the next (all of the first): what a GIF stores, and so what its
// palette and its mapping look at. Frames are given in order, all of one size.
class FrameChanges {
 public:
  // Calls run(y, x0, x1, colour) for each run of changed pixels of one colour: row y, x0 <= x < x1.
  template <typename Run>
  void next(const RasterFrame& frame, Run&& run);

 private:
  std::vector<std::uint32_t> previous_;  // the last frame given, row by row
  int width_ = 0, height_ = 0;
};

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
  std::unordered_map<std::uint32_t, std::uint64_t> counts_;  // opaque ARGB -> pixels
  FrameChanges changes_;
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

template <typename Run>
void FrameChanges::next(const RasterFrame& frame, Run&& run) {
  const bool first = previous_.empty();
  if (first) {
    width_ = frame.width;
    height_ = frame.height;
    previous_.resize(std::size_t(width_) * height_);
  } else if (frame.width != width_ || frame.height != height_) {
    throw std::logic_error("a GIF's frames have one size");
  }
  const std::size_t row_bytes = std::size_t(width_) * 4;
  for (int y = 0; y < height_; ++y) {
    const auto* row = reinterpret_cast<const std::uint32_t*>(frame.data + std::size_t(y) * frame.stride);
    std::uint32_t* before = previous_.data() + std::size_t(y) * width_;
    if (!first && std::memcmp(row, before, row_bytes) == 0) continue;
    const auto changed = [&](int x) { return first || row[x] != before[x]; };
    for (int x = 0; x < width_;) {
      if (!changed(x)) {
        ++x;
        continue;
      }
      int end = x + 1;
      while (end < width_ && row[end] == row[x] && changed(end)) ++end;
      run(y, x, end, row[x]);
      x = end;
    }
    std::memcpy(before, row, row_bytes);
  }
}

}  // namespace convanim
