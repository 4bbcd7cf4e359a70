// Channels, groups and 1-D (issue 8): simulate() and trace_to_json() against brute-force references
// written here with PyTorch's index formulas (grouped conv1d/conv2d, grouped conv_transpose1d/2d as a
// scatter, per-channel max and average pooling), over swept geometries and seeded values; the step
// orders; the values' layouts and seeded draws; layer strings against their key-based twins; refusals.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "src/config/config_error.hpp"
#include "renderer/views/render_options.hpp"
#include "src/config/scenario.hpp"
#include "src/simulate/simulator.hpp"
#include "src/simulate/trace_json.hpp"
#include "src/simulate/values.hpp"
#include "support.hpp"

using namespace convanim;
using nlohmann::json;
using ojson = nlohmann::ordered_json;

namespace {

// Longer than std::string's small buffer, as test_scenario.cpp explains.
constexpr const char* source_name = "channels_under_test.json";

Scenario parse(const json& config) { return parse_scenario(config, source_name, "case"); }

// The message parse_scenario throws, or "" when it accepts the config.
std::string error_of(const json& config) {
  return test::error_of([&] { read_render_options(parse_config(config, source_name, "case")); });
}

using test::ReferenceSplitMix64;  // the same as test_scenario.cpp's

// The seeded ranges every sweep uses: signed, so that a sum can cancel and a max can be negative.
constexpr std::array<int, 2> input_range{-5, 9};
constexpr std::array<int, 2> kernel_range{-3, 4};
constexpr std::array<int, 2> bias_range{-4, 4};

using test::AxisSpec;
using test::output_offset;

// A layer as a test case gives it. In 1-D the height is the trivial axis (all ones, no padding).
struct Layer {
  Operation operation = Operation::convolution;
  int dims = 2;
  int in_channels = 1, out_channels = 1, groups = 1;
  bool bias = false;
  bool count_include_pad = true;
  AxisSpec h, w;

  bool transposed() const { return operation == Operation::transposed_convolution; }
  bool pooling() const { return is_pooling(operation); }
  int per_filter() const { return pooling() ? 1 : in_channels / groups; }  // input channels a filter reads
  int per_group_out() const { return pooling() ? 1 : out_channels / groups; }
  // The first input channel output channel oc reads: its group's first, g * C_in / g.
  int first_input(int oc) const { return pooling() ? oc : oc / per_group_out() * per_filter(); }
};

// Output length of one axis, counted: placements of the kernel over the padded input, or the extent
// of the scatter (cropped by padding, extended by output_padding) for a transposed convolution.
int output_length(const Layer& l, const AxisSpec& a) {
  return test::output_length(l.transposed(), a);
}

using test::every_window_reaches_input;

// ---- Configs

json size_json(const Layer& l, int h, int w, bool one_element_lists) {
  if (l.dims == 1) return one_element_lists ? json::array({w}) : json(w);
  return json::array({h, w});
}

// The key-based config of a layer; in 1-D its sizes as numbers or, with one_element_lists, as [n].
json config_of(const Layer& l, bool one_element_lists = false) {
  json config{{"operation", std::string(to_string(l.operation))},
              {"input", l.dims == 1 ? json::array({l.w.i}) : json::array({l.h.i, l.w.i})},
              {"kernel", size_json(l, l.h.k, l.w.k, one_element_lists)},
              {"stride", size_json(l, l.h.s, l.w.s, one_element_lists)},
              {"dilation", size_json(l, l.h.d, l.w.d, one_element_lists)}};
  config["padding"] = l.dims == 1 ? json{{"left", l.w.pb}, {"right", l.w.pe}}
                                  : json{{"top", l.h.pb}, {"bottom", l.h.pe}, {"left", l.w.pb}, {"right", l.w.pe}};
  if (l.transposed()) config["output_padding"] = size_json(l, l.h.op, l.w.op, one_element_lists);
  config["in_channels"] = l.in_channels;
  if (!l.pooling()) {
    config["out_channels"] = l.out_channels;
    config["groups"] = l.groups;
    config["bias"] = l.bias;
  }
  if (l.operation == Operation::average_pooling) config["count_include_pad"] = l.count_include_pad;
  return config;
}

json seeded_values(const Layer& l, std::uint64_t seed) {
  json values{{"seed", seed}, {"input_range", input_range}};
  if (!l.pooling()) values["kernel_range"] = kernel_range;
  if (l.bias) values["bias_range"] = bias_range;
  return values;
}

// ---- Reference values and operations, on flat row-major vectors in PyTorch's layouts

struct Values {
  std::vector<double> input;   // [C_in][H][W] (H = 1 in 1-D)
  std::vector<double> weight;  // [C_out][C_in/g][kh][kw], transposed [C_in][C_out/g][kh][kw]; empty for pooling
  std::vector<double> bias;    // [C_out], or empty
};

std::size_t input_count(const Layer& l) { return std::size_t(l.in_channels) * std::size_t(l.h.i * l.w.i); }
std::size_t weight_count(const Layer& l) {
  if (l.pooling()) return 0;
  const int outer = l.transposed() ? l.in_channels : l.out_channels;
  const int inner = l.transposed() ? l.per_group_out() : l.per_filter();
  return std::size_t(outer) * std::size_t(inner) * std::size_t(l.h.k * l.w.k);
}

// The draws a seed gives: input, then weight, then bias, each row-major.
Values reference_draws(const Layer& l, std::uint64_t seed) {
  ReferenceSplitMix64 generator{seed};
  Values v;
  for (std::size_t n = 0; n < input_count(l); ++n) v.input.push_back(generator.uniform(input_range[0], input_range[1]));
  for (std::size_t n = 0; n < weight_count(l); ++n)
    v.weight.push_back(generator.uniform(kernel_range[0], kernel_range[1]));
  if (l.bias)
    for (int n = 0; n < l.out_channels; ++n) v.bias.push_back(generator.uniform(bias_range[0], bias_range[1]));
  return v;
}

double input_at(const Layer& l, const Values& v, int c, int y, int z) {
  return v.input[output_offset(c, y, z, l.h.i, l.w.i)];
}

// weight[outer][inner][a][b].
double weight_at(const Layer& l, const Values& v, int outer, int inner, int a, int b) {
  const int inner_count = l.transposed() ? l.per_group_out() : l.per_filter();
  return v.weight[test::weight_offset(outer, inner, a, b, inner_count, l.h.k, l.w.k)];
}

// PyTorch's conv2d (conv1d with H = 1): out[oc][r][c] = bias[oc] + sum over the filter's input
// channels k and taps (a, b) of x[g * C_in/g + k][r s + a d - p_top][c s + b d - p_left] * w[oc][k][a][b],
// with g = oc / (C_out / groups), and zeros outside the input.
std::vector<double> reference_convolution(const Layer& l, const Values& v, int oh, int ow) {
  std::vector<double> out(std::size_t(l.out_channels) * std::size_t(oh * ow), 0.0);
  for (int oc = 0; oc < l.out_channels; ++oc) {
    const int group = oc / (l.out_channels / l.groups);
    for (int r = 0; r < oh; ++r)
      for (int c = 0; c < ow; ++c) {
        double sum = 0;
        for (int k = 0; k < l.in_channels / l.groups; ++k) {
          const int ic = group * (l.in_channels / l.groups) + k;
          for (int a = 0; a < l.h.k; ++a)
            for (int b = 0; b < l.w.k; ++b) {
              const int y = r * l.h.s + a * l.h.d - l.h.pb, z = c * l.w.s + b * l.w.d - l.w.pb;
              if (y >= 0 && y < l.h.i && z >= 0 && z < l.w.i) sum += input_at(l, v, ic, y, z) * weight_at(l, v, oc, k, a, b);
            }
        }
        out[output_offset(oc, r, c, oh, ow)] = sum + (l.bias ? v.bias[std::size_t(oc)] : 0.0);
      }
  }
  return out;
}

// PyTorch's conv_transpose2d by scatter: every input unit (j, m) of channel ic adds x * w[ic][jo][t][u]
// onto output channel g * (C_out/groups) + jo (g = ic / (C_in/groups)) at (j s - p_top + t d,
// m s - p_left + u d); what lands outside [0, oh) x [0, ow) is cropped; then the bias.
std::vector<double> reference_transposed(const Layer& l, const Values& v, int oh, int ow) {
  std::vector<double> out(std::size_t(l.out_channels) * std::size_t(oh * ow), 0.0);
  const int per_in = l.in_channels / l.groups, per_out = l.out_channels / l.groups;
  for (int ic = 0; ic < l.in_channels; ++ic)
    for (int j = 0; j < l.h.i; ++j)
      for (int m = 0; m < l.w.i; ++m)
        for (int jo = 0; jo < per_out; ++jo) {
          const int oc = ic / per_in * per_out + jo;
          for (int t = 0; t < l.h.k; ++t)
            for (int u = 0; u < l.w.k; ++u) {
              const int r = j * l.h.s - l.h.pb + t * l.h.d, c = m * l.w.s - l.w.pb + u * l.w.d;
              if (r >= 0 && r < oh && c >= 0 && c < ow)
                out[output_offset(oc, r, c, oh, ow)] += input_at(l, v, ic, j, m) * weight_at(l, v, ic, jo, t, u);
            }
        }
  if (l.bias)
    for (int oc = 0; oc < l.out_channels; ++oc)
      for (int n = 0; n < oh * ow; ++n) out[output_offset(oc, 0, 0, oh, ow) + std::size_t(n)] += v.bias[std::size_t(oc)];
  return out;
}

// max_pool / avg_pool per channel: output channel c reads input channel c only; padded cells never
// win a max; the average divides by the whole window or, without count_include_pad, by its real cells.
std::vector<double> reference_pooling(const Layer& l, const Values& v, int oh, int ow) {
  std::vector<double> out(std::size_t(l.in_channels) * std::size_t(oh * ow), 0.0);
  for (int ch = 0; ch < l.in_channels; ++ch)
    for (int r = 0; r < oh; ++r)
      for (int c = 0; c < ow; ++c) {
        double sum = 0, maximum = -std::numeric_limits<double>::infinity();
        int real = 0;
        for (int a = 0; a < l.h.k; ++a)
          for (int b = 0; b < l.w.k; ++b) {
            const int y = r * l.h.s + a * l.h.d - l.h.pb, z = c * l.w.s + b * l.w.d - l.w.pb;
            if (y < 0 || y >= l.h.i || z < 0 || z >= l.w.i) continue;
            sum += input_at(l, v, ch, y, z);
            maximum = std::max(maximum, input_at(l, v, ch, y, z));
            ++real;
          }
        double& result = out[output_offset(ch, r, c, oh, ow)];
        if (l.operation == Operation::max_pooling) result = maximum;
        else result = sum / (l.count_include_pad ? l.h.k * l.w.k : real);
      }
  return out;
}

std::vector<double> reference_output(const Layer& l, const Values& v, int oh, int ow) {
  if (l.pooling()) return reference_pooling(l, v, oh, ow);
  return l.transposed() ? reference_transposed(l, v, oh, ow) : reference_convolution(l, v, oh, ow);
}

bool close(double got, double want) { return std::abs(got - want) <= 1e-9 * std::max(1.0, std::abs(want)); }

// ---- Reference steps

struct ExpectedStep {
  int output_channel = 0;
  Cell output;
  std::vector<Cell> window, inputs;
};

using test::scatter_sources;

ExpectedStep expected_step(const Layer& l, int oc, int r, int c) {
  ExpectedStep step{oc, {r, c}, {}, {}};
  for (int a = 0; a < l.h.k; ++a)
    for (int b = 0; b < l.w.k; ++b) {
      if (l.transposed()) {
        step.window.push_back({r + a * l.h.d, c + b * l.w.d});  // stride 1 over the stretched grid
      } else {
        step.window.push_back({r * l.h.s + a * l.h.d, c * l.w.s + b * l.w.d});
        const int y = r * l.h.s + a * l.h.d - l.h.pb, z = c * l.w.s + b * l.w.d - l.w.pb;
        if (y >= 0 && y < l.h.i && z >= 0 && z < l.w.i) step.inputs.push_back({y, z});
      }
    }
  if (l.transposed())  // the units that scatter onto (r, c), row-major
    for (int j : scatter_sources(l.h, r))
      for (int m : scatter_sources(l.w, c)) step.inputs.push_back({j, m});
  return step;
}

// Every step in the default order: output channel by output channel, each row-major.
std::vector<ExpectedStep> expected_steps(const Layer& l, int oh, int ow) {
  std::vector<ExpectedStep> steps;
  for (int oc = 0; oc < l.out_channels; ++oc)
    for (int r = 0; r < oh; ++r)
      for (int c = 0; c < ow; ++c) steps.push_back(expected_step(l, oc, r, c));
  return steps;
}

// ---- The trace's JSON

ojson cell_json(int dims, Cell cell) { return dims == 1 ? ojson::array({cell.col}) : ojson::array({cell.row, cell.col}); }

ojson step_json(const Layer& l, const ExpectedStep& step) {
  auto channels = ojson::array();
  for (int k = 0; k < l.per_filter(); ++k) channels.push_back(l.first_input(step.output_channel) + k);
  auto window = ojson::array(), inputs = ojson::array();
  for (const Cell& cell : step.window) window.push_back(cell_json(l.dims, cell));
  for (const Cell& cell : step.inputs) inputs.push_back(cell_json(l.dims, cell));
  return {{"output_channel", step.output_channel},
          {"input_channels", std::move(channels)},
          {"output", cell_json(l.dims, step.output)},
          {"window", std::move(window)},
          {"inputs", std::move(inputs)}};
}

// A nested JSON array's shape along its first elements, and its numbers row-major.
std::vector<int> json_shape(const ojson& j) {
  std::vector<int> shape;
  for (const ojson* p = &j; p->is_array(); p = &(*p)[0]) {
    shape.push_back(int(p->size()));
    if (p->empty()) break;
  }
  return shape;
}

void flatten(const ojson& j, std::vector<double>& out) {
  if (!j.is_array()) {
    out.push_back(j.get<double>());
    return;
  }
  for (const ojson& element : j) flatten(element, out);
}

std::vector<double> json_numbers(const ojson& j) {
  std::vector<double> out;
  flatten(j, out);
  return out;
}

ojson sizes_json(const Layer& l, int h, int w) { return l.dims == 1 ? ojson::array({w}) : ojson::array({h, w}); }

// PyTorch's shapes without the batch dimension.
std::vector<int> input_shape(const Layer& l) {
  return l.dims == 1 ? std::vector{l.in_channels, l.w.i} : std::vector{l.in_channels, l.h.i, l.w.i};
}
std::vector<int> output_shape(const Layer& l, int oh, int ow) {
  return l.dims == 1 ? std::vector{l.out_channels, ow} : std::vector{l.out_channels, oh, ow};
}
std::vector<int> weight_shape(const Layer& l) {
  std::vector<int> shape = l.transposed() ? std::vector{l.in_channels, l.per_group_out()}
                                          : std::vector{l.out_channels, l.per_filter()};
  if (l.dims == 2) shape.push_back(l.h.k);
  shape.push_back(l.w.k);
  return shape;
}

// ---- The whole check of one scenario

void check_steps(const Layer& l, const Trace& trace, const std::vector<ExpectedStep>& want) {
  REQUIRE(trace.steps.size() == want.size());
  for (std::size_t n = 0; n < want.size(); ++n) {
    const Step& step = trace.steps[n];
    const ExpectedStep& w = want[n];
    // Reported only on a mismatch: this runs for every step of hundreds of scenarios.
    if (step.output_channel != w.output_channel || step.output != w.output || step.window != w.window ||
        step.inputs != w.inputs) {
      CAPTURE(n);
      CHECK(step.output_channel == w.output_channel);
      CHECK(step.output == w.output);
      CHECK(step.window == w.window);
      CHECK(step.inputs == w.inputs);
    }
  }
  // The filter of output channel oc reads input channels [g * C_in/g, g * C_in/g + C_in/g).
  for (int oc = 0; oc < l.out_channels; ++oc) {
    CAPTURE(oc);
    CHECK(trace.scenario.first_input_channel(oc) == l.first_input(oc));
    CHECK(trace.scenario.input_channels_per_filter() == l.per_filter());
  }
}

void check_values(const Layer& l, const Trace& trace, const Values& given) {
  REQUIRE(trace.values.has_value());
  const TraceValues& v = *trace.values;
  CHECK(v.input.shape == input_shape(l));
  CHECK(v.input.data == given.input);
  if (l.pooling()) {
    CHECK_FALSE(v.kernel.has_value());
  } else {
    REQUIRE(v.kernel.has_value());
    CHECK(v.kernel->shape == weight_shape(l));
    CHECK(v.kernel->data == given.weight);
  }
  CHECK(v.bias.has_value() == l.bias);
  if (v.bias) {
    CHECK(v.bias->shape == std::vector<int>{l.out_channels});
    CHECK(v.bias->data == given.bias);
  }

  // The weight each tap applies, as drawn: w[oc][k][a][b], or for a transposed convolution the
  // flipped w[first + k][oc % (C_out/g)][kh - 1 - a][kw - 1 - b].
  if (!l.pooling()) {
    bool applied_ok = true;
    for (int oc = 0; oc < l.out_channels && applied_ok; ++oc)
      for (int k = 0; k < l.per_filter(); ++k)
        for (int a = 0; a < l.h.k; ++a)
          for (int b = 0; b < l.w.k; ++b) {
            const double want = l.transposed() ? weight_at(l, given, l.first_input(oc) + k, oc % l.per_group_out(),
                                                           l.h.k - 1 - a, l.w.k - 1 - b)
                                               : weight_at(l, given, oc, k, a, b);
            const double got = trace.applied_weight(oc, k, std::size_t(a * l.w.k + b));
            if (got != want) {
              CAPTURE(oc, k, a, b);
              CHECK(got == want);
              applied_ok = false;
            }
          }
  }

  const int oh = trace.output_size[0], ow = trace.output_size[1];
  const std::vector<double> want = reference_output(l, given, oh, ow);
  CHECK(v.output.shape == output_shape(l, oh, ow));
  REQUIRE(v.output.data.size() == want.size());
  for (std::size_t n = 0; n < want.size(); ++n)
    if (!close(v.output.data[n], want[n])) {
      CAPTURE(n, v.output.data[n], want[n]);
      CHECK(close(v.output.data[n], want[n]));
    }
  // Through the accessor too, whatever the number of dimensions.
  bool accessor_ok = true;
  for (int oc = 0; oc < l.out_channels; ++oc)
    for (int r = 0; r < oh; ++r)
      for (int c = 0; c < ow; ++c)
        accessor_ok = accessor_ok && close(trace.output_value(oc, {r, c}), want[output_offset(oc, r, c, oh, ow)]);
  CHECK(accessor_ok);
}

void check_json(const Layer& l, const Trace& trace, const std::vector<ExpectedStep>& want) {
  const ojson j = trace_to_json(trace);
  const int oh = trace.output_size[0], ow = trace.output_size[1];
  CHECK(j["dims"] == l.dims);
  CHECK(j["in_channels"] == l.in_channels);
  CHECK(j["out_channels"] == l.out_channels);
  CHECK(j["groups"] == l.groups);
  CHECK(j["order"] == "channel");
  CHECK(j["input_size"] == sizes_json(l, l.h.i, l.w.i));
  CHECK(j["output_size"] == sizes_json(l, oh, ow));
  CHECK(j["kernel_size"] == sizes_json(l, l.h.k, l.w.k));
  CHECK(j["stride"] == sizes_json(l, l.h.s, l.w.s));
  CHECK(j["dilation"] == sizes_json(l, l.h.d, l.w.d));
  CHECK(j["output_padding"] == sizes_json(l, l.h.op, l.w.op));
  const ojson padding = l.dims == 1 ? ojson{{"left", l.w.pb}, {"right", l.w.pe}}
                                    : ojson{{"top", l.h.pb}, {"bottom", l.h.pe}, {"left", l.w.pb}, {"right", l.w.pe}};
  CHECK(j["padding"] == padding);
  CHECK(j["grid"]["size"].size() == std::size_t(l.dims));
  CHECK(j["grid"]["input_origin"] == sizes_json(l, trace.grid.input_origin[0], trace.grid.input_origin[1]));

  const ojson& steps = j["steps"];
  REQUIRE(steps.size() == want.size());
  for (std::size_t n = 0; n < want.size(); ++n) {
    const ojson expected = step_json(l, want[n]);
    if (steps[n] != expected) {
      CAPTURE(n, steps[n].dump(), expected.dump());
      CHECK(steps[n] == expected);
    }
  }

  REQUIRE(trace.values.has_value());
  const ojson& values = j["values"];
  const TraceValues& v = *trace.values;
  CHECK(json_shape(values["input"]) == input_shape(l));
  CHECK(json_numbers(values["input"]) == v.input.data);
  CHECK(json_shape(values["output"]) == output_shape(l, oh, ow));
  CHECK(json_numbers(values["output"]) == v.output.data);
  CHECK(values.contains("kernel") == !l.pooling());
  if (v.kernel) {
    CHECK(json_shape(values["kernel"]) == weight_shape(l));
    CHECK(json_numbers(values["kernel"]) == v.kernel->data);
  }
  CHECK(values.contains("bias") == l.bias);
  if (v.bias) {
    CHECK(json_shape(values["bias"]) == std::vector<int>{l.out_channels});
    CHECK(json_numbers(values["bias"]) == v.bias->data);
  }
}

// Parses the config, simulates it and checks the grid, every step, the values drawn from `seed`, the
// output against the reference and the trace's JSON. Returns the trace for further checks.
Trace check_layer(const Layer& l, const json& config, std::uint64_t seed) {
  const Scenario s = parse(config);
  REQUIRE(s.dims == l.dims);
  REQUIRE(s.in_channels == l.in_channels);
  REQUIRE(s.out_channels == l.out_channels);
  REQUIRE(s.groups == l.groups);
  REQUIRE(s.bias == l.bias);
  const Trace trace = simulate(s);
  const int oh = output_length(l, l.h), ow = output_length(l, l.w);
  REQUIRE(trace.output_size == std::array<int, 2>{oh, ow});
  test::check_grid(trace.grid, l.transposed(), l.h, l.w);
  const std::vector<ExpectedStep> want = expected_steps(l, oh, ow);
  check_steps(l, trace, want);
  check_values(l, trace, reference_draws(l, seed));
  check_json(l, trace, want);
  return trace;
}

// ---- Sweeps

struct Channels {
  int in, out, groups;
};
// Plain, mixing, grouped both ways (more filters than channels and fewer), depthwise, pointwise-sized.
constexpr Channels channel_sets[] = {{1, 1, 1}, {2, 3, 1}, {3, 1, 1}, {4, 6, 2}, {4, 2, 2},
                                     {2, 4, 2}, {3, 3, 3}, {4, 4, 4}, {6, 4, 2}, {6, 3, 3}};
constexpr int pooling_channel_counts[] = {2, 3, 1, 4};

std::vector<AxisSpec> axes_for(Operation operation, int max_input, int max_stride, int max_padding) {
  std::vector<AxisSpec> list;
  const int max_dilation = operation == Operation::average_pooling ? 1 : 2;
  for (int i = 1; i <= max_input; ++i)
    for (int k = 1; k <= 3; ++k)
      for (int s = 1; s <= max_stride; ++s)
        for (int d = 1; d <= max_dilation; ++d)
          for (int pb = 0; pb <= max_padding; ++pb)
            for (int pe = 0; pe <= max_padding; ++pe) {
              const int span = d * (k - 1) + 1;
              if (operation == Operation::transposed_convolution) {
                // output_padding below max(stride, dilation); a non-empty output.
                for (int op = 0; op < std::max(s, d); ++op) {
                  Layer probe;
                  probe.operation = operation;
                  const AxisSpec a{i, k, s, d, pb, pe, op};
                  if (output_length(probe, a) >= 1) list.push_back(a);
                }
                continue;
              }
              const AxisSpec a{i, k, s, d, pb, pe, 0};
              if (operation == Operation::max_pooling && (std::max(pb, pe) > span / 2 || !every_window_reaches_input(a)))
                continue;
              if (operation == Operation::average_pooling && std::max(pb, pe) > k / 2) continue;
              if (pb + i + pe >= span) list.push_back(a);
            }
  return list;
}

// The n-th scenario of a sweep: the width from the list, the height another entry (so the axes
// differ), channels, bias and count_include_pad rotating.
Layer layer_of(Operation operation, int dims, const std::vector<AxisSpec>& list, std::size_t n) {
  Layer l;
  l.operation = operation;
  l.dims = dims;
  l.w = list[n];
  if (dims == 2) l.h = list[(n * 37 + 11) % list.size()];
  if (l.pooling()) {
    l.in_channels = l.out_channels = pooling_channel_counts[n % std::size(pooling_channel_counts)];
  } else {
    const Channels& c = channel_sets[n % std::size(channel_sets)];
    l.in_channels = c.in;
    l.out_channels = c.out;
    l.groups = c.groups;
    l.bias = (n / std::size(channel_sets)) % 2 == 0;
  }
  l.count_include_pad = (n / 2) % 2 == 0;
  return l;
}

// Checks about one in `every` entries of the list (all of them by default), returning how many
// scenarios it checked. The sample is hashed, not every n-th, so that it does not keep in step with
// the list's nesting (every third entry of a list whose innermost loop has three paddings would all
// share one padding).
std::size_t sweep(Operation operation, int dims, const std::vector<AxisSpec>& list, std::uint64_t every = 1) {
  REQUIRE(list.size() > 10);
  std::size_t checked = 0;
  for (std::size_t n = 0; n < list.size(); ++n) {
    if (ReferenceSplitMix64{n}.next() % every != 0) continue;
    ++checked;
    const Layer l = layer_of(operation, dims, list, n);
    json config = config_of(l, n % 2 == 1);
    config["values"] = seeded_values(l, n);
    CAPTURE(config.dump());
    check_layer(l, config, n);
  }
  return checked;
}

}  // namespace

TEST_CASE("channels: grouped 2-D convolutions against a brute-force conv2d", "[channels]") {
  const auto list = axes_for(Operation::convolution, 5, 3, 2);
  CHECK(std::any_of(list.begin(), list.end(), [](const AxisSpec& a) { return a.pb != a.pe && a.s > 1 && a.d > 1; }));
  CHECK(sweep(Operation::convolution, 2, list, 2) > 300);
}

TEST_CASE("channels: grouped 2-D transposed convolutions against a scatter", "[channels]") {
  const auto list = axes_for(Operation::transposed_convolution, 4, 3, 3);
  // Padding beyond d(k - 1) crops the stretched input; output_padding with dilation.
  CHECK(std::any_of(list.begin(), list.end(), [](const AxisSpec& a) { return a.pb > a.d * (a.k - 1); }));
  CHECK(std::any_of(list.begin(), list.end(), [](const AxisSpec& a) { return a.op > 0 && a.d > 1; }));
  CHECK(sweep(Operation::transposed_convolution, 2, list, 10) > 150);
}

TEST_CASE("channels: per-channel 2-D max and average pooling", "[channels]") {
  CHECK(sweep(Operation::max_pooling, 2, axes_for(Operation::max_pooling, 5, 3, 2)) > 100);
  // Both count_include_pad settings rotate through the sweep.
  CHECK(sweep(Operation::average_pooling, 2, axes_for(Operation::average_pooling, 5, 3, 1)) > 100);
}

TEST_CASE("channels: 1-D convolutions, transposed convolutions and pooling", "[channels]") {
  CHECK(sweep(Operation::convolution, 1, axes_for(Operation::convolution, 8, 3, 2), 3) > 300);
  CHECK(sweep(Operation::transposed_convolution, 1, axes_for(Operation::transposed_convolution, 6, 3, 3), 6) > 400);
  CHECK(sweep(Operation::max_pooling, 1, axes_for(Operation::max_pooling, 8, 3, 2), 2) > 150);
  CHECK(sweep(Operation::average_pooling, 1, axes_for(Operation::average_pooling, 8, 3, 1)) > 100);
}

TEST_CASE("channels: causal 1-D padding", "[channels]") {
  std::size_t checked = 0;
  for (int length = 1; length <= 8; ++length)
    for (int k = 1; k <= 4; ++k)
      for (int d = 1; d <= 3; ++d)
        for (int s = 1; s <= 2; ++s) {
          Layer l;
          l.dims = 1;
          const Channels& c = channel_sets[checked % std::size(channel_sets)];
          l.in_channels = c.in;
          l.out_channels = c.out;
          l.groups = c.groups;
          l.bias = checked % 2 == 0;
          const int left = d * (k - 1);  // d(k - 1) zeros on the left only
          l.w = AxisSpec{length, k, s, d, left, 0, 0};
          json config = config_of(l, s == 2);
          config["padding"] = "causal";
          config["values"] = seeded_values(l, checked);
          CAPTURE(config.dump());
          const Trace trace = check_layer(l, config, checked);
          ++checked;
          CHECK(trace.grid.input_origin[1] == left);
          CHECK(trace.grid.size[1] == length + left);
          CHECK(trace_to_json(trace)["padding"] == ojson{{"left", left}, {"right", 0}});
          // Output j reads inputs j s - d(k - 1), ..., j s (every d-th, the ones that exist): never a later one.
          const int ow = trace.output_size[1];
          CHECK(ow == (length - 1) / s + 1);
          for (const Step& step : trace.steps) {
            const int j = step.output.col;
            std::vector<Cell> want;
            for (int t = 0; t < k; ++t)
              if (j * s - left + t * d >= 0) want.push_back({0, j * s - left + t * d});
            if (step.inputs != want) {
              CAPTURE(j);
              CHECK(step.inputs == want);
            }
            CHECK(step.inputs.back() == Cell{0, j * s});
          }
        }
  CHECK(checked == 8 * 4 * 3 * 2);
}

TEST_CASE("channels: 1-D traces print one-element sizes and cells and [C, L] tensors", "[channels]") {
  // Conv1d(4, 6, 3, stride=2, padding=1, groups=2, bias=True) over [4, 7].
  const json config{{"operation", "convolution"}, {"input", {7}},       {"kernel", 3},
                    {"stride", {2}},              {"padding", 1},       {"in_channels", 4},
                    {"out_channels", 6},          {"groups", 2},        {"bias", true},
                    {"values", {{"seed", 5}}}};
  const ojson j = trace_to_json(simulate(parse(config)));
  CHECK(j["dims"] == 1);
  CHECK(j["input_size"] == ojson::array({7}));
  CHECK(j["output_size"] == ojson::array({4}));
  CHECK(j["kernel_size"] == ojson::array({3}));
  CHECK(j["stride"] == ojson::array({2}));
  CHECK(j["dilation"] == ojson::array({1}));
  CHECK(j["output_padding"] == ojson::array({0}));
  CHECK(j["padding"] == ojson{{"left", 1}, {"right", 1}});
  CHECK(j["grid"]["size"] == ojson::array({9}));
  CHECK(j["grid"]["input_origin"] == ojson::array({1}));
  CHECK(j["grid"]["input_spacing"] == ojson::array({1}));
  REQUIRE(j["steps"].size() == 6 * 4);
  // Output channel 4 is in group 1: it reads input channels 2 and 3.
  const ojson want_step{{"output_channel", 4},
                        {"input_channels", {2, 3}},
                        {"output", {1}},
                        {"window", {{2}, {3}, {4}}},
                        {"inputs", {{1}, {2}, {3}}}};
  CHECK(j["steps"][4 * 4 + 1] == want_step);
  CHECK(j["steps"][0]["inputs"] == ojson::array({ojson::array({0}), ojson::array({1})}));
  CHECK(json_shape(j["values"]["input"]) == std::vector<int>{4, 7});
  CHECK(json_shape(j["values"]["kernel"]) == std::vector<int>{6, 2, 3});
  CHECK(json_shape(j["values"]["bias"]) == std::vector<int>{6});
  CHECK(json_shape(j["values"]["output"]) == std::vector<int>{6, 4});

  // A transposed one: the weight is [C_in, C_out / groups, k].
  const json transposed{{"operation", "transposed_convolution"}, {"input", {5}}, {"kernel", {2}},
                        {"in_channels", 4}, {"out_channels", 2}, {"groups", 2}, {"values", {{"seed", 1}}}};
  const ojson t = trace_to_json(simulate(parse(transposed)));
  CHECK(json_shape(t["values"]["kernel"]) == std::vector<int>{4, 1, 2});
  CHECK(json_shape(t["values"]["output"]) == std::vector<int>{2, 6});
  CHECK_FALSE(t["values"].contains("bias"));
  CHECK(t["steps"][6]["input_channels"] == ojson::array({2, 3}));
}

TEST_CASE("channels: \"order\": \"position\" visits every output channel at a position first", "[channels]") {
  std::size_t compared = 0;
  for (Operation operation : {Operation::convolution, Operation::transposed_convolution, Operation::max_pooling,
                              Operation::average_pooling})
    for (int dims : {1, 2}) {
      const auto list = axes_for(operation, 4, 2, 1);
      for (std::size_t n = 0; n < list.size(); n += 7, ++compared) {
        const Layer l = layer_of(operation, dims, list, n);
        json config = config_of(l);
        config["values"] = seeded_values(l, n);
        CAPTURE(config.dump());
        const Trace by_channel = simulate(parse(config));
        CHECK(by_channel.scenario.order == StepOrder::channel);
        config["order"] = "position";
        const Trace by_position = simulate(parse(config));
        REQUIRE(by_position.scenario.order == StepOrder::position);
        REQUIRE(by_position.steps.size() == by_channel.steps.size());
        const int oh = by_channel.output_size[0], ow = by_channel.output_size[1], channels = l.out_channels;
        REQUIRE(by_channel.steps.size() == std::size_t(channels) * std::size_t(oh * ow));
        // Position order: index (r * ow + c) * C_out + oc; channel order: (oc * oh + r) * ow + c.
        bool same_steps = true;
        for (int oc = 0; oc < channels; ++oc)
          for (int r = 0; r < oh; ++r)
            for (int c = 0; c < ow; ++c) {
              const Step& p = by_position.steps[std::size_t((r * ow + c) * channels + oc)];
              const Step& q = by_channel.steps[output_offset(oc, r, c, oh, ow)];
              same_steps = same_steps && p.output_channel == oc && p.output == Cell{r, c} &&
                           q.output_channel == oc && q.output == Cell{r, c} && p.window == q.window &&
                           p.inputs == q.inputs;
            }
        CHECK(same_steps);
        REQUIRE(by_position.values.has_value());
        CHECK(by_position.values->output == by_channel.values->output);
        const ojson j = trace_to_json(by_position);
        CHECK(j["order"] == "position");
        if (channels > 1 && oh * ow > 1) {
          CHECK(j["steps"][1]["output_channel"] == 1);
          CHECK(j["steps"][1]["output"] == j["steps"][0]["output"]);
        }
      }
    }
  CHECK(compared > 100);
}

TEST_CASE("channels: seeded values draw input, weight, bias in PyTorch's layout", "[channels][values]") {
  for (const Channels& c : channel_sets)
    for (Operation operation : {Operation::convolution, Operation::transposed_convolution, Operation::average_pooling})
      for (int dims : {1, 2})
        for (std::uint64_t seed : {0ull, 7ull, 1234567ull, 18446744073709551615ull}) {
          Layer l;
          l.operation = operation;
          l.dims = dims;
          l.in_channels = c.in;
          if (operation != Operation::average_pooling) {
            l.out_channels = c.out;
            l.groups = c.groups;
            l.bias = true;
          } else {
            l.out_channels = c.in;
          }
          l.w = AxisSpec{5, 3, 1, 1, 0, 0, 0};
          if (dims == 2) l.h = AxisSpec{4, 2, 1, 1, 0, 0, 0};
          json config = config_of(l);
          config["values"] = seeded_values(l, seed);
          CAPTURE(config.dump());
          const ScenarioValues v = resolve_values(parse(config));
          const Values want = reference_draws(l, seed);
          CHECK(v.input.shape == input_shape(l));
          CHECK(v.input.data == want.input);
          CHECK(v.kernel.has_value() == !l.pooling());
          if (v.kernel) {
            CHECK(v.kernel->shape == weight_shape(l));
            CHECK(v.kernel->data == want.weight);
          }
          CHECK(v.bias.has_value() == l.bias);
          if (v.bias) {
            CHECK(v.bias->shape == std::vector<int>{l.out_channels});
            CHECK(v.bias->data == want.bias);
          }
        }
  // Without a bias nothing is drawn after the weight; default bias range [-1, 1].
  const json plain{{"operation", "convolution"}, {"input", 3}, {"kernel", 2}, {"in_channels", 2},
                   {"out_channels", 2}, {"bias", true}, {"values", {{"seed", 9}}}};
  const ScenarioValues v = resolve_values(parse(plain));
  ReferenceSplitMix64 reference{9};
  for (int n = 0; n < 2 * 9 + 2 * 2 * 4; ++n) reference.next();
  REQUIRE(v.bias.has_value());
  CHECK(v.bias->data == std::vector<double>{reference.uniform(-1, 1), reference.uniform(-1, 1)});
}

TEST_CASE("channels: explicit tensors in full shapes or with leading ones left out", "[channels][values]") {
  // A numbered tensor: element n is (n * 7) % 11 - 5, so the values differ and some are negative.
  const auto numbered = [](std::size_t count) {
    std::vector<double> data;
    for (std::size_t n = 0; n < count; ++n) data.push_back(double(int(n * 7 % 11) - 5));
    return data;
  };
  // Nests flat data into a JSON array of the given shape.
  const auto nest = [](const std::vector<double>& data, const std::vector<int>& shape) {
    std::size_t next = 0;
    const auto build = [&](const auto& self, std::size_t depth) -> json {
      json out = json::array();
      for (int n = 0; n < shape[depth]; ++n)
        out.push_back(depth + 1 == shape.size() ? json(data[next++]) : self(self, depth + 1));
      return out;
    };
    return build(build, 0);
  };

  SECTION("full shapes, groups and bias: the output is the reference's") {
    for (Operation operation : {Operation::convolution, Operation::transposed_convolution})
      for (int dims : {1, 2}) {
        Layer l;
        l.operation = operation;
        l.dims = dims;
        l.in_channels = 4;
        l.out_channels = 6;
        l.groups = 2;
        l.bias = true;
        l.w = AxisSpec{5, 3, 2, 1, 1, 0, operation == Operation::transposed_convolution ? 1 : 0};
        if (dims == 2) l.h = AxisSpec{4, 2, 1, 2, 0, 1, 0};
        Values given{numbered(input_count(l)), numbered(weight_count(l)), numbered(std::size_t(l.out_channels))};
        json config = config_of(l);
        config["values"] = {{"input", nest(given.input, input_shape(l))},
                            {"kernel", nest(given.weight, weight_shape(l))},
                            {"bias", nest(given.bias, {l.out_channels})}};
        CAPTURE(config.dump());
        const Trace trace = simulate(parse(config));
        const int oh = output_length(l, l.h), ow = output_length(l, l.w);
        REQUIRE(trace.output_size == std::array<int, 2>{oh, ow});
        check_values(l, trace, given);
      }
  }
  SECTION("a single channel's [H][W] input and a single filter's [kh][kw] kernel") {
    const json full{{"operation", "convolution"},
                    {"input", {2, 3}},
                    {"kernel", {1, 2}},
                    {"values", {{"input", {{{1, 2, 3}, {4, 5, 6}}}}, {"kernel", {{{{1, -1}}}}}}}};
    json bare = full;
    bare["values"] = {{"input", {{1, 2, 3}, {4, 5, 6}}}, {"kernel", {{1, -1}}}};
    json partly = full;  // [1][kh][kw]: only some of the leading ones left out
    partly["values"]["kernel"] = {{{1, -1}}};
    const Scenario a = parse(full), b = parse(bare), c = parse(partly);
    REQUIRE(a.values.has_value());
    CHECK(a.values->input->shape == std::vector<int>{1, 2, 3});
    CHECK(a.values->kernel->shape == std::vector<int>{1, 1, 1, 2});
    CHECK(b.values->input == a.values->input);
    CHECK(b.values->kernel == a.values->kernel);
    CHECK(c.values->kernel == a.values->kernel);
    CHECK(simulate(b).values->output.data == std::vector<double>{-1, -1, -1, -1});
    // Transposed, C_in = C_out = 1: the weight [1][1][kh][kw] as [kh][kw] too.
    json transposed = bare;
    transposed["operation"] = "transposed_convolution";
    const Trace t = simulate(parse(transposed));
    CHECK(t.values->kernel->shape == std::vector<int>{1, 1, 1, 2});
    CHECK(t.values->output.data == std::vector<double>{1, 1, 1, -3, 4, 1, 1, -6});
    // 1-D: [L] and [k].
    const json line{{"operation", "convolution"},
                    {"input", {4}},
                    {"kernel", 2},
                    {"bias", true},
                    {"values", {{"input", {1, 2, 3, 4}}, {"kernel", {10, 1}}, {"bias", {0.5}}}}};
    const Trace one = simulate(parse(line));
    CHECK(one.values->input.shape == std::vector<int>{1, 4});
    CHECK(one.values->kernel->shape == std::vector<int>{1, 1, 2});
    CHECK(one.values->output.shape == std::vector<int>{1, 3});
    CHECK(one.values->output.data == std::vector<double>{12.5, 23.5, 34.5});
    // Pooling: a channel's [H][W] input.
    const json pool{{"operation", "max_pooling"}, {"input", 2}, {"kernel", 2}, {"values", {{"input", {{1, 9}, {3, 4}}}}}};
    CHECK(simulate(parse(pool)).values->output.data == std::vector<double>{9});
  }
  SECTION("wrong shapes are refused with the expected shape written out") {
    const json base{{"operation", "convolution"}, {"input", 5}, {"kernel", 3}, {"in_channels", 2},
                    {"out_channels", 2}, {"groups", 2}};
    const std::vector<double> input = numbered(2 * 25);
    json config = base;
    config["values"] = {{"input", nest(input, {2, 5, 5})}, {"kernel", nest(numbered(36), {2, 2, 3, 3})}};
    CHECK_THAT(error_of(config), Catch::Contains("/values/kernel") && Catch::Contains("[2][1][3][3]"));
    config["values"]["kernel"] = nest(numbered(9), {3, 3});  // [kh][kw] for 2 filters
    CHECK_THAT(error_of(config), Catch::Contains("/values/kernel") && Catch::Contains("[2][1][3][3]"));
    config["values"]["kernel"] = nest(numbered(18), {2, 1, 3, 3});
    CHECK(error_of(config).empty());
    // Two channels' input as one [H][W]: the channel dimension is not 1, so it may not be left out.
    config["values"]["input"] = nest(input, {5, 5});
    CHECK_THAT(error_of(config), Catch::Contains("/values/input") && Catch::Contains("[2][5][5]"));
    config["values"]["input"] = nest(input, {2, 5, 5});
    config["bias"] = true;
    config["values"]["bias"] = {1, 2, 3};
    CHECK_THAT(error_of(config), Catch::Contains("/values/bias") && Catch::Contains("[2]"));
    // Transposed: [C_in][C_out / groups][kh][kw].
    const json transposed{{"operation", "transposed_convolution"},
                          {"input", 3},
                          {"kernel", 2},
                          {"in_channels", 4},
                          {"out_channels", 6},
                          {"groups", 2},
                          {"values", {{"input", nest(numbered(36), {4, 3, 3})}, {"kernel", nest(numbered(48), {6, 2, 2, 2})}}}};
    CHECK_THAT(error_of(transposed), Catch::Contains("/values/kernel") && Catch::Contains("[4][3][2][2]"));
    // 1-D: [C_out][C_in / groups][k].
    const json line{{"operation", "convolution"},
                    {"input", {6}},
                    {"kernel", 3},
                    {"in_channels", 2},
                    {"out_channels", 3},
                    {"values", {{"input", nest(numbered(12), {2, 6})}, {"kernel", nest(numbered(9), {3, 3})}}}};
    CHECK_THAT(error_of(line), Catch::Contains("/values/kernel") && Catch::Contains("[3][2][3]"));
  }
}

TEST_CASE("channels: layer strings trace as their key-based twins", "[channels]") {
  struct Pair {
    json layer, keys;
  };
  const std::vector<Pair> pairs{
      {{{"layer", "nn.Conv2d(4, 6, 3, stride=2, groups=2)"}, {"input", {4, 7, 9}}},
       {{"operation", "convolution"}, {"input", {7, 9}}, {"kernel", 3}, {"stride", 2}, {"in_channels", 4},
        {"out_channels", 6}, {"groups", 2}, {"bias", true}}},
      {{{"layer", "nn.ConvTranspose1d(4, 2, 3, stride=2, padding=1, output_padding=1, groups=2, dilation=2)"},
        {"input", {4, 5}}},
       {{"operation", "transposed_convolution"}, {"input", {5}}, {"kernel", 3}, {"stride", 2}, {"padding", 1},
        {"output_padding", 1}, {"dilation", 2}, {"in_channels", 4}, {"out_channels", 2}, {"groups", 2},
        {"bias", true}}},
      {{{"layer", "nn.ConvTranspose2d(3, 6, kernel_size=(3, 2), stride=(2, 1), padding=(1, 0), output_padding=(1, 0), "
                  "groups=3, bias=False)"},
        {"input", {3, 4, 5}}},
       {{"operation", "transposed_convolution"}, {"input", {4, 5}}, {"kernel", {3, 2}}, {"stride", {2, 1}},
        {"padding", {1, 0}}, {"output_padding", {1, 0}}, {"in_channels", 3}, {"out_channels", 6}, {"groups", 3}}},
      {{{"layer", "nn.MaxPool1d(3, stride=2, padding=1)"}, {"input", {3, 8}}},
       {{"operation", "max_pooling"}, {"input", {8}}, {"kernel", 3}, {"stride", 2}, {"padding", 1}, {"in_channels", 3}}},
      {{{"layer", "nn.MaxPool2d(2)"}, {"input", {3, 6, 5}}},  // stride defaults to the kernel size
       {{"operation", "max_pooling"}, {"input", {6, 5}}, {"kernel", 2}, {"stride", 2}, {"in_channels", 3}}},
      {{{"layer", "nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False)"}, {"input", {2, 6, 7}}},
       {{"operation", "average_pooling"}, {"input", {6, 7}}, {"kernel", 3}, {"stride", 2}, {"padding", 1},
        {"in_channels", 2}, {"count_include_pad", false}}},
      {{{"layer", "nn.AvgPool1d(4, stride=3, padding=2)"}, {"input", {2, 10}}},
       {{"operation", "average_pooling"}, {"input", {10}}, {"kernel", 4}, {"stride", 3}, {"padding", 2},
        {"in_channels", 2}}},
      // PyTorch's 'same' puts the odd cell of d(k - 1) = 3 on the right.
      {{{"layer", "nn.Conv1d(2, 4, kernel_size=4, padding='same', bias=False)"}, {"input", {2, 9}}},
       {{"operation", "convolution"}, {"input", {9}}, {"kernel", 4}, {"padding", {{"left", 1}, {"right", 2}}},
        {"in_channels", 2}, {"out_channels", 4}}},
      // [H, W] when the layer fixes C.
      {{{"layer", "torch.nn.Conv2d(1, 2, 3, padding=1)"}, {"input", {5, 6}}},
       {{"operation", "convolution"}, {"input", {5, 6}}, {"kernel", 3}, {"padding", 1}, {"out_channels", 2},
        {"bias", true}}},
      {{{"layer", "nn.Conv2d(6, 6, 3, groups=6, padding=1, dilation=(1, 2))"}, {"input", {6, 5, 7}}},
       {{"operation", "convolution"}, {"input", {5, 7}}, {"kernel", 3}, {"padding", 1}, {"dilation", {1, 2}},
        {"in_channels", 6}, {"out_channels", 6}, {"groups", 6}, {"bias", true}}},
  };
  std::uint64_t seed = 100;
  for (const Pair& pair : pairs) {
    for (const std::string order : {"channel", "position"}) {
      json layer = pair.layer, keys = pair.keys;
      layer["values"] = keys["values"] = {{"seed", seed}, {"input_range", {-5, 9}}};
      layer["order"] = keys["order"] = order;
      CAPTURE(layer.dump(), keys.dump());
      const Scenario from_layer = parse(layer);
      CHECK(from_layer.layer == layer["layer"].get<std::string>());
      ojson a = trace_to_json(simulate(from_layer)), b = trace_to_json(simulate(parse(keys)));
      CHECK(a["layer"] == layer["layer"]);
      for (const char* key : {"name", "layer"}) {
        a.erase(key);
        b.erase(key);
      }
      CHECK(a == b);
    }
    ++seed;
  }
  // Convolution layer strings have a bias unless they say bias=False.
  const Scenario conv = parse(json{{"layer", "nn.Conv1d(2, 3, 2)"}, {"input", {2, 5}}, {"values", {{"seed", 1}}}});
  CHECK(conv.bias);
  CHECK(simulate(conv).values->bias->shape == std::vector<int>{3});
  CHECK(parse(json{{"layer", "nn.ConvTranspose2d(2, 3, 2)"}, {"input", {2, 5, 5}}}).bias);
  CHECK_FALSE(parse(json{{"layer", "nn.Conv2d(2, 3, 2, bias=False)"}, {"input", {2, 5, 5}}}).bias);
  CHECK_FALSE(parse(json{{"layer", "nn.AvgPool2d(2)"}, {"input", {2, 5, 5}}}).bias);

  // Both a layer and its keys; an input whose channels disagree with in_channels.
  CHECK_THAT(error_of(json{{"layer", "nn.Conv2d(4, 6, 3)"}, {"input", {4, 7, 9}}, {"kernel", 3}}),
             Catch::StartsWith(std::string(source_name) + ": /kernel: ") && Catch::Contains("\"layer\""));
  CHECK_THAT(error_of(json{{"layer", "nn.Conv2d(4, 6, 3)"}, {"input", {3, 7, 9}}}),
             Catch::StartsWith(std::string(source_name) + ": /input: ") && Catch::Contains("4 input channels") &&
                 Catch::Contains("has 3"));
  CHECK_THAT(error_of(json{{"layer", "nn.Conv1d(2, 3, 2)"}, {"input", {4, 9}}}),
             Catch::StartsWith(std::string(source_name) + ": /input: ") && Catch::Contains("2 input channels"));
}

TEST_CASE("channels: bad input is refused naming the key", "[channels]") {
  const std::string prefix = std::string(source_name) + ": ";
  const json conv{{"operation", "convolution"}, {"input", 6}, {"kernel", 3}};
  const auto with = [](json config, const json& extra) {
    config.update(extra);
    return config;
  };

  SECTION("groups that do not divide in_channels or out_channels") {
    const std::string not_out = error_of(with(conv, {{"in_channels", 4}, {"out_channels", 6}, {"groups", 4}}));
    CHECK_THAT(not_out, Catch::StartsWith(prefix + "/groups: ") && Catch::Contains("4") && Catch::Contains("6"));
    CHECK_THAT(not_out, Catch::Contains("in_channels 4") && Catch::Contains("out_channels 6"));
    const std::string not_in = error_of(with(conv, {{"in_channels", 3}, {"out_channels", 6}, {"groups", 2}}));
    CHECK_THAT(not_in, Catch::StartsWith(prefix + "/groups: ") && Catch::Contains("in_channels 3") &&
                           Catch::Contains("out_channels 6"));
    json transposed = with(conv, {{"in_channels", 6}, {"out_channels", 4}, {"groups", 3}});
    transposed["operation"] = "transposed_convolution";
    CHECK_THAT(error_of(transposed), Catch::StartsWith(prefix + "/groups: "));
    // Dividing both: accepted.
    CHECK(error_of(with(conv, {{"in_channels", 4}, {"out_channels", 6}, {"groups", 2}})).empty());
  }
  SECTION("out_channels, groups and bias on pooling") {
    for (const char* operation : {"max_pooling", "average_pooling"})
      for (const auto& [key, value] : std::vector<std::pair<std::string, json>>{{"out_channels", 2}, {"groups", 1}, {"bias", false}}) {
        json config{{"operation", operation}, {"input", 6}, {"kernel", 2}, {"in_channels", 2}};
        config[key] = value;
        CAPTURE(operation, key);
        CHECK_THAT(error_of(config), Catch::StartsWith(prefix + "/" + key + ": ") && Catch::Contains("per channel"));
      }
  }
  SECTION("bias values without a bias, a bias without values") {
    json config{{"operation", "convolution"},
                {"input", {6}},
                {"kernel", 3},
                {"values", {{"input", {1, 2, 3, 4, 5, 6}}, {"kernel", {1, 2, 3}}, {"bias", {1}}}}};
    CHECK_THAT(error_of(config), Catch::StartsWith(prefix + "/values/bias: ") && Catch::Contains("\"bias\": true"));
    config["values"].erase("bias");
    CHECK(error_of(config).empty());
    config["bias"] = true;
    CHECK_THAT(error_of(config), Catch::StartsWith(prefix + "/values: ") && Catch::Contains("bias") &&
                                     Catch::Contains("[1]"));
    config["values"]["bias"] = {2};
    CHECK(error_of(config).empty());
    // Pooling has no bias at all.
    CHECK_THAT(error_of(json{{"operation", "max_pooling"},
                             {"input", 2},
                             {"kernel", 2},
                             {"values", {{"input", {{1, 2}, {3, 4}}}, {"bias", {1}}}}}),
               Catch::StartsWith(prefix + "/values/bias: "));
  }
  SECTION("layer strings: an unknown argument, a malformed call") {
    const std::string unknown = error_of(json{{"layer", "nn.Conv2d(4, 6, 3, strid=2)"}, {"input", {4, 7, 9}}});
    CHECK_THAT(unknown, Catch::StartsWith(prefix + "/layer: ") && Catch::Contains("strid") &&
                            Catch::Contains("did you mean \"stride\""));
    CHECK_THAT(error_of(json{{"layer", "nn.MaxPool1d(3, kernal_size=2)"}, {"input", {2, 9}}}),
               Catch::StartsWith(prefix + "/layer: ") && Catch::Contains("kernal_size"));
    CHECK_THAT(error_of(json{{"layer", "nn.Conv2d(4, 6, 3, padding_mode='reflect')"}, {"input", {4, 7, 9}}}),
               Catch::StartsWith(prefix + "/layer: ") && Catch::Contains("padding_mode"));
    for (const char* malformed : {"nn.Conv2d(4, 6, 3", "nn.Conv2d 4, 6, 3)", "nn.Conv2d(4, 6, 3))", "Conv9d(1, 1, 1)", ""}) {
      CAPTURE(malformed);
      CHECK_THAT(error_of(json{{"layer", malformed}, {"input", {4, 7, 9}}}), Catch::StartsWith(prefix + "/layer: "));
    }
  }
  SECTION("\"causal\" only on a 1-D convolution") {
    CHECK(error_of(json{{"operation", "convolution"}, {"input", {6}}, {"kernel", 3}, {"padding", "causal"}}).empty());
    const json refused[] = {
        {{"operation", "convolution"}, {"input", {6, 6}}, {"kernel", 3}, {"padding", "causal"}},
        {{"operation", "convolution"}, {"input", 6}, {"kernel", 3}, {"padding", "causal"}},
        {{"operation", "max_pooling"}, {"input", {6}}, {"kernel", 3}, {"padding", "causal"}},
        {{"operation", "average_pooling"}, {"input", {6}}, {"kernel", 3}, {"padding", "causal"}},
        {{"operation", "transposed_convolution"}, {"input", {6}}, {"kernel", 3}, {"padding", "causal"}},
    };
    for (const json& config : refused) {
      CAPTURE(config.dump());
      CHECK_THAT(error_of(config), Catch::StartsWith(prefix + "/padding: ") && Catch::Contains("causal"));
    }
  }
}
