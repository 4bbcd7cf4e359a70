// Themes read well, measured on what was written: every text in every theme at WCAG's 4.5:1 against
// the pixels behind it (values on input, output, padding, shaded or not; weights; labels and the
// caption on the background), kernel weights large and clear of the values, the print theme's kinds
// of cell told apart in greyscale, and captions in words with the output size's formula.
#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <cairo.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "decode.hpp"
#include "renderer/cairo/painter.hpp"
#include "renderer/render.hpp"
#include "renderer/views/figure_frame.hpp"
#include "src/config/describe.hpp"
#include "src/config/scenario.hpp"
#include "support.hpp"

using namespace convanim;
using nlohmann::json;

namespace {

constexpr double wcag_aa = 4.5;
const std::vector<std::string> theme_list{"solarized", "colorblind", "dark", "print"};

// WCAG 2 relative luminance and contrast, written out here rather than taken from the renderer.
double luminance(const std::array<int, 3>& rgb) {
  const auto linear = [](int v) {
    const double c = v / 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2]);
}
double contrast(const std::array<int, 3>& a, const std::array<int, 3>& b) {
  const double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}
// CIE L* (0 black to 100 white) of an sRGB colour.
double lightness(const std::array<int, 3>& rgb) {
  const double y = luminance(rgb);
  return y > 216.0 / 24389 ? 116 * std::cbrt(y) - 16 : y * 24389.0 / 27;
}

// One step written as a PNG and read back.
test::Image render_step(const Figure& figure, std::size_t step) {
  const test::TempDir dir;  // its own, so that tests run in parallel never share one
  render_file(figure, dir.path() / "f.png", {step, step});
  for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
    if (entry.path().extension() == ".png") return test::load_png(entry.path());
  FAIL("no PNG written");
  return {};
}

// Where one text puts ink, drawn alone with the painter's own text code on a transparent surface:
// each pixel's coverage (0 to 1), and the box of the pixels it touches.
struct Ink {
  int width = 0, height = 0;
  std::vector<double> coverage;
  int x0 = 1 << 30, y0 = 1 << 30, x1 = -1, y1 = -1;  // inclusive
  double at(int x, int y) const { return coverage[std::size_t(y) * std::size_t(width) + std::size_t(x)]; }
  int ink_height() const { return y1 - y0 + 1; }
  bool overlaps(const Ink& o) const { return x0 <= o.x1 && o.x0 <= x1 && y0 <= o.y1 && o.y0 <= y1; }
};

Ink ink_of(const Text& text, int width, int height) {
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
  cairo_t* cr = cairo_create(surface);
  draw_shape(cr, text);
  cairo_destroy(cr);
  cairo_surface_flush(surface);
  Ink ink{width, height, std::vector<double>(std::size_t(width) * std::size_t(height))};
  const unsigned char* data = cairo_image_surface_get_data(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const auto pixel = *reinterpret_cast<const std::uint32_t*>(data + y * stride + x * 4);
      const double a = double(pixel >> 24) / 255.0;
      ink.coverage[std::size_t(y) * std::size_t(width) + std::size_t(x)] = a;
      if (a == 0) continue;
      ink.x0 = std::min(ink.x0, x), ink.y0 = std::min(ink.y0, y);
      ink.x1 = std::max(ink.x1, x), ink.y1 = std::max(ink.y1, y);
    }
  cairo_surface_destroy(surface);
  return ink;
}

// The colour behind a text: the commonest colour of the pixels around its ink (its box grown by
// two pixels) that it does not touch.
std::array<int, 3> fill_behind(const test::Image& image, const Ink& ink) {
  std::map<std::array<int, 3>, int> counts;
  for (int y = std::max(0, ink.y0 - 2); y <= std::min(image.height - 1, ink.y1 + 2); ++y)
    for (int x = std::max(0, ink.x0 - 2); x <= std::min(image.width - 1, ink.x1 + 2); ++x)
      if (ink.at(x, y) == 0) ++counts[image.rgb(x, y)];
  REQUIRE(!counts.empty());
  return std::max_element(counts.begin(), counts.end(), [](auto& a, auto& b) { return a.second < b.second; })->first;
}

// The contrast of a text as written: at the pixels the text covers most (its strokes' cores), the
// median contrast of the written colour with the colour behind.
double written_contrast(const test::Image& image, const Ink& ink, const std::array<int, 3>& behind) {
  double most = 0;
  for (double a : ink.coverage) most = std::max(most, a);
  REQUIRE(most > 0.5);
  std::vector<double> ratios;
  for (int y = ink.y0; y <= ink.y1; ++y)
    for (int x = ink.x0; x <= ink.x1; ++x)
      if (ink.at(x, y) >= 0.98 * most) ratios.push_back(contrast(image.rgb(x, y), behind));
  std::nth_element(ratios.begin(), ratios.begin() + std::ptrdiff_t(ratios.size() / 2), ratios.end());
  return ratios[ratios.size() / 2];
}

std::vector<Text> texts_of(const Scene& scene) {
  std::vector<Text> texts;
  for (const Layer& layer : scene.layers)
    for (std::size_t i = 0; i < layer.count; ++i)
      if (const auto* text = std::get_if<Text>(&(*layer.shapes)[i])) texts.push_back(*text);
  return texts;
}

// Values with decimals and signs, the widest the guide's figures would show, and a kernel the same.
json numerical(const std::string& theme, const std::string& view = "flat") {
  json input = json::array();
  const std::array<double, 5> row{1.5, -2.25, 3, 0.75, -1.5};
  for (int r = 0; r < 5; ++r) {
    json line = json::array();
    for (int c = 0; c < 5; ++c) line.push_back(row[std::size_t((r + c) % 5)]);
    input.push_back(line);
  }
  return {{"operation", "convolution"}, {"input", 5}, {"kernel", 3}, {"stride", 2}, {"padding", 1},
          {"values", {{"input", input}, {"kernel", {{-0.5, 1.25, 2}, {0.25, -1, 1.5}, {2.5, -0.75, 1}}}}},
          {"render", {{"theme", theme}, {"view", view}, {"caption", true}}}};
}

Figure figure_of(const json& config) { return Figure(parse_config(config, "test.json", "themes"), {}); }

// Every text of a step at 4.5:1 or more against what is behind it, as written.
void check_step_contrast(const Figure& figure, std::size_t step, const std::string& name) {
  INFO("figure " << name);
  const test::Image image = render_step(figure, step);
  for (const Text& text : texts_of(figure.view->scene(step))) {
    const Ink ink = ink_of(text, image.width, image.height);
    if (ink.x1 < 0) continue;
    const auto behind = fill_behind(image, ink);
    INFO("step " << step << ", text \"" << text.text << "\" at " << text.anchor.x << "," << text.anchor.y
                 << " on rgb(" << behind[0] << "," << behind[1] << "," << behind[2] << ")");
    CHECK(written_contrast(image, ink, behind) >= wcag_aa);
  }
}

}  // namespace

TEST_CASE("Themes: every fill has a cell text at 4.5:1, shaded or not, and labels read on the background",
          "[themes]") {
  for (const Theme& theme : themes()) {
    INFO("theme " << theme.name);
    CHECK(contrast_ratio(theme.text, theme.background) >= wcag_aa);
    std::vector<Colour> fills{theme.input, theme.output, theme.background};
    fills.insert(fills.end(), theme.groups.begin(), theme.groups.end());
    for (const Colour& fill : fills) {
      INFO("fill " << fill.r * 255 << "," << fill.g * 255 << "," << fill.b * 255);
      const Colour& text = text_on(theme, fill);
      CHECK(contrast_ratio(text, fill) >= wcag_aa);
      CHECK(contrast_ratio(text, theme.shade.over(fill)) >= wcag_aa);
    }
  }
  CHECK(themes().size() == theme_list.size());
  for (std::size_t i = 0; i < theme_list.size(); ++i) CHECK(themes()[i].name == theme_list[i]);
}

TEST_CASE("Themes: values, weights and outputs read at 4.5:1 on every kind of cell, in the written PNG",
          "[themes]") {
  for (const std::string& theme : theme_list) {
    INFO("theme " << theme);
    const Figure figure = figure_of(numerical(theme));
    // Step 0: the footprint over padding and units; a middle step: over units only; the last.
    for (std::size_t step : {std::size_t(0), std::size_t(4), figure.frames() - 1})
      check_step_contrast(figure, step, theme + "_flat");
  }
}

TEST_CASE("Themes: values read at 4.5:1 on every group's colour and in the scatter view", "[themes]") {
  for (const std::string& theme : theme_list) {
    INFO("theme " << theme);
    // Six groups: every group colour, as input and output fills, with weights, partial sums and bias.
    const Figure grouped = figure_of({{"layer", "Conv2d(6, 6, 3, padding=1, groups=6)"}, {"input", 3},
                                      {"values", {{"seed", 7}}}, {"render", {{"theme", theme}, {"caption", true}}}});
    for (std::size_t step : {std::size_t(0), std::size_t(13), grouped.frames() - 1})
      check_step_contrast(grouped, step, theme + "_groups");
    // Running sums on the output and on its cropped border, contributions under the stamp.
    const Figure scatter = figure_of({{"operation", "transposed_convolution"}, {"input", 3}, {"kernel", 3},
                                      {"stride", 2}, {"padding", 1}, {"output_padding", 1},
                                      {"values", {{"seed", 3}}},
                                      {"render", {{"theme", theme}, {"view", "scatter"}, {"caption", true}}}});
    for (std::size_t step : {std::size_t(0), std::size_t(4)}) check_step_contrast(scatter, step, theme + "_scatter");
  }
}

TEST_CASE("Themes: labels and caption read at 4.5:1 in the oblique view", "[themes]") {
  for (const std::string& theme : theme_list) {
    INFO("theme " << theme);
    const Figure figure = figure_of(
        {{"operation", "convolution"}, {"input", 5}, {"kernel", 3}, {"stride", 2}, {"padding", 1},
         {"render", {{"theme", theme}, {"view", "oblique"}, {"labels", true}, {"caption", true}}}});
    REQUIRE(texts_of(figure.view->scene(0)).size() == 3);  // two labels and the caption
    check_step_contrast(figure, 0, theme + "_oblique");
  }
}

TEST_CASE("Themes: kernel weights are at least 40% of a value's height and never touch a value", "[themes]") {
  const Figure figure = figure_of(numerical("solarized"));
  const Proportions p(figure.settings.cell_size);
  const int width = figure.size().width, height = figure.size().height;
  for (std::size_t step = 0; step < figure.frames(); ++step) {
    std::vector<Ink> values, weights;
    for (const Text& text : texts_of(figure.view->scene(step))) {
      if (text.size == p.value_size) values.push_back(ink_of(text, width, height));
      if (text.size == p.weight_size) weights.push_back(ink_of(text, width, height));
    }
    REQUIRE(weights.size() == 9);
    REQUIRE(values.size() >= 25);
    int value_height = 0;
    for (const Ink& value : values) value_height = std::max(value_height, value.ink_height());
    for (const Ink& weight : weights) {
      INFO("step " << step << ": a weight's ink " << weight.x0 << "," << weight.y0 << " to " << weight.x1 << ","
                   << weight.y1);
      CHECK(weight.ink_height() >= 0.4 * value_height);
      for (const Ink& value : values) CHECK_FALSE(weight.overlaps(value));
    }
  }
}

TEST_CASE("Themes: the print theme's kinds of cell differ in lightness", "[themes]") {
  const Figure figure = figure_of({{"operation", "convolution"}, {"input", 5}, {"kernel", 3}, {"stride", 2},
                                   {"padding", 1}, {"render", {{"theme", "print"}, {"view", "oblique"}}}});
  // Step 0's footprint covers the padding corner and units (1,1), (1,2), (2,1), (2,2) of the grid.
  const test::Image image = render_step(figure, 0);
  const Plane &input = figure.view->plane("input"), &output = figure.view->plane("output");
  const auto sample = [&](const Plane& plane, Cell cell) {
    const Point at = plane.point(cell);
    return lightness(image.rgb(int(at.x), int(at.y)));
  };
  const std::map<std::string, double> kinds{{"padding", sample(input, {0, 4})},
                                            {"input", sample(input, {4, 4})},
                                            {"footprint over input", sample(input, {2, 2})},
                                            {"output", sample(output, {2, 2})}};
  for (auto a = kinds.begin(); a != kinds.end(); ++a)
    for (auto b = std::next(a); b != kinds.end(); ++b) {
      INFO(a->first << " L* " << a->second << ", " << b->first << " L* " << b->second);
      CHECK(std::abs(a->second - b->second) >= 10);
    }
}

TEST_CASE("Captions: the operation in words and the output size's formula with its numbers", "[themes]") {
  const auto caption = [](json config) { return caption_text(parse_scenario(config, "test.json", "caption")); };
  // o = floor((5 + 2 - 3) / 2) + 1 = 3
  CHECK(caption({{"operation", "convolution"}, {"input", 5}, {"kernel", 3}, {"stride", 2}, {"padding", 1}}) ==
        "convolution: o = ⌊(5 + 2·1 − 3) / 2⌋ + 1 = 3");
  // Stride 1, no padding: 4 - 3 + 1 = 2.
  CHECK(caption({{"operation", "convolution"}, {"input", 4}, {"kernel", 3}}) == "convolution: o = 4 − 3 + 1 = 2");
  // (3 - 1)*2 - 2 + (3 - 1) + 1 + 1 = 6
  CHECK(caption({{"operation", "transposed_convolution"}, {"input", 3}, {"kernel", 3}, {"stride", 2},
                 {"padding", 1}, {"output_padding", 1}}) ==
        "transposed convolution: o = (3 − 1)·2 − 2·1 + (3 − 1) + 1 + 1 = 6");
  // floor((4 - 2) / 2) + 1 = 2
  CHECK(caption({{"operation", "max_pooling"}, {"input", 4}, {"kernel", 2}, {"stride", 2}}) ==
        "max pooling: o = ⌊(4 − 2) / 2⌋ + 1 = 2");
  CHECK(caption({{"operation", "average_pooling"}, {"input", 5}, {"kernel", 3}}) ==
        "average pooling: o = 5 − 3 + 1 = 3");
  // Dilation 2 spans 5 cells: 7 - 3 - 2 + 1 = 3.
  CHECK(caption({{"operation", "convolution"}, {"input", 7}, {"kernel", 3}, {"dilation", 2}}) ==
        "convolution: o = 7 − 3 − (3 − 1)(2 − 1) + 1 = 3");
  // 1-D: floor((10 + 2*2 - 5) / 3) + 1 = 4
  CHECK(caption({{"operation", "convolution"}, {"input", {10}}, {"kernel", 5}, {"stride", 3},
                 {"padding", 2}}) == "convolution: o = ⌊(10 + 2·2 − 5) / 3⌋ + 1 = 4");
  // Unequal axes: each, height first. floor((5 - 3) / 2) + 1 = 2 and floor((7 - 3) / 2) + 1 = 3.
  CHECK(caption({{"operation", "convolution"}, {"input", {5, 7}}, {"kernel", 3}, {"stride", 2}}) ==
        "convolution: o = ⌊(5 − 3) / 2⌋ + 1 = 2 (height), ⌊(7 − 3) / 2⌋ + 1 = 3 (width)");
}

TEST_CASE("Captions: fit under the figure at the default size", "[themes]") {
  for (const json& config :
       {json{{"operation", "convolution"}, {"input", 5}, {"kernel", 3}, {"stride", 2}, {"padding", 1}},
        json{{"operation", "transposed_convolution"}, {"input", 3}, {"kernel", 3}, {"stride", 2}, {"padding", 1},
             {"output_padding", 1}}}) {
    json with_caption = config, without = config;
    with_caption["render"] = {{"caption", true}};
    without["render"] = {{"caption", false}};
    INFO(config.dump());
    // The caption adds height, never width.
    CHECK(figure_of(with_caption).size().width == figure_of(without).size().width);
  }
}
