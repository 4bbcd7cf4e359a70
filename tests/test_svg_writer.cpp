// The `.svg` output writes scenes as SVG text, without Cairo. Rasterised by librsvg (rsvg-convert,
// from scripts/setup.sh), its picture of every gallery figure must be the Cairo PNG's, up to
// anti-aliasing: it is the default SVG writer, so it may not draw a different figure.
#include <cstdlib>
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "renderer/outputs/step_path.hpp"
#include "renderer/render.hpp"
#include "src/config/config.hpp"
#include "tests/decode.hpp"

namespace fs = std::filesystem;
using namespace convanim;

namespace {

const fs::path source_dir = CONVANIM_SOURCE_DIR;

// Text placed a fraction of a pixel apart (librsvg hints glyph advances, the painter does not, so a
// long equation drifts by up to two pixels at its ends) moves many pixels' anti-aliasing but hardly
// an 8x8 block's average; a missing or misplaced cell or mark, or a wrong colour, moves whole
// blocks by 200 and the mean with them. So the pictures are compared block by block.
constexpr int block = 8;

struct Difference {
  double mean = 0;     // over the blocks, of each block's largest channel difference, in 0..255
  double largest = 0;  // of any block
};

Difference difference(const test::Image& a, const test::Image& b) {
  Difference d;
  std::size_t blocks = 0;
  for (int y0 = 0; y0 + block <= a.height; y0 += block)
    for (int x0 = 0; x0 + block <= a.width; x0 += block) {
      double largest = 0;
      for (int c = 0; c < 3; ++c) {
        double sum = 0;
        for (int y = y0; y < y0 + block; ++y)
          for (int x = x0; x < x0 + block; ++x) sum += a.at(x, y)[c] - b.at(x, y)[c];
        largest = std::max(largest, std::abs(sum) / (block * block));
      }
      d.mean += largest, d.largest = std::max(d.largest, largest), ++blocks;
    }
  d.mean /= double(blocks);
  return d;
}

bool have_rsvg() { return std::system("rsvg-convert --version >/dev/null 2>&1") == 0; }

}  // namespace

TEST_CASE("the Cairo-free SVG of every gallery figure rasterises to the Cairo PNG", "[svg][gallery]") {
  {
    INFO("rsvg-convert is missing: install librsvg2-bin (bash scripts/setup.sh)");
    REQUIRE(have_rsvg());
  }
  const fs::path dir = fs::temp_directory_path() / ("convanim-svg-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::size_t figures = 0;
  double worst_mean = 0, worst_block = 0;
  for (const auto& entry : fs::recursive_directory_iterator(source_dir / "configs")) {
    if (entry.path().extension() != ".json") continue;
    INFO(entry.path().lexically_relative(source_dir).string());
    const Figure figure(load_config(entry.path()));
    const std::size_t step = figure.frames() / 2;  // a step with marks and values shown
    render_files(figure, {OutputTarget::at(dir / "f.svg"), OutputTarget::at(dir / "f.png")}, {step, step});
    const fs::path svg = per_step_path(dir / "f.svg", step, figure.frames()),
                   png = per_step_path(dir / "f.png", step, figure.frames()), raster = dir / "r.png";
    const std::string command = "rsvg-convert -o '" + raster.string() + "' '" + svg.string() + "'";
    REQUIRE(std::system(command.c_str()) == 0);

    const test::Image cairo = test::load_png(png), rsvg = test::load_png(raster);
    REQUIRE(rsvg.width == cairo.width);
    REQUIRE(rsvg.height == cairo.height);
    const Difference d = difference(cairo, rsvg);
    CHECK(d.mean < 2.0);  // measured: at most 1.81 (numbers/average_pooling_divisor)
    CHECK(d.largest < 140);  // measured: at most 130, glyphs of a whole symbolic 3x3 equation; a cell's fill differs by 200
    worst_mean = std::max(worst_mean, d.mean), worst_block = std::max(worst_block, d.largest);
    ++figures;
  }
  fs::remove_all(dir);
  CHECK(figures >= 59);
  WARN("SVG vs PNG over " << figures << " figures: worst mean difference " << worst_mean
                          << ", worst block " << worst_block);
}
