// A scenario from its config: either the operation and its keys, or a PyTorch layer string; then
// the input, the step order and the values (scenario_values.cpp). The "render" object is passed
// through to the renderer, which reads it (src/config/config.hpp).
#include "src/config/scenario.hpp"

#include <algorithm>
#include <functional>
#include <numeric>

#include <fmt/format.h>

#include "src/config/json_file.hpp"
#include "src/config/layer_string.hpp"
#include "src/config/scenario_values.hpp"

namespace convanim {
namespace {

const std::initializer_list<std::string_view> scenario_keys{
    "name",        "operation",    "layer",  "input", "kernel", "stride",         "dilation",
    "padding",     "output_padding", "in_channels", "out_channels", "groups", "bias",
    "count_include_pad", "order", "values", "render"};
// What a layer string says already, so a config with "layer" must not say it again.
const std::initializer_list<std::string_view> layer_keys{
    "operation", "kernel", "stride", "dilation", "padding", "output_padding", "in_channels", "out_channels",
    "groups",    "bias",   "count_include_pad"};
const std::initializer_list<std::string_view> operation_names{
    "convolution", "transposed_convolution", "max_pooling", "average_pooling"};
const std::initializer_list<std::string_view> order_names{"channel", "position"};

// A number (both axes) or [height, width]; in 1-D, a number or [length].
std::array<int, 2> read_size(const ConfigNode& node, int dims, int min, int trivial) {
  const std::string shape = dims == 1 ? "a number or [length] (the scenario is 1-D)" : "a number or [height, width]";
  if (node.value.is_array()) {
    if (int(node.value.size()) != dims)
      node.fail(fmt::format("expected {}, got an array of {}", shape, node.value.size()));
    if (dims == 1) return {trivial, node.child(std::size_t{0}).integer(min, max_parameter)};
    return {node.child(std::size_t{0}).integer(min, max_parameter), node.child(std::size_t{1}).integer(min, max_parameter)};
  }
  if (!node.value.is_number_integer())
    node.fail(fmt::format("expected an integer from {} to {} or {}, got {}", min, max_parameter, shape, node.describe()));
  const int value = node.integer(min, max_parameter);
  return {dims == 1 ? trivial : value, value};
}

PaddingSpec read_padding(const ConfigNode& node, int dims) {
  if (node.value.is_string()) {
    const std::string name = node.choice({"valid", "same", "full", "half", "causal"});
    return {padding_scheme_from_string(name), {}};
  }
  if (node.value.is_object()) {
    static const std::initializer_list<std::string_view> sides_1d{"left", "right"};
    static const std::initializer_list<std::string_view> sides_2d{"top", "bottom", "left", "right"};
    node.expect_keys(dims == 1 ? sides_1d : sides_2d);
    PaddingSpec spec;
    const std::array<std::string_view, 4> all_sides{"top", "bottom", "left", "right"};
    for (std::size_t index = 0; index < 4; ++index)
      if (node.value.contains(all_sides[index])) spec.sides[index] = node.child(all_sides[index]).integer(0, max_parameter);
    return spec;
  }
  if (!node.value.is_number_integer() && !node.value.is_array())
    node.fail(fmt::format("expected a number, {}, an object of sides or one of {}, got {}",
                          dims == 1 ? "[length]" : "[height, width]", padding_scheme_names, node.describe()));
  const auto [h, w] = read_size(node, dims, 0, 0);
  return {std::nullopt, {h, h, w, w}};
}

// The operation and its keys. In a network the input comes from the layer below (`flow`: [C, H, W]
// or [C, L]), and the scenario is 1-D when that is.
void read_operation_keys(const ConfigNode& root, Scenario& s, const std::vector<int>* flow) {
  const auto& v = root.value;
  const auto require = [&](std::string_view key, std::string_view allowed) {
    if (!v.contains(key))
      throw ConfigError(s.source, fmt::format("{}/{}", root.path, key), fmt::format("missing; allowed: {}", allowed));
  };
  require("operation", quoted_list(operation_names) + " (or a PyTorch \"layer\" string instead)");
  s.operation = *operation_from_string(root.child("operation").choice(operation_names));
  if (!flow)
    require("input", "the input size: a positive integer, [height, width], or [length] for a 1-D scenario");
  require("kernel", "the kernel size, a positive integer or [height, width]");
  // A one-element input makes the scenario 1-D.
  s.dims = flow ? int(flow->size()) - 1 : v.at("input").is_array() && v.at("input").size() == 1 ? 1 : 2;
  const auto read_optional = [&](std::string_view key, int min, int fallback) {
    return v.contains(key) ? read_size(root.child(key), s.dims, min, fallback) : std::array{fallback, fallback};
  };
  const auto input = flow ? std::array{s.dims == 1 ? 1 : (*flow)[1], flow->back()} : read_size(root.child("input"), s.dims, 1, 1);
  const auto kernel = read_size(root.child("kernel"), s.dims, 1, 1);
  const auto stride = read_optional("stride", 1, 1);
  const auto dilation = read_optional("dilation", 1, 1);
  const auto output_padding = read_optional("output_padding", 0, 0);
  for (std::size_t a = 0; a < 2; ++a)
    s.axes[a] = Axis{.input = input[a], .kernel = kernel[a], .stride = stride[a], .dilation = dilation[a],
                     .output_padding = output_padding[a]};
  if (v.contains("padding")) s.padding = read_padding(root.child("padding"), s.dims);
  if (s.padding.scheme == PaddingScheme::causal && (s.dims != 1 || s.operation != Operation::convolution))
    root.child("padding").fail("\"causal\" pads the start of a 1-D convolution; allowed here: \"valid\", \"same\", "
                               "\"full\", \"half\", numbers or sides");
  resolve_padding(s.operation, s.padding, s.axes);

  const bool pooling = is_pooling(s.operation);
  if (flow) s.in_channels = flow->front();
  if (v.contains("in_channels")) {
    const int given = root.child("in_channels").integer(1, max_channels);
    if (flow && given != s.in_channels)
      root.child("in_channels").fail(fmt::format("the layer below gives {} channels; allowed: {} (or leave it out)",
                                                 s.in_channels, s.in_channels));
    s.in_channels = given;
  }
  for (const char* key : {"out_channels", "groups", "bias"})
    if (pooling && v.contains(key))
      root.child(key).fail(fmt::format("pooling works per channel: it has as many output channels as "
                                       "in_channels, no groups and no bias; remove \"{}\"", key));
  s.out_channels = pooling                      ? s.in_channels
                   : v.contains("out_channels") ? root.child("out_channels").integer(1, max_channels)
                                                : 1;
  if (v.contains("groups")) s.groups = root.child("groups").integer(1, max_channels);
  if (v.contains("bias")) s.bias = root.child("bias").boolean();
  if (v.contains("count_include_pad")) {
    if (s.operation != Operation::average_pooling)
      root.child("count_include_pad").fail("only average_pooling takes count_include_pad");
    s.count_include_pad = root.child("count_include_pad").boolean();
  }
}

// The scenario a parsed layer string describes, for an input of `channels` x `spatial`.
void apply_layer(const LayerCall& call, Scenario& s) {
  s.operation = call.operation;
  s.dims = call.dims;
  for (std::size_t a = 0; a < 2; ++a)
    s.axes[a] = Axis{.input = s.axes[a].input, .kernel = call.kernel[a], .stride = call.stride[a],
                     .dilation = call.dilation[a], .output_padding = call.output_padding[a]};
  s.padding = call.padding_scheme ? PaddingSpec{call.padding_scheme, {}}
                                  : PaddingSpec{std::nullopt, {call.padding[0], call.padding[0], call.padding[1],
                                                               call.padding[1]}};
  resolve_padding(s.operation, s.padding, s.axes);
  if (call.has_channels) {
    s.out_channels = call.out_channels;
    s.groups = call.groups;
    s.bias = call.bias;
  } else {
    s.out_channels = s.in_channels;
  }
  s.count_include_pad = call.count_include_pad;
}

// A layer's input shape: [C, H, W] or [H, W] (2-D), [C, L] or [L] (1-D), or one number for the
// spatial size; a layer with channels (a convolution) fixes C and the shape must agree.
void apply_input_shape(const LayerCall& call, const std::vector<int>& shape, Scenario& s,
                       const std::function<void(std::string)>& fail) {
  const int spatial = call.dims;
  const std::string forms = spatial == 2 ? "[C, H, W], [H, W] or a number" : "[C, L], [L] or a number";
  if (shape.size() != std::size_t(spatial) && shape.size() != std::size_t(spatial + 1) && shape.size() != 1)
    fail(fmt::format("expected {} for {}, got {} numbers", forms, call.class_name, shape.size()));
  const bool has_channels = shape.size() == std::size_t(spatial + 1);
  const int channels = has_channels ? shape[0] : (call.has_channels ? call.in_channels : 1);
  if (call.has_channels && channels != call.in_channels)
    fail(fmt::format("{} takes {} input channels (in_channels), but the input has {}", call.class_name,
                     call.in_channels, channels));
  if (channels < 1 || channels > max_channels)
    fail(fmt::format("channels must be 1 to {}, got {}", max_channels, channels));
  s.in_channels = channels;
  std::array<int, 2> size{1, 1};
  if (shape.size() == 1) size = {spatial == 2 ? shape[0] : 1, shape[0]};
  else if (spatial == 2) size = {shape[shape.size() - 2], shape.back()};
  else size = {1, shape.back()};
  for (int extent : size)
    if (extent < 1 || extent > max_parameter)
      fail(fmt::format("each size must be 1 to {}, got {}", max_parameter, extent));
  s.axes[0].input = size[0];
  s.axes[1].input = size[1];
}

void read_layer(const ConfigNode& root, Scenario& s, const std::vector<int>* flow) {
  for (std::string_view key : layer_keys)
    if (root.value.contains(key))
      root.child(key).fail(fmt::format("the \"layer\" string gives the operation and its parameters; remove \"{}\" "
                                       "(or give the operation and its keys instead of \"layer\")",
                                       key));
  const ConfigNode layer = root.child("layer");
  s.layer = layer.string();
  LayerCall call;
  try {
    call = parse_layer_call(s.layer);
  } catch (const LayerStringError& e) {
    layer.fail(e.what());
  }
  if (flow) {
    if (int(flow->size()) - 1 != call.dims)
      layer.fail(fmt::format("{} is {}-D, and the layer below gives a {}-D map; allowed: a {}-D layer", call.class_name,
                             call.dims, flow->size() - 1, flow->size() - 1));
    apply_input_shape(call, *flow, s, [&](std::string message) { layer.fail(message); });
    apply_layer(call, s);
    return;
  }
  if (!root.value.contains("input"))
    throw ConfigError(s.source, root.path + "/input",
                      fmt::format("missing; allowed: the input's shape for {}: {}", call.class_name,
                                  call.dims == 2 ? "[C, H, W], [H, W] or a number" : "[C, L], [L] or a number"));
  const ConfigNode input = root.child("input");
  std::vector<int> shape;
  if (input.value.is_array()) {
    if (input.value.empty() || input.value.size() > 3) input.fail(fmt::format("expected 1 to 3 sizes, got {}", input.describe()));
    for (std::size_t i = 0; i < input.value.size(); ++i) shape.push_back(input.child(i).integer(1, max_channels));
  } else {
    shape.push_back(input.integer(1, max_parameter));
  }
  apply_input_shape(call, shape, s, [&](std::string message) { input.fail(message); });
  apply_layer(call, s);
}

}  // namespace

std::vector<int> Scenario::input_shape() const {
  return dims == 1 ? std::vector{in_channels, width().input} : std::vector{in_channels, height().input, width().input};
}

std::vector<int> Scenario::output_shape() const {
  return dims == 1 ? std::vector{out_channels, output_width()}
                   : std::vector{out_channels, output_height(), output_width()};
}

std::vector<int> Scenario::weight_shape() const {
  if (is_pooling(operation)) return {};
  std::vector<int> shape = operation == Operation::transposed_convolution
                               ? std::vector{in_channels, out_channels / groups}
                               : std::vector{out_channels, in_channels / groups};
  if (dims == 2) shape.push_back(height().kernel);
  shape.push_back(width().kernel);
  return shape;
}

int Scenario::input_channels_per_filter() const { return is_pooling(operation) ? 1 : in_channels / groups; }

int Scenario::first_input_channel(int oc) const {
  if (is_pooling(operation)) return oc;
  return oc / (out_channels / groups) * (in_channels / groups);
}

std::size_t Scenario::step_count() const {
  return std::size_t(out_channels) * std::size_t(output_height()) * std::size_t(output_width());
}

std::string key_path(const Scenario& s, std::string_view key) {
  // A network's layer has no input key: what it is given is the layer itself's concern.
  if (s.input_from_layer_below && key == "/input") return s.json_path.empty() ? "/" : s.json_path;
  return s.json_path + std::string(key);
}

void check_geometry(const Scenario& s) {
  const auto fail = [&](std::string_view key, std::string message) {
    throw ConfigError(s.source, key_path(s, key), message);
  };
  const auto axis_name = [&](int axis) -> std::string {
    if (s.dims == 1) return "length";
    return axis == 0 ? "height" : "width";
  };
  if (!is_pooling(s.operation) && (s.in_channels % s.groups != 0 || s.out_channels % s.groups != 0))
    fail("/groups", fmt::format("groups {} must divide both in_channels {} and out_channels {} (as in PyTorch); "
                                "allowed: a common divisor such as 1{}",
                                s.groups, s.in_channels, s.out_channels,
                                std::gcd(s.in_channels, s.out_channels) > 1
                                    ? fmt::format(" or {}", std::gcd(s.in_channels, s.out_channels))
                                    : ""));
  for (int axis_index = 2 - s.dims; axis_index < 2; ++axis_index) {
    const Axis& a = s.axes[std::size_t(axis_index)];
    const std::string axis = axis_name(axis_index);
    int grid = 0;
    if (s.operation == Operation::transposed_convolution) {
      if (a.output_padding > max_output_padding(a))
        fail("/output_padding",
             fmt::format("{} output_padding {} must be smaller than max(stride, dilation) = {}", axis,
                         a.output_padding, max_output_padding(a) + 1));
      grid = equivalent_convolution(a).grid;
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
  }
  const auto steps = std::int64_t(s.step_count());
  const std::string channels = s.out_channels > 1 ? fmt::format("{} channels x ", s.out_channels) : "";
  if (steps > max_steps)
    fail("/input", fmt::format("{} kernel applications ({}{} x {} positions); allowed: at most {}", steps, channels,
                               s.output_height(), s.output_width(), max_steps));
  const std::int64_t taps = std::int64_t(s.height().kernel) * s.width().kernel;
  if (steps * taps > max_recorded_taps)
    fail("/kernel", fmt::format("{} steps x {} kernel taps = {} taps to record; allowed: at most {}: lower the "
                                "kernel or the input size",
                                steps, taps, steps * taps, max_recorded_taps));
  if (s.operation == Operation::transposed_convolution) {
    // The scatter record: every input unit of every channel a filter reads stamps the whole kernel.
    const std::int64_t writes = std::int64_t(s.out_channels) * s.input_channels_per_filter() * s.height().input *
                                s.width().input * taps;
    if (writes > max_recorded_taps)
      fail("/input", fmt::format("the scatter writes {} kernel taps; allowed: at most {}: lower the channels, the "
                                 "kernel or the input size",
                                 writes, max_recorded_taps));
  }
  const std::int64_t work = steps * taps * s.input_channels_per_filter();
  if (s.values && work > max_value_work)
    fail("/values", fmt::format("{} steps x {} taps x {} input channels = {} multiply-adds to compute; allowed: at "
                                "most {}: lower the channels, the kernel or the input size",
                                steps, taps, s.input_channels_per_filter(), work, max_value_work));
}

Scenario parse_scenario(const nlohmann::json& config, std::string source, std::string default_name) {
  Scenario s;
  s.source = std::move(source);
  const ConfigNode root{config, "", s.source};  // views s.source, which outlives it
  root.expect_keys(scenario_keys);
  const auto& v = config;
  s.name = v.contains("name") ? root.child("name").string() : std::move(default_name);
  if (v.contains("layer")) read_layer(root, s, nullptr);
  else read_operation_keys(root, s, nullptr);
  if (v.contains("order"))
    s.order = root.child("order").choice(order_names) == "position" ? StepOrder::position : StepOrder::channel;
  // "values": "symbolic" names the cells instead of giving them numbers: nothing to compute.
  s.symbolic = v.contains("values") && is_symbolic_values(root.child("values"));
  const bool numbers = v.contains("values") && !s.symbolic;
  if (numbers) s.values = ValuesSpec{};  // so that check_geometry counts their work
  check_geometry(s);
  if (numbers) s.values = read_values(root.child("values"), s);
  return s;
}

Scenario parse_network_layer(const ConfigNode& node, const std::vector<int>& input, std::string default_name) {
  static const std::initializer_list<std::string_view> keys{
      "name",        "operation",    "layer",  "kernel", "stride", "dilation", "padding", "output_padding",
      "in_channels", "out_channels", "groups", "bias",   "count_include_pad"};
  Scenario s;
  s.source = std::string(node.source);
  s.json_path = node.path;
  s.input_from_layer_below = true;
  node.expect_keys(keys);
  s.name = node.value.contains("name") ? node.child("name").string() : std::move(default_name);
  if (node.value.contains("layer")) read_layer(node, s, &input);
  else read_operation_keys(node, s, &input);
  check_geometry(s);
  return s;
}

Scenario scenario_from_layer(std::string_view layer, const std::vector<int>& input, std::string source,
                             std::string_view layer_key, std::string_view input_key) {
  Scenario s;
  s.source = std::move(source);
  s.name = "layer";
  s.layer = std::string(layer);
  LayerCall call;
  try {
    call = parse_layer_call(layer);
  } catch (const LayerStringError& e) {
    throw ConfigError(s.source, layer_key, e.what());
  }
  apply_input_shape(call, input, s, [&](std::string message) { throw ConfigError(s.source, input_key, message); });
  apply_layer(call, s);
  check_geometry(s);
  return s;
}

Scenario load_scenario(const std::filesystem::path& path) { return load_scenario_text(read_config_file(path), path); }

Scenario load_scenario_text(std::string_view text, const std::filesystem::path& path) {
  const std::string source = path.string();
  return parse_scenario(parse_config_text(text, source), source, path.stem().string());
}

}  // namespace convanim
