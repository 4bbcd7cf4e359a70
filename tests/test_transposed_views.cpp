// The transposed convolution three ways (issue 9), against references written here: the scatter
// record (scatter() and trace's "scatter") against PyTorch's direct definition, summed back to the
// output and to a conv_transpose written as a gather; the scatter view's running sums and its shaded
// cells; the pair view's two halves lighting the same cells; paired_scenario() against the output
// size formulas; the matrix C built from its definition (y = C x, y = C^T x for the transpose) against
// convolution_matrix(), the values and the matrix view; and the views refused where they cannot draw.
#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "cli_run.hpp"
#include "decode.hpp"
#include "renderer/render.hpp"
#include "src/config/config_error.hpp"
#include "renderer/views/render_options.hpp"
#include "src/config/scenario.hpp"
#include "src/simulate/simulator.hpp"
#include "src/simulate/trace_json.hpp"
#include "src/simulate/transposition.hpp"
#include "pixel_support.hpp"
#include "support.hpp"

using namespace convanim;
using nlohmann::json;
using ojson = nlohmann::ordered_json;

namespace {

// Longer than std::string's small buffer, as test_scenario.cpp explains.
constexpr const char* source_name = "transposed_views_under_test.json";

Scenario parse(const json& config) { return parse_scenario(config, source_name, "case"); }

// ---- Layers as the tests give them

using test::AxisSpec;
using test::output_offset;

struct LayerSpec {
  Operation operation = Operation::transposed_convolution;
  int dims = 2;
  int in_channels = 1, out_channels = 1, groups = 1;
  bool bias = false;
  AxisSpec h, w;  // in 1-D the height is the trivial axis

  bool transposed() const { return operation == Operation::transposed_convolution; }
  int per_in() const { return in_channels / groups; }    // input channels in a group: what a filter reads
  int per_out() const { return out_channels / groups; }  // output channels in a group
  int first_input(int oc) const { return oc / per_out() * per_in(); }
};

// The last output position an axis's uncropped scatter reaches: max over units j and taps t of j s + t d.
int last_reach(const AxisSpec& a) {
  int last = 0;
  for (int j = 0; j < a.i; ++j)
    for (int t = 0; t < a.k; ++t) last = std::max(last, j * a.s + t * a.d);
  return last;
}

// Output length, counted: the scatter's extent cropped by the padding and extended by output_padding,
// or the kernel's placements over the padded input.
int transposed_length(const AxisSpec& a) { return last_reach(a) + 1 + a.op - a.pb - a.pe; }
int convolution_length(const AxisSpec& a) {
  int count = 0;
  for (int start = 0; start + a.d * (a.k - 1) < a.pb + a.i + a.pe; start += a.s) ++count;
  return count;
}

json size_json(const LayerSpec& l, int h, int w) { return l.dims == 1 ? json(w) : json::array({h, w}); }

// The key-based config of a layer, padding always per side.
json config_of(const LayerSpec& l) {
  json config{{"operation", std::string(to_string(l.operation))},
              {"input", l.dims == 1 ? json::array({l.w.i}) : json::array({l.h.i, l.w.i})},
              {"kernel", size_json(l, l.h.k, l.w.k)},
              {"stride", size_json(l, l.h.s, l.w.s)},
              {"dilation", size_json(l, l.h.d, l.w.d)}};
  config["padding"] = l.dims == 1 ? json{{"left", l.w.pb}, {"right", l.w.pe}}
                                  : json{{"top", l.h.pb}, {"bottom", l.h.pe}, {"left", l.w.pb}, {"right", l.w.pe}};
  if (l.transposed()) config["output_padding"] = size_json(l, l.h.op, l.w.op);
  config["in_channels"] = l.in_channels;
  config["out_channels"] = l.out_channels;
  config["groups"] = l.groups;
  config["bias"] = l.bias;
  return config;
}

// ---- Values, flat and row-major in PyTorch's layouts, given to the config explicitly

struct Values {
  std::vector<double> input;   // [C_in][H][W]
  std::vector<double> weight;  // [C_out][C_in/g][kh][kw]; transposed [C_in][C_out/g][kh][kw]
  std::vector<double> bias;    // [C_out], or empty
};

std::vector<int> input_shape(const LayerSpec& l) {
  return l.dims == 1 ? std::vector{l.in_channels, l.w.i} : std::vector{l.in_channels, l.h.i, l.w.i};
}
std::vector<int> weight_shape(const LayerSpec& l) {
  std::vector<int> shape =
      l.transposed() ? std::vector{l.in_channels, l.per_out()} : std::vector{l.out_channels, l.per_in()};
  if (l.dims == 2) shape.push_back(l.h.k);
  shape.push_back(l.w.k);
  return shape;
}
std::size_t element_count(const std::vector<int>& shape) {
  std::size_t n = 1;
  for (int d : shape) n *= std::size_t(d);
  return n;
}

// Small signed integers, so every sum is exact and prints exactly with {:g}: a linear congruential
// sequence (Knuth's MMIX constants), its high bits folded into [low, high].
struct Numbers {
  std::uint64_t state;
  double next(int low, int high) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return double(low + int((state >> 33) % std::uint64_t(high - low + 1)));
  }
};

Values make_values(const LayerSpec& l, std::uint64_t seed) {
  Numbers numbers{seed};
  Values v;
  for (std::size_t n = 0; n < element_count(input_shape(l)); ++n) v.input.push_back(numbers.next(-3, 5));
  for (std::size_t n = 0; n < element_count(weight_shape(l)); ++n) v.weight.push_back(numbers.next(-2, 3));
  if (l.bias)
    for (int n = 0; n < l.out_channels; ++n) v.bias.push_back(numbers.next(-4, 4));
  return v;
}

json nest(const std::vector<double>& data, const std::vector<int>& shape) {
  std::size_t next = 0;
  const auto build = [&](const auto& self, std::size_t depth) -> json {
    json out = json::array();
    for (int n = 0; n < shape[depth]; ++n)
      out.push_back(depth + 1 == shape.size() ? json(data[next++]) : self(self, depth + 1));
    return out;
  };
  return build(build, 0);
}

// The layer's config with these values.
json config_of(const LayerSpec& l, const Values& v) {
  json config = config_of(l);
  config["values"] = {{"input", nest(v.input, input_shape(l))}, {"kernel", nest(v.weight, weight_shape(l))}};
  if (l.bias) config["values"]["bias"] = nest(v.bias, {l.out_channels});
  return config;
}

double input_at(const LayerSpec& l, const Values& v, int ic, int r, int c) {
  return v.input[output_offset(ic, r, c, l.h.i, l.w.i)];
}
// weight[outer][inner][a][b] as stored.
double weight_at(const LayerSpec& l, const Values& v, int outer, int inner, int a, int b) {
  const int inner_count = l.transposed() ? l.per_out() : l.per_in();
  return v.weight[test::weight_offset(outer, inner, a, b, inner_count, l.h.k, l.w.k)];
}
double bias_of(const LayerSpec& l, const Values& v, int oc) { return l.bias ? v.bias[std::size_t(oc)] : 0.0; }

// PyTorch's conv_transpose2d as a gather (the formula of its documentation, not a scatter): output
// (y, x) of channel oc is bias[oc] plus, over the input channels ic of oc's group and the taps (a, b),
// x[ic][(y + p_top - a d) / s][(x + p_left - b d) / s] * w[ic][oc % (C_out/g)][a][b] wherever the
// divisions are exact and land on the input.
std::vector<double> reference_conv_transpose(const LayerSpec& l, const Values& v, int oh, int ow) {
  const auto source = [](const AxisSpec& a, int at, int tap) {
    const int n = at + a.pb - tap * a.d;
    return n >= 0 && n % a.s == 0 && n / a.s < a.i ? n / a.s : -1;
  };
  std::vector<double> out(std::size_t(l.out_channels) * std::size_t(oh * ow));
  for (int oc = 0; oc < l.out_channels; ++oc)
    for (int y = 0; y < oh; ++y)
      for (int x = 0; x < ow; ++x) {
        double sum = bias_of(l, v, oc);
        for (int k = 0; k < l.per_in(); ++k)
          for (int a = 0; a < l.h.k; ++a)
            for (int b = 0; b < l.w.k; ++b) {
              const int r = source(l.h, y, a), c = source(l.w, x, b);
              if (r >= 0 && c >= 0)
                sum += input_at(l, v, l.first_input(oc) + k, r, c) *
                       weight_at(l, v, l.first_input(oc) + k, oc % l.per_out(), a, b);
            }
        out[output_offset(oc, y, x, oh, ow)] = sum;
      }
  return out;
}

// PyTorch's conv2d: out[oc][r][c] = bias[oc] + sum of x[ic][r s + a d - p_top][c s + b d - p_left] w[oc][k][a][b].
std::vector<double> reference_convolution(const LayerSpec& l, const Values& v, int oh, int ow) {
  std::vector<double> out(std::size_t(l.out_channels) * std::size_t(oh * ow));
  for (int oc = 0; oc < l.out_channels; ++oc)
    for (int r = 0; r < oh; ++r)
      for (int c = 0; c < ow; ++c) {
        double sum = bias_of(l, v, oc);
        for (int k = 0; k < l.per_in(); ++k)
          for (int a = 0; a < l.h.k; ++a)
            for (int b = 0; b < l.w.k; ++b) {
              const int y = r * l.h.s + a * l.h.d - l.h.pb, x = c * l.w.s + b * l.w.d - l.w.pb;
              if (y >= 0 && y < l.h.i && x >= 0 && x < l.w.i)
                sum += input_at(l, v, l.first_input(oc) + k, y, x) * weight_at(l, v, oc, k, a, b);
            }
        out[output_offset(oc, r, c, oh, ow)] = sum;
      }
  return out;
}

// ---- The scatter, as the issue defines it

struct ExpectedWrite {
  Cell output;  // before the padding crops
  Cell tap;
  bool cropped;
};

struct ExpectedStamp {
  int input_channel;
  Cell input;
  int output_channel;
  std::vector<ExpectedWrite> writes;  // row-major by tap
};

// Filter by filter (output channel), each filter's input channels in order, each channel's units
// row-major; unit (r, c) writes tap (a, b) at (r s - p_top + a d, c s - p_left + b d), cropped when
// that falls outside the output.
std::vector<ExpectedStamp> expected_scatter(const LayerSpec& l, int oh, int ow) {
  std::vector<ExpectedStamp> stamps;
  for (int oc = 0; oc < l.out_channels; ++oc)
    for (int k = 0; k < l.per_in(); ++k)
      for (int r = 0; r < l.h.i; ++r)
        for (int c = 0; c < l.w.i; ++c) {
          ExpectedStamp stamp{l.first_input(oc) + k, {r, c}, oc, {}};
          for (int a = 0; a < l.h.k; ++a)
            for (int b = 0; b < l.w.k; ++b) {
              const Cell at{r * l.h.s - l.h.pb + a * l.h.d, c * l.w.s - l.w.pb + b * l.w.d};
              const bool inside = at.row >= 0 && at.row < oh && at.col >= 0 && at.col < ow;
              stamp.writes.push_back({at, {a, b}, !inside});
            }
          stamps.push_back(std::move(stamp));
        }
  return stamps;
}

ojson cell_json(int dims, Cell cell) {
  return dims == 1 ? ojson::array({cell.col}) : ojson::array({cell.row, cell.col});
}
ojson channel_cell_json(int dims, int channel, Cell cell) {
  return dims == 1 ? ojson::array({channel, cell.col}) : ojson::array({channel, cell.row, cell.col});
}

ojson stamp_json(const LayerSpec& l, const ExpectedStamp& stamp) {
  auto outputs = ojson::array(), taps = ojson::array(), cropped = ojson::array();
  for (const ExpectedWrite& write : stamp.writes) {
    if (write.cropped) {
      cropped.push_back(channel_cell_json(l.dims, stamp.output_channel, write.output));
    } else {
      outputs.push_back(channel_cell_json(l.dims, stamp.output_channel, write.output));
      taps.push_back(cell_json(l.dims, write.tap));
    }
  }
  return {{"input", channel_cell_json(l.dims, stamp.input_channel, stamp.input)},
          {"outputs", std::move(outputs)},
          {"taps", std::move(taps)},
          {"cropped", std::move(cropped)}};
}

void flatten(const ojson& j, std::vector<double>& out) {
  if (!j.is_array()) {
    out.push_back(j.get<double>());
    return;
  }
  for (const ojson& element : j) flatten(element, out);
}

// [channel, row, column] (or [channel, column] in 1-D) of a scatter entry, as a channel and a cell.
std::pair<int, Cell> read_channel_cell(int dims, const ojson& j) {
  if (dims == 1) return {j.at(0).get<int>(), {0, j.at(1).get<int>()}};
  return {j.at(0).get<int>(), {j.at(1).get<int>(), j.at(2).get<int>()}};
}

// The output summed from the trace's "scatter" entries alone: input x weight of the tap, plus the bias.
std::vector<double> sum_scatter_json(const LayerSpec& l, const ojson& scatter, const Values& v, int oh, int ow) {
  std::vector<double> out(std::size_t(l.out_channels) * std::size_t(oh * ow));
  for (int oc = 0; oc < l.out_channels; ++oc)
    for (int n = 0; n < oh * ow; ++n) out[output_offset(oc, 0, 0, oh, ow) + std::size_t(n)] = bias_of(l, v, oc);
  for (const ojson& entry : scatter) {
    const auto [ic, unit] = read_channel_cell(l.dims, entry.at("input"));
    const ojson &outputs = entry.at("outputs"), &taps = entry.at("taps");
    REQUIRE(outputs.size() == taps.size());
    for (std::size_t n = 0; n < outputs.size(); ++n) {
      const auto [oc, at] = read_channel_cell(l.dims, outputs[n]);
      const Cell tap =
          l.dims == 1 ? Cell{0, taps[n].at(0).get<int>()} : Cell{taps[n].at(0).get<int>(), taps[n].at(1).get<int>()};
      out[output_offset(oc, at.row, at.col, oh, ow)] +=
          input_at(l, v, ic, unit.row, unit.col) * weight_at(l, v, ic, oc % l.per_out(), tap.row, tap.col);
    }
  }
  return out;
}

// ---- Sweeps

struct Channels {
  int in, out, groups;
};
// One channel, mixing, grouped both ways, depthwise.
constexpr Channels channel_sets[] = {{1, 1, 1}, {2, 3, 1}, {4, 6, 2}, {1, 1, 1}, {4, 2, 2}, {2, 4, 2}, {3, 3, 3}};

// Transposed axes: every output_padding below max(stride, dilation) and every padding (up to
// max_padding a side, beyond d(k - 1) too, which crops the stretched input) with a non-empty output.
std::vector<AxisSpec> transposed_axes(int max_input, int max_stride, int max_padding) {
  std::vector<AxisSpec> list;
  for (int i = 1; i <= max_input; ++i)
    for (int k = 1; k <= 3; ++k)
      for (int s = 1; s <= max_stride; ++s)
        for (int d = 1; d <= 2; ++d)
          for (int pb = 0; pb <= max_padding; ++pb)
            for (int pe = 0; pe <= max_padding; ++pe)
              for (int op = 0; op < std::max(s, d); ++op) {
                const AxisSpec a{i, k, s, d, pb, pe, op};
                if (transposed_length(a) >= 1) list.push_back(a);
              }
  return list;
}

// Convolution axes whose dilated kernel fits the padded input.
std::vector<AxisSpec> convolution_axes(int max_input, int max_stride, int max_padding) {
  std::vector<AxisSpec> list;
  for (int i = 1; i <= max_input; ++i)
    for (int k = 1; k <= 3; ++k)
      for (int s = 1; s <= max_stride; ++s)
        for (int d = 1; d <= 2; ++d)
          for (int pb = 0; pb <= max_padding; ++pb)
            for (int pe = 0; pe <= max_padding; ++pe)
              if (pb + i + pe >= d * (k - 1) + 1) list.push_back({i, k, s, d, pb, pe, 0});
  return list;
}

// A hashed sample of about one in `every` entries, so that it does not keep in step with the list's
// nesting: SplitMix64's finaliser of n.
bool sampled(std::size_t n, std::uint64_t every) {
  std::uint64_t z = std::uint64_t(n) + 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return (z ^ (z >> 31)) % every == 0;
}

// The n-th layer of a sweep: the width from the list, in 2-D the height another entry, channels and
// bias rotating (one channel only when `one_channel`).
LayerSpec layer_of(Operation operation, int dims, const std::vector<AxisSpec>& list, std::size_t n, bool one_channel) {
  LayerSpec l;
  l.operation = operation;
  l.dims = dims;
  l.w = list[n];
  if (dims == 2) l.h = list[(n * 37 + 11) % list.size()];
  if (!one_channel) {
    const Channels& c = channel_sets[n % std::size(channel_sets)];
    l.in_channels = c.in;
    l.out_channels = c.out;
    l.groups = c.groups;
  }
  l.bias = (n / std::size(channel_sets)) % 2 == 0;
  return l;
}

// ---- Checks of one transposed scenario's scatter record

void check_scatter_record(const LayerSpec& l, std::uint64_t seed) {
  const Values given = make_values(l, seed);
  const json config = config_of(l, given);
  CAPTURE(config.dump());
  const Trace trace = simulate(parse(config));
  const int oh = transposed_length(l.h), ow = transposed_length(l.w);
  REQUIRE(trace.output_size == std::array<int, 2>{oh, ow});
  const std::vector<ExpectedStamp> want = expected_scatter(l, oh, ow);

  // scatter(), stamp by stamp.
  const std::vector<Stamp> stamps = scatter(trace);
  REQUIRE(stamps.size() == want.size());
  for (std::size_t n = 0; n < want.size(); ++n) {
    const Stamp& got = stamps[n];
    const ExpectedStamp& w = want[n];
    bool same = got.input_channel == w.input_channel && got.input == w.input &&
                got.output_channel == w.output_channel && got.writes.size() == w.writes.size();
    for (std::size_t t = 0; same && t < w.writes.size(); ++t)
      same = got.writes[t].output == w.writes[t].output && got.writes[t].tap == w.writes[t].tap &&
             got.writes[t].cropped == w.writes[t].cropped;
    if (!same) {  // reported only on a mismatch: this runs for every stamp of hundreds of scenarios
      CAPTURE(n, got.input_channel, w.input_channel, got.input, w.input, got.output_channel, w.output_channel);
      CHECK(same);
      for (std::size_t t = 0; t < std::min(got.writes.size(), w.writes.size()); ++t) {
        CAPTURE(t, got.writes[t].output, w.writes[t].output, got.writes[t].tap, w.writes[t].tap);
        CHECK(got.writes[t].cropped == w.writes[t].cropped);
      }
      return;
    }
  }

  // The trace's "scatter", entry by entry.
  const ojson j = trace_to_json(trace);
  REQUIRE(j.contains("scatter"));
  const ojson& entries = j["scatter"];
  REQUIRE(entries.size() == want.size());
  for (std::size_t n = 0; n < want.size(); ++n) {
    const ojson expected = stamp_json(l, want[n]);
    if (entries[n] != expected) {
      CAPTURE(n, entries[n].dump(), expected.dump());
      CHECK(entries[n] == expected);
      return;
    }
  }

  // Summed back: the trace's output, and conv_transpose as a gather.
  const std::vector<double> summed = sum_scatter_json(l, entries, given, oh, ow);
  std::vector<double> traced;
  flatten(j["values"]["output"], traced);
  const std::vector<double> reference = reference_conv_transpose(l, given, oh, ow);
  CHECK(summed == traced);
  CHECK(reference == traced);
}

// check_scatter_record over the transposed convolutions of `list` in `dims` dimensions that sampled()
// keeps, one in `every`; how many it checked.
std::size_t check_scatter_records(int dims, const std::vector<AxisSpec>& list, std::uint64_t every) {
  std::size_t checked = 0;
  for (std::size_t n = 0; n < list.size(); ++n) {
    if (!sampled(n, every)) continue;
    check_scatter_record(layer_of(Operation::transposed_convolution, dims, list, n, false), n);
    ++checked;
  }
  return checked;
}

// ---- Pixels

using test::distance;
using test::Rgb;
using test::to_rgb;

// The fills a cell may have are flat colours: what is found must be within this of the expected one.
constexpr double colour_tolerance = 12;

// Whether a cell with fill `under` is found shaded (the theme's translucent shade over it) or not;
// a problem line when it is neither, or not what `shaded` says.
void expect_cell(std::ostringstream& problems, const test::Image& image, const Theme& theme, const char* plane_name,
                 const Plane& plane, Cell cell, Point uv, const Colour& under, bool shaded) {
  const Rgb found = test::inner_median_colour(image, plane.point(cell, uv.x, uv.y));
  const Rgb plain = to_rgb(under), dark = to_rgb(theme.shade.over(under));
  const Rgb& want = shaded ? dark : plain;
  const Rgb& other = shaded ? plain : dark;
  if (distance(found, want) > colour_tolerance || distance(found, other) <= distance(found, want))
    problems << plane_name << " cell " << Catch::StringMaker<Cell>::convert(cell) << ": expected "
             << (shaded ? "shaded" : "not shaded") << ", found RGB (" << found[0] << ", " << found[1] << ", "
             << found[2] << ")\n";
}

// The drawn frames of `figure`, first to last.
std::vector<test::Image> draw(const Figure& figure, std::size_t first, std::size_t last) {
  MemoryOutput sink;
  render(figure, sink, {}, FrameRange{first, last});
  REQUIRE(sink.frames().size() == last - first + 1);
  std::vector<test::Image> images;
  for (const auto& frame : sink.frames()) images.push_back(test::from_argb32(frame));
  return images;
}

// The view as --view gives it, and --cell-size when `cell_size` is set.
RenderOverrides view_flag(const char* view, int cell_size = 0) {
  RenderOverrides overrides;
  overrides.set("view", view);
  if (cell_size > 0) overrides.set("cell_size", cell_size);
  return overrides;
}

// Cells drawn small to keep the pixel checks quick: still far wider than the 5 x 5 pixels sampled.
constexpr int small_cell_px = 16;

// ---- Scenes

// The plane and cell a filled quad covers, if it is one of a plane's cells.
std::optional<std::pair<std::string, Cell>> cell_of(const View& view, const Path& path) {
  if (path.points.size() != 4) return std::nullopt;
  for (const Plane& plane : view.planes()) {
    // Solve origin + col * column + row * row_step = first corner.
    const Point p = path.points[0] - plane.origin;
    const double det = plane.column.x * plane.row_step.y - plane.column.y * plane.row_step.x;
    const double col = (p.x * plane.row_step.y - p.y * plane.row_step.x) / det;
    const double row = (plane.column.x * p.y - plane.column.y * p.x) / det;
    const Cell cell{int(std::lround(row)), int(std::lround(col))};
    if (std::abs(row - cell.row) > 1e-6 || std::abs(col - cell.col) > 1e-6) continue;
    if (cell.row < 0 || cell.col < 0 || cell.row >= plane.rows || cell.col >= plane.cols) continue;
    const auto quad = plane.quad(cell);
    bool same = true;
    for (std::size_t n = 0; n < 4; ++n)
      same = same && std::abs(quad[n].x - path.points[n].x) < 1e-6 && std::abs(quad[n].y - path.points[n].y) < 1e-6;
    if (same) return std::pair{plane.name, cell};
  }
  return std::nullopt;
}

bool same_colour(const Colour& a, const Colour& b) { return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a; }

using PlaneCells = std::set<std::pair<std::string, std::pair<int, int>>>;

// Every cell a scene fills with the theme's shade, by plane; a shaded quad that is no plane's cell is
// named "?".
PlaneCells shaded_cells(const View& view, const Scene& scene, const Theme& theme) {
  PlaneCells cells;
  for (const convanim::Layer& layer : scene.layers)
    for (std::size_t n = 0; n < layer.count; ++n)
      if (const Path* path = std::get_if<Path>(&(*layer.shapes)[n]);
          path && path->fill && same_colour(*path->fill, theme.shade)) {
        const auto at = cell_of(view, *path);
        cells.insert(at ? std::pair{at->first, std::pair{at->second.row, at->second.col}}
                        : std::pair{std::string("?"), std::pair{0, 0}});
      }
  return cells;
}

void add(PlaneCells& cells, const std::string& plane, Cell cell) { cells.insert({plane, {cell.row, cell.col}}); }

// A number as the scatter view prints it ({:g}); a contribution has a "+" before it.
double number_of(const RichText& rich) {
  const std::string text = rich.plain();
  std::size_t used = 0;
  const std::string digits = !text.empty() && text[0] == '+' ? text.substr(1) : text;
  const double value = std::stod(digits, &used);
  CHECK(used == digits.size());
  return value;
}

// An integer as {:g} prints it.
std::string integer_text(double value) { return std::to_string(std::lround(value)); }

bool inside_quad_box(const Plane& plane, Cell cell, Point p) {
  Box box;
  for (Point corner : plane.quad(cell)) box.add(corner);
  return p.x > box.x0 && p.x < box.x1 && p.y > box.y0 && p.y < box.y1;
}

LayerSpec transposed_layer(int in, int out, int groups, bool bias, AxisSpec h, AxisSpec w, int dims = 2) {
  LayerSpec l;
  l.dims = dims;
  l.in_channels = in;
  l.out_channels = out;
  l.groups = groups;
  l.bias = bias;
  l.h = dims == 1 ? AxisSpec{} : h;
  l.w = w;
  return l;
}

// The transposed layers with values whose scatter views are checked: output_padding, groups and
// uneven padding, a stride beyond the kernel (cells no stamp reaches, with and without a bias),
// cropping beyond d(k - 1), and 1-D.
std::vector<LayerSpec> scatter_view_layers() {
  return {
      transposed_layer(1, 1, 1, true, {3, 3, 2, 1, 1, 1, 1}, {3, 3, 2, 1, 1, 1, 1}),
      transposed_layer(4, 2, 2, true, {2, 2, 2, 1, 1, 0, 1}, {3, 3, 1, 2, 0, 2, 0}),
      transposed_layer(1, 1, 1, false, {2, 2, 3, 1, 0, 0, 0}, {2, 2, 3, 1, 0, 0, 2}),
      transposed_layer(1, 2, 1, true, {3, 2, 2, 1, 2, 2, 0}, {2, 2, 2, 1, 2, 1, 1}),
      transposed_layer(2, 3, 1, true, {}, {4, 2, 3, 1, 0, 0, 2}, 1),
  };
}

Scenario scatter_view_scenario(const LayerSpec& l, const Values& v) {
  json config = config_of(l, v);
  config["render"] = {{"view", "scatter"}};
  return parse(config);
}

// ---- The convolution of a pair, from its own geometry

// Axes of the convolution a scenario pairs with: its own, or for a transposed convolution the
// convolution from its output size with the same kernel, stride, dilation and padding.
std::array<AxisSpec, 2> convolution_axes_of(const Scenario& s) {
  std::array<AxisSpec, 2> axes;
  for (std::size_t n = 0; n < 2; ++n) {
    const Axis& a = s.axes[n];
    AxisSpec spec{a.input, a.kernel, a.stride, a.dilation, a.padding_begin, a.padding_end, 0};
    if (s.operation == Operation::transposed_convolution)
      spec.i = transposed_length(
          {a.input, a.kernel, a.stride, a.dilation, a.padding_begin, a.padding_end, a.output_padding});
    axes[n] = spec;
  }
  return axes;
}

// The grid cells under the taps of the convolution's step at output (r, c), row-major by tap.
std::vector<Cell> window_of(const std::array<AxisSpec, 2>& conv, Cell output) {
  std::vector<Cell> window;
  for (int a = 0; a < conv[0].k; ++a)
    for (int b = 0; b < conv[1].k; ++b)
      window.push_back({output.row * conv[0].s + a * conv[0].d, output.col * conv[1].s + b * conv[1].d});
  return window;
}

// ---- The matrix C, from its definition

// Entry (j, m) of a single-channel convolution's C: the weight that multiplies input unit m (row-major)
// in output unit j (row-major), summed over the taps that land on it (one at most), as the tap index.
struct DenseMatrix {
  int rows = 0, cols = 0;
  std::vector<std::vector<std::pair<int, int>>> taps;  // per row: (column, tap), row-major by tap
};

DenseMatrix matrix_of(const std::array<AxisSpec, 2>& conv) {
  const int oh = convolution_length(conv[0]), ow = convolution_length(conv[1]);
  DenseMatrix m;
  m.rows = oh * ow;
  m.cols = conv[0].i * conv[1].i;
  for (int j = 0; j < m.rows; ++j) {
    const int r = j / ow, c = j % ow;
    std::vector<std::pair<int, int>> row;
    for (int a = 0; a < conv[0].k; ++a)
      for (int b = 0; b < conv[1].k; ++b) {
        const int y = r * conv[0].s + a * conv[0].d - conv[0].pb, x = c * conv[1].s + b * conv[1].d - conv[1].pb;
        if (y >= 0 && y < conv[0].i && x >= 0 && x < conv[1].i) row.push_back({y * conv[1].i + x, a * conv[1].k + b});
      }
    m.taps.push_back(std::move(row));
  }
  return m;
}

std::vector<std::vector<double>> dense(const DenseMatrix& m, const std::vector<double>& kernel) {
  std::vector<std::vector<double>> c(std::size_t(m.rows), std::vector<double>(std::size_t(m.cols), 0.0));
  for (int j = 0; j < m.rows; ++j)
    for (const auto& [column, tap] : m.taps[std::size_t(j)])
      c[std::size_t(j)][std::size_t(column)] += kernel[std::size_t(tap)];
  return c;
}

// The cells of the matrix view a frame shades: row j of C with the input entries it multiplies and
// output entry j, or for C^T column j with input entry j and the output entries it writes.
PlaneCells expected_matrix_marks(const DenseMatrix& m, bool transposed, int j, std::array<int, 2> x_shape,
                                 std::array<int, 2> y_shape) {
  PlaneCells cells;
  const auto vector_entry = [&](const char* vector, const char* grid, int index, std::array<int, 2> shape,
                                bool column) {
    add(cells, vector, column ? Cell{index, 0} : Cell{0, index});
    add(cells, grid, {index / shape[1], index % shape[1]});
  };
  if (!transposed) {
    for (int col = 0; col < m.cols; ++col) add(cells, "matrix", {j, col});
    for (const auto& [column, tap] : m.taps[std::size_t(j)]) vector_entry("x", "x grid", column, x_shape, false);
    vector_entry("y", "y grid", j, y_shape, true);
  } else {
    for (int row = 0; row < m.cols; ++row) add(cells, "matrix", {row, j});
    vector_entry("x", "x grid", j, x_shape, false);
    for (const auto& [column, tap] : m.taps[std::size_t(j)]) vector_entry("y", "y grid", column, y_shape, true);
  }
  return cells;
}

std::string error_of(const json& config) {
  return test::error_of([&] { read_render_options(parse_config(config, source_name, "case")); });
}

std::filesystem::path guide(const std::string& name) {
  return std::filesystem::path(CONVANIM_SOURCE_DIR) / "configs" / "guide" / (name + ".json");
}

constexpr const char* guide_transposed[] = {
    "no_padding_no_strides_transposed",   "arbitrary_padding_no_strides_transposed",
    "same_padding_no_strides_transposed", "full_padding_no_strides_transposed",
    "no_padding_strides_transposed",      "padding_strides_transposed",
    "padding_strides_odd_transposed"};

}  // namespace

// ---- 1. The scatter record

TEST_CASE("scatter: 2-D transposed convolutions' stamps, trace entries and sums against references", "[transposed]") {
  const auto list = transposed_axes(3, 3, 2);
  // Cropping beyond d(k - 1), uneven padding, output_padding with dilation beyond the stride.
  CHECK(std::any_of(list.begin(), list.end(), [](const AxisSpec& a) { return a.pb > a.d * (a.k - 1); }));
  CHECK(std::any_of(list.begin(), list.end(), [](const AxisSpec& a) { return a.op >= a.s && a.d > a.s; }));
  CHECK(check_scatter_records(2, list, 2) > 400);
}

TEST_CASE("scatter: 1-D transposed convolutions' stamps, trace entries and sums against references", "[transposed]") {
  const auto list = transposed_axes(5, 3, 2);
  CHECK(check_scatter_records(1, list, 3) > 400);
}

TEST_CASE("scatter: a worked example, and no \"scatter\" for a convolution", "[transposed]") {
  // i = 2, k = 2, s = 2, p = 1 (PyTorch's ConvTranspose2d(1, 1, 2, stride=2, padding=1)): unit (0, 0)
  // writes taps (1, 1) at output (0, 0) and crops the other three; unit (1, 1) writes (0, 0) at (1, 1).
  const Trace trace = simulate(
      parse({{"operation", "transposed_convolution"}, {"input", 2}, {"kernel", 2}, {"stride", 2}, {"padding", 1}}));
  REQUIRE(trace.output_size == std::array<int, 2>{2, 2});
  const ojson entries = trace_to_json(trace)["scatter"];
  REQUIRE(entries.size() == 4);
  CHECK(entries[0] == ojson::parse(R"({"input": [0, 0, 0], "outputs": [[0, 0, 0]], "taps": [[1, 1]],
                                      "cropped": [[0, -1, -1], [0, -1, 0], [0, 0, -1]]})"));
  CHECK(entries[3] == ojson::parse(R"({"input": [0, 1, 1], "outputs": [[0, 1, 1]], "taps": [[0, 0]],
                                      "cropped": [[0, 1, 2], [0, 2, 1], [0, 2, 2]]})"));
  const Trace convolution = simulate(parse({{"operation", "convolution"}, {"input", 4}, {"kernel", 3}}));
  CHECK_FALSE(trace_to_json(convolution).contains("scatter"));
}

// ---- 2. The scatter view's running sums

TEST_CASE("scatter view: every frame's running sums and contributions; the last frame is conv_transpose",
          "[transposed]") {
  bool unreached_with_bias = false, unreached_without = false;
  std::size_t frames_checked = 0;
  for (const LayerSpec& l : scatter_view_layers()) {
    const Values given = make_values(l, std::uint64_t(l.w.i * 131 + l.out_channels));
    const Scenario scenario = scatter_view_scenario(l, given);
    CAPTURE(config_of(l).dump());
    const Figure figure(scenario, {});
    const View& view = *figure.view;
    const int oh = transposed_length(l.h), ow = transposed_length(l.w);
    REQUIRE(figure.trace.output_size == std::array<int, 2>{oh, ow});
    const std::vector<ExpectedStamp> stamps = expected_scatter(l, oh, ow);
    REQUIRE(figure.frames() == stamps.size());
    REQUIRE(figure.frames() == std::size_t(l.out_channels * l.per_in() * l.h.i * l.w.i));

    // The output drawn at its full, uncropped extent: from -p_begin to the last write or the output's end.
    const Plane& output = view.plane("output");
    CHECK(output.rows == l.h.pb + std::max(last_reach(l.h) + 1 - l.h.pb, oh));
    CHECK(output.cols == l.w.pb + std::max(last_reach(l.w) + 1 - l.w.pb, ow));
    CHECK(view.plane("input").rows == l.h.i);
    CHECK(view.plane("input").cols == l.w.i);
    const std::vector<double> reference = reference_conv_transpose(l, given, oh, ow);
    REQUIRE(figure.trace.values->output.data == reference);

    std::vector<double> running;
    std::vector<bool> reached;
    std::vector<std::vector<std::string>> texts_in_order;  // each frame's sums layer, frames drawn in order
    for (std::size_t f = 0; f < stamps.size(); ++f) {
      CAPTURE(f);
      const ExpectedStamp& stamp = stamps[f];
      if (f == 0 || stamps[f - 1].output_channel != stamp.output_channel) {
        running.assign(std::size_t(output.rows * output.cols), bias_of(l, given, stamp.output_channel));
        reached.assign(running.size(), false);
      }
      std::vector<double> contributions;
      for (const ExpectedWrite& write : stamp.writes) {
        const double x = input_at(l, given, stamp.input_channel, stamp.input.row, stamp.input.col);
        const double weight =
            weight_at(l, given, stamp.input_channel, stamp.output_channel % l.per_out(), write.tap.row, write.tap.col);
        const std::size_t at = std::size_t((write.output.row + l.h.pb) * output.cols + write.output.col + l.w.pb);
        running[at] += x * weight;
        reached[at] = true;
        contributions.push_back(x * weight);
      }

      const Scene scene = view.scene(f);
      REQUIRE_FALSE(scene.layers.empty());
      const convanim::Layer& sums = scene.layers.back();
      REQUIRE(sums.count == running.size() + stamp.writes.size());
      std::ostringstream problems;
      for (std::size_t n = 0; n < sums.count; ++n) {
        const Text* text = std::get_if<Text>(&(*sums.shapes)[n]);
        if (!text) {
          problems << "shape " << n << " is not a text\n";
          continue;
        }
        if (n < running.size()) {
          const Cell cell{int(n) / output.cols, int(n) % output.cols};
          if (number_of(text->text) != running[n] || text->text.plain().front() == '+')
            problems << "sum at " << Catch::StringMaker<Cell>::convert(cell) << ": \"" << text->text << "\", expected "
                     << running[n] << "\n";
          if (!inside_quad_box(output, cell, text->anchor)) problems << "sum " << n << " outside its cell\n";
        } else {
          const std::size_t t = n - running.size();
          const Cell cell{stamp.writes[t].output.row + l.h.pb, stamp.writes[t].output.col + l.w.pb};
          if (text->text.plain().front() != '+' || number_of(text->text) != contributions[t])
            problems << "contribution of tap " << t << ": \"" << text->text << "\", expected +" << contributions[t]
                     << "\n";
          if (!inside_quad_box(output, cell, text->anchor))
            problems << "contribution of tap " << t << " not in cell " << Catch::StringMaker<Cell>::convert(cell)
                     << "\n";
        }
      }
      CHECK(problems.str() == "");
      ++frames_checked;
      texts_in_order.emplace_back();
      for (std::size_t n = 0; n < sums.count; ++n)
        if (const Text* text = std::get_if<Text>(&(*sums.shapes)[n])) texts_in_order.back().push_back(text->text.plain());

      // After the output channel's last stamp, the cells inside the output are conv_transpose's.
      if (f + 1 == stamps.size() || stamps[f + 1].output_channel != stamp.output_channel) {
        const int oc = stamp.output_channel;
        for (int r = 0; r < oh; ++r)
          for (int c = 0; c < ow; ++c) {
            const std::size_t at = std::size_t((r + l.h.pb) * output.cols + c + l.w.pb);
            const Text& text = std::get<Text>((*sums.shapes)[at]);
            const double want = reference[output_offset(oc, r, c, oh, ow)];
            if (number_of(text.text) != want) {
              CAPTURE(oc, r, c, text.text, want);
              CHECK(number_of(text.text) == want);
            }
            if (!reached[at]) {
              // A cell no stamp reaches shows its 0, or the bias.
              CHECK(text.text.plain() == integer_text(bias_of(l, given, oc)));
              (l.bias ? unreached_with_bias : unreached_without) = true;
            }
          }
      }
    }
    // Frames asked for out of order (a PNG of one step, a --frames range) show the same sums.
    for (std::size_t f = stamps.size(); f-- > 0;) {
      const Scene scene = view.scene(f);
      const convanim::Layer& sums = scene.layers.back();
      std::vector<std::string> texts;
      for (std::size_t n = 0; n < sums.count; ++n)
        if (const Text* text = std::get_if<Text>(&(*sums.shapes)[n])) texts.push_back(text->text.plain());
      if (texts != texts_in_order[f]) {
        CAPTURE(f);
        CHECK(texts == texts_in_order[f]);
      }
    }
  }
  CHECK(unreached_with_bias);
  CHECK(unreached_without);
  CHECK(frames_checked > 60);
}

// ---- 3. The scatter view's pixels

namespace {

LayerSpec layer_from(const Scenario& s) {
  const auto spec = [](const Axis& a) {
    return AxisSpec{a.input, a.kernel, a.stride, a.dilation, a.padding_begin, a.padding_end, a.output_padding};
  };
  LayerSpec l;
  l.operation = s.operation;
  l.dims = s.dims;
  l.in_channels = s.in_channels;
  l.out_channels = s.out_channels;
  l.groups = s.groups;
  l.bias = s.bias;
  l.h = spec(s.height());
  l.w = spec(s.width());
  return l;
}

bool is_flat(const Plane& plane) { return plane.column.y == 0 && plane.row_step.x == 0; }

// Every mismatch of one scatter frame: the stamp's written cells shaded on the output plane (the
// cropped border unfilled), its input unit alone shaded on the input plane.
std::string check_scatter_frame(const Figure& figure, const LayerSpec& l, const ExpectedStamp& stamp,
                                const test::Image& image) {
  const Theme& theme = *figure.settings.theme;
  const Plane &input = figure.view->plane("input"), &output = figure.view->plane("output");
  // Flat planes carry values at their centres: sample near a corner there.
  const Point uv = is_flat(output) ? Point{0.25, 0.25} : Point{0.5, 0.5};
  const int group = stamp.output_channel / l.per_out();
  const int oh = figure.trace.output_size[0], ow = figure.trace.output_size[1];
  std::set<std::pair<int, int>> written;
  for (const ExpectedWrite& write : stamp.writes)
    written.insert({write.output.row + l.h.pb, write.output.col + l.w.pb});
  std::ostringstream problems;
  for (int r = 0; r < input.rows; ++r)
    for (int c = 0; c < input.cols; ++c)
      expect_cell(problems, image, theme, "input", input, {r, c}, uv, plane_colour(theme, false, group, l.groups),
                  Cell{r, c} == stamp.input);
  for (int r = 0; r < output.rows; ++r)
    for (int c = 0; c < output.cols; ++c) {
      const bool inside = r - l.h.pb >= 0 && r - l.h.pb < oh && c - l.w.pb >= 0 && c - l.w.pb < ow;
      expect_cell(problems, image, theme, "output", output, {r, c}, uv,
                  inside ? plane_colour(theme, true, group, l.groups) : theme.background, written.count({r, c}) > 0);
    }
  return problems.str();
}

}  // namespace

TEST_CASE("scatter view pixels: the stamp's cells shaded on the output, its unit on the input", "[transposed]") {
  // Oblique figures drawn small; flat ones with values at their size, to keep the values clear of the samples.
  std::vector<std::pair<std::string, Scenario>> cases;
  for (const char* name : {"padding_strides_odd_transposed", "arbitrary_padding_no_strides_transposed"})
    cases.push_back({name, load_scenario(guide(name))});
  const std::vector<LayerSpec> layers = scatter_view_layers();
  for (std::size_t n : {std::size_t(1), std::size_t(3), std::size_t(4)}) {
    const LayerSpec& l = layers[n];
    cases.push_back({config_of(l).dump(), scatter_view_scenario(l, make_values(l, n))});
  }
  std::size_t frames = 0;
  bool cropped_border = false;
  for (const auto& [name, scenario] : cases) {
    CAPTURE(name);
    // The guide's figures drawn small (the others have values, drawn at their size).
    const bool guide_figure = name.find('{') == std::string::npos;
    const Figure figure(scenario, view_flag("scatter", guide_figure ? small_cell_px : 0));
    const LayerSpec l = layer_from(scenario);
    const std::vector<ExpectedStamp> stamps =
        expected_scatter(l, figure.trace.output_size[0], figure.trace.output_size[1]);
    REQUIRE(figure.frames() == stamps.size());
    for (const ExpectedStamp& stamp : stamps)
      for (const ExpectedWrite& write : stamp.writes) cropped_border = cropped_border || write.cropped;
    const std::vector<test::Image> images = draw(figure, 0, figure.frames() - 1);
    for (std::size_t f = 0; f < images.size(); ++f) {
      CAPTURE(f);
      CHECK(check_scatter_frame(figure, l, stamps[f], images[f]) == "");
      ++frames;
    }
    // The check tells frames apart, or it proves nothing.
    CHECK(check_scatter_frame(figure, l, stamps[1], images[0]) != "");
  }
  CHECK(cropped_border);
  CHECK(frames > 100);
}

// ---- 4. The pair view and paired_scenario()

namespace {

// Every mismatch of one pair frame: the convolution's step window shaded on "convolution input" and
// the same cells on "transposed output"; its output cell on "convolution output" and "transposed input".
std::string check_pair_frame(const Figure& figure, const std::array<AxisSpec, 2>& conv, std::size_t frame,
                             const test::Image& image) {
  const Theme& theme = *figure.settings.theme;
  const View& view = *figure.view;
  const int ow = convolution_length(conv[1]);
  const Cell output{int(frame) / ow, int(frame) % ow};
  const std::vector<Cell> window = window_of(conv, output);
  const auto in_window = [&](Cell cell) { return std::find(window.begin(), window.end(), cell) != window.end(); };
  // An input unit of the convolution's padded grid; on the transposed side, a cell of its output.
  const auto unit = [&](Cell cell) {
    return cell.row >= conv[0].pb && cell.row < conv[0].pb + conv[0].i && cell.col >= conv[1].pb &&
           cell.col < conv[1].pb + conv[1].i;
  };
  std::ostringstream problems;
  const Point centre{0.5, 0.5};
  for (const char* name : {"convolution input", "transposed output"}) {
    const Plane& plane = view.plane(name);
    const Colour& fill = std::string(name) == "convolution input" ? theme.input : theme.output;
    for (int r = 0; r < plane.rows; ++r)
      for (int c = 0; c < plane.cols; ++c)
        expect_cell(problems, image, theme, name, plane, {r, c}, centre, unit({r, c}) ? fill : theme.background,
                    in_window({r, c}));
  }
  for (const char* name : {"convolution output", "transposed input"}) {
    const Plane& plane = view.plane(name);
    const Colour& fill = std::string(name) == "convolution output" ? theme.output : theme.input;
    for (int r = 0; r < plane.rows; ++r)
      for (int c = 0; c < plane.cols; ++c)
        expect_cell(problems, image, theme, name, plane, {r, c}, centre, fill, Cell{r, c} == output);
  }
  return problems.str();
}

}  // namespace

TEST_CASE("pair view: both halves light the same cells, frame by frame", "[transposed]") {
  std::vector<std::string> names(std::begin(guide_transposed), std::end(guide_transposed));
  for (const char* name : {"no_padding_no_strides", "no_padding_strides", "padding_strides", "padding_strides_odd",
                           "dilation", "arbitrary_padding_no_strides"})
    names.push_back(name);
  std::size_t frames = 0;
  for (const std::string& name : names) {
    CAPTURE(name);
    const Scenario scenario = load_scenario(guide(name));
    const Figure figure(scenario, view_flag("pair", small_cell_px));
    const std::array<AxisSpec, 2> conv = convolution_axes_of(scenario);
    const int oh = convolution_length(conv[0]), ow = convolution_length(conv[1]);
    // A frame per step of the convolution; the transposed convolution goes back from its output.
    REQUIRE(figure.frames() == std::size_t(oh * ow));
    const View& view = *figure.view;
    CHECK(view.plane("convolution input").rows == conv[0].pb + conv[0].i + conv[0].pe);
    CHECK(view.plane("convolution input").cols == conv[1].pb + conv[1].i + conv[1].pe);
    CHECK(view.plane("convolution output").rows == oh);
    CHECK(view.plane("convolution output").cols == ow);
    CHECK(view.plane("transposed input").rows == oh);
    CHECK(view.plane("transposed input").cols == ow);
    CHECK(view.plane("transposed output").rows == view.plane("convolution input").rows);
    CHECK(view.plane("transposed output").cols == view.plane("convolution input").cols);
    if (scenario.operation == Operation::transposed_convolution) {
      CHECK(oh == scenario.height().input);
      CHECK(ow == scenario.width().input);
    }
    // Rendered a few frames at a time, so that few frames are held at once.
    constexpr std::size_t chunk = 12;
    for (std::size_t first = 0; first < figure.frames(); first += chunk) {
      const std::size_t last = std::min(first + chunk, figure.frames()) - 1;
      const std::vector<test::Image> images = draw(figure, first, last);
      for (std::size_t f = first; f <= last; ++f) {
        CAPTURE(f);
        CHECK(check_pair_frame(figure, conv, f, images[f - first]) == "");
        ++frames;
      }
      if (figure.frames() > 1) CHECK(check_pair_frame(figure, conv, (first + 1) % figure.frames(), images[0]) != "");
    }
  }
  CHECK(frames > 200);
}

TEST_CASE("paired_scenario: a convolution's transposed twin restores its input; pairing twice gives it back",
          "[transposed]") {
  const auto list = convolution_axes(6, 3, 2);
  std::size_t checked = 0;
  for (std::size_t n = 0; n < list.size(); ++n) {
    LayerSpec l = layer_of(Operation::convolution, n % 5 == 0 ? 1 : 2, list, n, true);
    json config = config_of(l);
    CAPTURE(config.dump());
    const Scenario s = parse(config);
    const Scenario pair = paired_scenario(s);
    CHECK(pair.operation == Operation::transposed_convolution);
    CHECK(pair.dims == s.dims);
    CHECK(pair.bias == s.bias);
    CHECK_FALSE(pair.values.has_value());
    const AxisSpec specs[2] = {l.h, l.w};
    for (std::size_t a = 0; a < 2; ++a) {
      CAPTURE(a);
      const AxisSpec& c = specs[a];
      const Axis& t = pair.axes[a];
      const int o = convolution_length(c);
      CHECK(t.input == o);
      CHECK(t.kernel == c.k);
      CHECK(t.stride == c.s);
      CHECK(t.dilation == c.d);
      CHECK(t.padding_begin == c.pb);
      CHECK(t.padding_end == c.pe);
      // The output size formula, o' = (o - 1)s - p_begin - p_end + d(k - 1) + output_padding + 1, gives i
      // exactly, with an output_padding PyTorch accepts.
      const int op = c.i - ((o - 1) * c.s - c.pb - c.pe + c.d * (c.k - 1) + 1);
      CHECK(t.output_padding == op);
      CHECK(op >= 0);
      CHECK(op < std::max(c.s, c.d));
      CHECK(transposed_length({o, c.k, c.s, c.d, c.pb, c.pe, t.output_padding}) == c.i);
      CHECK(output_size(pair.operation, t) == c.i);
    }
    CHECK_NOTHROW(check_geometry(pair));
    const Scenario back = paired_scenario(pair);
    CHECK(back.operation == Operation::convolution);
    for (std::size_t a = 0; a < 2; ++a) {
      const AxisSpec& c = specs[a];
      const Axis& b = back.axes[a];
      CAPTURE(a);
      CHECK(b.input == c.i);
      CHECK(b.kernel == c.k);
      CHECK(b.stride == c.s);
      CHECK(b.dilation == c.d);
      CHECK(b.padding_begin == c.pb);
      CHECK(b.padding_end == c.pe);
      CHECK(b.output_padding == 0);
    }
    ++checked;
  }
  CHECK(checked > 800);
}

TEST_CASE("paired_scenario: a transposed convolution's convolution maps its output back to its input", "[transposed]") {
  const auto list = transposed_axes(4, 3, 2);
  std::size_t checked = 0;
  for (std::size_t n = 0; n < list.size(); ++n) {
    LayerSpec l = layer_of(Operation::transposed_convolution, 2, list, n, true);
    // Only output_padding below the stride has an exact twin (see the next case).
    if (l.h.op >= l.h.s || l.w.op >= l.w.s) continue;
    CAPTURE(config_of(l).dump());
    const Scenario s = parse(config_of(l));
    const Scenario pair = paired_scenario(s);
    CHECK(pair.operation == Operation::convolution);
    const AxisSpec specs[2] = {l.h, l.w};
    for (std::size_t a = 0; a < 2; ++a) {
      CAPTURE(a);
      const Axis& c = pair.axes[a];
      CHECK(c.input == transposed_length(specs[a]));
      CHECK(c.padding_begin == specs[a].pb);
      CHECK(c.padding_end == specs[a].pe);
      CHECK(convolution_length({c.input, c.kernel, c.stride, c.dilation, c.padding_begin, c.padding_end, 0}) ==
            specs[a].i);
      const Scenario twin_of_twin = paired_scenario(pair);
      const Axis& back = twin_of_twin.axes[a];
      CHECK(back.input == specs[a].i);
      CHECK(back.output_padding == specs[a].op);
    }
    ++checked;
  }
  CHECK(checked > 500);
}

// With dilation beyond the stride, PyTorch takes output_padding up to d - 1 >= s. The convolution
// from such an output back has i + floor(output_padding / s) outputs, not i: no convolution with the
// same k, s, p, d is its exact transpose. The pair and matrix views must then refuse it, or draw a
// pair whose convolution's output is the transposed convolution's input.
TEST_CASE("pair and matrix views: output_padding at or beyond the stride is refused or paired exactly",
          "[transposed]") {
  for (const char* view : {"pair", "matrix"}) {
    const json config{{"operation", "transposed_convolution"},
                      {"input", 2},
                      {"kernel", 2},
                      {"dilation", 2},
                      {"output_padding", 1},
                      {"values", {{"input", {{1, 2}, {3, 4}}}, {"kernel", {{1, 0}, {0, 1}}}}},
                      {"render", {{"view", view}}}};
    CAPTURE(view);
    const std::string error = error_of(config);
    if (!error.empty()) {
      CHECK_THAT(error, Catch::Contains("/render/view"));
      continue;
    }
    const Scenario s = parse(config);
    const Scenario conv = paired_scenario(s);
    CHECK(conv.output_height() == s.height().input);
    CHECK(conv.output_width() == s.width().input);
    // Only then is the figure safe to build (the views index the input by the convolution's output).
    if (conv.output_height() == s.height().input && conv.output_width() == s.width().input) {
      const Figure figure(s, {});
      CHECK(figure.frames() == 4);  // a frame per input unit of the transposed convolution
    }
  }
}

// ---- 5. The matrix C

TEST_CASE("convolution_matrix: row j holds the input units under step j's taps, with the tap", "[transposed]") {
  const auto list = convolution_axes(5, 3, 2);
  std::size_t checked = 0;
  for (std::size_t n = 0; n < list.size(); ++n) {
    const LayerSpec l = layer_of(Operation::convolution, n % 6 == 0 ? 1 : 2, list, n, true);
    CAPTURE(config_of(l).dump());
    const Trace trace = simulate(parse(config_of(l)));
    const DenseMatrix want = matrix_of({l.h, l.w});
    const ConvolutionMatrix got = convolution_matrix(trace);
    REQUIRE(got.rows == want.rows);
    REQUIRE(got.cols == want.cols);
    REQUIRE(got.rows == convolution_length(l.h) * convolution_length(l.w));
    REQUIRE(got.cols == l.h.i * l.w.i);
    REQUIRE(got.row_entries.size() == std::size_t(want.rows));
    for (int j = 0; j < want.rows; ++j) {
      std::vector<std::pair<int, int>> entries;
      for (const auto& e : got.row_entries[std::size_t(j)]) entries.push_back({e.column, e.tap});
      if (entries != want.taps[std::size_t(j)]) {
        CAPTURE(j);
        CHECK(entries == want.taps[std::size_t(j)]);
      }
    }
    ++checked;
  }
  CHECK(checked > 700);
}

TEST_CASE("matrix: C x is the convolution's output, C^T x the transposed convolution's", "[transposed]") {
  std::size_t convolutions = 0, transposed = 0;
  const auto conv_list = convolution_axes(5, 3, 2);
  for (std::size_t n = 0; n < conv_list.size(); ++n) {
    if (!sampled(n, 3)) continue;
    const LayerSpec l = layer_of(Operation::convolution, 2, conv_list, n, true);
    const Values given = make_values(l, n);
    const json config = config_of(l, given);
    CAPTURE(config.dump());
    const Trace trace = simulate(parse(config));
    const auto c = dense(matrix_of({l.h, l.w}), given.weight);
    std::vector<double> y;
    for (const auto& row : c) {
      double sum = bias_of(l, given, 0);
      for (std::size_t m = 0; m < row.size(); ++m) sum += row[m] * given.input[m];
      y.push_back(sum);
    }
    CHECK(y == trace.values->output.data);
    CHECK(y == reference_convolution(l, given, convolution_length(l.h), convolution_length(l.w)));
    ++convolutions;
  }
  const auto transposed_list = transposed_axes(4, 3, 2);
  for (std::size_t n = 0; n < transposed_list.size(); ++n) {
    if (!sampled(n, 3)) continue;
    const LayerSpec l = layer_of(Operation::transposed_convolution, 2, transposed_list, n, true);
    const Values given = make_values(l, n);
    const json config = config_of(l, given);
    CAPTURE(config.dump());
    const Trace trace = simulate(parse(config));
    // The forward convolution from the transposed one's output, with the same weights, unflipped; its
    // first i_h * i_w rows (all of them when output_padding is below the stride).
    const std::array<AxisSpec, 2> forward{AxisSpec{transposed_length(l.h), l.h.k, l.h.s, l.h.d, l.h.pb, l.h.pe, 0},
                                          AxisSpec{transposed_length(l.w), l.w.k, l.w.s, l.w.d, l.w.pb, l.w.pe, 0}};
    REQUIRE(convolution_length(forward[1]) >= l.w.i);
    // Row r of the forward convolution's output is its unit r * o_w + c: keep the first i_w of each of its first i_h
    // rows.
    DenseMatrix full = matrix_of(forward);
    DenseMatrix kept{0, full.cols, {}};
    const int fw = convolution_length(forward[1]);
    for (int r = 0; r < l.h.i; ++r)
      for (int col = 0; col < l.w.i; ++col) kept.taps.push_back(full.taps[std::size_t(r * fw + col)]);
    kept.rows = int(kept.taps.size());
    const auto c = dense(kept, given.weight);
    std::vector<double> y(std::size_t(kept.cols), bias_of(l, given, 0));
    for (std::size_t j = 0; j < c.size(); ++j)
      for (std::size_t m = 0; m < c[j].size(); ++m) y[m] += c[j][m] * given.input[j];
    CHECK(y == trace.values->output.data);
    CHECK(y == reference_conv_transpose(l, given, transposed_length(l.h), transposed_length(l.w)));
    if (l.h.op < l.h.s && l.w.op < l.w.s) {
      // The exact twin: paired_scenario()'s convolution has that C.
      const ConvolutionMatrix twin = convolution_matrix(simulate(paired_scenario(trace.scenario)));
      REQUIRE(twin.rows == kept.rows);
      for (int j = 0; j < kept.rows; ++j) {
        std::vector<std::pair<int, int>> entries;
        for (const auto& e : twin.row_entries[std::size_t(j)]) entries.push_back({e.column, e.tap});
        CHECK(entries == kept.taps[std::size_t(j)]);
      }
    }
    ++transposed;
  }
  CHECK(convolutions > 200);
  CHECK(transposed > 350);
}

namespace {

struct MatrixCase {
  std::string name;
  Scenario scenario;
};

std::vector<MatrixCase> matrix_cases() {
  const auto from = [](const std::string& name) {
    return MatrixCase{
        name, load_scenario(std::filesystem::path(CONVANIM_SOURCE_DIR) / "configs" / "transposed" / (name + ".json"))};
  };
  std::vector<MatrixCase> cases{from("no_padding_no_strides_matrix"), from("padding_strides_matrix"),
                                from("padding_strides_transposed_matrix")};
  LayerSpec uneven;
  uneven.operation = Operation::convolution;
  uneven.h = {3, 2, 1, 1, 1, 0, 0};
  uneven.w = {4, 3, 2, 1, 0, 2, 0};
  cases.push_back({"uneven convolution, values", parse(config_of(uneven, make_values(uneven, 5)))});
  LayerSpec odd = transposed_layer(1, 1, 1, false, {2, 3, 2, 1, 1, 1, 1}, {3, 2, 2, 2, 0, 1, 1});
  cases.push_back({"transposed, output_padding, dilation", parse(config_of(odd))});
  LayerSpec transposed_values = transposed_layer(1, 1, 1, false, {3, 3, 2, 1, 1, 1, 1}, {3, 3, 2, 1, 1, 1, 1});
  cases.push_back({"transposed, values", parse(config_of(transposed_values, make_values(transposed_values, 9)))});
  LayerSpec one_d = transposed_layer(1, 1, 1, false, {}, {4, 3, 2, 1, 1, 0, 1}, 1);
  cases.push_back({"1-D transposed", parse(config_of(one_d))});
  json largest{{"operation", "convolution"}, {"input", 16}, {"kernel", 3}, {"padding", 1}};
  cases.push_back({"16 x 16", parse(largest)});
  return cases;
}

}  // namespace

TEST_CASE("matrix view: a frame per row of C; frame j marks row j (column j of C^T) and its entries", "[transposed]") {
  std::size_t frames = 0;
  for (const MatrixCase& c : matrix_cases()) {
    CAPTURE(c.name);
    RenderOverrides overrides = view_flag("matrix");
    if (c.name == "16 x 16") overrides.set("cell_size", small_cell_px);  // see the next case
    const Figure figure(c.scenario, overrides);
    const View& view = *figure.view;
    const bool transposed = c.scenario.operation == Operation::transposed_convolution;
    const std::array<AxisSpec, 2> conv = convolution_axes_of(c.scenario);
    const DenseMatrix m = matrix_of(conv);
    const std::array<int, 2> large{conv[0].i, conv[1].i},
        small{convolution_length(conv[0]), convolution_length(conv[1])};
    REQUIRE(figure.frames() == std::size_t(m.rows));
    const Plane& matrix = view.plane("matrix");
    CHECK(matrix.rows == (transposed ? m.cols : m.rows));
    CHECK(matrix.cols == (transposed ? m.rows : m.cols));
    CHECK(view.plane("x").cols == matrix.cols);
    CHECK(view.plane("x").rows == 1);
    CHECK(view.plane("y").rows == matrix.rows);
    CHECK(view.plane("y").cols == 1);
    const auto x_shape = transposed ? small : large, y_shape = transposed ? large : small;
    CHECK(view.plane("x grid").rows == x_shape[0]);
    CHECK(view.plane("x grid").cols == x_shape[1]);
    CHECK(view.plane("y grid").rows == y_shape[0]);
    CHECK(view.plane("y grid").cols == y_shape[1]);
    // The x plane's columns above the matrix's, the y plane's rows beside its rows.
    CHECK(view.plane("x").point({0, 1}).x == Approx(matrix.point({0, 1}).x));
    CHECK(view.plane("y").point({1, 0}).y == Approx(matrix.point({1, 0}).y));
    // C's nonzero places drawn, with the weights' symbols (w_{a,b}) or, with values, the weights: a
    // transposed convolution's C^T carries its kernel as stored, unflipped.
    const Theme& theme = *figure.settings.theme;
    const Scene first = view.scene(0);
    PlaneCells places, want_places;
    std::map<std::pair<int, int>, std::string> symbols, want_symbols;
    for (int j = 0; j < m.rows; ++j)
      for (const auto& [column, tap] : m.taps[std::size_t(j)]) {
        const Cell at = transposed ? Cell{column, j} : Cell{j, column};
        add(want_places, "matrix", at);
        const int kw = conv[1].k;
        want_symbols[{at.row, at.col}] =
            c.scenario.values      ? integer_text(figure.trace.values->kernel->data[std::size_t(tap)])
            : c.scenario.dims == 1 ? "w<sub>" + std::to_string(tap) + "</sub>"
                                   : "w<sub>" + std::to_string(tap / kw) + "," + std::to_string(tap % kw) + "</sub>";
      }
    // The fills lie in the first layer, the symbols in a fixed layer above the marks' shade.
    std::vector<Shape> fixed;
    for (const Layer& layer : first.layers)
      if (layer.kind == Layer::Kind::fixed)
        fixed.insert(fixed.end(), layer.shapes->begin(), layer.shapes->begin() + std::ptrdiff_t(layer.count));
    for (const Shape& shape : fixed) {
      if (const Path* path = std::get_if<Path>(&shape); path && path->fill && path->fill->a < theme.shade.a)
        if (const auto at = cell_of(view, *path); at && at->first == "matrix") add(places, "matrix", at->second);
      if (const Text* text = std::get_if<Text>(&shape))
        for (const auto& [place, symbol] : want_symbols)
          if (std::abs(text->anchor.x - matrix.point({place.first, place.second}).x) < 1e-6 &&
              std::abs(text->anchor.y - matrix.point({place.first, place.second}).y) < 1e-6)
            symbols[place] = test::tagged(text->text);
    }
    CHECK(places == want_places);
    if (c.name != "16 x 16") CHECK(symbols == want_symbols);  // too small there for symbols
    for (std::size_t j = 0; j < figure.frames(); ++j) {
      const PlaneCells got = shaded_cells(view, view.scene(j), theme);
      const PlaneCells want = expected_matrix_marks(m, transposed, int(j), x_shape, y_shape);
      if (got != want) {
        CAPTURE(j);
        CHECK(got == want);
      }
      ++frames;
    }
  }
  CHECK(frames > 250);
}

// The issue draws the matrix "up to 16 x 16 inputs, with small cells" and refuses beyond; the largest
// allowed must then draw at the default settings, not fail on the frame size.
TEST_CASE("matrix view: a 16 x 16 input, the largest allowed, draws at the default settings", "[transposed]") {
  for (const json& config : {json{{"operation", "convolution"}, {"input", 16}, {"kernel", 3}, {"padding", 1}},
                             json{{"operation", "transposed_convolution"}, {"input", 14}, {"kernel", 3}}}) {
    CAPTURE(config.dump());
    const Scenario s = parse(config);
    try {
      const Figure figure(s, view_flag("matrix"));
      CHECK(figure.view->plane("matrix").rows * figure.view->plane("matrix").cols ==
            256 * (s.operation == Operation::convolution ? 256 : 196));
    } catch (const ConfigError& e) {
      FAIL_CHECK("the largest matrix the view accepts is refused at the default settings: " << e.what());
    }
  }
}

// Large enough that the weights' symbols, at the cells' centres, stay clear of the corner sampled.
constexpr int matrix_pixels_cell_px = 24;

TEST_CASE("matrix view pixels: frame j shades row j of C, or column j of C^T", "[transposed]") {
  for (const MatrixCase& c : matrix_cases()) {
    if (c.name == "16 x 16") continue;
    CAPTURE(c.name);
    const Figure figure(c.scenario, view_flag("matrix", matrix_pixels_cell_px));
    const Theme& theme = *figure.settings.theme;
    const bool transposed = c.scenario.operation == Operation::transposed_convolution;
    const DenseMatrix m = matrix_of(convolution_axes_of(c.scenario));
    const Plane& matrix = figure.view->plane("matrix");
    // C's nonzero places carry a faint shade (and a symbol at the centre: sampled near a corner).
    Colour faint;
    bool found_faint = false;
    for (const Shape& shape : *figure.view->scene(0).layers.front().shapes)
      if (const Path* path = std::get_if<Path>(&shape); path && path->fill && path->fill->a < theme.shade.a &&
                                                        path->fill->r == theme.shade.r &&
                                                        path->fill->g == theme.shade.g) {
        faint = *path->fill;
        found_faint = true;
        break;
      }
    REQUIRE(found_faint);
    std::set<std::pair<int, int>> nonzero;  // in the matrix plane's (row, column)
    for (int j = 0; j < m.rows; ++j)
      for (const auto& [column, tap] : m.taps[std::size_t(j)])
        nonzero.insert(transposed ? std::pair{column, j} : std::pair{j, column});
    const auto problems_of = [&](const test::Image& image, int j) {
      std::ostringstream problems;
      for (int r = 0; r < matrix.rows; ++r)
        for (int col = 0; col < matrix.cols; ++col) {
          const Colour under = nonzero.count({r, col}) ? faint.over(theme.background) : theme.background;
          expect_cell(problems, image, theme, "matrix", matrix, {r, col}, {0.2, 0.2}, under,
                      (transposed ? col : r) == j);
        }
      return problems.str();
    };
    const std::vector<test::Image> images = draw(figure, 0, figure.frames() - 1);
    for (std::size_t j = 0; j < images.size(); ++j) {
      CAPTURE(j);
      CHECK(problems_of(images[j], int(j)) == "");
    }
    CHECK(problems_of(images[0], 1) != "");  // the check tells frames apart
  }
}

// ---- 6. Views refused where they cannot draw

TEST_CASE("views refused: scatter on a convolution, pair and matrix on pooling or channels, matrix beyond 16 x 16",
          "[transposed]") {
  struct Refusal {
    const char* what;
    json config;
    const char* view;
    std::vector<std::string> says;
    bool through_cli = false;
  };
  const json convolution{{"operation", "convolution"}, {"input", 5}, {"kernel", 3}};
  const json pooling{{"operation", "max_pooling"}, {"input", 4}, {"kernel", 2}};
  const json channels{{"operation", "transposed_convolution"}, {"input", 3}, {"kernel", 2}, {"in_channels", 2}};
  const json mixing{{"operation", "convolution"}, {"input", 3}, {"kernel", 2}, {"out_channels", 3}};
  const json large{{"operation", "convolution"}, {"input", 17}, {"kernel", 3}};
  const json large_transposed{{"operation", "transposed_convolution"}, {"input", 15}, {"kernel", 3}};  // -> 17 x 17
  const std::vector<Refusal> refusals{
      {"scatter, convolution", convolution, "scatter", {"transposed convolution", "allowed", "\"pair\""}, true},
      {"scatter, pooling", pooling, "scatter", {"transposed convolution", "allowed", "\"flat\""}},
      {"pair, max pooling", pooling, "pair", {"pooling", "allowed", "\"oblique\""}, true},
      {"matrix, average pooling",
       {{"operation", "average_pooling"}, {"input", 4}, {"kernel", 2}},
       "matrix",
       {"pooling", "allowed"}},
      {"pair, input channels", channels, "pair", {"one channel", "allowed", "in_channels = out_channels = 1"}, true},
      {"matrix, output channels", mixing, "matrix", {"one channel", "allowed"}},
      {"matrix, 17 x 17 input", large, "matrix", {"16 x 16", "smaller input"}, true},
      {"matrix, 17 x 17 transposed output", large_transposed, "matrix", {"16 x 16", "smaller input"}},
  };
  const test::TempDir dir;
  for (const Refusal& r : refusals) {
    CAPTURE(r.what);
    json config = r.config;
    config["render"] = {{"view", r.view}};
    const std::string error = error_of(config);
    CHECK_THAT(error, Catch::StartsWith(std::string(source_name) + ": /render/view: "));
    for (const std::string& part : r.says) CHECK_THAT(error, Catch::Contains(part));

    // The same through --view, the flag named; nothing written (for a few: each run is a process).
    if (!r.through_cli) continue;
    const auto path = dir.write(std::string("refused_") + r.view + ".json", r.config.dump());
    const auto out = dir.path() / "refused.gif";
    const test::CliResult result = test::run_cli({"render", path.string(), "--view", r.view, "-o", out.string()});
    INFO("stderr: " << result.err);
    CHECK(result.status == 2);
    CHECK(result.out.empty());
    CHECK_THAT(result.err, Catch::StartsWith("convanim: command line: --view: "));
    for (const std::string& part : r.says) CHECK_THAT(result.err, Catch::Contains(part));
    CHECK_FALSE(std::filesystem::exists(out));
  }
  // At the limit: a 16 x 16 input is drawn, and the other views stay open to what these refuse.
  CHECK(error_of({{"operation", "convolution"}, {"input", 16}, {"kernel", 3}, {"render", {{"view", "matrix"}}}}) == "");
  CHECK(
      error_of(
          {{"operation", "transposed_convolution"}, {"input", 14}, {"kernel", 3}, {"render", {{"view", "matrix"}}}}) ==
      "");
  CHECK(error_of({{"operation", "transposed_convolution"},
                  {"input", 3},
                  {"kernel", 2},
                  {"in_channels", 2},
                  {"render", {{"view", "scatter"}}}}) == "");
  CHECK(error_of({{"operation", "convolution"}, {"input", 5}, {"kernel", 3}, {"render", {{"view", "pair"}}}}) == "");
  // The limit is C's size, 256 x 256: a 32 x 4 input has 128 units.
  CHECK(error_of({{"operation", "convolution"}, {"input", {32, 4}}, {"kernel", 3}, {"render", {{"view", "matrix"}}}}) ==
        "");
}

TEST_CASE("matrix view: the label y = C x keeps clear of the vector x", "[transposed][matrix_label]") {
  // Issue 22, item 3: over a 4x4 transposed input, "y = Cᵀ x" was drawn over x's last cell.
  std::vector<json> configs{
      {{"layer", "nn.ConvTranspose2d(1,1,4,stride=2,padding=1)"}, {"input", {1, 4, 4}}},
      {{"layer", "nn.ConvTranspose2d(1,1,3,stride=2)"}, {"input", {1, 2, 2}}},
      {{"operation", "convolution"}, {"input", 4}, {"kernel", 3}},
      {{"operation", "convolution"}, {"input", 16}, {"kernel", 3}, {"padding", 1}}};
  for (const json& config : configs)
    for (const bool canvas : {false, true}) {
      CAPTURE(config.dump(), canvas);
      RenderOverrides overrides = view_flag("matrix");
      if (canvas) overrides.set("canvas", {1920, 1080});
      const Figure figure(parse(config), overrides);
      const Scene scene = figure.view->scene(figure.frames() - 1);
      std::optional<Box> label;
      for (const auto& layer : scene.layers)
        for (const Shape& shape : *layer.shapes)
          if (const auto* text = std::get_if<Text>(&shape); text && text->text.plain().starts_with("y = C"))
            label = scene.to_image(bounds_of(shape));
      REQUIRE(label);
      const Plane& x = figure.view->plane("x");
      for (int c = 0; c < x.cols; ++c) {
        Box cell;
        for (Point p : x.quad({0, c})) cell.add(p);
        CAPTURE(c);
        const bool overlaps = label->x0 < cell.x1 && cell.x0 < label->x1 && label->y0 < cell.y1 && cell.y0 < label->y1;
        CHECK_FALSE(overlaps);
      }
    }
}

TEST_CASE("pair view: a transposed convolution with values writes each frame's equation in numbers",
          "[transposed][pair_equation]") {
  // Issue 22, item 4: the paired convolution had no values, so "equation": true left an empty band.
  for (const bool canvas : {false, true}) {
    CAPTURE(canvas);
    json config = json::parse(R"({"operation": "transposed_convolution", "input": 3, "kernel": 3, "stride": 2,
                                  "padding": 1, "values": {"seed": 5}, "bias": true,
                                  "render": {"view": "pair", "equation": true}})");
    if (canvas) config["render"]["canvas"] = {1920, 1080};
    const Figure figure(parse_config(config, source_name, "pair"));
    const Trace& transposed = figure.trace;
    // The convolution of the pair: the same kernel and bias, reading the transposed output.
    const Trace convolution = simulate([&] {
      Scenario pair = paired_scenario(transposed.scenario);
      pair.values = paired_values(transposed);
      return pair;
    }());
    REQUIRE(convolution.values);
    CHECK(convolution.values->kernel->data == transposed.values->kernel->data);
    CHECK(convolution.values->input.data == transposed.values->output.data);
    REQUIRE(figure.frames() == convolution.steps.size());
    for (std::size_t f = 0; f < figure.frames(); ++f) {
      CAPTURE(f);
      const Step& step = convolution.steps[f];
      const std::string result = fmt::format("= {}", convolution.output_value(0, step.output));
      std::vector<std::string> lines;
      for (const auto& layer : figure.view->scene(f).layers)
        for (const Shape& shape : *layer.shapes)
          if (const auto* text = std::get_if<Text>(&shape); text && text->text.plain().starts_with("y["))
            lines.push_back(text->text.plain());
      REQUIRE(lines.size() == 1);
      CHECK(lines[0].starts_with(fmt::format("y[{},{}] = ", step.output.row, step.output.col)));
      CHECK(lines[0].ends_with(result));
      CHECK(lines[0].find("·") != std::string::npos);
    }
  }
}
