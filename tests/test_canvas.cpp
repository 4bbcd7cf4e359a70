// The canvas around a figure, read back from what was written: every format exactly the canvas
// size, the figure scaled to fit inside a 4% margin and centred, the planes the view reports where
// the decoded pixels show them; a title above the figure in the theme's text colour; the step's
// equation in a band under it; a background colour of the user's, with labels that stay readable on
// it; a canvas too large refused before anything is written. And smooth motion as decoded: as many
// frames as the timeline plans, delays without drift, the footprint gliding along a row and fading
// across a new one.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include <cairo.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "decode.hpp"
#include "renderer/cairo/painter.hpp"
#include "renderer/render.hpp"
#include "renderer/views/views.hpp"
#include "src/config/scenario.hpp"
#include "renderer/outputs/step_path.hpp"

using namespace convanim;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

using Rgb = std::array<int, 3>;

Rgb to_rgb(const Colour& c) {
  return {int(std::lround(c.r * 255)), int(std::lround(c.g * 255)), int(std::lround(c.b * 255))};
}

int distance(const Rgb& a, const Rgb& b) {
  return std::max({std::abs(a[0] - b[0]), std::abs(a[1] - b[1]), std::abs(a[2] - b[2])});
}

// WCAG 2 relative luminance and contrast, written out here rather than taken from the theme code.
double luminance(const Rgb& c) {
  double sum = 0;
  const std::array<double, 3> weights{0.2126, 0.7152, 0.0722};
  for (std::size_t i = 0; i < 3; ++i) {
    const double v = c[i] / 255.0;
    sum += weights[i] * (v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4));
  }
  return sum;
}
double contrast(const Rgb& a, const Rgb& b) {
  const double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// The guide's no_padding_strides (5x5 input, 3x3 kernel, stride 2: four steps), flat, so that
// planes are axis-aligned and the footprint is a square of shaded input cells.
json small_config() {
  return {{"name", "small"},
          {"operation", "convolution"},
          {"input", 5},
          {"kernel", 3},
          {"stride", 2},
          {"render", {{"view", "flat"}, {"cell_size", 16}}}};
}

Figure figure_for(const json& config, const RenderOverrides& overrides = {}) {
  return prepare_figure(parse_config(config, "test.json", "canvas_test"), overrides);
}

// What the guide's stride-2 3x3 kernel covers for output cell (r, c), with no padding.
bool in_window(Cell output, int row, int col) {
  return row >= 2 * output.row && row < 2 * output.row + 3 && col >= 2 * output.col && col < 2 * output.col + 3;
}

// The first step's PNG, decoded.
test::Image first_png(const Figure& figure, const fs::path& dir, const std::string& stem = "out") {
  const fs::path path = dir / (stem + ".png");
  render_file(figure, path, FrameRange{0, 0});
  return test::load_png(per_step_path(path, 0, figure.frames()));
}

// Where anything but the background is, over the whole image or a part of it.
struct Ink {
  int x0 = INT32_MAX, y0 = INT32_MAX, x1 = -1, y1 = -1;  // inclusive; x1 < 0: none
  bool none() const { return x1 < 0; }
};
constexpr int ink_threshold = 12;  // away from the background by more than encoding noise

bool is_ink(const test::Image& image, int x, int y, const Rgb& background) {
  return image.alpha(x, y) > 0 && distance(image.rgb(x, y), background) > ink_threshold;
}

Ink ink_in(const test::Image& image, const Rgb& background, int x_from = 0, int y_from = 0, int x_to = -1,
           int y_to = -1) {
  if (x_to < 0) x_to = image.width;
  if (y_to < 0) y_to = image.height;
  Ink ink;
  for (int y = std::max(0, y_from); y < std::min(y_to, image.height); ++y)
    for (int x = std::max(0, x_from); x < std::min(x_to, image.width); ++x)
      if (is_ink(image, x, y, background)) {
        ink.x0 = std::min(ink.x0, x), ink.y0 = std::min(ink.y0, y);
        ink.x1 = std::max(ink.x1, x), ink.y1 = std::max(ink.y1, y);
      }
  return ink;
}

// The pixel of a region farthest from the background: the core of a glyph, fully covered.
Rgb strongest_ink(const test::Image& image, const Rgb& background, int x_from, int y_from, int x_to, int y_to) {
  Rgb best = background;
  for (int y = std::max(0, y_from); y < std::min(y_to, image.height); ++y)
    for (int x = std::max(0, x_from); x < std::min(x_to, image.width); ++x)
      if (distance(image.rgb(x, y), background) > distance(best, background)) best = image.rgb(x, y);
  return best;
}

// The number in attribute `name` of the first `<svg` element ("640", "640pt", "640px").
std::optional<double> svg_attribute(const std::string& svg, const std::string& name) {
  const std::size_t open = svg.find("<svg");
  if (open == std::string::npos) return std::nullopt;
  const std::string element = svg.substr(open, svg.find('>', open) - open);
  std::smatch match;
  if (!std::regex_search(element, match, std::regex("\\s" + name + "=\"([0-9.]+)(pt|px)?\""))) return std::nullopt;
  return std::stod(match[1].str());
}

// Every "/MediaBox [ x0 y0 x1 y1 ]" of an uncompressed PDF, as width and height.
std::vector<std::array<double, 2>> media_boxes(const std::string& pdf) {
  std::vector<std::array<double, 2>> boxes;
  const std::regex box(R"(/MediaBox\s*\[\s*([-0-9.]+)\s+([-0-9.]+)\s+([-0-9.]+)\s+([-0-9.]+)\s*\])");
  for (auto it = std::sregex_iterator(pdf.begin(), pdf.end(), box); it != std::sregex_iterator(); ++it)
    boxes.push_back({std::stod((*it)[3].str()) - std::stod((*it)[1].str()),
                     std::stod((*it)[4].str()) - std::stod((*it)[2].str())});
  return boxes;
}

std::size_t count_lines(const std::string& text) { return std::size_t(std::count(text.begin(), text.end(), '\n')); }

std::size_t file_count(const fs::path& dir) {
  return std::size_t(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

constexpr int canvas_w = 640, canvas_h = 360;
constexpr double canvas_margin = 0.04;  // of the shorter side (README: "canvas")

}  // namespace

TEST_CASE("Canvas: PNG, SVG, PDF, GIF and MP4 are exactly the canvas size", "[canvas]") {
  const test::TempDir dir;
  json config = small_config();
  config["render"]["canvas"] = {canvas_w, canvas_h};
  const Figure figure = figure_for(config);
  const std::size_t steps = figure.frames();
  REQUIRE(steps == 4);
  const std::vector<fs::path> files{dir.path() / "out.png", dir.path() / "out.svg", dir.path() / "out.pdf",
                                    dir.path() / "out.gif", dir.path() / "out.mp4"};
  std::vector<OutputTarget> targets;
  for (const fs::path& file : files) targets.push_back(OutputTarget::at(file));
  render_files(figure, targets);

  for (std::size_t i = 0; i < steps; ++i) {
    INFO("step " << i);
    const test::Image png = test::load_png(per_step_path(files[0], i, steps));
    CHECK(png.width == canvas_w);
    CHECK(png.height == canvas_h);
    const std::string svg = test::read_bytes(per_step_path(files[1], i, steps));
    CHECK(svg_attribute(svg, "width") == std::optional<double>(canvas_w));
    CHECK(svg_attribute(svg, "height") == std::optional<double>(canvas_h));
  }
  const auto boxes = media_boxes(test::read_bytes(files[2]));
  CHECK(boxes.size() == steps);  // one a page (Cairo puts none on the page tree)
  for (const auto& [width, height] : boxes) {
    CHECK(width == canvas_w);
    CHECK(height == canvas_h);
  }
  for (const fs::path& video_file : {files[3], files[4]}) {
    INFO(video_file.filename().string());
    const test::DecodedVideo video = test::decode_video(video_file);
    CHECK(video.width == canvas_w);
    CHECK(video.height == canvas_h);
    REQUIRE_FALSE(video.frames.empty());
    for (const test::DecodedFrame& frame : video.frames) {
      CHECK(frame.width == canvas_w);
      CHECK(frame.height == canvas_h);
    }
  }
  const test::GifStructure gif = test::read_gif_structure(files[3]);
  CHECK(gif.width == canvas_w);
  CHECK(gif.height == canvas_h);
}

TEST_CASE("Canvas: a tall and a wide figure both fit inside the margin, centred", "[canvas]") {
  const test::TempDir dir;
  // Flat: the input beside the output. 14x3 -> 12x1 is about 5.5 cells wide and 14 high; 3x14 -> 1x12
  // about 27.5 wide and 3 high: one is held by the canvas' height, the other by its width.
  struct Case {
    const char* name;
    std::array<int, 2> input;
    bool tall;
  };
  const int shorter = std::min(canvas_w, canvas_h);
  const int margin = int(std::floor(canvas_margin * shorter));
  for (const Case& c : {Case{"tall", {14, 3}, true}, Case{"wide", {3, 14}, false}}) {
    SECTION(c.name) {
      json config = small_config();
      config["input"] = c.input;
      config["stride"] = 1;
      config["render"]["canvas"] = {canvas_w, canvas_h};
      const Figure figure = figure_for(config);
      const test::Image image = first_png(figure, dir.path());
      REQUIRE(image.width == canvas_w);
      REQUIRE(image.height == canvas_h);
      const Rgb background = to_rgb(figure.settings.theme->background);
      const Ink ink = ink_in(image, background);
      REQUIRE_FALSE(ink.none());
      const int left = ink.x0, right = image.width - 1 - ink.x1, top = ink.y0, bottom = image.height - 1 - ink.y1;
      INFO("blank margins: left " << left << ", right " << right << ", top " << top << ", bottom " << bottom);
      CHECK(left >= margin);
      CHECK(right >= margin);
      CHECK(top >= margin);
      CHECK(bottom >= margin);
      // Centred across the side the figure does not fill: the figure at its own size, scaled by as
      // much as its ink grew, leaves equal blanks on both sides. (Its own blanks are not quite equal:
      // views place labels by an estimate of the text's width.)
      config["render"].erase("canvas");
      const test::Image natural = first_png(figure_for(config), dir.path(), "natural");
      const Ink own = ink_in(natural, background);
      const double scale = double(ink.x1 - ink.x0 + 1) / (own.x1 - own.x0 + 1);
      const double own_left = own.x0 * scale, own_right = (natural.width - 1 - own.x1) * scale;
      const double own_top = own.y0 * scale, own_bottom = (natural.height - 1 - own.y1) * scale;
      INFO("its own blanks, scaled by " << scale << ": left " << own_left << ", right " << own_right << ", top "
                                        << own_top << ", bottom " << own_bottom);
      if (c.tall) CHECK((left - own_left) == Approx(right - own_right).margin(2));
      else CHECK((top - own_top) == Approx(bottom - own_bottom).margin(2));
      // And it fills the other side up to the margin (and the view's own margin): it was scaled up.
      const int free_side = c.tall ? top + bottom : left + right;
      const int filled = c.tall ? ink.y1 - ink.y0 : ink.x1 - ink.x0;
      CHECK(filled > (c.tall ? canvas_h : canvas_w) * 0.75);
      CHECK(free_side < (c.tall ? canvas_h : canvas_w) * 0.25);
    }
  }
}

TEST_CASE("Canvas: the figure is scaled by the fit, and the planes the view reports are where the pixels are",
          "[canvas]") {
  const test::TempDir dir;
  const json natural_config = small_config();
  const Figure natural = figure_for(natural_config);
  const int w = natural.view->width(), h = natural.view->height();
  // About twice the natural size, but not the same proportions: one side holds the fit.
  const int cw = 2 * w + 100, ch = 2 * h;
  json config = natural_config;
  config["render"]["canvas"] = {cw, ch};
  const Figure scaled = figure_for(config);
  REQUIRE(scaled.view->width() == cw);
  REQUIRE(scaled.view->height() == ch);

  const double margin = canvas_margin * std::min(cw, ch);
  const double scale = std::min((cw - 2 * margin) / w, (ch - 2 * margin) / h);
  REQUIRE(scale > 1.5);
  const Point offset{(cw - w * scale) / 2, (ch - h * scale) / 2};
  for (const char* name : {"input", "output"}) {
    INFO(name);
    const Plane &before = natural.view->plane(name), &after = scaled.view->plane(name);
    CHECK(after.column.x == Approx(before.column.x * scale));
    CHECK(after.row_step.y == Approx(before.row_step.y * scale));
    CHECK(after.origin.x == Approx(before.origin.x * scale + offset.x));
    CHECK(after.origin.y == Approx(before.origin.y * scale + offset.y));
  }

  const test::Image small = first_png(natural, dir.path(), "natural");
  const test::Image large = first_png(scaled, dir.path(), "scaled");
  REQUIRE(large.width == cw);
  REQUIRE(large.height == ch);
  const Theme& theme = *scaled.settings.theme;
  const Rgb background = to_rgb(theme.background);

  // Every cell's centre shows its colour where the scaled planes say it is (step 0: output (0, 0)).
  int wrong = 0;
  const Plane &input = scaled.view->plane("input"), &output = scaled.view->plane("output");
  for (int r = 0; r < input.rows; ++r)
    for (int c = 0; c < input.cols; ++c) {
      const Point p = input.point({r, c});
      const Rgb want = to_rgb(in_window({0, 0}, r, c) ? theme.shade.over(theme.input) : theme.input);
      const Rgb got = large.rgb(int(p.x), int(p.y));
      if (distance(got, want) > 2) ++wrong, UNSCOPED_INFO("input (" << r << "," << c << ") off");
    }
  for (int r = 0; r < output.rows; ++r)
    for (int c = 0; c < output.cols; ++c) {
      const Point p = output.point({r, c});
      const Rgb want = to_rgb(r == 0 && c == 0 ? theme.shade.over(theme.output) : theme.output);
      if (distance(large.rgb(int(p.x), int(p.y)), want) > 2) ++wrong, UNSCOPED_INFO("output (" << r << "," << c << ") off");
    }
  CHECK(wrong == 0);

  // The input plane's run of ink along its last row (under no footprint), in both renders.
  const auto run_width = [&](const test::Image& image, const Plane& plane) {
    const Point centre = plane.point({plane.rows - 1, 0});
    const int y = int(centre.y);
    int x = int(centre.x);
    while (x > 0 && is_ink(image, x - 1, y, background)) --x;
    const int start = x;
    x = int(centre.x);
    while (x + 1 < image.width && is_ink(image, x + 1, y, background)) ++x;
    return x - start + 1;
  };
  const int natural_run = run_width(small, natural.view->plane("input"));
  const int scaled_run = run_width(large, input);
  INFO("input plane: " << natural_run << " px at natural size, " << scaled_run << " px on the canvas, scale "
                       << scale);
  CHECK(double(scaled_run) == Approx(natural_run * scale).margin(3));
}

TEST_CASE("Canvas: a title is drawn above the figure in the theme's text colour", "[canvas]") {
  const test::TempDir dir;
  json config = small_config();
  config["render"]["cell_size"] = 40;  // glyph stems wide enough to be fully covered somewhere
  const Figure plain = figure_for(config);
  config["render"]["title"] = "Stride 2";
  const Figure titled = figure_for(config);
  const Theme& theme = *titled.settings.theme;
  const Rgb background = to_rgb(theme.background);

  const test::Image without = first_png(plain, dir.path(), "plain");
  const test::Image with = first_png(titled, dir.path(), "titled");
  // The figure moved down by what the title takes; the title fits the figure's width.
  const double shift = titled.view->plane("input").origin.y - plain.view->plane("input").origin.y;
  REQUIRE(shift > 0);
  CHECK(with.height > without.height);
  CHECK(with.width == without.width);

  // Without a title nothing is above the figure's first ink; with one, there is ink above where the
  // same figure's first ink now is.
  const Ink figure_ink = ink_in(without, background);
  REQUIRE_FALSE(figure_ink.none());
  const int figure_top = figure_ink.y0 + int(std::floor(shift));
  const Ink band = ink_in(with, background, 0, 0, with.width, figure_top - 1);
  REQUIRE_FALSE(band.none());
  CHECK(ink_in(without, background, 0, 0, without.width, figure_ink.y0).none());
  // Centred over the figure.
  const double title_centre = (band.x0 + band.x1) / 2.0;
  CHECK(title_centre == Approx(with.width / 2.0).margin(3));
  const Rgb title_ink = strongest_ink(with, background, 0, 0, with.width, figure_top - 1);
  INFO("title ink " << title_ink[0] << "," << title_ink[1] << "," << title_ink[2]);
  CHECK(distance(title_ink, to_rgb(theme.text)) <= 4);

  SECTION("with a canvas, the image is still exactly the canvas") {
    config["render"]["canvas"] = {canvas_w, canvas_h};
    const Figure on_canvas = figure_for(config);
    const test::Image image = first_png(on_canvas, dir.path(), "canvas");
    CHECK(image.width == canvas_w);
    CHECK(image.height == canvas_h);
    const double input_top = on_canvas.view->plane("input").origin.y;
    CHECK_FALSE(ink_in(image, background, 0, 0, canvas_w, int(input_top) - int(0.6 * 40)).none());
    const Ink all = ink_in(image, background);
    CHECK(all.y0 >= int(std::floor(canvas_margin * canvas_h)));
  }
}

TEST_CASE("Canvas: a title with control characters or over 200 bytes is refused, naming it", "[canvas]") {
  const test::TempDir dir;
  struct Case {
    const char* name;
    std::string title;
  };
  for (const Case& c : {Case{"a control character", "Stride\x01 2"}, Case{"a new line", "Stride\n2"},
                        Case{"a tab", "Stride\t2"}, Case{"201 bytes", std::string(201, 'a')},
                        Case{"201 bytes of 67 three-byte characters", [] {
                               std::string s;
                               for (int i = 0; i < 67; ++i) s += "\xE2\x82\xAC";  // the euro sign
                               return s;
                             }()}}) {
    SECTION(c.name) {
      json config = small_config();
      config["render"]["title"] = c.title;
      const fs::path file = dir.write("config.json", config.dump());
      const test::CliResult result = test::run_cli({"render", file.string(), "-o", (dir.path() / "out.png").string()});
      INFO(result.err);
      CHECK(result.status == 2);
      CHECK(count_lines(result.err) == 1);
      CHECK(result.err.find("/render/title") != std::string::npos);
      CHECK(file_count(dir.path()) == 1);  // only the config
    }
  }
  SECTION("the flag is checked the same way") {
    const fs::path file = dir.write("config.json", small_config().dump());
    const test::CliResult result =
        test::run_cli({"render", file.string(), "--title", "a\x02z", "-o", (dir.path() / "out.png").string()});
    INFO(result.err);
    CHECK(result.status == 2);
    CHECK(count_lines(result.err) == 1);
    CHECK(result.err.find("--title") != std::string::npos);
  }
  SECTION("200 bytes, and characters beyond ASCII, are a title") {
    json config = small_config();
    config["render"]["title"] = std::string(200, 'a');
    CHECK_NOTHROW(figure_for(config));
    config["render"]["title"] = "Schrittweite 2 \xE2\x80\x94 \xC3\xBC";
    CHECK(figure_for(config).settings.title == "Schrittweite 2 \xE2\x80\x94 \xC3\xBC");
  }
}

namespace {

// A view that is one filled rectangle and says what each frame computes, except its last frame:
// what the canvas does with View::equation, whatever the real views return.
class EquationView final : public View {
 public:
  explicit EquationView(const Theme& theme) : View(2), background_(theme.background) {
    width_ = 200, height_ = 100;
    planes_ = {Plane{"input", 1, 1, {0, 0}, {200, 0}, {0, 100}}};
    fill_ = Layer::make(Layer::Kind::fixed,
                        {Path{{{0, 0}, {200, 0}, {200, 100}, {0, 100}}, {}, true, theme.input, std::nullopt}});
  }
  Scene scene(std::size_t frame) const override {
    (void)frame;
    return Scene{width_, height_, background_, {fill_}};
  }
  std::optional<Equation> equation(std::size_t frame) const override {
    if (frame == 1) return std::nullopt;
    return Equation{"y[0,0]", "", "", {"3\xC2\xB7" "1", "0\xC2\xB7" "2", "1\xC2\xB7" "4"}, " + ", "7", {false, true, false}, 0};
  }

 private:
  Colour background_;
  Layer fill_;
};

test::Image paint(const Scene& scene) {
  CairoSurface surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, scene.width, scene.height));
  CairoContext context(cairo_create(surface.get()));
  Painter painter(LayerCache::pixels);
  painter.paint(context.get(), scene);
  cairo_surface_flush(surface.get());
  MemoryOutput::Frame frame{scene.width, scene.height, 0, {}, {}};
  const int stride = cairo_image_surface_get_stride(surface.get());
  const unsigned char* data = cairo_image_surface_get_data(surface.get());
  for (int y = 0; y < scene.height; ++y)
    for (int x = 0; x < scene.width; ++x)
      frame.pixels.push_back(*reinterpret_cast<const std::uint32_t*>(data + std::size_t(y) * stride + 4 * x));
  return test::from_argb32(frame);
}

}  // namespace

TEST_CASE("Canvas: the equation band under the figure shows what the view says a frame computes", "[canvas]") {
  RenderSettings settings;
  settings.cell_size = 32;
  settings.equation = true;
  const Theme& theme = *settings.theme;
  const Rgb background = to_rgb(theme.background);
  for (const bool canvas : {false, true}) {
    SECTION(canvas ? "on a canvas" : "at its own size") {
      if (canvas) settings.canvas = std::array<int, 2>{canvas_w, canvas_h};
      const auto view = frame_on_canvas(std::make_unique<EquationView>(theme), settings, Build::scenes);
      if (canvas) {
        CHECK(view->width() == canvas_w);
        CHECK(view->height() == canvas_h);
      } else {
        CHECK(view->width() >= 200);
        CHECK(view->height() > 100);  // a band for the line
      }
      const Box figure = view->plane("input").box();
      const test::Image with = paint(view->scene(0)), without = paint(view->scene(1));
      REQUIRE(with.width == view->width());
      // The rectangle is where the plane says, in the input colour.
      const Point centre = view->plane("input").point({0, 0});
      CHECK(distance(with.rgb(int(centre.x), int(centre.y)), to_rgb(theme.input)) <= 1);
      const int band_top = int(std::ceil(figure.y1)) + 1;
      const Ink line = ink_in(with, background, 0, band_top, with.width, with.height);
      REQUIRE_FALSE(line.none());
      CHECK(ink_in(without, background, 0, band_top, without.width, without.height).none());
      CHECK((line.x0 + line.x1) / 2.0 == Approx((figure.x0 + figure.x1) / 2).margin(3));
      CHECK(line.y1 < with.height - 1);
      CHECK(distance(strongest_ink(with, background, 0, band_top, with.width, with.height), to_rgb(theme.text)) <= 4);
      // Nothing of the line above the figure's bottom.
      CHECK(ink_in(with, background, 0, 0, with.width, int(std::floor(figure.y0))).none());
    }
  }
}

TEST_CASE("Canvas: a background colour fills the corners exactly, in PNG, GIF and MP4", "[canvas]") {
  const test::TempDir dir;
  const Rgb colour{0x7a, 0x2e, 0x5c};
  json config = small_config();
  config["render"]["background"] = "#7A2e5C";  // either case
  config["render"]["canvas"] = {canvas_w, canvas_h};
  const Figure figure = figure_for(config);
  std::vector<OutputTarget> targets;
  for (const char* name : {"out.png", "out.gif", "out.mp4"}) targets.push_back(OutputTarget::at(dir.path() / name));
  render_files(figure, targets, FrameRange{0, 1});
  const auto corners = [](const test::Image& image) {
    return std::array<Rgb, 4>{image.rgb(0, 0), image.rgb(image.width - 1, 0), image.rgb(0, image.height - 1),
                              image.rgb(image.width - 1, image.height - 1)};
  };
  const test::Image png = test::load_png(per_step_path(dir.path() / "out.png", 0, figure.frames()));
  for (const Rgb& corner : corners(png)) CHECK(corner == colour);
  CHECK(png.alpha(0, 0) == 255);
  const test::DecodedVideo gif = test::decode_video(dir.path() / "out.gif");
  REQUIRE(gif.frames.size() == 2);
  for (const test::DecodedFrame& frame : gif.frames)
    for (const Rgb& corner : corners(frame)) CHECK(corner == colour);
  const test::DecodedVideo mp4 = test::decode_video(dir.path() / "out.mp4");
  REQUIRE(mp4.frames.size() == 2);  // a frame a step
  for (const test::DecodedFrame& frame : mp4.frames)
    for (const Rgb& corner : corners(frame)) CHECK(distance(corner, colour) <= 3);  // a YUV round trip
}

TEST_CASE("Canvas: on a dark background colour the labels turn light, readable on it", "[canvas]") {
  const test::TempDir dir;
  const Rgb dark{0x10, 0x10, 0x10};
  json config = small_config();
  config["render"]["cell_size"] = 40;  // labels large enough for fully covered glyph stems
  config["render"]["background"] = "#101010";
  const Figure figure = figure_for(config);
  const test::Image image = first_png(figure, dir.path());
  CHECK(image.rgb(0, 0) == dark);
  // The labels stand above the planes: ink outside every plane (and its outline).
  const auto inside_a_plane = [&](int x, int y) {
    for (const Plane& plane : figure.view->planes()) {
      const Box box = plane.box().grown(4);
      if (x >= box.x0 && x <= box.x1 && y >= box.y0 && y <= box.y1) return true;
    }
    return false;
  };
  Rgb strongest = dark;
  std::size_t label_pixels = 0;
  for (int y = 0; y < image.height; ++y)
    for (int x = 0; x < image.width; ++x)
      if (!inside_a_plane(x, y) && is_ink(image, x, y, dark)) {
        ++label_pixels;
        if (contrast(image.rgb(x, y), dark) > contrast(strongest, dark)) strongest = image.rgb(x, y);
      }
  INFO("label ink " << strongest[0] << "," << strongest[1] << "," << strongest[2] << " on #101010");
  REQUIRE(label_pixels > 50);
  CHECK(luminance(strongest) > luminance(dark));
  CHECK(contrast(strongest, dark) >= 4.5);
  // The default theme's own label colour would not have been readable there.
  CHECK(contrast(to_rgb(themes()[0].text), dark) < 4.5);
}

TEST_CASE("Canvas: --background overrides the config's background, and bad colours are refused", "[canvas]") {
  const test::TempDir dir;
  json config = small_config();
  SECTION("a colour over transparent, transparent over a colour") {
    struct Case {
      const char* in_config;
      const char* flag;
      std::optional<Rgb> opaque;  // none: transparent
    };
    for (const Case& c : {Case{"transparent", "#123456", Rgb{0x12, 0x34, 0x56}}, Case{"#123456", "transparent", {}},
                          Case{"#123456", "white", Rgb{255, 255, 255}}}) {
      INFO(c.in_config << " then --background " << c.flag);
      config["render"]["background"] = c.in_config;
      const fs::path file = dir.write("config.json", config.dump());
      const fs::path out = dir.path() / "over.png";
      const test::CliResult result =
          test::run_cli({"render", file.string(), "--background", c.flag, "--frames", "0", "-o", out.string()});
      INFO(result.err);
      REQUIRE(result.status == 0);
      const test::Image image = test::load_png(per_step_path(out, 0, 4));
      if (c.opaque) {
        CHECK(image.alpha(0, 0) == 255);
        CHECK(image.rgb(0, 0) == *c.opaque);
      } else {
        CHECK(image.alpha(0, 0) == 0);
      }
    }
  }
  SECTION("bad colours") {
    for (const char* bad : {"#12345", "#GGGGGG", "red", "#1234567", "123456"}) {
      INFO(bad);
      config["render"].erase("background");
      const fs::path file = dir.write("config.json", config.dump());
      const fs::path out = dir.path() / "bad.png";
      const test::CliResult by_flag = test::run_cli({"render", file.string(), "--background", bad, "-o", out.string()});
      CHECK(by_flag.status == 2);
      CHECK(count_lines(by_flag.err) == 1);
      for (const char* named : {"--background", "#RRGGBB", "white", "transparent"})
        CHECK(by_flag.err.find(named) != std::string::npos);
      config["render"]["background"] = bad;
      dir.write("config.json", config.dump());
      const test::CliResult in_config = test::run_cli({"render", file.string(), "-o", out.string()});
      CHECK(in_config.status == 2);
      CHECK(count_lines(in_config.err) == 1);
      for (const char* named : {"/render/background", "#RRGGBB", "white", "transparent"})
        CHECK(in_config.err.find(named) != std::string::npos);
      CHECK(file_count(dir.path()) == 1);
    }
  }
}

TEST_CASE("Canvas: a canvas over 3840x2160 pixels is refused before anything is written, naming it", "[canvas]") {
  const test::TempDir dir;
  json config = small_config();
  const fs::path out = dir.path() / "big.png";
  SECTION("in the config") {
    config["render"]["canvas"] = {4000, 4000};
    const fs::path file = dir.write("config.json", config.dump());
    const test::CliResult result = test::run_cli({"render", file.string(), "-o", out.string()});
    INFO(result.err);
    CHECK(result.status == 2);
    CHECK(count_lines(result.err) == 1);
    CHECK(result.err.find("/render/canvas") != std::string::npos);
    CHECK(file_count(dir.path()) == 1);
  }
  SECTION("by the flag") {
    const fs::path file = dir.write("config.json", config.dump());
    const test::CliResult result = test::run_cli({"render", file.string(), "--canvas", "4000x4000", "-o", out.string()});
    INFO(result.err);
    CHECK(result.status == 2);
    CHECK(count_lines(result.err) == 1);
    CHECK(result.err.find("--canvas") != std::string::npos);
    CHECK(file_count(dir.path()) == 1);
  }
  SECTION("the limit itself: 4K UHD passes, a pixel row more does not") {
    config["render"]["canvas"] = {3840, 2160};
    CHECK_NOTHROW(figure_for(config));
    config["render"]["canvas"] = {3840, 2162};
    CHECK_THROWS_WITH(figure_for(config), Catch::Contains("/render/canvas"));
    config["render"]["canvas"] = {2160, 3840};
    CHECK_NOTHROW(figure_for(config));
  }
}

namespace {

// Smooth motion of the small figure: half a second a step, 200 ms of it moving at 20 frames a second.
constexpr int smooth_fps = 20, step_ms = 500, move_ms = 200;
constexpr int frame_ms = 1000 / smooth_fps;                     // 50
constexpr int moving_frames = (move_ms + frame_ms - 1) / frame_ms;  // 4: at 0, 50, 100 and 150 ms into a step

json smooth_config() {
  json config = small_config();
  config["render"]["cell_size"] = 24;
  config["render"]["motion"] = "smooth";
  config["render"]["fps"] = smooth_fps;
  config["render"]["frame_duration"] = step_ms;
  config["render"]["transition_ms"] = move_ms;
  return config;
}

// The GIF frame of step s's hold, and of the k-th moving frame into step s (k from 0).
std::size_t gif_hold(std::size_t s) { return s == 0 ? 0 : s * (moving_frames + 1); }
std::size_t gif_moving(std::size_t s, std::size_t k) { return gif_hold(s - 1) + 1 + k; }

// How a point of the input plane is painted: the input fill, or the footprint's shade (however
// faded) over it.
enum class Under { input, shade, other };
// The per-channel median of the 3x3 pixels around a point: an H.264 frame shown for 33 ms gets few
// bits, and a single pixel can ring; the 3x3 around a point within a cell is all one fill.
Rgb median_3x3(const test::Image& image, Point p) {
  Rgb median;
  for (std::size_t i = 0; i < 3; ++i) {
    std::array<int, 9> values;
    for (int k = 0; k < 9; ++k) values[std::size_t(k)] = image.rgb(int(p.x) + k % 3 - 1, int(p.y) + k / 3 - 1)[i];
    std::nth_element(values.begin(), values.begin() + 4, values.end());
    median[i] = values[4];
  }
  return median;
}

Under paint_at(const test::Image& image, Point p, const Theme& theme, int tolerance) {
  const Rgb got = median_3x3(image, p);
  const Rgb input = to_rgb(theme.input), shaded = to_rgb(theme.shade.over(theme.input));
  if (distance(got, input) <= tolerance) return Under::input;
  // On the segment from the input fill to the full shade: a fading footprint.
  const double t = double(distance(got, input)) / distance(shaded, input);
  Rgb expected;
  for (std::size_t i = 0; i < 3; ++i) expected[i] = int(std::lround(input[i] + t * (shaded[i] - input[i])));
  return t <= 1.05 && distance(got, expected) <= tolerance + 2 ? Under::shade : Under::other;
}

// The mean x of the columns of the input plane where the full shade over the input fill shows. Whole
// columns, counted only where they are at least half the fullest one: anti-aliased cell outlines
// over the plain fill pass for the shade here and there, all over the plane.
std::optional<double> footprint_x(const test::Image& image, const Plane& plane, const Theme& theme, int tolerance) {
  const Box box = plane.box();
  const Rgb shaded = to_rgb(theme.shade.over(theme.input));
  std::vector<int> counts;
  for (int x = int(box.x0); x < int(box.x1); ++x) {
    int n = 0;
    for (int y = int(box.y0); y < int(box.y1); ++y) n += distance(image.rgb(x, y), shaded) <= tolerance;
    counts.push_back(n);
  }
  const int fullest = counts.empty() ? 0 : *std::max_element(counts.begin(), counts.end());
  if (fullest == 0) return std::nullopt;
  double sum = 0, weight = 0;
  for (std::size_t i = 0; i < counts.size(); ++i)
    if (2 * counts[i] >= fullest) sum += (int(box.x0) + int(i)) * double(counts[i]), weight += counts[i];
  return sum / weight;
}

// Sample points inside each input cell, off its outline: a footprint that swept across the figure
// would shade some of them in cells it covers neither before nor after the move.
std::vector<std::string> shaded_outside(const test::Image& image, const Plane& plane, const Theme& theme,
                                        int tolerance, Cell before, Cell after, std::size_t& shaded_inside) {
  std::vector<std::string> problems;
  for (int r = 0; r < plane.rows; ++r)
    for (int c = 0; c < plane.cols; ++c)
      for (const double u : {0.25, 0.5, 0.75})
        for (const double v : {0.25, 0.5, 0.75}) {
          const Under under = paint_at(image, plane.point({r, c}, u, v), theme, tolerance);
          const bool expected_here = in_window(before, r, c) || in_window(after, r, c);
          if (under == Under::input) continue;
          if (under == Under::shade && expected_here) {
            ++shaded_inside;
            continue;
          }
          problems.push_back("cell (" + std::to_string(r) + "," + std::to_string(c) + ") at (" + std::to_string(u) +
                             "," + std::to_string(v) + ")" + (under == Under::other ? ": not input or shade" : ""));
        }
  return problems;
}

}  // namespace

TEST_CASE("Smooth: a GIF has the planned frames, delays summing to the steps' time exactly", "[smooth]") {
  const test::TempDir dir;
  const Figure figure = figure_for(smooth_config());
  const std::size_t steps = figure.frames();
  REQUIRE(steps == 4);
  const fs::path path = dir.path() / "smooth.gif";
  render_file(figure, path);
  // The first step holds from the start; each later one moves in `moving_frames` frames, then holds.
  const std::size_t planned = 1 + (steps - 1) * (moving_frames + 1);
  const test::GifStructure gif = test::read_gif_structure(path);
  const test::DecodedVideo video = test::decode_video(path);
  CHECK(gif.image_count == planned);
  CHECK(video.frames.size() == planned);
  std::vector<int> delays{step_ms / 10};
  for (std::size_t s = 1; s < steps; ++s) {
    for (int k = 0; k < moving_frames; ++k) delays.push_back(frame_ms / 10);
    delays.push_back((step_ms - moving_frames * frame_ms) / 10);
  }
  CHECK(gif.delays_cs == delays);
  int total = 0;
  for (const int d : gif.delays_cs) total += d;
  CHECK(total * 10 == int(steps) * step_ms);
}

TEST_CASE("Smooth: an MP4 has the planned frames, each for its time, a keyframe every 4 seconds", "[smooth]") {
  const test::TempDir dir;
  const Figure figure = figure_for(smooth_config());
  const std::size_t steps = figure.frames();
  const fs::path path = dir.path() / "smooth.mp4";
  render_file(figure, path);
  const test::DecodedVideo video = test::decode_video(path);
  // As the GIF: step 0 holds from the start; each later step moves in `moving_frames` frames a frame
  // apart, then holds to its end.
  std::vector<int> starts{0}, durations{step_ms};
  for (int s = 1; s < int(steps); ++s) {
    for (int k = 0; k < moving_frames; ++k) starts.push_back(s * step_ms + k * frame_ms), durations.push_back(frame_ms);
    starts.push_back(s * step_ms + moving_frames * frame_ms);
    durations.push_back(step_ms - moving_frames * frame_ms);
  }
  REQUIRE(video.frames.size() == starts.size());
  const double seconds = double(steps) * step_ms / 1000;
  CHECK(video.stream_duration == Approx(seconds).margin(1e-6));
  CHECK(video.container_duration == Approx(seconds).margin(1e-6));
  std::vector<double> start_seconds;
  for (const int ms : starts) start_seconds.push_back(ms / 1000.0);
  const std::vector<bool> keys = test::keyframes_every(start_seconds, test::mp4_keyframe_interval);
  CHECK(std::count(keys.begin(), keys.end(), true) == 1);  // at 0 s: a 2 s animation is one stretch
  for (std::size_t k = 0; k < video.frames.size(); ++k) {
    INFO("frame " << k);
    CHECK(video.frames[k].pts == Approx(starts[k] / 1000.0).margin(1e-6));
    CHECK(video.frames[k].duration == Approx(durations[k] / 1000.0).margin(1e-6));
    CHECK(video.frames[k].key == keys[k]);
  }
}

TEST_CASE("Smooth: along a row the footprint glides between the two steps; to a new row it fades, never sweeps",
          "[smooth]") {
  const test::TempDir dir;
  // Steps 0 -> 1: output (0,0) -> (0,1), along the row. Steps 1 -> 2: (0,1) -> (1,0), a new row.
  struct Format {
    const char* name;
    const char* extension;
    int tolerance;  // per channel: a GIF keeps flat fills exact; H.264 does not quite
    bool on_canvas;
  };
  for (const Format& format : {Format{"gif", "gif", 3, false}, Format{"mp4", "mp4", 12, false},
                               Format{"gif on a canvas", "gif", 3, true}}) {
    SECTION(format.name) {
      json config = smooth_config();
      if (format.on_canvas) config["render"]["canvas"] = {480, 320};
      const Figure figure = figure_for(config);
      const Theme& theme = *figure.settings.theme;
      const Plane& input = figure.view->plane("input");
      const fs::path path = dir.path() / (std::string("smooth.") + format.extension);
      render_file(figure, path);
      const test::DecodedVideo video = test::decode_video(path);
      if (format.on_canvas) REQUIRE(video.width == 480);
      const bool gif = std::string(format.extension) == "gif";
      // A frame in the middle of the move into step s (half the transition in: eased alpha 1/2), and
      // frames where steps hold.
      const auto middle = [&](std::size_t s) {
        return gif ? gif_moving(s, moving_frames / 2) : test::frame_at(video, (int(s) * step_ms + move_ms / 2) / 1000.0);
      };
      const auto hold = [&](std::size_t s) {
        return gif ? gif_hold(s) : test::frame_at(video, (int(s) * step_ms + move_ms + 50) / 1000.0);
      };
      REQUIRE(hold(2) < video.frames.size());

      const auto x_at = [&](std::size_t frame) {
        return footprint_x(video.frames[frame], input, theme, format.tolerance);
      };
      const auto x0 = x_at(hold(0)), x_mid = x_at(middle(1)), x1 = x_at(hold(1));
      REQUIRE(x0);
      REQUIRE(x_mid);
      REQUIRE(x1);
      INFO("footprint x: step 0 " << *x0 << ", between " << *x_mid << ", step 1 " << *x1);
      const double cell = input.column.x;
      CHECK(*x1 - *x0 == Approx(2 * cell).margin(2));  // a stride of two cells
      CHECK(*x_mid > *x0 + cell / 2);
      CHECK(*x_mid < *x1 - cell / 2);
      CHECK(*x_mid == Approx((*x0 + *x1) / 2).margin(2));  // eased in and out: half-way at half the time

      std::size_t inside = 0;
      const auto problems =
          shaded_outside(video.frames[middle(2)], input, theme, format.tolerance, Cell{0, 1}, Cell{1, 0}, inside);
      CHECK(problems == std::vector<std::string>{});
      CHECK(inside > 0);  // the fading footprints are seen
      // And the two footprints are both faded half-way: no pixel of the plane shows the full shade
      // outside where the two windows overlap.
      std::size_t full = 0;
      const Rgb shaded = to_rgb(theme.shade.over(theme.input));
      for (int r = 0; r < input.rows; ++r)
        for (int c = 0; c < input.cols; ++c)
          if (!(in_window({0, 1}, r, c) && in_window({1, 0}, r, c))) {
            const Point p = input.point({r, c});
            full += distance(video.frames[middle(2)].rgb(int(p.x), int(p.y)), shaded) <= format.tolerance;
          }
      CHECK(full == 0);
    }
  }
}
