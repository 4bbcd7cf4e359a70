// The views of layers with channels (issue 8): the stack view, the flat channel columns and the 1-D
// strips, checked against what is worked out here from each scenario's numbers and the drawing
// rules: which planes exist and where each cell of each plane lands; which cells each frame marks;
// the pixels of the stack view (opaque planes, channel 0 in front, the kernel's taps shaded through
// the planes in front of them, the current output channel brought forward); the arithmetic written
// beside the channel columns; the colours of groups.
#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "decode.hpp"
#include "renderer/render.hpp"
#include "renderer/scene/theme.hpp"
#include "src/config/scenario.hpp"
#include "pixel_support.hpp"
#include "support.hpp"

using namespace convanim;
using nlohmann::json;

namespace {

// Longer than std::string's small buffer, as test_scenario.cpp explains.
constexpr const char* source_name = "channel_views_under_test.json";

// The issue's readable count of planes, and what is kept beyond it: the first three, the last two.
constexpr int most_planes = 8, kept_first = 3, kept_last = 2;

// Failures listed in full up to this many, then counted.
constexpr std::size_t most_reported = 5;

// A layer as a test gives it, with the geometry worked out from its numbers (PyTorch's formulas and
// the guide's grid: the padded input, or a transposed convolution's stretched and padded input).
struct LayerCase {
  std::string operation = "convolution";  // or transposed_convolution, max_pooling, average_pooling
  int dims = 2;
  int input = 5, kernel = 3, stride = 1, padding = 0, dilation = 1;
  bool causal = false;  // 1-D: d(k - 1) zeros on the left only
  int in_channels = 1, out_channels = 1, groups = 1;
  bool bias = false;
  std::optional<int> seed;  // values, seeded
  std::string view, theme;
  bool caption = false;

  bool pooling() const { return operation.find("pooling") != std::string::npos; }
  bool transposed() const { return operation == "transposed_convolution"; }
  int outputs() const { return pooling() ? in_channels : out_channels; }
  int span() const { return dilation * (kernel - 1) + 1; }
  int pad_begin() const { return causal ? dilation * (kernel - 1) : padding; }
  int pad_end() const { return causal ? 0 : padding; }
  // Along the length (the width; a 2-D case is square).
  int grid_length() const {
    if (transposed()) return (input - 1) * stride + 1 + 2 * (span() - 1 - padding);
    return input + pad_begin() + pad_end();
  }
  int output_length() const {
    return transposed() ? grid_length() - span() + 1 : (grid_length() - span()) / stride + 1;
  }
  int grid_rows() const { return dims == 1 ? 1 : grid_length(); }
  int output_rows() const { return dims == 1 ? 1 : output_length(); }
  int kernel_rows() const { return dims == 1 ? 1 : kernel; }

  // The input channels the filter of output channel `oc` reads.
  int reads() const { return pooling() ? 1 : in_channels / groups; }
  int first_read(int oc) const { return pooling() ? oc : oc / (out_channels / groups) * (in_channels / groups); }
  int group_of_input(int c) const { return pooling() ? 0 : c / (in_channels / groups); }
  int group_of_output(int oc) const { return pooling() ? 0 : oc / (out_channels / groups); }

  // Steps go output channel by output channel, each row-major.
  int output_channel(std::size_t frame) const { return int(frame) / (output_rows() * output_length()); }
  Cell output_cell(std::size_t frame) const {
    const int at = int(frame) % (output_rows() * output_length());
    return {at / output_length(), at % output_length()};
  }
  // The grid cells under the taps, row-major: a transposed convolution moves a cell at a time.
  std::vector<Cell> window(Cell out) const {
    const int step = transposed() ? 1 : stride;
    std::vector<Cell> cells;
    for (int i = 0; i < kernel_rows(); ++i)
      for (int j = 0; j < kernel; ++j) cells.push_back({out.row * step + i * dilation, out.col * step + j * dilation});
    return cells;
  }
  // The input index along one axis at a grid index, if the grid cell is an input unit.
  std::optional<int> input_index(int g, bool row_axis) const {
    if (row_axis && dims == 1) return g == 0 ? std::optional(0) : std::nullopt;
    if (transposed()) {
      const int from = g - (span() - 1 - padding);
      if (from < 0 || from % stride != 0 || from / stride >= input) return std::nullopt;
      return from / stride;
    }
    const int from = g - pad_begin();
    if (from < 0 || from >= input) return std::nullopt;
    return from;
  }
  std::optional<Cell> input_at(Cell g) const {
    const auto r = input_index(g.row, true), c = input_index(g.col, false);
    if (!r || !c) return std::nullopt;
    return Cell{*r, *c};
  }
  bool unit(Cell g) const { return input_at(g).has_value(); }

  json config() const {
    json c{{"operation", operation}, {"in_channels", in_channels}};
    const auto size = [&](int n) { return dims == 1 ? json::array({n}) : json(n); };
    c["input"] = size(input);
    c["kernel"] = kernel;
    if (stride != 1) c["stride"] = stride;
    if (dilation != 1) c["dilation"] = dilation;
    if (causal) c["padding"] = "causal";
    else if (padding != 0) c["padding"] = padding;
    if (!pooling()) c["out_channels"] = out_channels, c["groups"] = groups;
    if (bias) c["bias"] = true;
    if (seed) c["values"] = {{"seed", *seed}};
    json render = json::object();
    if (!view.empty()) render["view"] = view;
    if (!theme.empty()) render["theme"] = theme;
    if (caption) render["caption"] = true;
    if (!render.empty()) c["render"] = render;
    return c;
  }
};

Figure figure_of(const LayerCase& layer) {
  return prepare_figure(parse_config(layer.config(), source_name, "channel_views"));
}

// The channels a stack or column draws, in slot order; -1 is the elision slot.
std::vector<int> drawn_channels(int channels) {
  std::vector<int> drawn;
  if (channels <= most_planes) {
    for (int c = 0; c < channels; ++c) drawn.push_back(c);
    return drawn;
  }
  for (int c = 0; c < kept_first; ++c) drawn.push_back(c);
  drawn.push_back(-1);
  for (int c = channels - kept_last; c < channels; ++c) drawn.push_back(c);
  return drawn;
}

// The plane a channel is drawn on: its own, or the elision slot's.
std::string plane_name(const std::string& role, int channel, int channels) {
  const auto drawn = drawn_channels(channels);
  if (std::find(drawn.begin(), drawn.end(), channel) == drawn.end()) return role + " elided";
  return role + " channel " + std::to_string(channel);
}

std::vector<std::string> expected_names(const LayerCase& layer) {
  std::vector<std::string> names;
  for (int c : drawn_channels(layer.in_channels))
    names.push_back(c < 0 ? "input elided" : "input channel " + std::to_string(c));
  for (int c : drawn_channels(layer.outputs()))
    names.push_back(c < 0 ? "output elided" : "output channel " + std::to_string(c));
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> plane_names(const View& view) {
  std::vector<std::string> names;
  for (const Plane& plane : view.planes()) names.push_back(plane.name);
  std::sort(names.begin(), names.end());
  return names;
}

// The drawn planes of one role, in slot order.
std::vector<const Plane*> planes_of(const View& view, const std::string& role, int channels) {
  std::vector<const Plane*> planes;
  for (int c : drawn_channels(channels))
    planes.push_back(&view.plane(c < 0 ? role + " elided" : role + " channel " + std::to_string(c)));
  return planes;
}

Box box_of(const std::vector<const Plane*>& planes) {
  Box box;
  for (const Plane* plane : planes) box.add(plane->box());
  return box;
}

bool overlap(const Box& a, const Box& b) { return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1; }

bool near(double a, double b) { return std::abs(a - b) < 1e-6; }
bool near(Point a, Point b) { return near(a.x, b.x) && near(a.y, b.y); }
bool same(const Colour& a, const Colour& b) { return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a; }

std::string text_of(Point p) { return fmt::format("({:.2f}, {:.2f})", p.x, p.y); }
std::string text_of(Cell c) { return fmt::format("({}, {})", c.row, c.col); }

// Every shape a scene shows, with the kind of layer it is in.
template <class F>
void for_each_shape(const Scene& scene, F&& f) {
  for (const convanim::Layer& layer : scene.layers)
    for (std::size_t i = 0; i < layer.count; ++i) f(layer, (*layer.shapes)[i]);
}

std::vector<Text> texts_of(const Scene& scene) {
  std::vector<Text> texts;
  for_each_shape(scene, [&](const convanim::Layer&, const Shape& s) {
    if (const auto* t = std::get_if<Text>(&s)) texts.push_back(*t);
  });
  return texts;
}

std::vector<std::string> texts_in(const convanim::Layer& layer) {
  std::vector<std::string> texts;
  for (std::size_t i = 0; i < layer.count; ++i)
    if (const auto* t = std::get_if<Text>(&(*layer.shapes)[i])) texts.push_back(t->text.plain());
  return texts;
}

bool has(const std::vector<std::string>& texts, const std::string& text) {
  return std::find(texts.begin(), texts.end(), text) != texts.end();
}

// Every plane, and every text of every frame, inside the image ("" when so).
std::string outside_image(const Figure& figure) {
  std::ostringstream problems;
  const double w = figure.view->width(), h = figure.view->height();
  const auto inside = [&](const Box& b) { return b.x0 >= 0 && b.y0 >= 0 && b.x1 <= w && b.y1 <= h; };
  for (const Plane& plane : figure.view->planes())
    if (!inside(plane.box())) problems << "plane " << plane.name << " leaves the image\n";
  std::size_t outside = 0;
  for (std::size_t f = 0; f < figure.frames(); ++f)
    for (const Text& text : texts_of(figure.view->scene(f)))
      if (const Box b = bounds_of(text); !inside(b) && ++outside <= most_reported)
        problems << "frame " << f << ": text \"" << text.text << "\" spans x " << b.x0 << ".." << b.x1 << ", y "
                 << b.y0 << ".." << b.y1 << " in a " << w << " x " << h << " image\n";
  if (outside > most_reported) problems << "... " << outside - most_reported << " more texts outside the image\n";
  return problems.str();
}

// Planes of a stack: each the front one moved straight down by a multiple of one step ("" if so).
std::string stacked_by_one_step(const std::vector<const Plane*>& planes) {
  std::ostringstream problems;
  if (planes.size() < 2) return "";
  const double step = planes[1]->origin.y - planes[0]->origin.y;
  if (!(step > 0)) problems << planes[1]->name << " is not below " << planes[0]->name << "\n";
  for (std::size_t i = 0; i < planes.size(); ++i) {
    const Plane& p = *planes[i];
    if (!near(p.origin, planes[0]->origin + Point{0, step * double(i)}))
      problems << p.name << " at " << text_of(p.origin) << ", not " << i << " steps of " << step << " below "
               << text_of(planes[0]->origin) << "\n";
    if (!near(p.column, planes[0]->column) || !near(p.row_step, planes[0]->row_step))
      problems << p.name << " is not drawn like " << planes[0]->name << "\n";
  }
  return problems.str();
}

// No two planes of a column overlap ("" if none do).
std::string overlapping(const std::vector<const Plane*>& planes) {
  std::ostringstream problems;
  for (std::size_t i = 0; i < planes.size(); ++i)
    for (std::size_t j = i + 1; j < planes.size(); ++j)
      if (overlap(planes[i]->box(), planes[j]->box()))
        problems << planes[i]->name << " overlaps " << planes[j]->name << "\n";
  return problems.str();
}

// Sizes: the grid for inputs, the output size for outputs ("" if so).
std::string wrong_sizes(const View& view, const LayerCase& layer) {
  std::ostringstream problems;
  for (const Plane& plane : view.planes()) {
    const bool output = plane.name.rfind("output", 0) == 0;
    const int rows = output ? layer.output_rows() : layer.grid_rows();
    const int cols = output ? layer.output_length() : layer.grid_length();
    if (plane.rows != rows || plane.cols != cols)
      problems << plane.name << " is " << plane.rows << " x " << plane.cols << ", not " << rows << " x " << cols
               << "\n";
  }
  return problems.str();
}

}  // namespace

TEST_CASE("Channel views: the stack view's planes, their sizes and places", "[channel_views]") {
  std::vector<LayerCase> cases;
  {
    LayerCase rgb;  // 3 -> 2, padding 1: 7x7 grids, 5x5 outputs
    rgb.in_channels = 3, rgb.out_channels = 2, rgb.padding = 1, rgb.caption = true;
    cases.push_back(rgb);
    LayerCase eight;  // at the readable count: every plane drawn
    eight.input = 4, eight.in_channels = 8, eight.out_channels = 8, eight.groups = 8;
    cases.push_back(eight);
    LayerCase nine;  // one beyond: 0, 1, 2, the elision, 7, 8
    nine.input = 4, nine.in_channels = 9, nine.out_channels = 9, nine.groups = 9, nine.caption = true;
    cases.push_back(nine);
    LayerCase grouped;  // elided on both sides, filters reading from the elided range
    grouped.input = 4, grouped.in_channels = 12, grouped.out_channels = 10, grouped.groups = 2;
    grouped.caption = true;
    cases.push_back(grouped);
    LayerCase wide_outputs;  // many output channels over a small input: the labels of the elided outputs
    wide_outputs.input = 3, wide_outputs.in_channels = 3, wide_outputs.out_channels = 100;
    wide_outputs.caption = true;
    cases.push_back(wide_outputs);
    LayerCase ten_outputs = wide_outputs;  // the elided range is 3..7: channel 8 is kept
    ten_outputs.out_channels = 10;
    cases.push_back(ten_outputs);
    LayerCase tiny = ten_outputs;  // 1x1 planes: the labels are wider than anything else
    tiny.input = 1, tiny.kernel = 1;
    cases.push_back(tiny);
    LayerCase pooling;
    pooling.operation = "max_pooling", pooling.stride = 2, pooling.padding = 1, pooling.in_channels = 3;
    cases.push_back(pooling);
    LayerCase transposed;
    transposed.operation = "transposed_convolution", transposed.input = 3, transposed.stride = 2;
    transposed.padding = 1, transposed.in_channels = 2, transposed.out_channels = 4, transposed.groups = 2;
    cases.push_back(transposed);
  }
  for (const LayerCase& layer : cases) {
    INFO(layer.config().dump());
    const Figure figure = figure_of(layer);
    REQUIRE(figure.settings.view == "stack");
    const View& view = *figure.view;
    CHECK(plane_names(view) == expected_names(layer));
    CHECK(wrong_sizes(view, layer) == "");
    const auto inputs = planes_of(view, "input", layer.in_channels);
    const auto outputs = planes_of(view, "output", layer.outputs());
    // Channel 0 in front, on top; each plane behind it one more step down, nothing else moved.
    CHECK(stacked_by_one_step(inputs) == "");
    CHECK(stacked_by_one_step(outputs) == "");
    // The output stack floats above the input stack.
    const Box in = box_of(inputs), out = box_of(outputs);
    INFO("input stack y " << in.y0 << ".." << in.y1 << ", output stack y " << out.y0 << ".." << out.y1);
    CHECK(out.y1 < in.y0);
    CHECK(outside_image(figure) == "");
  }
}

TEST_CASE("Channel views: the channel columns' and strips' planes, their sizes and places", "[channel_views]") {
  SECTION("columns: inputs on the left, outputs on the right, none overlapping") {
    std::vector<LayerCase> cases;
    LayerCase rgb;
    rgb.input = 4, rgb.padding = 1, rgb.in_channels = 3, rgb.out_channels = 2, rgb.bias = true, rgb.seed = 3;
    rgb.caption = true;
    cases.push_back(rgb);
    LayerCase elided;
    elided.input = 3, elided.kernel = 2, elided.in_channels = 10, elided.out_channels = 12, elided.groups = 2;
    elided.seed = 1, elided.caption = true;
    cases.push_back(elided);
    LayerCase no_values = rgb;  // asked for flat without values
    no_values.seed.reset(), no_values.view = "flat";
    cases.push_back(no_values);
    for (const LayerCase& layer : cases) {
      INFO(layer.config().dump());
      const Figure figure = figure_of(layer);
      REQUIRE(figure.settings.view == "flat");
      const View& view = *figure.view;
      CHECK(plane_names(view) == expected_names(layer));
      CHECK(wrong_sizes(view, layer) == "");
      const auto inputs = planes_of(view, "input", layer.in_channels);
      const auto outputs = planes_of(view, "output", layer.outputs());
      for (const auto* column : {&inputs, &outputs}) {
        CHECK(overlapping(*column) == "");
        for (const Plane* plane : *column) {
          // A column: the same left edge, flat cells, one below the other in channel order.
          CHECK(near(plane->origin.x, column->front()->origin.x));
          CHECK(near(plane->row_step.x, 0));
          CHECK(near(plane->column.y, 0));
        }
        for (std::size_t i = 1; i < column->size(); ++i) CHECK((*column)[i - 1]->box().y1 <= (*column)[i]->box().y0);
      }
      CHECK(box_of(inputs).x1 < box_of(outputs).x0);
      CHECK(outside_image(figure) == "");
    }
  }

  SECTION("strips: a row of cells per channel, every output strip above every input strip") {
    std::vector<LayerCase> cases;
    LayerCase conv1d;  // length 10, kernel 3, stride 2
    conv1d.dims = 1, conv1d.input = 10, conv1d.stride = 2, conv1d.in_channels = 3, conv1d.out_channels = 2;
    conv1d.caption = true;
    cases.push_back(conv1d);
    LayerCase single = conv1d;
    single.in_channels = single.out_channels = 1;
    cases.push_back(single);
    LayerCase many = conv1d;
    many.stride = 1, many.in_channels = 9, many.out_channels = 10, many.seed = 4;
    cases.push_back(many);
    LayerCase causal;
    causal.dims = 1, causal.input = 12, causal.kernel = 2, causal.dilation = 2, causal.causal = true;
    causal.seed = 5, causal.caption = true;
    cases.push_back(causal);
    LayerCase pooling;
    pooling.operation = "average_pooling", pooling.dims = 1, pooling.input = 9, pooling.stride = 2;
    pooling.padding = 1, pooling.in_channels = 3;
    cases.push_back(pooling);
    for (const LayerCase& layer : cases) {
      INFO(layer.config().dump());
      const Figure figure = figure_of(layer);
      const View& view = *figure.view;
      CHECK(plane_names(view) == expected_names(layer));
      CHECK(wrong_sizes(view, layer) == "");
      const auto inputs = planes_of(view, "input", layer.in_channels);
      const auto outputs = planes_of(view, "output", layer.outputs());
      for (const Plane& plane : view.planes()) CHECK(plane.rows == 1);
      std::vector<const Plane*> all = inputs;
      all.insert(all.end(), outputs.begin(), outputs.end());
      CHECK(overlapping(all) == "");
      for (const Plane* out : outputs)
        for (const Plane* in : inputs) {
          INFO(out->name << " over " << in->name);
          CHECK(out->box().y1 < in->box().y0);
        }
      CHECK(outside_image(figure) == "");
    }
  }
}

TEST_CASE("Channel views: a 1-D output cell sits above the last input it sees when causal, else mid-window",
          "[channel_views]") {
  std::vector<LayerCase> cases;
  LayerCase causal;  // WaveNet's: kernel 2, dilation 2, two zeros on the left
  causal.dims = 1, causal.input = 12, causal.kernel = 2, causal.dilation = 2, causal.causal = true;
  cases.push_back(causal);
  LayerCase causal_channels = causal;
  causal_channels.kernel = 3, causal_channels.dilation = 1, causal_channels.in_channels = 2;
  causal_channels.out_channels = 4, causal_channels.groups = 2, causal_channels.seed = 9;
  cases.push_back(causal_channels);
  LayerCase plain;  // stride 1, no padding: above the middle of its three cells
  plain.dims = 1, plain.input = 10;
  cases.push_back(plain);
  LayerCase dilated;  // stride 1, dilation 2, padding 2: the middle of five cells
  dilated.dims = 1, dilated.input = 8, dilated.dilation = 2, dilated.padding = 2, dilated.in_channels = 2;
  dilated.out_channels = 2;
  cases.push_back(dilated);
  LayerCase even;  // an even kernel: the middle is a grid line
  even.dims = 1, even.input = 7, even.kernel = 2, even.padding = 1;
  cases.push_back(even);
  for (const LayerCase& layer : cases) {
    INFO(layer.config().dump());
    const Figure figure = figure_of(layer);
    const View& view = *figure.view;
    const Plane& input = view.plane("input channel 0");
    for (int c = 0; c < layer.outputs(); ++c) {
      const Plane& output = view.plane("output channel " + std::to_string(c));
      for (int j = 0; j < layer.output_length(); ++j) {
        INFO("output channel " << c << ", cell " << j);
        const double x = output.point({0, j}).x;
        if (layer.causal) {
          // Output j's last tap is input j: at grid cell j + d(k - 1), past the left zeros.
          const Cell last = layer.window({0, j}).back();
          REQUIRE(layer.input_at(last) == std::optional(Cell{0, j}));
          CHECK(x == Approx(input.point(last).x));
        } else {
          const double first = input.at(0, j).x, end = input.at(0, j + layer.span()).x;
          CHECK(x == Approx((first + end) / 2));
        }
      }
    }
  }
}

namespace {

// The moving layers' shapes filled with exactly the theme's shade: the marks of a frame.
std::vector<const Path*> shaded_marks(const Scene& scene, const Colour& shade) {
  std::vector<const Path*> marks;
  for_each_shape(scene, [&](const convanim::Layer& layer, const Shape& shape) {
    if (layer.kind != convanim::Layer::Kind::moving) return;
    if (const auto* path = std::get_if<Path>(&shape); path && path->fill && same(*path->fill, shade))
      marks.push_back(path);
  });
  return marks;
}

// Each frame of the stack view shades the step's taps on the plane of its filter's first input
// channel and its output cell on its output channel's plane, and nothing else ("" if so).
std::string check_marks(const Figure& figure, const LayerCase& layer) {
  std::ostringstream problems;
  const Colour& shade = figure.settings.theme->shade;
  const std::size_t frames = std::size_t(layer.outputs() * layer.output_rows() * layer.output_length());
  if (figure.frames() != frames) return fmt::format("{} frames, not {}\n", figure.frames(), frames);
  for (std::size_t f = 0; f < frames; ++f) {
    const int oc = layer.output_channel(f);
    const Cell out = layer.output_cell(f);
    const Step& step = figure.trace.steps[f];
    if (step.output_channel != oc || step.output != out) {
      problems << "frame " << f << " is step " << step.output_channel << " " << text_of(step.output) << ", not " << oc
               << " " << text_of(out) << "\n";
      continue;
    }
    const Plane& taps_plane = figure.view->plane(plane_name("input", layer.first_read(oc), layer.in_channels));
    const Plane& out_plane = figure.view->plane(plane_name("output", oc, layer.outputs()));
    std::vector<std::pair<std::string, std::array<Point, 4>>> expected;
    for (Cell cell : layer.window(out))
      expected.push_back({taps_plane.name + " cell " + text_of(cell), taps_plane.quad(cell)});
    expected.push_back({out_plane.name + " cell " + text_of(out), out_plane.quad(out)});
    const Scene scene = figure.view->scene(f);
    std::vector<const Path*> found = shaded_marks(scene, shade);
    for (const auto& [what, quad] : expected) {
      const auto match = std::find_if(found.begin(), found.end(), [&](const Path* path) {
        return path->points.size() == 4 && std::equal(quad.begin(), quad.end(), path->points.begin(),
                                                      [](Point a, Point b) { return near(a, b); });
      });
      if (match == found.end()) problems << "frame " << f << ": " << what << " is not shaded\n";
      else found.erase(match);
    }
    for (const Path* path : found)
      problems << "frame " << f << ": a shaded shape at " << text_of(path->points.front()) << " that is no tap of "
               << taps_plane.name << " nor the output cell\n";
  }
  return problems.str();
}

}  // namespace

TEST_CASE("Channel views: each frame of the stack marks the taps on its filter's plane and its output cell",
          "[channel_views]") {
  std::vector<std::pair<const char*, LayerCase>> cases;
  LayerCase depthwise;
  depthwise.padding = 1, depthwise.in_channels = 3, depthwise.out_channels = 3, depthwise.groups = 3;
  cases.push_back({"depthwise: each filter reads its own channel", depthwise});
  LayerCase grouped;
  grouped.stride = 2, grouped.padding = 1, grouped.in_channels = 4, grouped.out_channels = 4, grouped.groups = 2;
  cases.push_back({"grouped, 2 groups of 4: filters 2 and 3 read channels 2 and 3", grouped});
  LayerCase pointwise;
  pointwise.input = 4, pointwise.kernel = 1, pointwise.in_channels = 4, pointwise.out_channels = 2;
  cases.push_back({"pointwise 1x1: one cell through all planes", pointwise});
  LayerCase pooling;
  pooling.operation = "max_pooling", pooling.stride = 2, pooling.padding = 1, pooling.in_channels = 3;
  cases.push_back({"pooling with 3 channels: each window on its own channel", pooling});
  LayerCase dilated;
  dilated.input = 6, dilated.dilation = 2, dilated.in_channels = 2, dilated.out_channels = 4, dilated.groups = 2;
  dilated.theme = "dark";
  cases.push_back({"dilated and grouped, dark theme: taps apart", dilated});
  LayerCase elided;
  elided.input = 3, elided.kernel = 2, elided.in_channels = 10, elided.out_channels = 10, elided.groups = 10;
  cases.push_back({"depthwise over 10 channels: the elided ones marked on the elision slot", elided});
  for (const auto& [name, layer] : cases) {
    INFO(name << ": " << layer.config().dump());
    const Figure figure = figure_of(layer);
    REQUIRE(figure.settings.view == "stack");
    CHECK(check_marks(figure, layer) == "");
  }
}

namespace {

using test::distance;
using test::median_colour;
using test::Rgb;
using test::to_rgb;

// Where an image point lies in a plane's grid coordinates (x: column, y: row).
Point grid_coordinates(const Plane& plane, Point p) {
  const Point d = p - plane.origin;
  const Point c = plane.column, r = plane.row_step;
  const double det = c.x * r.y - c.y * r.x;
  return {(d.x * r.y - d.y * r.x) / det, (c.x * d.y - c.y * d.x) / det};
}

std::optional<Cell> cell_at(const Plane& plane, Point p) {
  const Point g = grid_coordinates(plane, p);
  const Cell cell{int(std::floor(g.y)), int(std::floor(g.x))};
  if (cell.row < 0 || cell.col < 0 || cell.row >= plane.rows || cell.col >= plane.cols) return std::nullopt;
  return cell;
}

double cross(Point o, Point a, Point b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); }

// The convex hull of some points (Andrew's monotone chain), every edge turning the same way.
std::vector<Point> convex_hull(std::vector<Point> points) {
  std::sort(points.begin(), points.end(), [](Point a, Point b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
  std::vector<Point> hull(2 * points.size());
  std::size_t k = 0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    while (k >= 2 && cross(hull[k - 2], hull[k - 1], points[i]) <= 0) --k;
    hull[k++] = points[i];
  }
  for (std::size_t i = points.size() - 1, t = k + 1; i > 0; --i) {
    while (k >= t && cross(hull[k - 2], hull[k - 1], points[i - 1]) <= 0) --k;
    hull[k++] = points[i - 1];
  }
  hull.resize(k - 1);
  return hull;
}

bool inside_convex(const std::vector<Point>& hull, Point p) {
  for (std::size_t i = 0; i < hull.size(); ++i)
    if (cross(hull[i], hull[(i + 1) % hull.size()], p) < 0) return false;
  return true;
}

// What the drawing rules put at a point of a plane: a colour; or that colour under the box's sides,
// translucent and fainter than the shaded taps; or another cell than the one sampled (a sample
// must stay inside its cell).
struct Expected {
  enum class Kind { colour, under_box, elsewhere } kind = Kind::colour;
  Rgb colour{};
  bool operator==(const Expected& o) const { return kind == o.kind && (kind == Kind::elsewhere || colour == o.colour); }
};

// Samples a cell where the drawing rules give one colour over a 9 x 9 pixel square (so that no edge
// of a cell, a tap or the box comes near the 5 x 5 median), at the first such point of a few.
struct CellSample {
  bool found = false;
  Expected expected;
  Point at;
};

template <class Rule>
CellSample find_sample(const Plane& plane, Cell cell, Rule&& rule) {
  static constexpr std::array<std::array<double, 2>, 9> candidates{{{0.5, 0.5},
                                                                     {0.3, 0.3},
                                                                     {0.7, 0.7},
                                                                     {0.3, 0.7},
                                                                     {0.7, 0.3},
                                                                     {0.5, 0.25},
                                                                     {0.5, 0.75},
                                                                     {0.25, 0.5},
                                                                     {0.75, 0.5}}};
  for (const auto& [u, v] : candidates) {
    const Point at = plane.point(cell, u, v);
    const int cx = int(std::floor(at.x)), cy = int(std::floor(at.y));
    const auto at_pixel = [&](int x, int y) {
      const Point centre{x + 0.5, y + 0.5};
      if (cell_at(plane, centre) != std::optional(cell)) return Expected{Expected::Kind::elsewhere, {}};
      return rule(centre);
    };
    const Expected first = at_pixel(cx, cy);
    bool uniform = first.kind != Expected::Kind::elsewhere;
    for (int y = cy - 4; uniform && y <= cy + 4; ++y)
      for (int x = cx - 4; uniform && x <= cx + 4; ++x) uniform = at_pixel(x, y) == first;
    if (uniform) return {true, first, Point{cx + 0.5, cy + 0.5}};
  }
  return {};
}

// Every colour a sampled cell of the stack can show: the background, the input and output colours
// and the groups', each also under the shade. Found within 12 of one, a colour is far from the others.
std::vector<Rgb> stack_palette(const Theme& theme) {
  std::vector<Colour> fills{theme.background, theme.input, theme.output};
  fills.insert(fills.end(), theme.groups.begin(), theme.groups.end());
  std::vector<Rgb> palette;
  for (const Colour& fill : fills)
    for (const Rgb rgb : {to_rgb(fill), to_rgb(theme.shade.over(fill))})
      if (std::none_of(palette.begin(), palette.end(), [&](const Rgb& p) { return distance(p, rgb) < 1e-9; }))
        palette.push_back(rgb);
  return palette;
}

constexpr double colour_tolerance = 12;

// One frame of the stack view against the drawing rules ("" when it is right): the first input
// channel the filter reads is brought forward (opaque, so every cell of it is seen, whatever the
// padding of the planes in front of it) and shows units in its group's colour and padding in the
// background's, under the shade where a tap of the filter lies; the box's sides, running back through
// the other channels it reads, may tint the cells they cross. The current output channel's plane, brought forward, shows its group's output colour with
// exactly the step's output cell shaded.
std::string check_stack_frame(const Figure& figure, const LayerCase& layer, const test::Image& image,
                              std::size_t frame, std::size_t& sampled, std::size_t& under_box) {
  std::ostringstream problems;
  const Theme& theme = *figure.settings.theme;
  const int oc = layer.output_channel(frame);
  const Cell out = layer.output_cell(frame);
  const std::vector<Cell> window = layer.window(out);
  const int first = layer.first_read(oc), last = first + layer.reads() - 1;
  const Plane& top = figure.view->plane(plane_name("input", first, layer.in_channels));
  const Plane& front = top;
  const Plane& bottom = figure.view->plane(plane_name("input", last, layer.in_channels));
  // The box: the hull of the footprint's outer corners on the first and the last plane it reads.
  std::vector<Point> corners;
  for (const Plane* plane : {&top, &bottom}) {
    const Cell a = window.front(), b = window.back();
    for (Point p : {plane->at(a.row, a.col), plane->at(a.row, b.col + 1), plane->at(b.row + 1, b.col + 1),
                    plane->at(b.row + 1, a.col)})
      corners.push_back(p);
  }
  const std::vector<Point> box = convex_hull(corners);
  const Colour& in_fill = plane_colour(theme, false, layer.group_of_input(first), layer.groups);
  const auto front_rule = [&](Point p) {
    const Cell cell = *cell_at(front, p);
    const Colour& base = layer.unit(cell) ? in_fill : theme.background;
    const auto tap = cell_at(top, p);
    if (tap && std::find(window.begin(), window.end(), *tap) != window.end())
      return Expected{Expected::Kind::colour, to_rgb(theme.shade.over(base))};
    if (&top != &bottom && inside_convex(box, p)) return Expected{Expected::Kind::under_box, to_rgb(base)};
    return Expected{Expected::Kind::colour, to_rgb(base)};
  };
  const Plane& target = figure.view->plane(plane_name("output", oc, layer.outputs()));
  const Colour& out_fill = plane_colour(theme, true, layer.group_of_output(oc), layer.groups);
  const auto output_rule = [&](Point p) {
    const Colour colour = *cell_at(target, p) == out ? theme.shade.over(out_fill) : out_fill;
    return Expected{Expected::Kind::colour, to_rgb(colour)};
  };
  const auto check = [&](const Plane& plane, auto&& rule) {
    for (int r = 0; r < plane.rows; ++r)
      for (int c = 0; c < plane.cols; ++c) {
        const CellSample s = find_sample(plane, {r, c}, rule);
        if (!s.found) {
          problems << plane.name << " cell " << text_of(Cell{r, c}) << ": no point to sample\n";
          continue;
        }
        if (s.expected.kind == Expected::Kind::under_box) {
          // Somewhere on the way from the cell's colour to the shade's, short of the taps' tint.
          ++under_box;
          const Rgb got = median_colour(image, s.at), base = s.expected.colour, shade = to_rgb(theme.shade);
          double along = 0, length = 0;
          for (std::size_t i = 0; i < 3; ++i) {
            along += (got[i] - base[i]) * (shade[i] - base[i]);
            length += (shade[i] - base[i]) * (shade[i] - base[i]);
          }
          const double t = along / length;
          Rgb on_line{};
          for (std::size_t i = 0; i < 3; ++i) on_line[i] = base[i] + t * (shade[i] - base[i]);
          if (distance(got, on_line) > colour_tolerance || t < -0.05 || t > theme.shade.a - 0.05)
            problems << plane.name << " cell " << text_of(Cell{r, c}) << " under the box's side at " << text_of(s.at)
                     << ": " << fmt::format("({:.0f}, {:.0f}, {:.0f})", got[0], got[1], got[2])
                     << " is not its colour under a faint shade\n";
          continue;
        }
        ++sampled;
        const Rgb got = median_colour(image, s.at);
        if (const double off = distance(got, s.expected.colour); off > colour_tolerance)
          problems << plane.name << " cell " << text_of(Cell{r, c}) << " at " << text_of(s.at) << ": expected RGB "
                   << fmt::format("({:.0f}, {:.0f}, {:.0f})", s.expected.colour[0], s.expected.colour[1],
                                  s.expected.colour[2])
                   << ", found " << fmt::format("({:.0f}, {:.0f}, {:.0f})", got[0], got[1], got[2]) << "\n";
      }
  };
  check(front, front_rule);
  check(target, output_rule);
  return problems.str();
}

// The image's outermost pixels are the background: nothing drawn runs off the edge.
std::string border_problems(const test::Image& image, const Colour& background) {
  const Rgb expected = to_rgb(background);
  std::size_t off = 0;
  for (int x = 0; x < image.width; ++x)
    for (int y : {0, image.height - 1}) {
      const auto rgb = image.rgb(x, y);
      off += distance({double(rgb[0]), double(rgb[1]), double(rgb[2])}, expected) > colour_tolerance;
    }
  for (int y = 0; y < image.height; ++y)
    for (int x : {0, image.width - 1}) {
      const auto rgb = image.rgb(x, y);
      off += distance({double(rgb[0]), double(rgb[1]), double(rgb[2])}, expected) > colour_tolerance;
    }
  return off == 0 ? "" : fmt::format("{} border pixels are not the background\n", off);
}

}  // namespace

TEST_CASE("Channel views: the stack's colours are told apart", "[channel_views]") {
  for (const Theme& theme : themes()) {
    INFO("theme " << theme.name);
    const std::vector<Rgb> palette = stack_palette(theme);
    for (std::size_t i = 0; i < palette.size(); ++i)
      for (std::size_t j = i + 1; j < palette.size(); ++j) {
        INFO("colours " << i << " and " << j);
        CHECK(distance(palette[i], palette[j]) > 2 * colour_tolerance);
      }
  }
}

TEST_CASE("Channel views: pixels of every frame of the stack view", "[channel_views]") {
  std::vector<std::pair<const char*, LayerCase>> cases;
  LayerCase rgb;
  rgb.input = 4, rgb.padding = 1, rgb.in_channels = 3, rgb.out_channels = 2, rgb.caption = true;
  cases.push_back({"3 -> 2 channels, padding 1", rgb});
  LayerCase depthwise = rgb;
  depthwise.out_channels = 3, depthwise.groups = 3;
  cases.push_back({"depthwise, 3 channels, padding 1", depthwise});
  LayerCase grouped;
  grouped.input = 4, grouped.stride = 2, grouped.padding = 1, grouped.in_channels = 4, grouped.out_channels = 2;
  grouped.groups = 2, grouped.theme = "colorblind", grouped.caption = true;
  cases.push_back({"2 groups of 2 channels, stride 2, colorblind", grouped});
  for (const auto& [name, layer] : cases) {
    SECTION(name) {
      INFO(layer.config().dump());
      const Figure figure = figure_of(layer);
      REQUIRE(figure.settings.view == "stack");
      MemoryOutput sink;
      render(figure, sink);
      REQUIRE(sink.frames().size() == std::size_t(layer.outputs() * layer.output_rows() * layer.output_length()));
      std::size_t sampled = 0, under_box = 0;
      for (std::size_t f = 0; f < sink.frames().size(); ++f) {
        INFO("frame " << f);
        const test::Image image = test::from_argb32(sink.frames()[f]);
        CHECK(check_stack_frame(figure, layer, image, f, sampled, under_box) == "");
        CHECK(border_problems(image, figure.settings.theme->background) == "");
      }
      // Every cell of the front plane and the output plane was sampled in every frame, but for the
      // cells the box's sides cross (only when a filter reads more than one plane).
      const std::size_t cells =
          std::size_t(layer.grid_rows() * layer.grid_length() + layer.output_rows() * layer.output_length());
      CHECK(sampled + under_box == cells * sink.frames().size());
      if (layer.reads() == 1) CHECK(under_box == 0);
      else CHECK(under_box > 0);
      CHECK(under_box < sampled / 2);
    }
  }
}

TEST_CASE("Channel views: the check of stack pixels catches a frame of another step", "[channel_views]") {
  LayerCase depthwise;
  depthwise.input = 4, depthwise.padding = 1, depthwise.in_channels = 3, depthwise.out_channels = 3;
  depthwise.groups = 3;
  const Figure figure = figure_of(depthwise);
  MemoryOutput sink;
  render(figure, sink, {}, FrameRange{0, 17});
  REQUIRE(sink.frames().size() == 18);
  std::size_t sampled = 0, under_box = 0;
  for (std::size_t f = 0; f + 1 < sink.frames().size(); ++f) {
    INFO("frame " << f);
    const test::Image image = test::from_argb32(sink.frames()[f]);
    CHECK(check_stack_frame(figure, depthwise, image, f, sampled, under_box) == "");
    CHECK(check_stack_frame(figure, depthwise, image, f + 1, sampled, under_box) != "");
  }
}

TEST_CASE("Channel views: labels name channels and filters; captions say groups, 1-D sizes as one number",
          "[channel_views]") {
  SECTION("the stack view") {
    LayerCase rgb;
    rgb.input = 4, rgb.padding = 1, rgb.in_channels = 3, rgb.out_channels = 2, rgb.caption = true;
    LayerCase depthwise = rgb;
    depthwise.out_channels = 3, depthwise.groups = 3;
    for (const LayerCase& layer : {rgb, depthwise}) {
      INFO(layer.config().dump());
      const Figure figure = figure_of(layer);
      for (std::size_t f = 0; f < figure.frames(); ++f) {
        INFO("frame " << f);
        const Scene scene = figure.view->scene(f);
        REQUIRE(!scene.layers.empty());
        const auto base = texts_in(scene.layers.front());
        std::vector<std::string> all;
        for (const Text& t : texts_of(scene)) all.push_back(t.text.plain());
        for (int c = 0; c < layer.in_channels; ++c)
          CHECK(has(all, fmt::format("input channel {} of {}", c + 1, layer.in_channels)));
        for (int c = 0; c < layer.outputs(); ++c)
          CHECK(has(all, fmt::format("output channel {} of {}", c + 1, layer.outputs())));
        const int oc = layer.output_channel(f);
        const std::string filter = fmt::format("filter {} of {}", oc + 1, layer.outputs());
        const auto named = [&](const std::string& t) { return t.rfind(filter, 0) == 0; };
        CHECK(std::count_if(all.begin(), all.end(), named) == 1);
        const auto caption = std::find_if(base.begin(), base.end(),
                                          [](const std::string& t) { return t.find("o = ") != std::string::npos; });
        REQUIRE(caption != base.end());
        CHECK_THAT(*caption, Catch::Contains(fmt::format("{} → {} channels", layer.in_channels, layer.outputs())));
        if (layer.groups > 1) CHECK_THAT(*caption, Catch::Contains(fmt::format("{} groups", layer.groups)));
      }
    }
  }

  SECTION("1-D strips") {
    LayerCase conv1d;
    conv1d.dims = 1, conv1d.input = 10, conv1d.stride = 2, conv1d.caption = true;
    LayerCase channels = conv1d;
    channels.in_channels = 4, channels.out_channels = 2, channels.groups = 2;
    LayerCase causal;
    causal.dims = 1, causal.input = 12, causal.kernel = 2, causal.dilation = 2, causal.causal = true;
    causal.seed = 5, causal.caption = true;
    for (const LayerCase& layer : {conv1d, channels, causal}) {
      INFO(layer.config().dump());
      const Figure figure = figure_of(layer);
      const Scene scene = figure.view->scene(0);
      const auto base = texts_in(scene.layers.front());
      const auto caption = std::find_if(base.begin(), base.end(),
                                        [](const std::string& t) { return t.find("o = ") != std::string::npos; });
      REQUIRE(caption != base.end());
      // The length's formula once, with the input's length and the kernel's in it.
      CHECK_THAT(*caption, Catch::Contains(fmt::format("{} ", layer.input)));
      CHECK_THAT(*caption, Catch::Contains(fmt::format("− {}", layer.kernel)));
      CHECK_THAT(*caption, Catch::EndsWith(fmt::format("= {}", layer.output_length())));
      CHECK(!std::regex_search(*caption, std::regex(R"(\d+\s*x\s*\d+)")));
      CHECK(!std::regex_search(*caption, std::regex("height|width")));
      if (layer.in_channels > 1) {
        CHECK_THAT(*caption, Catch::Contains(fmt::format("{} groups", layer.groups)));
        for (int c = 0; c < layer.in_channels; ++c)
          CHECK(has(base, fmt::format("input channel {} of {}", c + 1, layer.in_channels)));
        for (int c = 0; c < layer.outputs(); ++c)
          CHECK(has(base, fmt::format("output channel {} of {}", c + 1, layer.outputs())));
      }
    }
  }
}

namespace {

double number_after(const std::string& text, const std::string& prefix) {
  return std::stod(text.substr(prefix.size()));
}

// The weight the filter of `oc` applies at tap (i, j) of its k-th input channel, from the weight as
// PyTorch stores it; a transposed convolution's, flipped, is the equivalent convolution's.
double applied_weight(const LayerCase& layer, const Tensor& weight, int oc, int k, int i, int j) {
  const bool one_d = layer.dims == 1;
  if (layer.transposed()) {
    const int per_group = layer.out_channels / layer.groups;
    const int ic = layer.first_read(oc) + k, a = layer.kernel_rows() - 1 - i, b = layer.kernel - 1 - j;
    return one_d ? weight.at({ic, oc % per_group, b}) : weight.at({ic, oc % per_group, a, b});
  }
  return one_d ? weight.at({oc, k, j}) : weight.at({oc, k, i, j});
}

double input_value(const LayerCase& layer, const Tensor& input, int channel, Cell cell) {
  return layer.dims == 1 ? input.at({channel, cell.col}) : input.at({channel, cell.row, cell.col});
}

// The arithmetic of each frame of the channel columns (or strips) against a computation made here
// ("" when it agrees): each input channel's weights in the cells of its taps and its partial sum
// beside it, then the bias and the total under the last.
std::string check_arithmetic(const Figure& figure, const LayerCase& layer) {
  std::ostringstream problems;
  const TraceValues& values = *figure.trace.values;
  const auto inputs = planes_of(*figure.view, "input", layer.in_channels);
  for (std::size_t f = 0; f < figure.frames(); ++f) {
    const int oc = layer.output_channel(f);
    const Cell out = layer.output_cell(f);
    const std::vector<Cell> window = layer.window(out);
    const Scene scene = figure.view->scene(f);
    std::vector<Text> moving;
    for_each_shape(scene, [&](const convanim::Layer& l, const Shape& s) {
      if (const auto* t = std::get_if<Text>(&s); t && l.kind == convanim::Layer::Kind::moving) moving.push_back(*t);
    });
    const auto where = [&](const std::string& text) { return fmt::format("frame {}: \"{}\"", f, text); };
    // Which plane a text belongs to: the lowest of the planes the filter reads whose top is above the
    // text, left of it (the bias and the total hang below the last plane's middle).
    const int first_read = layer.first_read(oc), last_read = first_read + layer.reads() - 1;
    const auto plane_beside = [&](const Text& t) -> const Plane* {
      const Plane* beside = nullptr;
      for (std::size_t slot = 0; slot < inputs.size(); ++slot) {
        const int c = drawn_channels(layer.in_channels)[slot];
        const Box b = inputs[slot]->box();
        if (c >= first_read && c <= last_read && b.y0 <= t.anchor.y && b.x1 < t.anchor.x &&
            (!beside || beside->box().y0 < b.y0))
          beside = inputs[slot];
      }
      return beside;
    };
    double total = 0;
    std::vector<double> partials(std::size_t(layer.reads()), 0.0);
    for (int k = 0; k < layer.reads(); ++k)
      for (int i = 0; i < layer.kernel_rows(); ++i)
        for (int j = 0; j < layer.kernel; ++j) {
          const Cell g = window[std::size_t(i * layer.kernel + j)];
          if (const auto unit = layer.input_at(g))
            partials[std::size_t(k)] += input_value(layer, values.input, layer.first_read(oc) + k, *unit) *
                                        applied_weight(layer, *values.kernel, oc, k, i, j);
        }
    for (double p : partials) total += p;
    const double bias = values.bias ? values.bias->data[std::size_t(oc)] : 0.0;
    total += bias;
    const double output = layer.dims == 1 ? values.output.at({oc, out.col}) : values.output.at({oc, out.row, out.col});
    if (std::abs(total - output) > 1e-9)
      problems << fmt::format("frame {}: output {} in the trace, {} computed here\n", f, output, total);

    // The sums: "= partial" beside each plane the filter reads, then "+ bias b" and "= total" under the last.
    std::vector<std::vector<Text>> beside(inputs.size());
    std::vector<Text> weights;
    for (const Text& t : moving) {
      if (t.text.plain().rfind("= ", 0) == 0 || t.text.plain().rfind("+ bias ", 0) == 0) {
        const Plane* p = plane_beside(t);
        if (!p) {
          problems << where(t.text.plain()) << " is beside no input plane the filter reads\n";
          continue;
        }
        beside[std::size_t(std::find(inputs.begin(), inputs.end(), p) - inputs.begin())].push_back(t);
      } else {
        weights.push_back(t);
      }
    }
    for (std::size_t slot = 0; slot < inputs.size(); ++slot) {
      std::vector<Text>& texts = beside[slot];
      std::sort(texts.begin(), texts.end(), [](const Text& a, const Text& b) { return a.anchor.y < b.anchor.y; });
      const int c = drawn_channels(layer.in_channels)[slot];
      const bool read = c >= first_read && c <= last_read;
      std::vector<std::string> expected;
      if (read) expected.push_back("= " + std::to_string(partials[std::size_t(c - first_read)]));
      if (c == last_read) {
        if (values.bias) expected.push_back("+ bias " + std::to_string(bias));
        if (values.bias || layer.reads() > 1) expected.push_back("= " + std::to_string(total));
      }
      std::vector<std::string> got;
      for (const Text& t : texts) {
        const std::string prefix = t.text.plain().rfind("+ bias ", 0) == 0 ? "+ bias " : "= ";
        got.push_back(prefix + std::to_string(number_after(t.text.plain(), prefix)));
      }
      if (got != expected)
        problems << fmt::format("frame {}, beside {}: [{}], expected [{}]\n", f, inputs[slot]->name,
                                fmt::join(got, "; "), fmt::join(expected, "; "));
    }
    // The weights: one in each tap's cell of each plane the filter reads.
    std::size_t expected_weights = 0;
    for (int k = 0; k < layer.reads(); ++k) {
      const Plane& plane = figure.view->plane(plane_name("input", layer.first_read(oc) + k, layer.in_channels));
      for (int i = 0; i < layer.kernel_rows(); ++i)
        for (int j = 0; j < layer.kernel; ++j) {
          const Cell g = window[std::size_t(i * layer.kernel + j)];
          const double w = applied_weight(layer, *values.kernel, oc, k, i, j);
          ++expected_weights;
          const auto found = std::find_if(weights.begin(), weights.end(), [&](const Text& t) {
            return cell_at(plane, t.anchor) == std::optional(g) && std::stod(t.text.plain()) == w;
          });
          if (found == weights.end())
            problems << fmt::format("frame {}: no weight {} in {} cell {}\n", f, w, plane.name, text_of(g));
        }
    }
    if (weights.size() != expected_weights)
      problems << fmt::format("frame {}: {} weights written, {} expected\n", f, weights.size(), expected_weights);
    // The outputs so far: the last of them this step's, in its cell.
    const convanim::Layer& outputs = scene.layers.back();
    if (outputs.kind != convanim::Layer::Kind::growing || outputs.count != f + 1) {
      problems << fmt::format("frame {}: not {} outputs shown\n", f, f + 1);
    } else {
      const Text& shown = std::get<Text>((*outputs.shapes)[f]);
      const Plane& target = figure.view->plane(plane_name("output", oc, layer.outputs()));
      if (cell_at(target, shown.anchor) != std::optional(out) || std::stod(shown.text.plain()) != output)
        problems << fmt::format("frame {}: output \"{}\" at {}, expected {} in {} cell {}\n", f, shown.text.plain(),
                                text_of(shown.anchor), output, target.name, text_of(out));
    }
  }
  return problems.str();
}

}  // namespace

TEST_CASE("Channel views: the columns write each channel's partial sum, the bias and the total",
          "[channel_views]") {
  std::vector<std::pair<const char*, LayerCase>> cases;
  LayerCase rgb;  // configs/channels/rgb_two_filters.json's layer
  rgb.input = 4, rgb.padding = 1, rgb.in_channels = 3, rgb.out_channels = 2, rgb.bias = true, rgb.seed = 3;
  cases.push_back({"3 -> 2 channels with bias", rgb});
  LayerCase grouped;
  grouped.stride = 2, grouped.padding = 1, grouped.in_channels = 4, grouped.out_channels = 4, grouped.groups = 2;
  grouped.seed = 11;
  cases.push_back({"2 groups of 2 channels, stride 2, no bias", grouped});
  LayerCase transposed;
  transposed.operation = "transposed_convolution", transposed.input = 3, transposed.stride = 2;
  transposed.padding = 1, transposed.in_channels = 2, transposed.out_channels = 4, transposed.groups = 2;
  transposed.bias = true, transposed.seed = 7;
  cases.push_back({"transposed, 2 groups, bias: the weights flipped", transposed});
  LayerCase strips;
  strips.dims = 1, strips.input = 8, strips.in_channels = 3, strips.out_channels = 2, strips.bias = true;
  strips.seed = 2;
  cases.push_back({"1-D strips, 3 -> 2 channels with bias", strips});
  LayerCase grouped_strips = strips;
  grouped_strips.in_channels = 4, grouped_strips.groups = 2, grouped_strips.seed = 6;
  cases.push_back({"1-D strips, 2 groups of 2 channels with bias", grouped_strips});
  for (const auto& [name, layer] : cases) {
    INFO(name << ": " << layer.config().dump());
    const Figure figure = figure_of(layer);
    REQUIRE(figure.trace.values);
    REQUIRE(figure.trace.values->kernel);
    CHECK(check_arithmetic(figure, layer) == "");
  }
}

namespace {

// The fill a plane's unit cell `cell` is drawn with in the scene's fixed layers (the last drawn).
std::optional<Colour> fill_of(const Scene& scene, const Plane& plane, Cell cell) {
  std::optional<Colour> fill;
  const auto quad = plane.quad(cell);
  for_each_shape(scene, [&](const convanim::Layer& layer, const Shape& shape) {
    if (layer.kind != convanim::Layer::Kind::fixed) return;
    if (const auto* path = std::get_if<Path>(&shape); path && path->fill && path->points.size() == 4 &&
                                                      std::equal(quad.begin(), quad.end(), path->points.begin(),
                                                                 [](Point a, Point b) { return near(a, b); }))
      fill = *path->fill;
  });
  return fill;
}

std::string colour_text(const std::optional<Colour>& c) {
  if (!c) return "none";
  return fmt::format("({:.0f}, {:.0f}, {:.0f})", c->r * 255, c->g * 255, c->b * 255);
}

}  // namespace

TEST_CASE("Channel views: planes coloured by group", "[channel_views]") {
  std::vector<std::pair<const char*, LayerCase>> cases;
  LayerCase grouped;
  grouped.input = 4, grouped.padding = 1, grouped.in_channels = 4, grouped.out_channels = 4, grouped.groups = 2;
  cases.push_back({"stack, 2 groups of 4", grouped});
  LayerCase depthwise = grouped;
  depthwise.in_channels = 3, depthwise.out_channels = 6, depthwise.groups = 3, depthwise.theme = "colorblind";
  cases.push_back({"stack, depthwise with multiplier 2, colorblind", depthwise});
  LayerCase six;
  six.input = 3, six.kernel = 1, six.in_channels = 6, six.out_channels = 6, six.groups = 6, six.theme = "dark";
  cases.push_back({"stack, 6 groups, dark", six});
  LayerCase ungrouped;
  ungrouped.input = 4, ungrouped.padding = 1, ungrouped.in_channels = 3, ungrouped.out_channels = 2;
  cases.push_back({"stack, groups = 1", ungrouped});
  LayerCase columns = grouped;
  columns.seed = 1;
  cases.push_back({"columns, 2 groups of 4", columns});
  LayerCase strips;
  strips.dims = 1, strips.input = 8, strips.in_channels = 2, strips.out_channels = 4, strips.groups = 2;
  cases.push_back({"strips, 2 groups", strips});
  LayerCase pooling;
  pooling.operation = "max_pooling", pooling.stride = 2, pooling.in_channels = 3, pooling.theme = "colorblind";
  cases.push_back({"pooling, 3 channels (no groups)", pooling});
  for (const auto& [name, layer] : cases) {
    INFO(name << ": " << layer.config().dump());
    const Figure figure = figure_of(layer);
    const Theme& theme = *figure.settings.theme;
    const Cell unit{layer.pad_begin() * (layer.dims == 2), layer.pad_begin()};
    REQUIRE(layer.unit(unit));
    std::vector<std::optional<Colour>> in(std::size_t(layer.in_channels)), out(std::size_t(layer.outputs()));
    for (int c = 0; c < layer.in_channels; ++c)
      in[std::size_t(c)] =
          fill_of(figure.view->scene(0), figure.view->plane(plane_name("input", c, layer.in_channels)), unit);
    // An output channel's plane as drawn in a frame of its own (brought forward in the stack).
    for (int oc = 0; oc < layer.outputs(); ++oc) {
      const std::size_t frame = std::size_t(oc * layer.output_rows() * layer.output_length());
      out[std::size_t(oc)] =
          fill_of(figure.view->scene(frame), figure.view->plane(plane_name("output", oc, layer.outputs())), {0, 0});
    }
    for (int c = 0; c < layer.in_channels; ++c) {
      INFO("input channel " << c << ": " << colour_text(in[std::size_t(c)]));
      REQUIRE(in[std::size_t(c)]);
      if (layer.groups == 1) CHECK(same(*in[std::size_t(c)], theme.input));
      else CHECK(same(*in[std::size_t(c)], theme.groups[std::size_t(layer.group_of_input(c))]));
      for (int d = 0; d < layer.in_channels; ++d)
        if (layer.group_of_input(d) != layer.group_of_input(c)) {
          INFO("input channel " << d << ": " << colour_text(in[std::size_t(d)]));
          CHECK(!same(*in[std::size_t(c)], *in[std::size_t(d)]));
        }
    }
    for (int oc = 0; oc < layer.outputs(); ++oc) {
      INFO("output channel " << oc << ": " << colour_text(out[std::size_t(oc)]));
      REQUIRE(out[std::size_t(oc)]);
      if (layer.groups == 1) {
        CHECK(same(*out[std::size_t(oc)], theme.output));
        continue;
      }
      // The colour of the input channels its group reads.
      for (int c = 0; c < layer.in_channels; ++c)
        CHECK(same(*out[std::size_t(oc)], *in[std::size_t(c)]) ==
              (layer.group_of_input(c) == layer.group_of_output(oc)));
    }
  }
}

TEST_CASE("Channel views: the stack shows the channel a filter reads lit and labelled, whatever the padding",
          "[channel_views][stack_read_channel]") {
  // Issue 22, item 2: the gallery's depthwise figure. Channel 1's opaque padding ring hid the planes
  // behind it, so every filter seemed to read channel 1.
  std::ifstream file(CONVANIM_SOURCE_DIR "/configs/channels/depthwise.json");
  const json base = json::parse(file);
  std::vector<std::pair<const char*, json>> variants{{"as in the gallery", base}};
  json big = base;
  big["render"]["canvas"] = {1920, 1080};
  variants.push_back({"on a 1920x1080 canvas", big});
  json numbers = base;
  numbers["values"] = {{"seed", 2}};
  numbers["render"]["view"] = "stack";
  numbers["render"]["equation"] = true;
  variants.push_back({"with values and the equation", numbers});
  json symbols = base;
  symbols["values"] = "symbolic";
  symbols["render"]["view"] = "stack";
  variants.push_back({"with symbols", symbols});
  for (const auto& [name, config] : variants) {
    INFO(name);
    const Figure figure = prepare_figure(parse_config(config, "depthwise.json", "depthwise"));
    const Theme& theme = *figure.settings.theme;
    for (const std::size_t frame : {6u, 31u, 56u}) {
      INFO("frame " << frame);
      const Step& step = figure.trace.steps.at(frame);
      const int channel = step.output_channel;  // depthwise: filter c reads input channel c
      MemoryOutput sink;
      render(figure, sink, {}, FrameRange{frame, frame});
      REQUIRE(sink.frames().size() == 1);
      const test::Image image = test::from_argb32(sink.frames()[0]);
      const Plane& read = figure.view->plane(fmt::format("input channel {}", channel));
      const Colour& fill = plane_colour(theme, false, channel, 3);
      for (const Cell cell : step.window) {
        const bool unit = figure.trace.grid.kind(cell) == CellKind::input;
        const Rgb expected = to_rgb(theme.shade.over(unit ? fill : theme.background));
        const Rgb got = median_colour(image, read.point(cell));
        INFO("cell " << text_of(cell));
        CHECK(distance(got, expected) < colour_tolerance);
      }
      // Named twice: its plane's label and the filter's.
      std::vector<std::string> texts;
      for (const auto& layer : figure.view->scene(frame).layers)
        for (const Shape& shape : *layer.shapes)
          if (const auto* text = std::get_if<Text>(&shape)) texts.push_back(text->text.plain());
      const auto has = [&](const std::string& text) { return std::find(texts.begin(), texts.end(), text) != texts.end(); };
      CHECK(has(fmt::format("input channel {} of 3", channel + 1)));
      CHECK(has(fmt::format("filter {} of 3, reads input channel {}", channel + 1, channel + 1)));
    }
  }
}
