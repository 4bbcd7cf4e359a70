// The GIF palette (renderer/sinks/gif_palette.hpp): built from counted colours by libimagequant, and
// the mapping of colours onto it. Frames here are made by hand, pixel by pixel, so every expected
// colour is known before the palette is built.
#include <cstdint>
#include <limits>
#include <set>
#include <vector>

#include <catch2/catch.hpp>

#include "renderer/libav/gif_palette.hpp"

using namespace convanim;

namespace {

constexpr std::uint32_t opaque(std::uint8_t r, std::uint8_t g, std::uint8_t b) {
  return 0xff000000u | std::uint32_t(r) << 16 | std::uint32_t(g) << 8 | b;
}

struct Pixels {
  int width, height;
  std::vector<std::uint32_t> argb;
  Pixels(int w, int h, std::uint32_t fill) : width(w), height(h), argb(std::size_t(w) * h, fill) {}
  std::uint32_t& at(int x, int y) { return argb[std::size_t(y) * width + x]; }
  RasterFrame frame() const {
    return {reinterpret_cast<const std::uint8_t*>(argb.data()), width, height, width * 4, 0};
  }
};

std::set<std::uint32_t> entries(const GifPalette& palette) {
  return {palette.begin(), palette.begin() + gif_transparent_index};
}

int distance(std::uint32_t a, std::uint32_t b) {
  int sum = 0;
  for (int shift : {16, 8, 0}) {
    const int d = int(a >> shift & 0xff) - int(b >> shift & 0xff);
    sum += d * d;
  }
  return sum;
}

}  // namespace

TEST_CASE("GIF palette: up to 255 colours are kept exactly, the last entry is transparent", "[gif][palette]") {
  const std::uint32_t background = opaque(255, 255, 255), input = opaque(31, 122, 186), shade = opaque(10, 40, 60);
  Pixels pixels(40, 30, background);
  for (int y = 0; y < 10; ++y)
    for (int x = 0; x < 20; ++x) pixels.at(x, y) = input;
  pixels.at(39, 29) = shade;  // one pixel is enough when there is room
  PaletteSample sample;
  sample.add(pixels.frame());
  REQUIRE(sample.colours() == 3);
  const GifPalette palette = sample.palette();
  CHECK(palette[gif_transparent_index] >> 24 == 0);
  CHECK(entries(palette) == std::set<std::uint32_t>{background, input, shade});
  for (std::size_t i = 0; i < gif_transparent_index; ++i) CHECK(palette[i] >> 24 == 0xff);

  PaletteMap map(palette);
  for (std::uint32_t colour : {background, input, shade}) CHECK(palette[map.index_of(colour)] == colour);
}

TEST_CASE("GIF palette: after the first frame only changed pixels are counted", "[gif][palette]") {
  const std::uint32_t white = opaque(255, 255, 255), cyan = opaque(30, 128, 120);
  Pixels pixels(16, 16, white);
  PaletteSample sample;
  sample.add(pixels.frame());
  sample.add(pixels.frame());  // the same picture again: nothing new
  CHECK(sample.colours() == 1);
  pixels.at(3, 4) = cyan;
  sample.add(pixels.frame());
  CHECK(sample.colours() == 2);
  CHECK(entries(sample.palette()).count(cyan) == 1);
}

TEST_CASE("GIF palette: with more than 255 colours, large fills stay exact and others map to the nearest",
          "[gif][palette]") {
  // Three flat fills over most of the picture, and a ramp of 600 distinct edge colours, one pixel each.
  const std::uint32_t white = opaque(255, 255, 255), blue = opaque(31, 122, 186), cyan = opaque(30, 128, 120);
  Pixels pixels(600, 60, white);
  for (int y = 0; y < 59; ++y)
    for (int x = 0; x < 600; ++x) pixels.at(x, y) = x < 200 ? white : x < 400 ? blue : cyan;
  for (int x = 0; x < 600; ++x)
    pixels.at(x, 59) = opaque(std::uint8_t(x % 200), std::uint8_t(x / 3), std::uint8_t(255 - x / 3));
  PaletteSample sample;
  sample.add(pixels.frame());
  REQUIRE(sample.colours() > gif_transparent_index);
  const GifPalette palette = sample.palette();
  const std::set<std::uint32_t> chosen = entries(palette);
  for (std::uint32_t fill : {white, blue, cyan}) CHECK(chosen.count(fill) == 1);
  CHECK(palette[gif_transparent_index] >> 24 == 0);

  PaletteMap map(palette);
  for (std::uint32_t fill : {white, blue, cyan}) CHECK(palette[map.index_of(fill)] == fill);
  for (int x = 0; x < 600; x += 7) {
    const std::uint32_t colour = pixels.at(x, 59);
    int nearest = std::numeric_limits<int>::max();
    for (std::size_t i = 0; i < gif_transparent_index; ++i) nearest = std::min(nearest, distance(colour, palette[i]));
    const std::uint8_t index = map.index_of(colour);
    CHECK(index != gif_transparent_index);
    CHECK(distance(colour, palette[index]) == nearest);
  }
}

TEST_CASE("GIF palette: the same sample gives the same palette", "[gif][palette]") {
  Pixels pixels(300, 4, opaque(0, 0, 0));
  for (int x = 0; x < 300; ++x)
    for (int y = 0; y < 4; ++y) pixels.at(x, y) = opaque(std::uint8_t(x), std::uint8_t(y * 60), std::uint8_t(x / 2));
  PaletteSample a, b;
  a.add(pixels.frame());
  b.add(pixels.frame());
  CHECK(a.palette() == b.palette());
}
