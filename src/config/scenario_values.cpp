#include "src/config/scenario_values.hpp"

#include <cmath>

#include <fmt/format.h>

namespace convanim {
namespace {

// One level of a nested array: `shape[depth]` elements, each a number (last level) or an array.
void read_level(const ConfigNode& node, const std::vector<int>& shape, std::size_t depth, std::vector<double>& out,
                const std::string& expected) {
  const int length = shape[depth];
  if (!node.value.is_array() || int(node.value.size()) != length)
    node.fail(fmt::format("expected an array of {} here ({}), got {}", length, expected, node.describe()));
  for (int i = 0; i < length; ++i) {
    const ConfigNode element = node.child(std::size_t(i));
    if (depth + 1 < shape.size()) {
      read_level(element, shape, depth + 1, out, expected);
    } else if (!element.value.is_number() || !(std::abs(element.value.get<double>()) <= max_value_magnitude)) {
      element.fail(fmt::format("expected a number from {:g} to {:g}, got {}", -max_value_magnitude,
                               max_value_magnitude, element.describe()));
    } else {
      out.push_back(element.value.get<double>());
    }
  }
}

}  // namespace

std::string dimension_names(const Scenario& s, std::string_view what) {
  const std::string spatial = s.dims == 1 ? "L" : "H, W";
  const std::string kernel = s.dims == 1 ? "k" : "kh, kw";
  if (what == "input") return "C_in, " + spatial;
  if (what == "bias") return "C_out";
  return s.operation == Operation::transposed_convolution ? "C_in, C_out / groups, " + kernel
                                                          : "C_out, C_in / groups, " + kernel;
}

Tensor read_tensor(const ConfigNode& node, const std::vector<int>& full, const std::string& names) {
  std::size_t depth = 0;  // the nesting the value has, counted along its first elements
  for (const nlohmann::json* v = &node.value; v->is_array() && depth < full.size(); v = &(*v)[0], ++depth)
    if (v->empty()) break;
  std::size_t dropped = full.size() - std::min(std::max<std::size_t>(depth, 1), full.size());
  for (std::size_t d = 0; d < dropped; ++d)
    if (full[d] != 1) dropped = d;  // only leading dimensions of size 1 may be left out
  const std::vector<int> given(full.begin() + std::ptrdiff_t(dropped), full.end());
  const std::string expected = fmt::format("the shape is {} ({}){}", shape_text(full), names,
                                           full.size() > 1 && full[0] == 1 ? "; leading dimensions of size 1 may "
                                                                             "be left out"
                                                                           : "");
  Tensor tensor;
  tensor.shape = full;
  tensor.data.reserve(Tensor::element_count(full));
  read_level(node, given, 0, tensor.data, expected);
  return tensor;
}

ValueRange read_range(const ConfigNode& node) {
  constexpr int limit = int(max_value_magnitude);
  if (!node.value.is_array() || node.value.size() != 2)
    node.fail(fmt::format("expected [low, high], got {}", node.describe()));
  const ValueRange range{node.child(std::size_t{0}).integer(-limit, limit),
                         node.child(std::size_t{1}).integer(-limit, limit)};
  if (range.low > range.high)
    node.fail(fmt::format("low must not exceed high, got [{}, {}]", range.low, range.high));
  return range;
}

// Per axis, as a 2-D window is the product of two: PyTorch gives -inf where a window misses the input.
void check_max_pooling_windows(const Scenario& s) {
  for (int axis_index = 0; axis_index < 2; ++axis_index) {
    const Axis& a = s.axes[std::size_t(axis_index)];
    for (int o = 0; o < output_size(s.operation, a); ++o) {
      bool reaches_input = false;
      for (int t = 0; t < a.kernel && !reaches_input; ++t) {
        const int cell = o * a.stride + t * a.dilation;
        reaches_input = cell >= a.padding_begin && cell < a.padding_begin + a.input;
      }
      if (!reaches_input)
        throw ConfigError(s.source, key_path(s, "/padding"),
                          fmt::format("{}: the max pooling window of output {} {} covers only padding, which "
                                      "has no maximum (PyTorch returns -inf); lower the padding or the dilation",
                                      s.dims == 1 ? "length" : axis_index == 0 ? "height" : "width",
                                      axis_index == 0 ? "row" : "column", o));
    }
  }
}

bool is_symbolic_values(const ConfigNode& node) {
  if (node.value.is_object()) return false;
  if (node.value.is_string() && node.value.get<std::string>() == "symbolic") return true;
  node.fail(fmt::format("expected an object of values ({{\"seed\": 0}} or explicit \"input\", \"kernel\", "
                        "\"bias\") or \"symbolic\", got {}; allowed: an object, \"symbolic\"",
                        node.describe()));
}

ValuesSpec read_values(const ConfigNode& node, const Scenario& s) {
  node.expect_keys({"input", "kernel", "bias", "seed", "input_range", "kernel_range", "bias_range"});
  ValuesSpec spec;
  const auto& v = node.value;
  const bool pooling = is_pooling(s.operation);
  const auto refuse_kernel = [&](std::string_view key) {
    if (pooling && v.contains(key)) node.child(key).fail("pooling has no kernel weights; remove it");
  };
  const auto refuse_bias = [&](std::string_view key) {
    if (!s.bias && v.contains(key))
      node.child(key).fail(pooling ? "pooling has no bias; remove it"
                                   : "the layer has no bias; remove it, or give the scenario \"bias\": true");
  };
  refuse_kernel("kernel");
  refuse_kernel("kernel_range");
  refuse_bias("bias");
  refuse_bias("bias_range");
  if (v.contains("seed")) {
    if (v.contains("input") || v.contains("kernel") || v.contains("bias"))
      node.fail("give either \"seed\" or explicit \"input\"/\"kernel\"/\"bias\" values, not both");
    const ConfigNode seed = node.child("seed");
    if (!seed.value.is_number_unsigned() && !(seed.value.is_number_integer() && seed.value.get<std::int64_t>() >= 0))
      seed.fail(fmt::format("expected a non-negative integer, got {}", seed.describe()));
    spec.seed = seed.value.get<std::uint64_t>();
    if (v.contains("input_range")) spec.input_range = read_range(node.child("input_range"));
    if (v.contains("kernel_range")) spec.kernel_range = read_range(node.child("kernel_range"));
    if (v.contains("bias_range")) spec.bias_range = read_range(node.child("bias_range"));
  } else {
    for (const char* key : {"input_range", "kernel_range", "bias_range"})
      if (v.contains(key)) node.child(key).fail("the ranges go with \"seed\"");
    if (!v.contains("input")) node.fail("expected \"input\" values or a \"seed\"");
    spec.input = read_tensor(node.child("input"), s.input_shape(), dimension_names(s, "input"));
    if (!pooling) {
      if (!v.contains("kernel"))
        node.fail(fmt::format("{} needs \"kernel\" values of shape {} ({})", to_string(s.operation),
                              shape_text(s.weight_shape()), dimension_names(s, "kernel")));
      spec.kernel = read_tensor(node.child("kernel"), s.weight_shape(), dimension_names(s, "kernel"));
    }
    if (s.bias) {
      if (!v.contains("bias"))
        node.fail(fmt::format("the layer has a bias (bias=True): give \"bias\" values of shape [{}], or no bias",
                              s.out_channels));
      spec.bias = read_tensor(node.child("bias"), {s.out_channels}, dimension_names(s, "bias"));
    }
  }
  if (s.operation == Operation::max_pooling) check_max_pooling_windows(s);
  return spec;
}

}  // namespace convanim
