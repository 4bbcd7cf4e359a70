// What the frames show, read off the pixels of the written files: for every frame, sample every grid
// cell and every output cell where the view puts them, name the colour found (background, input,
// output, or one of them under the kernel's translucent shade, all worked out from the theme here),
// and check it against the simulator's record: exactly the step's taps shaded, input units blue,
// padding and inserted zeros left unfilled, exactly the current output cell shaded.
#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "decode.hpp"
#include "renderer/render.hpp"
#include "src/config/scenario.hpp"
#include "pixel_support.hpp"
#include "renderer/outputs/step_path.hpp"

using namespace convanim;
using nlohmann::json;

namespace {

using test::distance;
using test::Paint;
using test::palette;
using test::Rgb;

struct Sample {
  Paint paint;
  Rgb colour;
  double error;  // distance from the colour to the paint's
};

// The per-channel median of a 5x5 neighbourhood, so the thin anti-aliased lines that cross cells
// in the oblique view (the footprint-to-output lines) cannot sway it, named by the nearest paint.
Sample sample(const test::Image& image, Point at, const std::array<Rgb, 6>& colours) {
  const Rgb median = test::inner_median_colour(image, at);
  Sample best{Paint::background, median, 1e9};
  for (std::size_t i = 0; i < colours.size(); ++i)
    if (const double d = distance(median, colours[i]); d < best.error) best = {Paint(i), median, d};
  return best;
}

// Where to sample a cell: the centre in the oblique view; near the top-left corner in the flat one,
// clear of the value at the centre and the kernel weight in the bottom-right corner.
Point sample_point(const Figure& figure, const Plane& plane, Cell cell) {
  return figure.settings.view == "flat" ? plane.point(cell, 0.25, 0.25) : plane.point(cell);
}

// Every mismatch in one frame, one line each ("" when the frame is right).
std::string check_frame(const Figure& figure, const test::Image& image, std::size_t step_index) {
  const Plane& input = figure.view->plane("input");
  const Plane& output = figure.view->plane("output");
  const Step& step = figure.trace.steps.at(step_index);
  const std::array<Rgb, 6> colours = palette(*figure.settings.theme);
  std::ostringstream problems;
  const auto expect = [&](const char* plane_name, const Plane& plane, Cell cell, Paint expected) {
    const Sample got = sample(image, sample_point(figure, plane, cell), colours);
    // The fills are flat colours: what is found must be one of the six, not just nearest to one.
    if (got.paint != expected || got.error > 12)
      problems << plane_name << " cell (" << cell.row << ", " << cell.col << "): expected " << expected << ", found "
               << got.paint << " (RGB " << got.colour[0] << ", " << got.colour[1] << ", " << got.colour[2]
               << ", off by " << got.error << ")\n";
  };
  for (int r = 0; r < input.rows; ++r)
    for (int c = 0; c < input.cols; ++c) {
      const Cell cell{r, c};
      const bool unit = figure.trace.grid.kind(cell) == CellKind::input;
      const bool tap = std::find(step.window.begin(), step.window.end(), cell) != step.window.end();
      expect("grid", input, cell,
             tap ? (unit ? Paint::shade_over_input : Paint::shade_over_background)
                 : (unit ? Paint::input : Paint::background));
    }
  for (int r = 0; r < output.rows; ++r)
    for (int c = 0; c < output.cols; ++c) {
      const Cell cell{r, c};
      expect("output", output, cell, cell == step.output ? Paint::shade_over_output : Paint::output);
    }
  return problems.str();
}

struct Case {
  const char* name;
  json config;
};

std::vector<Case> cases() {
  return {
      {"convolution with padding and stride",
       {{"operation", "convolution"}, {"input", 5}, {"kernel", 3}, {"stride", 2}, {"padding", 1}}},
      {"dilated convolution", {{"operation", "convolution"}, {"input", 7}, {"kernel", 3}, {"dilation", 2}}},
      {"transposed convolution with output_padding",
       {{"operation", "transposed_convolution"},
        {"input", 3},
        {"kernel", 3},
        {"stride", 2},
        {"padding", 1},
        {"output_padding", 1}}},
      {"numerical, flat",
       {{"operation", "convolution"},
        {"input", 5},
        {"kernel", 3},
        {"stride", 2},
        {"padding", 1},
        {"values", {{"seed", 2032}}}}},
      {"dark theme, padding and stride",
       {{"operation", "convolution"}, {"input", 5}, {"kernel", 3}, {"stride", 2}, {"padding", 1},
        {"render", {{"theme", "dark"}}}}},
      {"colorblind theme, transposed, non-square",
       {{"operation", "transposed_convolution"}, {"input", {2, 3}}, {"kernel", {3, 2}}, {"stride", 2},
        {"render", {{"theme", "colorblind"}, {"cell_size", 24}}}}},
  };
}

std::size_t count_kind(const Figure& figure, CellKind kind) {
  std::size_t n = 0;
  for (int r = 0; r < figure.trace.grid.size[0]; ++r)
    for (int c = 0; c < figure.trace.grid.size[1]; ++c) n += figure.trace.grid.kind({r, c}) == kind;
  return n;
}

}  // namespace

// A colour found within 12 of one paint (check_frame's tolerance) is then more than 12 from the others.
TEST_CASE("Pixels: the six colours a cell can have are told apart", "[renderer][pixels]") {
  for (const Theme& theme : themes()) {
    INFO("theme " << theme.name);
    const std::array<Rgb, 6> colours = palette(theme);
    for (std::size_t i = 0; i < colours.size(); ++i)
      for (std::size_t j = i + 1; j < colours.size(); ++j) {
        INFO(Paint(i) << " vs " << Paint(j));
        CHECK(distance(colours[i], colours[j]) > 24);
      }
  }
}

TEST_CASE("Pixels: every GIF frame shades exactly the step's taps and output cell", "[renderer][pixels]") {
  const test::TempDir dir;
  for (const Case& c : cases()) {
    SECTION(c.name) {
      const Figure figure = prepare_figure(parse_config(c.config, "test.json", "pixels"));
      const std::size_t steps = figure.trace.steps.size();
      // Each case has cells of the kinds it is meant to show.
      CHECK(count_kind(figure, CellKind::input) > 0);
      if (c.config.contains("padding") || c.config["operation"] == "transposed_convolution")
        CHECK(count_kind(figure, CellKind::padding) > 0);
      if (c.config["operation"] == "transposed_convolution") CHECK(count_kind(figure, CellKind::inserted_zero) > 0);
      CHECK((figure.settings.view == "flat") == c.config.contains("values"));

      const auto path = dir.path() / "pixels.gif";
      render_file(figure, path);
      const test::DecodedVideo video = test::decode_video(path);
      REQUIRE(video.frames.size() == steps);
      for (std::size_t i = 0; i < steps; ++i) {
        INFO("step " << i);
        CHECK(check_frame(figure, video.frames[i], i) == "");
      }
    }
  }
}

TEST_CASE("Pixels: a PNG frame shows the same as the GIF's", "[renderer][pixels]") {
  const test::TempDir dir;
  for (const Case& c : cases()) {
    SECTION(c.name) {
      const Figure figure = prepare_figure(parse_config(c.config, "test.json", "pixels"));
      const std::size_t steps = figure.trace.steps.size();
      const std::size_t step = steps / 2 + 1;  // somewhere past the first row
      const auto path = dir.path() / "frame.png";
      render_file(figure, path, FrameRange{step, step});
      const auto written = per_step_path(path, step, steps);
      REQUIRE(std::filesystem::exists(written));
      const test::Image png = test::load_png(written);
      REQUIRE(png.width == figure.view->width());
      REQUIRE(png.height == figure.view->height());
      INFO("step " << step);
      CHECK(check_frame(figure, png, step) == "");
      // ... and it is not what the step before shows.
      CHECK(check_frame(figure, png, step - 1) != "");
    }
  }
}

namespace {

// The share of an edge's length, away from its ends, drawn in the theme's line colour: sampled along
// the pixel row (or column) the edge runs through, which a line of width >= 1 covers fully. `from` and
// `to` are in grid coordinates: x the column, y the row.
double inked_share(const test::Image& image, const Plane& plane, Point from, Point to, const Colour& line) {
  const Rgb ink = test::opaque_rgb(line);
  int inked = 0, samples = 0;
  for (double t = 0.15; t <= 0.85; t += 0.01) {
    const Point p = plane.at(from.y + (to.y - from.y) * t, from.x + (to.x - from.x) * t);
    const auto rgb = image.rgb(int(std::floor(p.x)), int(std::floor(p.y)));
    inked += distance({double(rgb[0]), double(rgb[1]), double(rgb[2])}, ink) < 60;
    ++samples;
  }
  return double(inked) / samples;
}

}  // namespace

// Padding and inserted zeros are outlined with dashes, input units with solid lines (which win on an
// edge the two share). Checked in the flat view, where edges run along pixel rows and columns.
TEST_CASE("Pixels: padding and inserted zeros have dashed outlines, input units solid ones", "[renderer][pixels]") {
  const test::TempDir dir;
  const std::vector<json> configs{
      {{"operation", "convolution"}, {"input", 5}, {"kernel", 3}, {"stride", 2}, {"padding", 1},
       {"render", {{"view", "flat"}}}},
      {{"operation", "transposed_convolution"}, {"input", 3}, {"kernel", 3}, {"stride", 2}, {"padding", 1},
       {"output_padding", 1}, {"render", {{"view", "flat"}}}},
  };
  for (const json& config : configs) {
    const Figure figure = prepare_figure(parse_config(config, "test.json", "dashes"));
    REQUIRE(figure.settings.view == "flat");
    const auto path = dir.path() / "dashes.gif";
    render_file(figure, path, FrameRange{0, 2});
    const test::DecodedVideo video = test::decode_video(path);
    REQUIRE(video.frames.size() == 3);
    const Plane& grid = figure.view->plane("input");
    const auto is_unit = [&](int r, int c) {
      return r >= 0 && c >= 0 && r < grid.rows && c < grid.cols && figure.trace.grid.kind({r, c}) == CellKind::input;
    };
    std::size_t dashed = 0, solid = 0;
    for (std::size_t f = 0; f < video.frames.size(); ++f) {
      std::ostringstream problems;
      const auto check_edge = [&](Point from, Point to, bool unit_edge, const char* what, int r, int c) {
        const double share = inked_share(video.frames[f], grid, from, to, figure.settings.theme->grid_line);
        const bool ok = unit_edge ? share >= 0.97 : share >= 0.2 && share <= 0.8;
        (unit_edge ? solid : dashed) += 1;
        if (!ok)
          problems << what << " edge at grid line (" << r << ", " << c << "): " << (unit_edge ? "solid" : "dashed")
                   << " expected, " << share * 100 << "% inked\n";
      };
      // Horizontal edges between cells (r - 1, c) and (r, c); vertical ones between (r, c - 1) and (r, c).
      for (int r = 0; r <= grid.rows; ++r)
        for (int c = 0; c < grid.cols; ++c)
          check_edge({double(c), double(r)}, {double(c + 1), double(r)}, is_unit(r - 1, c) || is_unit(r, c),
                     "horizontal", r, c);
      for (int r = 0; r < grid.rows; ++r)
        for (int c = 0; c <= grid.cols; ++c)
          check_edge({double(c), double(r)}, {double(c), double(r + 1)}, is_unit(r, c - 1) || is_unit(r, c),
                     "vertical", r, c);
      INFO(config.dump() << ", frame " << f);
      CHECK(problems.str() == "");
    }
    CHECK(dashed > 0);
    CHECK(solid > 0);
  }
}

TEST_CASE("Pixels: the check catches a frame of another step", "[renderer][pixels]") {
  // The frame-by-frame check must fail when frames are swapped, or it proves nothing.
  const Figure figure = prepare_figure(parse_config(cases()[1].config, "test.json", "pixels"));
  MemoryOutput sink;
  render(figure, sink);
  REQUIRE(sink.frames().size() == figure.trace.steps.size());
  for (std::size_t i = 0; i + 1 < sink.frames().size(); ++i) {
    INFO("step " << i);
    const test::Image image = test::from_argb32(sink.frames()[i]);
    CHECK(check_frame(figure, image, i) == "");
    CHECK(check_frame(figure, image, i + 1) != "");
  }
}
