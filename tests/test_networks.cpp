// Networks (issue 10): stacked layers and their receptive fields, against references written here.
//  - The arithmetic (next_field: r, jump, start) against windows propagated down random stacks, and
//    against the closed forms of Araujo, Norris and Sim (Distill, 2019).
//  - The dependency sets (field_of, unit_fields, the trace's "receptive_fields") against a brute force
//    with PyTorch's index formulas (a transposed layer's by scatter), padding and channels included,
//    and against the network's own response to an impulse (the gradient's support, positive weights).
//  - Shapes flowing from layer to layer (PyTorch's formulas), the refusals, and values layer to layer.
//  - The receptive view's pixels: on every plane, exactly the dependency set shaded.
//  - The CLI: `shape` and `trace` of a network.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <numeric>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "decode.hpp"
#include "renderer/render.hpp"
#include "renderer/views/render_options.hpp"
#include "src/arithmetic/receptive_field.hpp"
#include "src/config/config_error.hpp"
#include "src/config/json_file.hpp"
#include "src/config/network.hpp"
#include "src/simulate/network_trace.hpp"
#include "src/simulate/trace_json.hpp"
#include "pixel_support.hpp"
#include "support.hpp"

using namespace convanim;
using nlohmann::json;

namespace {

// Longer than std::string's small buffer, as test_scenario.cpp explains.
constexpr const char* source_name = "network_under_test.json";

// ---------------------------------------------------------------------------------------------
// Stacks as the tests give them: per-axis parameters, PyTorch's terms.

// One spatial axis of a layer: kernel, stride, dilation, padding at the begin and end, output_padding.
struct AxisSpec {
  int k = 1, s = 1, d = 1, pb = 0, pe = 0, op = 0;
  int span() const { return d * (k - 1) + 1; }  // the dilated kernel
};

struct LayerSpec {
  Operation operation = Operation::convolution;
  std::array<AxisSpec, 2> axes;   // [height, width]; in 1-D the height is trivial
  int out_channels = 1, groups = 1;  // convolutions; pooling keeps its input's channels
  bool as_string = false;            // given as a PyTorch layer string
};

struct Stack {
  std::vector<int> input;  // [C, H, W] or [C, L]
  std::vector<LayerSpec> layers;
  int dims() const { return int(input.size()) - 1; }
};

struct MapShape {
  int channels = 1;
  std::array<int, 2> size{1, 1};  // [H, W], H = 1 in 1-D
};

bool is_pool(Operation op) { return op == Operation::max_pooling || op == Operation::average_pooling; }

// PyTorch's output size of one axis: Conv/MaxPool/AvgPool (ceil_mode=False) after F.pad, or
// ConvTranspose with its padding cropped from each side.
int pytorch_output(Operation op, const AxisSpec& a, int in) {
  if (op == Operation::transposed_convolution) return (in - 1) * a.s - a.pb - a.pe + a.d * (a.k - 1) + a.op + 1;
  const int numerator = in + a.pb + a.pe - a.d * (a.k - 1) - 1;
  return numerator < 0 ? 0 : numerator / a.s + 1;
}

// Whether PyTorch takes the layer for an input of `in_channels` x `size` (convanim's pooling padding
// bound: half the dilated window, PyTorch 2's rule as layer_string.cpp says).
bool pytorch_accepts(const LayerSpec& l, int dims, int in_channels, std::array<int, 2> size) {
  if (!is_pool(l.operation) && (in_channels % l.groups != 0 || l.out_channels % l.groups != 0)) return false;
  for (int a = 2 - dims; a < 2; ++a) {
    const AxisSpec& x = l.axes[std::size_t(a)];
    if (l.operation == Operation::transposed_convolution) {
      if (x.op >= std::max(x.s, x.d) || pytorch_output(l.operation, x, size[std::size_t(a)]) < 1) return false;
      continue;
    }
    if (size[std::size_t(a)] + x.pb + x.pe < x.span()) return false;
    if (is_pool(l.operation)) {
      const int window = l.operation == Operation::max_pooling ? x.span() : x.k;
      if (std::max(x.pb, x.pe) > window / 2) return false;
      if (l.operation == Operation::average_pooling && x.d != 1) return false;
    }
  }
  return true;
}

// Every map's shape, from the input (0) to the top layer's output.
std::vector<MapShape> map_shapes(const Stack& stack) {
  std::vector<MapShape> shapes;
  MapShape map{stack.input.front(), {stack.dims() == 1 ? 1 : stack.input[1], stack.input.back()}};
  shapes.push_back(map);
  for (const LayerSpec& l : stack.layers) {
    MapShape next{is_pool(l.operation) ? map.channels : l.out_channels, {}};
    for (std::size_t a = 0; a < 2; ++a) next.size[a] = pytorch_output(l.operation, l.axes[a], map.size[a]);
    shapes.push_back(next);
    map = next;
  }
  return shapes;
}

std::vector<int> shape_vector(const MapShape& m, int dims) {
  return dims == 1 ? std::vector{m.channels, m.size[1]} : std::vector{m.channels, m.size[0], m.size[1]};
}

json per_axis(int dims, int h, int w) { return dims == 1 ? json::array({w}) : json::array({h, w}); }

std::string tuple_text(int dims, int h, int w) {
  if (dims == 1) return std::to_string(w);
  return "(" + std::to_string(h) + ", " + std::to_string(w) + ")";
}

bool symmetric(const LayerSpec& l) { return l.axes[0].pb == l.axes[0].pe && l.axes[1].pb == l.axes[1].pe; }

// The layer as a PyTorch constructor call (symmetric padding only).
std::string layer_string(const LayerSpec& l, int dims, int in_channels) {
  const auto& [h, w] = l.axes;
  const std::string d = std::to_string(dims) + "d(";
  const auto arg = [&](const char* name, int vh, int vw) { return std::string(", ") + name + "=" + tuple_text(dims, vh, vw); };
  std::string text;
  switch (l.operation) {
    case Operation::convolution:
      text = "nn.Conv" + d + std::to_string(in_channels) + ", " + std::to_string(l.out_channels) +
             arg("kernel_size", h.k, w.k) + arg("stride", h.s, w.s) + arg("padding", h.pb, w.pb) +
             arg("dilation", h.d, w.d) + ", groups=" + std::to_string(l.groups) + ", bias=False)";
      break;
    case Operation::transposed_convolution:
      text = "nn.ConvTranspose" + d + std::to_string(in_channels) + ", " + std::to_string(l.out_channels) +
             arg("kernel_size", h.k, w.k) + arg("stride", h.s, w.s) + arg("padding", h.pb, w.pb) +
             arg("output_padding", h.op, w.op) + ", groups=" + std::to_string(l.groups) + ", bias=False" +
             arg("dilation", h.d, w.d) + ")";
      break;
    case Operation::max_pooling:
      text = "nn.MaxPool" + d + "kernel_size=" + tuple_text(dims, h.k, w.k) + arg("stride", h.s, w.s) +
             arg("padding", h.pb, w.pb) + arg("dilation", h.d, w.d) + ")";
      break;
    case Operation::average_pooling:
      text = "nn.AvgPool" + d + "kernel_size=" + tuple_text(dims, h.k, w.k) + arg("stride", h.s, w.s) +
             arg("padding", h.pb, w.pb) + ")";
      break;
  }
  return text;
}

json layer_json(const LayerSpec& l, int dims, int in_channels) {
  if (l.as_string) return {{"layer", layer_string(l, dims, in_channels)}};
  const auto& [h, w] = l.axes;
  const char* names[] = {"convolution", "transposed_convolution", "max_pooling", "average_pooling"};
  json out{{"operation", names[int(l.operation)]},
           {"kernel", per_axis(dims, h.k, w.k)},
           {"stride", per_axis(dims, h.s, w.s)},
           {"dilation", per_axis(dims, h.d, w.d)}};
  out["padding"] = dims == 1 ? json{{"left", w.pb}, {"right", w.pe}}
                             : json{{"top", h.pb}, {"bottom", h.pe}, {"left", w.pb}, {"right", w.pe}};
  if (l.operation == Operation::transposed_convolution) out["output_padding"] = per_axis(dims, h.op, w.op);
  if (!is_pool(l.operation)) {
    out["out_channels"] = l.out_channels;
    out["groups"] = l.groups;
  }
  return out;
}

json stack_json(const Stack& stack) {
  json layers = json::array();
  const std::vector<MapShape> shapes = map_shapes(stack);
  for (std::size_t l = 0; l < stack.layers.size(); ++l)
    layers.push_back(layer_json(stack.layers[l], stack.dims(), shapes[l].channels));
  return {{"input", stack.input}, {"layers", layers}};
}

Network parse(const json& config) { return parse_network(config, source_name, "network"); }

// The config as the commands read it: its render object checked too.
Config parse_figure(const json& config) {
  Config c = parse_config(config, source_name, "network");
  read_render_options(c);
  return c;
}

// The message reading the config throws, or "" when it accepts the config.
std::string error_of(const json& config) {
  return test::error_of([&] { parse_figure(config); });
}

// The stack of a parsed network (padding schemes such as "causal" resolved to numbers).
Stack stack_of(const Network& n) {
  Stack stack{n.input_shape, {}};
  for (const Scenario& s : n.layers) {
    LayerSpec l{s.operation, {}, s.out_channels, s.groups, false};
    for (std::size_t a = 0; a < 2; ++a) {
      const Axis& x = s.axes[a];
      l.axes[a] = {x.kernel, x.stride, x.dilation, x.padding_begin, x.padding_end, x.output_padding};
    }
    stack.layers.push_back(l);
  }
  return stack;
}

// ---------------------------------------------------------------------------------------------
// Random stacks: seeded, the same on every platform (mt19937_64 is specified; the mapping to a range
// is done here).

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}
  int between(int low, int high) { return low + int(engine_() % std::uint64_t(high - low + 1)); }
  bool chance(int percent) { return between(1, 100) <= percent; }

 private:
  std::mt19937_64 engine_;
};

struct StackRules {
  bool channels = false;    // several channels and groups
  bool transposed = true;   // transposed convolutions among the layers
  int most_layers = 5;
  int largest_map = 24;     // per axis, to keep the brute force quick
};

LayerSpec random_layer(Rng& rng, int dims, int in_channels, const StackRules& rules) {
  LayerSpec l;
  const int pick = rng.between(1, 100);
  l.operation = pick <= 45                        ? Operation::convolution
                : pick <= 68 && rules.transposed ? Operation::transposed_convolution
                : pick <= 84                     ? Operation::max_pooling
                                                 : Operation::average_pooling;
  for (int a = 2 - dims; a < 2; ++a) {
    AxisSpec& x = l.axes[std::size_t(a)];
    x.k = rng.between(1, 4);
    x.s = rng.between(1, 3);
    x.d = l.operation == Operation::average_pooling ? 1 : rng.between(1, 3);
    switch (l.operation) {
      case Operation::convolution:  // uneven padding half of the time
        x.pb = rng.between(0, 2);
        x.pe = rng.chance(50) ? x.pb : rng.between(0, 2);
        break;
      case Operation::transposed_convolution:  // PyTorch's is symmetric
        x.pb = x.pe = rng.between(0, 2);
        x.op = rng.between(0, std::max(x.s, x.d) - 1);
        break;
      default: {
        const int window = l.operation == Operation::max_pooling ? x.span() : x.k;
        x.pb = x.pe = rng.between(0, std::min(2, window / 2));
      }
    }
  }
  if (!is_pool(l.operation)) {
    l.out_channels = rules.channels ? rng.between(1, 4) : 1;
    std::vector<int> divisors;
    for (int g = 1; g <= std::gcd(in_channels, l.out_channels); ++g)
      if (in_channels % g == 0 && l.out_channels % g == 0) divisors.push_back(g);
    l.groups = divisors[std::size_t(rng.between(0, int(divisors.size()) - 1))];
  }
  l.as_string = symmetric(l) && rng.chance(25);
  return l;
}

// Candidates the implementation refused although PyTorch takes them (each is a failure to report).
struct Refusals {
  std::vector<std::string> wrongly;
  int rightly = 0;
};

// The wrong refusals and acceptances, one a line.
std::string listed(const Refusals& refusals) {
  std::string all;
  for (const std::string& line : refusals.wrongly) all += line + "\n";
  return all;
}

Stack random_stack(Rng& rng, int dims, const StackRules& rules, Refusals& refusals) {
  for (;;) {
    Stack stack;
    const int channels = rules.channels ? rng.between(1, 3) : 1;
    stack.input = dims == 1 ? std::vector{channels, rng.between(4, 20)}
                            : std::vector{channels, rng.between(3, 10), rng.between(3, 10)};
    const int depth = rng.between(1, rules.most_layers);
    for (int l = 0; l < depth; ++l) {
      const MapShape below = map_shapes(stack).back();
      for (int attempt = 0; attempt < 40; ++attempt) {
        stack.layers.push_back(random_layer(rng, dims, below.channels, rules));
        const bool fine = pytorch_accepts(stack.layers.back(), dims, below.channels, below.size);
        const MapShape top = map_shapes(stack).back();
        const std::string error = error_of(stack_json(stack));
        // convanim's own bounds on what a record lists ("allowed: at most ...") are no disagreement.
        const bool bounded = error.find("allowed: at most") != std::string::npos;
        if (error.empty() != fine && !bounded) {
          if (fine) refusals.wrongly.push_back(stack_json(stack).dump() + ": " + error);
          else refusals.wrongly.push_back(stack_json(stack).dump() + ": accepted, PyTorch refuses it");
        }
        if (!fine) ++refusals.rightly;
        if (fine && error.empty() && top.size[0] <= rules.largest_map && top.size[1] <= rules.largest_map) break;
        stack.layers.pop_back();
      }
    }
    if (!stack.layers.empty()) return stack;
  }
}

std::string describe(const Stack& stack) { return stack_json(stack).dump(); }

// ---------------------------------------------------------------------------------------------
// 1. The arithmetic against windows propagated down, one axis at a time.

// Positions along one axis in the input's coordinates (input cell centres at 0, 1, ...), times
// `scale` (the product of the transposed layers' strides), so that the positions of a stretched
// grid's cells, (q - origin) / s of the layer's input, are integers.
struct Propagated {
  std::set<std::int64_t> every;  // every tap's position, padding and inserted zeros included
  std::set<std::int64_t> real;   // only through real units: padding and inserted zeros stop
};

Propagated propagate(const Stack& stack, std::size_t top, std::size_t axis, int unit, std::int64_t scale,
                     const std::vector<MapShape>& shapes) {
  std::set<std::int64_t> every{std::int64_t(unit) * scale}, real = every;
  for (std::size_t l = top + 1; l-- > 0;) {
    const LayerSpec& layer = stack.layers[l];
    const AxisSpec& a = layer.axes[axis];
    const int in = shapes[l].size[axis];
    const auto taps = [&](std::int64_t x, std::set<std::int64_t>& out, bool real_only) {
      for (int t = 0; t < a.k; ++t) {
        std::int64_t below = 0;
        if (layer.operation == Operation::transposed_convolution) {
          // Stretched-grid cell x + t d; its position (cell - origin) / s, origin = d(k - 1) - p_begin.
          const std::int64_t numerator = x + std::int64_t(t * a.d - (a.d * (a.k - 1) - a.pb)) * scale;
          REQUIRE(numerator % a.s == 0);
          below = numerator / a.s;
        } else {
          below = x * a.s + std::int64_t(t * a.d - a.pb) * scale;
        }
        // A real unit: an integer position (in this layer's input cells) inside the map.
        const bool on_unit = below % scale == 0 && below >= 0 && below / scale < in;
        if (!real_only || on_unit) out.insert(below);
      }
    };
    std::set<std::int64_t> next_every, next_real;
    for (std::int64_t x : every) taps(x, next_every, false);
    for (std::int64_t x : real) taps(x, next_real, true);
    every = std::move(next_every);
    real = std::move(next_real);
  }
  return {every, real};
}

// The closed forms of Araujo et al. for the first `count` layers, one axis: r_0 = 1 + sum (k_l - 1)
// prod_{i<l} s_i, S = prod s_i, P = sum p_l prod_{i<l} s_i, and the centre of unit u's field
// u S - P + (r_0 - 1) / 2. Dilation as a kernel of d(k - 1) + 1; a transposed layer as the
// convolution over its stretched input: stride 1/s, left padding (d(k - 1) - p) / s and kernel
// span (d(k - 1)) / s, in units of its input.
struct ClosedForm {
  double r = 1, S = 1, P = 0;
};

ClosedForm closed_form(const Stack& stack, std::size_t count, std::size_t axis) {
  ClosedForm f;
  for (std::size_t l = 0; l < count; ++l) {
    const AxisSpec& a = stack.layers[l].axes[axis];
    const bool transposed = stack.layers[l].operation == Operation::transposed_convolution;
    const double s = transposed ? 1.0 / a.s : a.s;
    const double span = transposed ? double(a.span() - 1) / a.s : a.span() - 1;  // k_l - 1
    const double p = transposed ? double(a.d * (a.k - 1) - a.pb) / a.s : a.pb;
    f.r += span * f.S;
    f.P += p * f.S;
    f.S *= s;
  }
  return f;
}

}  // namespace

TEST_CASE("networks: r, jump and start against windows propagated down random stacks", "[networks]") {
  Rng rng(20191104);  // the Distill article's date
  Refusals refusals;
  constexpr int stacks_per_dims = 600;
  std::size_t units = 0, exact_real = 0, transposed_stacks = 0;
  for (int dims : {1, 2})
    for (int n = 0; n < stacks_per_dims; ++n) {
      const Stack stack = random_stack(rng, dims, StackRules{}, refusals);
      INFO(describe(stack));
      const Network network = parse(stack_json(stack));
      const NetworkTrace trace = simulate_network(network);
      const std::vector<MapShape> shapes = map_shapes(stack);
      REQUIRE(trace.field_arithmetic.size() == stack.layers.size());
      const bool any_transposed = std::any_of(stack.layers.begin(), stack.layers.end(), [](const LayerSpec& l) {
        return l.operation == Operation::transposed_convolution;
      });
      transposed_stacks += any_transposed;
      for (std::size_t top = 0; top < stack.layers.size(); ++top) {
        INFO("units of layer " << top + 1);
        for (std::size_t axis = 0; axis < 2; ++axis) {
          INFO("axis " << axis);
          const FieldAxis& f = trace.field_arithmetic[top][axis];
          if (dims == 1 && axis == 0) {  // the trivial height
            CHECK(f.size == 1);
            CHECK(f.jump == 1);
            CHECK(f.start == 0);
            continue;
          }
          // The jump: the product of the strides, divided by a transposed layer's.
          double jump = 1;
          std::int64_t scale = 1;
          for (std::size_t l = 0; l <= top; ++l) {
            const AxisSpec& a = stack.layers[l].axes[axis];
            if (stack.layers[l].operation == Operation::transposed_convolution) {
              jump /= a.s;
              scale *= a.s;
            } else {
              jump *= a.s;
            }
          }
          CHECK(f.jump == Approx(jump).epsilon(1e-12));
          // Araujo et al.'s closed forms.
          const ClosedForm closed = closed_form(stack, top + 1, axis);
          CHECK(f.size == Approx(closed.r).epsilon(1e-12));
          CHECK(f.jump == Approx(closed.S).epsilon(1e-12));
          CHECK(f.start == Approx((closed.r - 1) / 2 - closed.P).margin(1e-9));
          const int outputs = shapes[top + 1].size[axis];
          std::optional<double> previous_centre;
          for (int u = 0; u < outputs; ++u) {
            INFO("unit " << u);
            ++units;
            const Propagated p = propagate(stack, top, axis, u, scale, shapes);
            REQUIRE(!p.every.empty());
            const double low = double(*p.every.begin()) / double(scale), high = double(*p.every.rbegin()) / double(scale);
            // Every tap, padding and inserted zeros included, fills exactly r cells around start + u j.
            CHECK(high - low + 1 == Approx(f.size).margin(1e-9));
            const double centre = (low + high) / 2;
            CHECK(centre == Approx(f.start + u * f.jump).margin(1e-9));
            if (previous_centre) CHECK(centre - *previous_centre == Approx(f.jump).margin(1e-9));
            previous_centre = centre;
            // What the unit really reads lies within that field; all of it when no window reaches
            // padding or an inserted zero on the way down.
            CHECK(std::includes(p.every.begin(), p.every.end(), p.real.begin(), p.real.end()));
            if (!p.real.empty()) {
              const double real_extent = double(*p.real.rbegin() - *p.real.begin()) / double(scale) + 1;
              CHECK(real_extent <= f.size + 1e-9);
            }
            exact_real += p.real == p.every;
          }
        }
      }
    }
  CHECK(listed(refusals) == "");
  // The sweep meets what it is meant to: transposed layers, and fields with and without padding.
  CHECK(transposed_stacks > 40);
  CHECK(refusals.rightly > 0);
  CHECK(exact_real > 0);
  CHECK(exact_real < units);
}

TEST_CASE("networks: the arithmetic of the example stacks, as the issue states it", "[networks]") {
  const auto top_field = [](const char* name) {
    const Config config = load_config(std::filesystem::path(CONVANIM_SOURCE_DIR) / "configs/layers" / name);
    REQUIRE(config.network());
    return simulate_network(*config.network()).field_arithmetic.back();
  };
  // Two 3x3 convolutions see 5x5; 3x3 with dilations 1, 2, 4 see 15x15; WaveNet's k=2, d=1..8 sees 16.
  auto f = top_field("two_3x3_convolutions.json");
  CHECK(f[0].size == 5);
  CHECK(f[1].size == 5);
  CHECK(f[1].start == 2);  // no padding: the first unit is centred on input cell 2
  f = top_field("dilated_stack.json");
  CHECK(f[0].size == 15);
  CHECK(f[1].size == 15);
  CHECK(f[1].start == 0);  // "same" padding throughout: unit u is centred on input cell u
  CHECK(f[1].jump == 1);
  f = top_field("wavenet_stack.json");
  CHECK(f[0].size == 1);
  CHECK(f[1].size == 16);
  CHECK(f[1].start == -7.5);  // causal: unit u's field ends at input cell u, 15 cells of padding before 0
  f = top_field("convolution_then_max_pooling.json");
  CHECK(f[1].size == 4);
  CHECK(f[1].jump == 2);
  CHECK(f[1].start == 0.5);
  f = top_field("encoder_decoder.json");
  CHECK(f[1].size == 5);
  CHECK(f[1].jump == 1);  // stride 2 down, stride 2 back up
  CHECK(f[1].start == 0);
}

namespace {

// ---------------------------------------------------------------------------------------------
// 2. The dependency sets, by brute force.

using CellSet = std::set<std::pair<int, int>>;

struct MapDependency {
  CellSet cells;    // the map's cells
  CellSet padding;  // grid cells (of the layer above's grid) in padding that the windows reach
  std::set<int> channels;
};

// One axis of a window at output index o: each tap's grid cell, and the input it lies on, if any.
struct AxisTap {
  int grid;
  enum Kind { unit, inserted_zero, padding } kind;
};

std::vector<AxisTap> axis_taps(Operation op, const AxisSpec& a, int in, int o) {
  std::vector<AxisTap> taps;
  for (int t = 0; t < a.k; ++t) {
    if (op == Operation::transposed_convolution) {
      const int grid = o + t * a.d, x = grid - (a.d * (a.k - 1) - a.pb);
      const bool inside = x >= 0 && x <= (in - 1) * a.s;
      taps.push_back({grid, !inside ? AxisTap::padding : x % a.s == 0 ? AxisTap::unit : AxisTap::inserted_zero});
    } else {
      const int grid = o * a.s + t * a.d, x = grid - a.pb;
      taps.push_back({grid, x >= 0 && x < in ? AxisTap::unit : AxisTap::padding});
    }
  }
  return taps;
}

// The inputs of one axis that a layer's output o reads: under the taps (i s - p_begin + t d = o by
// scatter for a transposed layer).
std::set<int> axis_inputs(Operation op, const AxisSpec& a, int in, int o) {
  std::set<int> inputs;
  for (int t = 0; t < a.k; ++t) {
    if (op == Operation::transposed_convolution) {
      for (int i = 0; i < in; ++i)
        if (i * a.s - a.pb + t * a.d == o) inputs.insert(i);
    } else if (const int x = o * a.s - a.pb + t * a.d; x >= 0 && x < in) {
      inputs.insert(x);
    }
  }
  return inputs;
}

// The input channels output channel oc reads (PyTorch's groups; pooling per channel).
std::set<int> channels_read(const LayerSpec& l, int in_channels, int oc) {
  if (is_pool(l.operation)) return {oc};
  const int group = oc / (l.out_channels / l.groups), per_group = in_channels / l.groups;
  std::set<int> out;
  for (int k = 0; k < per_group; ++k) out.insert(group * per_group + k);
  return out;
}

// The dependency sets of top unit `cell` of channel `channel`, per map (index m: map m).
std::vector<MapDependency> brute_dependencies(const Stack& stack, int channel, std::pair<int, int> cell) {
  const std::vector<MapShape> shapes = map_shapes(stack);
  std::vector<MapDependency> maps(stack.layers.size());
  CellSet cells{cell};
  std::set<int> channels{channel};
  for (std::size_t l = stack.layers.size(); l-- > 0;) {
    const LayerSpec& layer = stack.layers[l];
    const MapShape& in = shapes[l];
    MapDependency& map = maps[l];
    for (const auto& [r, c] : cells) {
      const std::set<int> rows = axis_inputs(layer.operation, layer.axes[0], in.size[0], r);
      const std::set<int> cols = axis_inputs(layer.operation, layer.axes[1], in.size[1], c);
      for (int ir : rows)
        for (int ic : cols) map.cells.insert({ir, ic});
      for (const AxisTap& tr : axis_taps(layer.operation, layer.axes[0], in.size[0], r))
        for (const AxisTap& tc : axis_taps(layer.operation, layer.axes[1], in.size[1], c))
          if (tr.kind == AxisTap::padding || tc.kind == AxisTap::padding) map.padding.insert({tr.grid, tc.grid});
    }
    for (int oc : channels)
      for (int ic : channels_read(layer, in.channels, oc)) map.channels.insert(ic);
    cells = map.cells;
    channels = map.channels;
  }
  return maps;
}

CellSet as_set(const std::vector<Cell>& cells) {
  CellSet out;
  for (Cell c : cells) out.insert({c.row, c.col});
  return out;
}

std::string text(const CellSet& cells) {
  std::ostringstream out;
  for (const auto& [r, c] : cells) out << "(" << r << ", " << c << ") ";
  return out.str();
}

// Every mismatch between field_of's maps and the brute force's ("" when they agree).
std::string compare(const std::vector<MapField>& got, const std::vector<MapDependency>& want) {
  std::ostringstream problems;
  if (got.size() != want.size()) return "expected " + std::to_string(want.size()) + " maps, got " + std::to_string(got.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    const MapField& map = got[i];
    const std::size_t m = want.size() - 1 - i;  // from the map below the top down to the input
    if (map.map != int(m)) problems << "entry " << i << " is map " << map.map << ", expected " << m << "\n";
    const MapDependency& w = want[m];
    // Row-major and without repeats, as the record lists them.
    if (!std::is_sorted(map.cells.begin(), map.cells.end(), [](Cell a, Cell b) {
          return std::pair{a.row, a.col} < std::pair{b.row, b.col};
        }) || as_set(map.cells).size() != map.cells.size())
      problems << "map " << m << ": cells not row-major and distinct\n";
    if (as_set(map.cells) != w.cells)
      problems << "map " << m << ": cells " << text(as_set(map.cells)) << "expected " << text(w.cells) << "\n";
    if (as_set(map.padding) != w.padding || map.padding.size() != w.padding.size())
      problems << "map " << m << ": padding " << text(as_set(map.padding)) << "expected " << text(w.padding) << "\n";
    if (std::set<int>(map.channels.begin(), map.channels.end()) != w.channels ||
        !std::is_sorted(map.channels.begin(), map.channels.end()) || map.channels.size() != w.channels.size())
      problems << "map " << m << ": channels differ\n";
  }
  return problems.str();
}

// The channels of every map a top channel depends on: what unit_fields groups top channels by.
std::vector<std::set<int>> channel_chain(const Stack& stack, int channel) {
  const std::vector<MapDependency> maps = brute_dependencies(stack, channel, {0, 0});
  std::vector<std::set<int>> chain;
  for (const MapDependency& m : maps) chain.push_back(m.channels);
  return chain;
}

// Top channels grouped by their chains, each group ascending, the groups by their first channel.
std::vector<std::vector<int>> channel_groups(const Stack& stack) {
  std::map<std::vector<std::set<int>>, std::vector<int>> by_chain;
  for (int oc = 0; oc < map_shapes(stack).back().channels; ++oc) by_chain[channel_chain(stack, oc)].push_back(oc);
  std::vector<std::vector<int>> groups;
  for (auto& [chain, channels] : by_chain) groups.push_back(channels);
  std::sort(groups.begin(), groups.end());
  return groups;
}

}  // namespace

TEST_CASE("networks: field_of and unit_fields against dependency sets propagated by brute force", "[networks]") {
  Rng rng(10);
  Refusals refusals;
  const StackRules rules{.channels = true, .transposed = true, .most_layers = 4, .largest_map = 12};
  constexpr int stacks_per_dims = 300;
  std::size_t fields = 0, with_padding = 0, grouped = 0, shared = 0, json_checked = 0;
  for (int dims : {1, 2})
    for (int n = 0; n < stacks_per_dims; ++n) {
      const Stack stack = random_stack(rng, dims, rules, refusals);
      INFO(describe(stack));
      const NetworkTrace trace = simulate_network(parse(stack_json(stack)));
      const MapShape top = map_shapes(stack).back();
      for (int oc = 0; oc < top.channels; ++oc)
        for (int r = 0; r < top.size[0]; ++r)
          for (int c = 0; c < top.size[1]; ++c) {
            INFO("top channel " << oc << ", unit (" << r << ", " << c << ")");
            const std::vector<MapDependency> want = brute_dependencies(stack, oc, {r, c});
            CHECK(compare(field_of(trace, oc, {r, c}), want) == "");
            ++fields;
            with_padding += std::any_of(want.begin(), want.end(), [](const MapDependency& m) { return !m.padding.empty(); });
          }
      // unit_fields: row-major over the top units, one entry per group of top channels that depend on
      // the same channels at every map.
      const std::vector<std::vector<int>> groups = channel_groups(stack);
      grouped += groups.size() > 1;
      shared += std::any_of(groups.begin(), groups.end(), [](const auto& g) { return g.size() > 1; });
      const std::vector<UnitField> units = unit_fields(trace);
      REQUIRE(units.size() == std::size_t(top.size[0] * top.size[1]) * groups.size());
      std::size_t i = 0;
      for (int r = 0; r < top.size[0]; ++r)
        for (int c = 0; c < top.size[1]; ++c)
          for (const std::vector<int>& group : groups) {
            const UnitField& unit = units[i++];
            INFO("unit_fields entry " << i - 1);
            CHECK(unit.output == Cell{r, c});
            CHECK(unit.channels == group);
            CHECK(compare(unit.maps, brute_dependencies(stack, group.front(), {r, c})) == "");
          }
      // The trace's "receptive_fields" say the same, cells as [r, c] (or [c] in 1-D), padding counted.
      if (n % 6 == 0) {
        ++json_checked;
        const json record = json::parse(network_trace_to_json(trace).dump());
        const auto& listed = record.at("receptive_fields");
        REQUIRE(listed.size() == units.size());
        for (std::size_t u = 0; u < units.size(); ++u) {
          const auto& entry = listed[u];
          const UnitField& unit = units[u];
          const std::vector<MapDependency> want = brute_dependencies(stack, unit.channels.front(), {unit.output.row, unit.output.col});
          CHECK(entry.at("output") == per_axis(dims, unit.output.row, unit.output.col));
          CHECK(entry.at("channels").get<std::vector<int>>() == unit.channels);
          REQUIRE(entry.at("maps").size() == stack.layers.size());
          for (std::size_t k = 0; k < stack.layers.size(); ++k) {
            const auto& map = entry.at("maps")[k];
            const std::size_t m = stack.layers.size() - 1 - k;
            CHECK(map.at("map") == m);
            json cells = json::array();
            for (const auto& [cr, cc] : want[m].cells) cells.push_back(per_axis(dims, cr, cc));
            CHECK(map.at("cells") == cells);
            CHECK(map.at("padding") == want[m].padding.size());
            CHECK(map.at("channels").get<std::set<int>>() == want[m].channels);
          }
        }
      }
    }
  CHECK(listed(refusals) == "");
  CHECK(fields > 2000);
  CHECK(with_padding > 100);
  CHECK(grouped > 5);
  CHECK(shared > 5);
  CHECK(json_checked == 2 * ((stacks_per_dims + 5) / 6));
}

namespace {

// Two networks of linear layers (grouped convolutions, a transposed convolution with output_padding,
// average pooling, dilation, uneven and causal padding). Their fields were checked offline against
// the support of torch.autograd's gradient of every top unit with respect to every map (torch 1.13,
// all-ones weights): all 600 (2-D) and 48 (1-D) map fields agree.
const json network_2d = json::parse(R"json({"input": [2, 7, 6], "layers": [
  {"operation": "convolution", "out_channels": 4, "groups": 2, "kernel": 3, "stride": 2,
   "padding": {"top": 1, "bottom": 0, "left": 2, "right": 1}},
  {"operation": "transposed_convolution", "out_channels": 2, "groups": 2, "kernel": [3, 2], "stride": [2, 3],
   "padding": 1, "output_padding": [1, 2]},
  {"operation": "average_pooling", "kernel": 2, "stride": 1, "padding": 1},
  {"operation": "convolution", "out_channels": 3, "kernel": 2, "dilation": 2}]})json");
const json network_1d = json::parse(R"json({"input": [1, 12], "layers": [
  {"operation": "convolution", "out_channels": 2, "kernel": 2, "padding": "causal"},
  {"operation": "convolution", "in_channels": 2, "out_channels": 2, "groups": 2, "kernel": 2, "dilation": 2,
   "padding": "causal"},
  {"layer": "nn.ConvTranspose1d(2, 1, 3, stride=2, padding=1, output_padding=1, bias=False)"},
  {"operation": "average_pooling", "kernel": 3, "stride": 2, "padding": 1}]})json");

// A tensor of `shape` as nested arrays, entry i (row-major) = value(i).
json nested(const std::vector<int>& shape, const std::function<double(std::size_t)>& value, std::size_t depth = 0,
            std::size_t offset = 0) {
  json out = json::array();
  std::size_t inner = 1;
  for (std::size_t d = depth + 1; d < shape.size(); ++d) inner *= std::size_t(shape[d]);
  for (std::size_t i = 0; i < std::size_t(shape[depth]); ++i) {
    if (depth + 1 == shape.size()) out.push_back(value(offset + i));
    else out.push_back(nested(shape, value, depth + 1, offset + i * inner));
  }
  return out;
}

// PyTorch's weight shape: [C_out, C_in / groups, kh, kw], transposed [C_in, C_out / groups, kh, kw].
std::vector<int> weight_shape(const LayerSpec& l, int dims, int in_channels) {
  std::vector<int> shape = l.operation == Operation::transposed_convolution
                               ? std::vector{in_channels, l.out_channels / l.groups}
                               : std::vector{l.out_channels, in_channels / l.groups};
  if (dims == 2) shape.push_back(l.axes[0].k);
  shape.push_back(l.axes[1].k);
  return shape;
}

// Which top units (channel, row, column) an impulse at (channel, cell) of map m reaches: the network
// from layer m + 1 up, given that map as its input (one at the cell, zeros elsewhere) and positive
// weights, no bias. Nonzero where the gradient of the top unit with respect to the cell is.
std::set<std::array<int, 3>> impulse_response(const json& config, const Stack& stack, std::size_t m, int channel,
                                              Cell cell) {
  const std::vector<MapShape> shapes = map_shapes(stack);
  const int dims = stack.dims();
  json sub{{"input", shape_vector(shapes[m], dims)}, {"layers", json::array()}};
  json weights = json::array();
  for (std::size_t l = m; l < stack.layers.size(); ++l) {
    sub["layers"].push_back(config["layers"][l]);
    const LayerSpec& layer = stack.layers[l];
    if (is_pool(layer.operation)) weights.push_back(json::object());
    else
      weights.push_back({{"kernel", nested(weight_shape(layer, dims, shapes[l].channels),
                                           [](std::size_t i) { return double(1 + i % 3); })}});
  }
  const std::size_t h = std::size_t(shapes[m].size[0]), w = std::size_t(shapes[m].size[1]);
  const std::size_t at = std::size_t(channel) * h * w + std::size_t(cell.row) * w + std::size_t(cell.col);
  sub["values"] = {{"input", nested(shape_vector(shapes[m], dims), [&](std::size_t i) { return i == at ? 1.0 : 0.0; })},
                   {"layers", weights}};
  const NetworkTrace trace = simulate_network(parse(sub));
  const Trace& top = trace.layers.back();
  REQUIRE(top.values);
  std::set<std::array<int, 3>> reached;
  for (int oc = 0; oc < top.scenario.out_channels; ++oc)
    for (int r = 0; r < top.output_size[0]; ++r)
      for (int c = 0; c < top.output_size[1]; ++c) {
        const double v = top.output_value(oc, {r, c});
        REQUIRE(v >= 0);  // positive weights, a nonnegative input: no cancellation
        if (v > 0) reached.insert({oc, r, c});
      }
  return reached;
}

}  // namespace

TEST_CASE("networks: a unit's field is the support of its gradient (positive weights)", "[networks]") {
  for (const json* config : {&network_2d, &network_1d}) {
    const Network network = parse(*config);
    const Stack stack = stack_of(network);
    INFO(config->dump());
    const NetworkTrace trace = simulate_network(network);
    const std::vector<MapShape> shapes = map_shapes(stack);
    const MapShape top = shapes.back();
    // field_of for every top unit, once.
    std::map<std::array<int, 3>, std::vector<MapField>> fields;
    for (int oc = 0; oc < top.channels; ++oc)
      for (int r = 0; r < top.size[0]; ++r)
        for (int c = 0; c < top.size[1]; ++c) fields[{oc, r, c}] = field_of(trace, oc, {r, c});
    std::size_t impulses = 0, dependencies = 0;
    for (std::size_t m = 0; m < stack.layers.size(); ++m)
      for (int ch = 0; ch < shapes[m].channels; ++ch)
        for (int r = 0; r < shapes[m].size[0]; ++r)
          for (int c = 0; c < shapes[m].size[1]; ++c) {
            const std::set<std::array<int, 3>> reached = impulse_response(*config, stack, m, ch, {r, c});
            ++impulses;
            for (const auto& [unit, maps] : fields) {
              const MapField& map = maps[stack.layers.size() - 1 - m];
              REQUIRE(map.map == int(m));
              const bool listed = std::count(map.channels.begin(), map.channels.end(), ch) > 0 &&
                                  std::count(map.cells.begin(), map.cells.end(), Cell{r, c}) > 0;
              dependencies += listed;
              if (listed != (reached.count(unit) > 0))
                FAIL_CHECK("map " << m << " channel " << ch << " cell (" << r << ", " << c << ") and top unit ["
                                  << unit[0] << ", " << unit[1] << ", " << unit[2] << "]: "
                                  << (listed ? "listed, but the impulse does not reach it"
                                             : "reached, but not in the field"));
            }
          }
    CHECK(impulses > 40);
    CHECK(dependencies > 100);
  }
  // One field as torch.autograd gives it: the 2-D network's top unit (0, 0) of channel 0 depends on
  // rows 0-3, columns 0-2 of both input channels.
  const NetworkTrace trace = simulate_network(parse(network_2d));
  const std::vector<MapField> field = field_of(trace, 0, {0, 0});
  CHECK(field.back().map == 0);
  CHECK(field.back().channels == std::vector{0, 1});
  CellSet expected;
  for (int r = 0; r <= 3; ++r)
    for (int c = 0; c <= 2; ++c) expected.insert({r, c});
  CHECK(as_set(field.back().cells) == expected);
}

TEST_CASE("networks: shapes flow from layer to layer as PyTorch's formulas give them", "[networks]") {
  Rng rng(3);
  Refusals refusals;
  const StackRules rules{.channels = true, .transposed = true, .most_layers = 8, .largest_map = 40};
  std::size_t layers = 0, strings = 0;
  for (int dims : {1, 2})
    for (int n = 0; n < 150; ++n) {
      const Stack stack = random_stack(rng, dims, rules, refusals);
      INFO(describe(stack));
      const Network network = parse(stack_json(stack));
      const std::vector<MapShape> shapes = map_shapes(stack);
      CHECK(network.input_shape == stack.input);
      CHECK(network.dims() == dims);
      REQUIRE(network.layers.size() == stack.layers.size());
      const NetworkTrace trace = simulate_network(network);
      for (std::size_t l = 0; l < stack.layers.size(); ++l) {
        INFO("layer " << l + 1);
        const Scenario& s = network.layers[l];
        CHECK(s.dims == dims);
        CHECK(s.input_shape() == shape_vector(shapes[l], dims));
        CHECK(s.output_shape() == shape_vector(shapes[l + 1], dims));
        CHECK(trace.layers[l].output_size == shapes[l + 1].size);
        CHECK(s.json_path == "/layers/" + std::to_string(l));
        ++layers;
        strings += stack.layers[l].as_string;
      }
    }
  CHECK(listed(refusals) == "");
  CHECK(layers > 600);
  CHECK(strings > 50);
}

TEST_CASE("networks: a layer that does not fit what it receives is refused naming the layer and key", "[networks]") {
  const auto starts = [](const std::string& path) {
    return Catch::Matchers::StartsWith(std::string(source_name) + ": " + path + ":");
  };
  // Within the entry: a value deeper down it ("/values/input/0").
  const auto within = [](const std::string& path) {
    const std::string prefix = std::string(source_name) + ": " + path;
    return Catch::Matchers::Predicate<std::string>(
        [prefix](const std::string& error) {
          return error.rfind(prefix + ":", 0) == 0 || error.rfind(prefix + "/", 0) == 0;
        },
        "names " + prefix + " or a value within it");
  };
  const json conv3 = {{"operation", "convolution"}, {"kernel", 3}};
  // 5x5 -> 3x3, then a 5x5 kernel.
  CHECK_THAT(error_of({{"input", {1, 5, 5}}, {"layers", {conv3, {{"operation", "convolution"}, {"kernel", 5}}}}}),
             starts("/layers/1/kernel"));
  CHECK_THAT(error_of({{"input", {1, 5, 5}}, {"layers", {conv3, {{"operation", "max_pooling"}, {"kernel", 4}}}}}),
             starts("/layers/1/kernel"));
  // in_channels that disagrees with the layer below's channels: as a key, and in a layer string.
  const json four = {{"operation", "convolution"}, {"kernel", 1}, {"out_channels", 4}};
  CHECK_THAT(error_of({{"input", {3, 8, 8}}, {"layers", {four, {{"operation", "convolution"}, {"kernel", 3}, {"in_channels", 3}}}}}),
             starts("/layers/1/in_channels"));
  CHECK(error_of({{"input", {3, 8, 8}}, {"layers", {four, {{"operation", "convolution"}, {"kernel", 3}, {"in_channels", 4}}}}}) == "");
  CHECK_THAT(error_of({{"input", {3, 8, 8}}, {"layers", {four, {{"layer", "nn.Conv2d(3, 8, 3)"}}}}}), starts("/layers/1/layer"));
  CHECK(error_of({{"input", {3, 8, 8}}, {"layers", {four, {{"layer", "nn.Conv2d(4, 8, 3)"}}}}}) == "");
  CHECK_THAT(error_of({{"input", {3, 8, 8}}, {"layers", {{{"layer", "nn.Conv2d(2, 8, 3)"}}}}}), starts("/layers/0/layer"));
  // groups that do not divide the channels the layer below gives.
  CHECK_THAT(error_of({{"input", {3, 8, 8}}, {"layers", {{{"operation", "convolution"}, {"kernel", 1}, {"out_channels", 4}, {"groups", 2}}}}}),
             starts("/layers/0/groups"));
  // At most 8 layers.
  const json one = {{"operation", "convolution"}, {"kernel", 1}};
  CHECK(error_of({{"input", {1, 4, 4}}, {"layers", json::array({one, one, one, one, one, one, one, one})}}) == "");
  CHECK_THAT(error_of({{"input", {1, 4, 4}}, {"layers", json::array({one, one, one, one, one, one, one, one, one})}}),
             starts("/layers"));
  CHECK_THAT(error_of({{"input", {1, 4, 4}}, {"layers", json::array()}}), starts("/layers"));
  // A 1-D layer string in a 2-D network, and the other way round.
  CHECK_THAT(error_of({{"input", {1, 8, 8}}, {"layers", {{{"layer", "nn.Conv1d(1, 1, 3)"}}}}}), starts("/layers/0/layer"));
  CHECK_THAT(error_of({{"input", {1, 8}}, {"layers", {{{"layer", "nn.MaxPool2d(2)"}}}}}), starts("/layers/0/layer"));
  // A 1-D key-based layer given [height, width] sizes.
  CHECK_THAT(error_of({{"input", {1, 8}}, {"layers", {{{"operation", "convolution"}, {"kernel", {3, 3}}}}}}),
             starts("/layers/0/kernel"));
  // The input: its shape with channels first, [C, H, W] or [C, L].
  CHECK_THAT(error_of({{"input", 8}, {"layers", json::array({one})}}), starts("/input"));
  CHECK_THAT(error_of({{"input", {8}}, {"layers", json::array({one})}}), starts("/input"));
  CHECK_THAT(error_of({{"input", {1, 2, 8, 8}}, {"layers", json::array({one})}}), starts("/input"));
  CHECK_THAT(error_of({{"layers", json::array({one})}}), starts("/input"));
  // A layer has no input of its own, nor values, nor render.
  CHECK_THAT(error_of({{"input", {1, 8, 8}}, {"layers", {{{"operation", "convolution"}, {"kernel", 3}, {"input", 8}}}}}),
             starts("/layers/0/input"));
  CHECK_THAT(error_of({{"input", {1, 8, 8}}, {"layers", {{{"operation", "convolution"}, {"kernel", 3}, {"values", {{"seed", 1}}}}}}}),
             starts("/layers/0/values"));
  // Explicit values of the wrong shape name the layer's entry (layer 1 takes a [1, 1, 2, 2] kernel;
  // layer 2, a max pooling, none).
  const auto with_values = [](const char* values) {
    json config = json::parse(R"({"input": [1, 3, 3], "layers": [{"operation": "convolution", "kernel": 2},
                                  {"operation": "max_pooling", "kernel": 2}]})");
    config["values"] = json::parse(values);
    return config;
  };
  const std::string input = R"("input": [[[1, 2, 3], [4, 5, 6], [7, 8, 9]]])";
  CHECK_THAT(error_of(with_values(("{" + input + R"(, "layers": [{"kernel": [[[[1, 0, 0], [0, 1, 0]]]]}, {}]})").c_str())),
             within("/values/layers/0/kernel"));
  CHECK_THAT(error_of(with_values(("{" + input + R"(, "layers": [{"kernel": [[[[1, 0], [0, 1]]]]}, {"kernel": [[[[1]]]]}]})").c_str())),
             starts("/values/layers/1/kernel"));
  CHECK_THAT(error_of(with_values(("{" + input + R"(, "layers": [{"kernel": [[[[1, 0], [0, 1]]]]}]})").c_str())),
             starts("/values/layers"));
  CHECK_THAT(error_of(with_values(R"({"input": [[[1, 2], [3, 4]]], "layers": [{"kernel": [[[[1, 0], [0, 1]]]]}, {}]})")),
             within("/values/input"));
  CHECK(error_of(with_values(("{" + input + R"(, "layers": [{"kernel": [[[[1, 0], [0, 1]]]]}, {}]})").c_str())) == "");
}

TEST_CASE("networks: each layer computes from the output of the one below", "[networks]") {
  // By hand: input 1x3x3; layer 1 a 2x2 convolution to 2 channels, layer 2 a 2x2 convolution back to
  // one channel with a bias.
  const json config = json::parse(R"({"input": [1, 3, 3],
    "layers": [{"operation": "convolution", "kernel": 2, "out_channels": 2},
               {"operation": "convolution", "kernel": 2, "bias": true}],
    "values": {"input": [[[1, 2, 3], [4, 5, 6], [7, 8, 9]]],
               "layers": [{"kernel": [[[[1, 0], [0, 1]]], [[[0, 2], [1, 0]]]]},
                          {"kernel": [[[[1, 1], [1, 1]], [[1, 0], [0, -1]]]], "bias": [0.5]}]}})");
  const NetworkTrace trace = simulate_network(parse(config));
  REQUIRE(trace.layers.size() == 2);
  REQUIRE(trace.layers[0].values);
  REQUIRE(trace.layers[1].values);
  // Channel 0: x(r, c) + x(r + 1, c + 1); channel 1: 2 x(r, c + 1) + x(r + 1, c).
  CHECK(trace.layers[0].values->output.data == std::vector<double>{6, 8, 12, 14, 8, 11, 17, 20});
  CHECK(trace.layers[1].values->input.data == trace.layers[0].values->output.data);
  CHECK(trace.layers[1].values->input.shape == std::vector{2, 2, 2});
  // (6 + 8 + 12 + 14) + (8 - 20) + 0.5
  CHECK(trace.layers[1].values->output.data == std::vector<double>{28.5});
  CHECK(trace.layers[1].values->output.shape == std::vector{1, 1, 1});

  // Seeded: every layer's input is the output of the one below, the first the network's input.
  for (const char* name : {"convolution_then_max_pooling.json", "encoder_decoder.json", "wavenet_stack.json"}) {
    INFO(name);
    const Config loaded = load_config(std::filesystem::path(CONVANIM_SOURCE_DIR) / "configs/layers" / name);
    Network n = *loaded.network();
    if (!n.values) n = parse([&] {
        json j = json::parse(read_config_file(std::filesystem::path(CONVANIM_SOURCE_DIR) / "configs/layers" / name));
        j["values"] = {{"seed", 7}};
        return j;
      }());
    const NetworkTrace seeded = simulate_network(n);
    CHECK(seeded.layers[0].values->input.shape == n.input_shape);
    for (std::size_t l = 0; l + 1 < seeded.layers.size(); ++l) {
      CHECK(seeded.layers[l + 1].values->input.data == seeded.layers[l].values->output.data);
      CHECK(seeded.layers[l + 1].values->input.shape == seeded.layers[l].values->output.shape);
    }
  }
}

namespace {

// ---------------------------------------------------------------------------------------------
// 4. Pixels of the receptive view.

using test::distance;
using test::Paint;
using test::paint_names;
using test::palette;
using test::Rgb;

// The per-channel median of a 5x5 neighbourhood (the cone's thin lines cannot sway it), named by the
// nearest paint; `error` is the distance to it.
std::pair<Paint, double> sample(const test::Image& image, Point at, const std::array<Rgb, 6>& colours) {
  const Rgb median = test::inner_median_colour(image, at);
  std::pair<Paint, double> best{Paint::background, 1e9};
  for (std::size_t i = 0; i < colours.size(); ++i)
    if (const double d = distance(median, colours[i]); d < best.second) best = {Paint(i), d};
  return best;
}

std::string plane_name(std::size_t m, std::size_t maps) {
  return m == 0 ? "input" : m + 1 == maps ? "output" : "layer " + std::to_string(m);
}

// Every mismatch on every plane of the frame of top unit `unit` ("" when it is right): the field's
// cells shaded (the brute force's, in the plane's grid coordinates), its padding cells marked, the
// unit shaded on the top plane, nothing else.
std::string check_frame(const Figure& figure, const Stack& stack, const test::Image& image, Cell unit,
                        std::size_t* marks = nullptr) {
  const NetworkTrace& trace = *figure.network;
  const std::vector<MapDependency> field = brute_dependencies(stack, 0, {unit.row, unit.col});
  const std::array<Rgb, 6> colours = palette(*figure.settings.theme);
  const std::size_t maps = stack.layers.size() + 1;
  std::ostringstream problems;
  for (std::size_t m = 0; m < maps; ++m) {
    const std::string name = plane_name(m, maps);
    const Plane& plane = figure.view->plane(name);
    const bool top = m + 1 == maps;
    // Map m's units in the plane: the grid the layer above slides over.
    CellSet units, lit, marked;
    if (top) {
      for (int r = 0; r < plane.rows; ++r)
        for (int c = 0; c < plane.cols; ++c) units.insert({r, c});
      lit.insert({unit.row, unit.col});
    } else {
      const Grid& grid = trace.layers[m].grid;
      const MapShape shape = map_shapes(stack)[m];
      const auto place = [&](int r, int c) {
        return std::pair{grid.input_origin[0] + r * grid.input_spacing[0], grid.input_origin[1] + c * grid.input_spacing[1]};
      };
      for (int r = 0; r < shape.size[0]; ++r)
        for (int c = 0; c < shape.size[1]; ++c) units.insert(place(r, c));
      for (const auto& [r, c] : field[m].cells) lit.insert(place(r, c));
      marked = field[m].padding;
      if (marks) *marks += marked.size();
      if (plane.rows != grid.size[0] || plane.cols != grid.size[1])
        problems << name << ": " << plane.rows << " x " << plane.cols << " cells, expected the grid's " << grid.size[0]
                 << " x " << grid.size[1] << "\n";
    }
    for (int r = 0; r < plane.rows; ++r)
      for (int c = 0; c < plane.cols; ++c) {
        const std::pair cell{r, c};
        const bool is_unit = units.count(cell) > 0, shaded = lit.count(cell) > 0 || marked.count(cell) > 0;
        const Paint expected = top ? (shaded ? Paint::shade_over_output : Paint::output)
                               : is_unit ? (shaded ? Paint::shade_over_input : Paint::input)
                                         : (shaded ? Paint::shade_over_background : Paint::background);
        const auto [found, error] = sample(image, plane.point({r, c}), colours);
        if (found != expected || error > 12)
          problems << name << " cell (" << r << ", " << c << "): expected " << paint_names[std::size_t(expected)]
                   << ", found " << paint_names[std::size_t(found)] << " (off by " << error << ")\n";
      }
  }
  return problems.str();
}

const std::filesystem::path layer_configs = std::filesystem::path(CONVANIM_SOURCE_DIR) / "configs/layers";

Config load_network(const std::filesystem::path& path) {
  const Config config = load_config(path);
  REQUIRE(config.network());
  return config;
}

RenderOverrides step_motion() { return RenderOverrides{}.set("motion", "step"); }

}  // namespace

TEST_CASE("networks: on every plane of a receptive-view frame, exactly the field is shaded", "[networks][pixels]") {
  struct Case {
    const char* name;
    std::vector<std::size_t> frames;
  };
  const std::vector<Case> cases{
      {"two_3x3_convolutions.json", {0, 1, 2, 3, 4, 5, 6, 7, 8}},
      {"convolution_then_max_pooling.json", {0, 1, 3, 5, 10, 15}},
      {"encoder_decoder.json", {0, 1, 3, 7, 14, 30, 35}},
      {"wavenet_stack.json", {0, 1, 2, 3, 7, 8, 15}},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      const Config config = load_network(layer_configs / c.name);
      const Stack stack = stack_of(*config.network());
      const Figure figure(config, step_motion());
      REQUIRE(figure.network);
      REQUIRE(figure.settings.view == "receptive");
      const MapShape top = map_shapes(stack).back();
      REQUIRE(figure.frames() == std::size_t(top.size[0] * top.size[1]));
      // The planes: the input, each layer's output, the top one named "output".
      REQUIRE(figure.view->planes().size() == stack.layers.size() + 1);
      std::size_t marks = 0;
      for (std::size_t frame : c.frames) {
        MemoryOutput sink;
        render(figure, sink, {}, FrameRange{frame, frame});
        REQUIRE(sink.frames().size() == 1);
        const Cell unit{int(frame) / top.size[1], int(frame) % top.size[1]};  // row-major
        INFO("frame " << frame << ": top unit (" << unit.row << ", " << unit.col << ")");
        const test::Image image = test::from_argb32(sink.frames()[0]);
        CHECK(check_frame(figure, stack, image, unit, &marks) == "");
        // ... and not what the next unit's frame shows.
        const std::size_t next = (frame + 1) % figure.frames();
        const Cell other{int(next) / top.size[1], int(next) % top.size[1]};
        CHECK(check_frame(figure, stack, image, other) != "");
      }
      // Every example but the two plain convolutions reaches padding in some frame shown.
      if (std::string(c.name) != "two_3x3_convolutions.json") CHECK(marks > 0);
    }
  }
}

TEST_CASE("networks: render.cells gives exactly those frames, in that order", "[networks][pixels]") {
  json config = json::parse(read_config_file(layer_configs / "dilated_stack.json"));
  config["render"]["cells"] = {{14, 14}, {0, 0}, {3, 11}, {0, 0}};
  const Config parsed = parse_figure(config);
  const Stack stack = stack_of(*parsed.network());
  const Figure figure(parsed, step_motion());
  REQUIRE(figure.frames() == 4);
  MemoryOutput sink;
  render(figure, sink);
  REQUIRE(sink.frames().size() == 4);
  const std::vector<Cell> units{{14, 14}, {0, 0}, {3, 11}, {0, 0}};
  for (std::size_t i = 0; i < units.size(); ++i) {
    INFO("frame " << i);
    const test::Image image = test::from_argb32(sink.frames()[i]);
    CHECK(check_frame(figure, stack, image, units[i]) == "");
  }
  // A cell outside the top layer's output (15 x 15) is refused naming it.
  config["render"]["cells"] = {{14, 14}, {15, 0}};
  CHECK_THAT(error_of(config), Catch::Matchers::StartsWith(std::string(source_name) + ": /render/cells/1:"));
  config["render"]["cells"] = {{0, 15}};
  CHECK_THAT(error_of(config), Catch::Matchers::StartsWith(std::string(source_name) + ": /render/cells/0:"));
  // 1-D: [0, column], the row of the trivial height.
  json wavenet = json::parse(read_config_file(layer_configs / "wavenet_stack.json"));
  wavenet["render"]["cells"] = {{0, 15}, {0, 2}};
  CHECK(frame_count(parse_figure(wavenet)) == 2);
  wavenet["render"]["cells"] = {{0, 16}};
  CHECK_THAT(error_of(wavenet), Catch::Matchers::StartsWith(std::string(source_name) + ": /render/cells/0:"));
  // 1-D units may also be [column] or a column alone, as a lecturer first writes them; the same frames.
  wavenet["render"]["cells"] = {{0, 15}, {0, 2}};
  const Figure pairs(parse_figure(wavenet));
  for (const json& cells : {json::parse("[15, 2]"), json::parse("[[15], [2]]"), json::parse("[[15], [0, 2]]")}) {
    INFO(cells.dump());
    wavenet["render"]["cells"] = cells;
    const Figure written(parse_figure(wavenet));
    REQUIRE(written.frames() == 2);
    for (std::size_t f = 0; f < 2; ++f) {
      const Scene a = written.view->scene(f), b = pairs.view->scene(f);
      REQUIRE(a.layers.size() == b.layers.size());
      for (std::size_t l = 0; l < a.layers.size(); ++l) {
        CHECK(a.layers[l].count == b.layers[l].count);
        CHECK(a.layers[l].bounds.x0 == b.layers[l].bounds.x0);  // the same unit's field lit
        CHECK(a.layers[l].bounds.x1 == b.layers[l].bounds.x1);
      }
    }
  }
  wavenet["render"]["cells"] = {16};
  CHECK_THAT(error_of(wavenet), Catch::Matchers::StartsWith(std::string(source_name) + ": /render/cells/0:") &&
                                    Catch::Matchers::Contains("0 to 15"));
  // A 2-D network's unit needs its row.
  config["render"]["cells"] = {3};
  CHECK_THAT(error_of(config), Catch::Matchers::StartsWith(std::string(source_name) + ": /render/cells/0:") &&
                                   Catch::Matchers::Contains("[row, column]"));
  // A network is drawn by the receptive view only.
  config["render"] = {{"view", "oblique"}};
  CHECK_THAT(error_of(config), Catch::Matchers::StartsWith(std::string(source_name) + ": /render/view:"));
}

namespace {

std::string number_text(double v) {
  std::ostringstream out;
  out << v;  // as {:g}: 2, 0.5, -7.5, 0.666667
  return out.str();
}

std::vector<std::string> words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

}  // namespace

TEST_CASE("networks: convanim shape prints every layer's output shape and r, jump, start", "[networks][cli]") {
  for (const char* name : {"two_3x3_convolutions.json", "encoder_decoder.json", "wavenet_stack.json",
                           "convolution_then_max_pooling.json", "dilated_stack.json"}) {
    INFO(name);
    const std::string path = (layer_configs / name).string();
    const Network network = *load_network(path).network();
    const NetworkTrace trace = simulate_network(network);
    const test::CliResult text = test::run_cli({"shape", path});
    REQUIRE(text.status == 0);
    // One row per layer, starting with its number; the last three columns r, jump, start.
    std::vector<std::string> rows;
    std::istringstream lines(text.out);
    for (std::string line; std::getline(lines, line);)
      if (!line.empty() && std::isdigit(static_cast<unsigned char>(line[0]))) rows.push_back(line);
    REQUIRE(rows.size() == network.layers.size());
    for (std::size_t l = 0; l < rows.size(); ++l) {
      INFO(rows[l]);
      const auto& f = trace.field_arithmetic[l];
      const auto both = [&](double h, double w) {
        return network.dims() == 1 || h == w ? number_text(w) : number_text(h) + "x" + number_text(w);
      };
      const std::vector<std::string> w = words(rows[l]);
      REQUIRE(w.size() >= 4);
      CHECK(w[0] == std::to_string(l + 1));
      CHECK(w[w.size() - 3] == both(f[0].size, f[1].size));
      CHECK(w[w.size() - 2] == both(f[0].jump, f[1].jump));
      CHECK(w[w.size() - 1] == both(f[0].start, f[1].start));
      std::string shape;
      for (int d : network.layers[l].output_shape()) shape += (shape.empty() ? "" : ", ") + std::to_string(d);
      CHECK(rows[l].find("[" + shape + "]") != std::string::npos);
    }
    // --json: the same numbers.
    const test::CliResult js = test::run_cli({"shape", path, "--json"});
    REQUIRE(js.status == 0);
    const json report = json::parse(js.out);
    CHECK(report.at("input_shape") == network.input_shape);
    REQUIRE(report.at("layers").size() == network.layers.size());
    for (std::size_t l = 0; l < network.layers.size(); ++l) {
      const json& entry = report.at("layers")[l];
      const auto& f = trace.field_arithmetic[l];
      const auto axes = [&](double FieldAxis::*member) {
        return network.dims() == 1 ? json::array({f[1].*member}) : json::array({f[0].*member, f[1].*member});
      };
      CHECK(entry.at("output_shape") == network.layers[l].output_shape());
      CHECK(entry.at("receptive_field").at("size") == axes(&FieldAxis::size));
      CHECK(entry.at("receptive_field").at("jump") == axes(&FieldAxis::jump));
      CHECK(entry.at("receptive_field").at("start") == axes(&FieldAxis::start));
    }
  }
  // A fractional jump, through a transposed layer.
  const test::TempDir dir;
  const auto path = dir.write("net.json", network_1d.dump());
  const test::CliResult js = test::run_cli({"shape", path.string(), "--json"});
  REQUIRE(js.status == 0);
  CHECK(json::parse(js.out).at("layers")[2].at("receptive_field").at("jump") == json::array({0.5}));
  // A refused network names the layer.
  const auto bad = dir.write("bad.json", R"({"input": [1, 5, 5], "layers": [{"operation": "convolution", "kernel": 3},
                                             {"operation": "convolution", "kernel": 5}]})");
  const test::CliResult refused = test::run_cli({"shape", bad.string()});
  CHECK(refused.status != 0);
  CHECK(refused.err.find("/layers/1/kernel") != std::string::npos);
}

TEST_CASE("networks: convanim trace prints every layer's trace and the receptive fields", "[networks][cli]") {
  const test::TempDir dir;
  for (const json* config : {&network_2d, &network_1d}) {
    const auto path = dir.write("net.json", config->dump());
    const test::CliResult result = test::run_cli({"trace", path.string()});
    REQUIRE(result.status == 0);
    const json record = json::parse(result.out);
    const Network network = *load_network(path).network();
    const NetworkTrace trace = simulate_network(network);
    const Stack stack = stack_of(network);
    // "layers": each in the single-scenario form.
    REQUIRE(record.at("layers").size() == network.layers.size());
    for (std::size_t l = 0; l < network.layers.size(); ++l) {
      CHECK(record.at("layers")[l] == json::parse(trace_to_json(trace.layers[l]).dump()));
      CHECK(record.at("layers")[l].at("output_size") == per_axis(stack.dims(), trace.layers[l].output_size[0],
                                                                  trace.layers[l].output_size[1]));
    }
    REQUIRE(record.at("receptive_field").size() == network.layers.size());
    // "receptive_fields": per top unit and group of channels, the maps from the top's below down.
    const std::vector<std::vector<int>> groups = channel_groups(stack);
    const MapShape top = map_shapes(stack).back();
    const json& fields = record.at("receptive_fields");
    REQUIRE(fields.size() == std::size_t(top.size[0] * top.size[1]) * groups.size());
    for (const json& entry : fields) {
      const std::vector<int> at = entry.at("output").get<std::vector<int>>();
      const Cell unit = stack.dims() == 1 ? Cell{0, at.at(0)} : Cell{at.at(0), at.at(1)};
      const std::vector<MapDependency> want =
          brute_dependencies(stack, entry.at("channels")[0].get<int>(), {unit.row, unit.col});
      REQUIRE(entry.at("maps").size() == network.layers.size());
      for (const json& map : entry.at("maps")) {
        const std::size_t m = map.at("map").get<std::size_t>();
        CellSet cells;
        for (const json& cell : map.at("cells"))
          cells.insert(stack.dims() == 1 ? std::pair{0, cell.at(0).get<int>()}
                                         : std::pair{cell.at(0).get<int>(), cell.at(1).get<int>()});
        CHECK(cells == want.at(m).cells);
        CHECK(map.at("padding") == want.at(m).padding.size());
        CHECK(map.at("channels").get<std::set<int>>() == want.at(m).channels);
      }
    }
  }
}
