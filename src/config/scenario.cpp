#include "src/config/scenario.hpp"

#include <cmath>

#include <fmt/format.h>

#include "src/config/json_file.hpp"

namespace convanim {
namespace {

const std::initializer_list<std::string_view> scenario_keys{
    "name",    "operation", "input",          "kernel",            "stride", "dilation",
    "padding", "output_padding", "count_include_pad", "values", "render"};
const std::initializer_list<std::string_view> operation_names{
    "convolution", "transposed_convolution", "max_pooling", "average_pooling"};
const std::initializer_list<std::string_view> side_names{"top", "bottom", "left", "right"};
constexpr char axis_names[2][7] = {"height", "width"};

// A number (both axes) or [height, width].
std::array<int, 2> read_pair(const ConfigNode& node, int min) {
  if (node.value.is_array()) {
    if (node.value.size() != 2)
      node.fail(fmt::format("expected a number or [height, width], got an array of {}", node.value.size()));
    return {node.child(std::size_t{0}).integer(min, max_parameter),
            node.child(std::size_t{1}).integer(min, max_parameter)};
  }
  if (!node.value.is_number_integer())
    node.fail(fmt::format("expected an integer from {} to {} or [height, width], got {}", min,
                          max_parameter, node.describe()));
  const int value = node.integer(min, max_parameter);
  return {value, value};
}

PaddingSpec read_padding(const ConfigNode& node) {
  if (node.value.is_string()) {
    const std::string name = node.choice({"valid", "same", "full", "half"});
    return {padding_scheme_from_string(name), {}};
  }
  if (node.value.is_object()) {
    node.expect_keys(side_names);
    PaddingSpec spec;
    std::size_t index = 0;
    for (std::string_view side : side_names) {
      if (node.value.contains(side)) spec.sides[index] = node.child(side).integer(0, max_parameter);
      ++index;
    }
    return spec;
  }
  if (!node.value.is_number_integer() && !node.value.is_array())
    node.fail(fmt::format("expected a number, [height, width], {{\"top\", \"bottom\", \"left\", "
                          "\"right\"}} or one of {}, got {}",
                          padding_scheme_names, node.describe()));
  const auto [h, w] = read_pair(node, 0);
  return {std::nullopt, {h, h, w, w}};
}

Matrix read_matrix(const ConfigNode& node, int rows, int cols, std::string_view what) {
  const auto shape_error = [&] {
    node.fail(fmt::format("expected {} rows of {} numbers (the {} size), got {}", rows, cols, what,
                          node.describe()));
  };
  if (!node.value.is_array() || int(node.value.size()) != rows) shape_error();
  Matrix matrix(rows, cols);
  for (int r = 0; r < rows; ++r) {
    const ConfigNode row = node.child(std::size_t(r));
    if (!row.value.is_array() || int(row.value.size()) != cols) shape_error();
    for (int c = 0; c < cols; ++c) {
      const ConfigNode cell = row.child(std::size_t(c));
      if (!cell.value.is_number() || !(std::abs(cell.value.get<double>()) <= max_value_magnitude))
        cell.fail(fmt::format("expected a number from {:g} to {:g}, got {}", -max_value_magnitude,
                              max_value_magnitude, cell.describe()));
      matrix.at(r, c) = cell.value.get<double>();
    }
  }
  return matrix;
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

ValuesSpec read_values(const ConfigNode& node, const Scenario& s) {
  node.expect_keys({"input", "kernel", "seed", "input_range", "kernel_range"});
  ValuesSpec spec;
  const auto& v = node.value;
  const bool pooling = is_pooling(s.operation);
  if (v.contains("seed")) {
    if (v.contains("input") || v.contains("kernel"))
      node.fail("give either \"seed\" or explicit \"input\"/\"kernel\" values, not both");
    const ConfigNode seed = node.child("seed");
    if (!seed.value.is_number_unsigned() && !(seed.value.is_number_integer() && seed.value.get<std::int64_t>() >= 0))
      seed.fail(fmt::format("expected a non-negative integer, got {}", seed.describe()));
    spec.seed = seed.value.get<std::uint64_t>();
    if (v.contains("input_range")) spec.input_range = read_range(node.child("input_range"));
    if (v.contains("kernel_range")) {
      if (pooling) node.child("kernel_range").fail("pooling has no kernel weights; remove it");
      spec.kernel_range = read_range(node.child("kernel_range"));
    }
    return spec;
  }
  if (v.contains("input_range") || v.contains("kernel_range"))
    node.fail("\"input_range\" and \"kernel_range\" go with \"seed\"");
  if (!v.contains("input")) node.fail("expected \"input\" values or a \"seed\"");
  spec.input = read_matrix(node.child("input"), s.height().input, s.width().input, "input");
  if (pooling) {
    if (v.contains("kernel")) node.child("kernel").fail("pooling has no kernel weights; remove it");
  } else {
    if (!v.contains("kernel")) node.fail(fmt::format("{} needs \"kernel\" values", to_string(s.operation)));
    spec.kernel = read_matrix(node.child("kernel"), s.height().kernel, s.width().kernel, "kernel");
  }
  return spec;
}

// A max pooling window over padding alone has no maximum (PyTorch gives -inf, which neither a
// figure nor JSON can show): refuse values for one. Per axis, as a 2-D window is the product of two.
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
        throw ConfigError(s.source, "/padding",
                          fmt::format("{}: the max pooling window of output {} {} covers only padding, which "
                                      "has no maximum (PyTorch returns -inf); lower the padding or the dilation",
                                      axis_names[axis_index], axis_index == 0 ? "row" : "column", o));
    }
  }
}

}  // namespace

void check_geometry(const Scenario& s) {
  const auto fail = [&](std::string_view key, std::string message) {
    throw ConfigError(s.source, key, message);
  };
  std::int64_t steps = 1;
  for (int axis_index = 0; axis_index < 2; ++axis_index) {
    const Axis& a = s.axes[std::size_t(axis_index)];
    const char* axis = axis_names[axis_index];
    int grid = 0;
    if (s.operation == Operation::transposed_convolution) {
      if (a.output_padding > max_output_padding(a))
        fail("/output_padding",
             fmt::format("{} output_padding {} must be smaller than max(stride, dilation) = {}", axis,
                         a.output_padding, max_output_padding(a) + 1));
      const EquivalentConvolution e = equivalent_convolution(a);
      grid = e.grid;
      if (output_size(s.operation, a) < 1)
        fail("/padding", fmt::format("{} padding {} + {} crops the whole output: o = (i - 1)s - "
                                     "p_begin - p_end + d(k - 1) + output_padding + 1 = {}",
                                     axis, a.padding_begin, a.padding_end, output_size(s.operation, a)));
    } else {
      if (a.output_padding != 0)
        fail("/output_padding", "only a transposed_convolution takes output_padding; allowed: 0");
      if (is_pooling(s.operation)) {
        // PyTorch's bound: padding at most half the (dilated) pooling window.
        const int window = s.operation == Operation::max_pooling ? a.effective_kernel() : a.kernel;
        if (std::max(a.padding_begin, a.padding_end) > window / 2)
          fail("/padding", fmt::format("{} padding {} is more than half the pooling window {} "
                                       "(allowed: 0 to {})",
                                       axis, std::max(a.padding_begin, a.padding_end), window, window / 2));
        if (s.operation == Operation::average_pooling && a.dilation != 1)
          fail("/dilation", "average_pooling has no dilation (as in PyTorch's avg_pool2d); allowed: 1");
      }
      grid = a.input + a.total_padding();
      if (grid < a.effective_kernel())
        fail("/kernel", fmt::format("{}: the kernel spans d(k - 1) + 1 = {}({} - 1) + 1 = {} cells, more "
                                    "than the padded input i + p_begin + p_end = {} + {} + {} = {}",
                                    axis, a.dilation, a.kernel, a.effective_kernel(), a.input,
                                    a.padding_begin, a.padding_end, grid));
    }
    if (grid > max_grid_cells_per_axis)
      fail("/input", fmt::format("{}: the grid the kernel slides over has {} cells; allowed: at most {}",
                                 axis, grid, max_grid_cells_per_axis));
    steps *= output_size(s.operation, a);
  }
  if (steps > max_steps)
    fail("/input", fmt::format("{} kernel applications (output {} x {}); allowed: at most {}", steps,
                               output_size(s.operation, s.height()), output_size(s.operation, s.width()),
                               max_steps));
  const std::int64_t taps = std::int64_t(s.height().kernel) * s.width().kernel;
  if (steps * taps > max_recorded_taps)
    fail("/kernel", fmt::format("{} steps x {} kernel taps = {} taps to record; allowed: at most {}: lower the "
                                "kernel or the input size",
                                steps, taps, steps * taps, max_recorded_taps));
}

Scenario parse_scenario(const nlohmann::json& config, std::string source, std::string default_name) {
  Scenario s;
  s.source = std::move(source);
  const ConfigNode root{config, "", s.source};  // views s.source, which outlives it
  root.expect_keys(scenario_keys);
  const auto& v = config;
  s.name = v.contains("name") ? root.child("name").string() : std::move(default_name);
  const auto require = [&](std::string_view key, std::string_view allowed) {
    if (!v.contains(key)) throw ConfigError(s.source, fmt::format("/{}", key), fmt::format("missing; allowed: {}", allowed));
  };
  require("operation", quoted_list(operation_names));
  s.operation = *operation_from_string(root.child("operation").choice(operation_names));
  require("input", "the input size, a positive integer or [height, width]");
  require("kernel", "the kernel size, a positive integer or [height, width]");

  const auto read_optional = [&](std::string_view key, int min, int fallback) {
    return v.contains(key) ? read_pair(root.child(key), min) : std::array{fallback, fallback};
  };
  const auto input = read_pair(root.child("input"), 1);
  const auto kernel = read_pair(root.child("kernel"), 1);
  const auto stride = read_optional("stride", 1, 1);
  const auto dilation = read_optional("dilation", 1, 1);
  const auto output_padding = read_optional("output_padding", 0, 0);
  for (std::size_t a = 0; a < 2; ++a)
    s.axes[a] = Axis{.input = input[a], .kernel = kernel[a], .stride = stride[a],
                     .dilation = dilation[a], .output_padding = output_padding[a]};
  if (v.contains("padding")) s.padding = read_padding(root.child("padding"));
  resolve_padding(s.operation, s.padding, s.axes);

  if (v.contains("count_include_pad")) {
    if (s.operation != Operation::average_pooling)
      root.child("count_include_pad").fail("only average_pooling takes count_include_pad");
    s.count_include_pad = root.child("count_include_pad").boolean();
  }
  check_geometry(s);
  if (v.contains("values")) {
    s.values = read_values(root.child("values"), s);
    if (s.operation == Operation::max_pooling) check_max_pooling_windows(s);
  }
  if (v.contains("render")) s.render = read_render_options(root.child("render"));
  return s;
}

Scenario load_scenario(const std::filesystem::path& path) { return load_scenario_text(read_config_file(path), path); }

Scenario load_scenario_text(std::string_view text, const std::filesystem::path& path) {
  const std::string source = path.string();
  return parse_scenario(parse_config_text(text, source), source, path.stem().string());
}

}  // namespace convanim
