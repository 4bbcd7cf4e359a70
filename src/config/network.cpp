#include "src/config/network.hpp"

#include <fmt/format.h>

#include "src/arithmetic/receptive_field.hpp"
#include "src/config/json_file.hpp"
#include "src/config/scenario_values.hpp"

namespace convanim {
namespace {

const std::initializer_list<std::string_view> network_keys{"name", "input", "layers", "values", "render"};

// The input's shape with its channels: [C, H, W] or [C, L].
std::vector<int> read_input_shape(const ConfigNode& node) {
  const std::string allowed = "[C, H, W] (2-D) or [C, L] (1-D), the channels first as in PyTorch";
  if (!node.value.is_array() || (node.value.size() != 2 && node.value.size() != 3))
    node.fail(fmt::format("expected {}, got {}", allowed, node.describe()));
  std::vector<int> shape{node.child(std::size_t{0}).integer(1, max_channels)};
  for (std::size_t i = 1; i < node.value.size(); ++i) shape.push_back(node.child(i).integer(1, max_parameter));
  return shape;
}

NetworkValuesSpec read_network_values(const ConfigNode& node, const Network& n) {
  node.expect_keys({"seed", "input_range", "kernel_range", "bias_range", "input", "layers"});
  NetworkValuesSpec spec;
  const auto& v = node.value;
  if (v.contains("seed")) {
    if (v.contains("input") || v.contains("layers"))
      node.fail("give either \"seed\" or explicit \"input\" and \"layers\" values, not both");
    const ConfigNode seed = node.child("seed");
    if (!seed.value.is_number_unsigned() && !(seed.value.is_number_integer() && seed.value.get<std::int64_t>() >= 0))
      seed.fail(fmt::format("expected a non-negative integer, got {}", seed.describe()));
    spec.seed = seed.value.get<std::uint64_t>();
    if (v.contains("input_range")) spec.input_range = read_range(node.child("input_range"));
    if (v.contains("kernel_range")) spec.kernel_range = read_range(node.child("kernel_range"));
    if (v.contains("bias_range")) spec.bias_range = read_range(node.child("bias_range"));
    return spec;
  }
  for (const char* key : {"input_range", "kernel_range", "bias_range"})
    if (v.contains(key)) node.child(key).fail("the ranges go with \"seed\"");
  if (!v.contains("input") || !v.contains("layers"))
    node.fail("expected a \"seed\", or the \"input\" and one entry of \"layers\" per layer ({\"kernel\", \"bias\"})");
  spec.input = read_tensor(node.child("input"), n.layers.front().input_shape(), dimension_names(n.layers.front(), "input"));
  const ConfigNode layers = node.child("layers");
  if (!layers.value.is_array() || layers.value.size() != n.layers.size())
    layers.fail(fmt::format("expected an array of {} (one per layer; {{}} for pooling), got {}", n.layers.size(),
                            layers.describe()));
  for (std::size_t l = 0; l < n.layers.size(); ++l) {
    const Scenario& layer = n.layers[l];
    const ConfigNode entry = layers.child(l);
    entry.expect_keys({"kernel", "bias"});
    const bool pooling = is_pooling(layer.operation);
    if (pooling && entry.value.contains("kernel")) entry.child("kernel").fail("pooling has no kernel weights; remove it");
    if (!layer.bias && entry.value.contains("bias")) entry.child("bias").fail("the layer has no bias; remove it");
    if (!pooling && !entry.value.contains("kernel"))
      entry.fail(fmt::format("expected \"kernel\" values of shape {} ({})", shape_text(layer.weight_shape()),
                             dimension_names(layer, "kernel")));
    if (layer.bias && !entry.value.contains("bias"))
      entry.fail(fmt::format("the layer has a bias: give \"bias\" values of shape [{}]", layer.out_channels));
    spec.kernels.push_back(pooling ? std::nullopt
                                   : std::optional(read_tensor(entry.child("kernel"), layer.weight_shape(),
                                                               dimension_names(layer, "kernel"))));
    spec.biases.push_back(layer.bias ? std::optional(read_tensor(entry.child("bias"), {layer.out_channels}, "C_out"))
                                     : std::nullopt);
  }
  return spec;
}

// An entry {"layer": "nn.ReLU()"} that passes through: its call, or nullopt for a drawn layer.
std::optional<ElementwiseCall> read_elementwise(const ConfigNode& entry, const std::vector<int>& shape,
                                                bool with_values) {
  if (!entry.value.is_object() || !entry.value.contains("layer") || !entry.value["layer"].is_string())
    return std::nullopt;
  const ConfigNode layer = entry.child("layer");
  std::optional<ElementwiseCall> call;
  try {
    call = parse_elementwise_call(layer.value.get_ref<const std::string&>());
  } catch (const LayerStringError& e) {
    layer.fail(e.what());
  }
  if (!call) return std::nullopt;
  entry.expect_keys({"name", "layer"});
  if (call->function == ElementwiseFunction::normalization && int(call->parameters[0]) != shape[0])
    layer.fail(fmt::format("{}: num_features is {}, but the map below has {} channels; allowed: {}",
                           call->class_name, call->parameters[0], shape[0], shape[0]));
  if (with_values && !call->has_values())
    layer.fail(fmt::format("{} has no values here: its running statistics are not in its string; allowed with "
                           "\"values\": activations, Dropout and Identity (or draw without values)",
                           call->class_name));
  return call;
}

}  // namespace

bool is_network_config(const nlohmann::json& config) { return config.is_object() && config.contains("layers"); }

Network parse_network(const nlohmann::json& config, std::string source, std::string default_name) {
  Network n;
  n.source = std::move(source);
  const ConfigNode root{config, "", n.source};
  root.expect_keys(network_keys);
  n.name = config.contains("name") ? root.child("name").string() : std::move(default_name);
  if (!config.contains("input"))
    throw ConfigError(n.source, "/input", "missing; allowed: the input's shape, [C, H, W] or [C, L]");
  n.input_shape = read_input_shape(root.child("input"));
  const ConfigNode layers = root.child("layers");
  const std::string allowed = fmt::format("an array of 1 to {} layers (and element-wise ones such as ReLU between "
                                          "them, {} entries in all)",
                                          max_layers, max_layer_entries);
  if (!layers.value.is_array() || layers.value.empty() || layers.value.size() > std::size_t(max_layer_entries))
    layers.fail(fmt::format("expected {}, got {}", allowed, layers.describe()));
  std::vector<int> shape = n.input_shape;
  for (std::size_t l = 0; l < layers.value.size(); ++l) {
    if (auto elementwise = read_elementwise(layers.child(l), shape, config.contains("values"))) {
      (n.layers.empty() ? n.on_input : n.layers.back().after).push_back(std::move(*elementwise));
      continue;
    }
    if (n.layers.size() == std::size_t(max_layers))
      layers.fail(fmt::format("more than {} drawn layers; allowed: {}", max_layers, allowed));
    Scenario layer = parse_network_layer(layers.child(l), shape, fmt::format("layer {}", n.layers.size() + 1));
    shape = layer.output_shape();
    n.layers.push_back(std::move(layer));
  }
  if (n.layers.empty())
    layers.fail("only element-wise layers; allowed: at least one layer convanim draws (a convolution or pooling)");
  if (config.contains("values")) {
    // Each layer's work counts against the limits once it has values to compute.
    for (Scenario& layer : n.layers) {
      layer.values = ValuesSpec{};
      check_geometry(layer);
    }
    n.values = read_network_values(root.child("values"), n);
    for (const Scenario& layer : n.layers)
      if (layer.operation == Operation::max_pooling) check_max_pooling_windows(layer);
  }
  // A network's record holds every layer's: together they stay within one scenario's limits.
  std::int64_t taps = 0, work = 0;
  for (const Scenario& layer : n.layers) {
    const std::int64_t layer_taps = std::int64_t(layer.step_count()) * layer.height().kernel * layer.width().kernel;
    taps += layer_taps;
    work += layer_taps * layer.input_channels_per_filter();
  }
  if (taps > max_recorded_taps)
    layers.fail(fmt::format("the layers record {} kernel taps in all; allowed: at most {}: use fewer channels or "
                            "a smaller input",
                            taps, max_recorded_taps));
  if (n.values && work > max_value_work)
    root.child("values").fail(fmt::format("the layers need {} multiply-adds in all; allowed: at most {}", work,
                                          max_value_work));
  // The record lists every top unit's field on every map below: bound it by the fields' sizes.
  const Scenario& top = n.layers.back();
  std::int64_t listed = 0;
  for (std::size_t map = 0; map < n.layers.size(); ++map) {
    std::array<FieldAxis, 2> field{};
    for (std::size_t l = map; l < n.layers.size(); ++l)
      for (std::size_t a = 0; a < 2; ++a) field[a] = next_field(field[a], n.layers[l].operation, n.layers[l].axes[a]);
    const Scenario& below = n.layers[map];
    listed += std::min<std::int64_t>(below.height().input, std::int64_t(field[0].size) + 2) *
              std::min<std::int64_t>(below.width().input, std::int64_t(field[1].size) + 2);
  }
  listed *= std::int64_t(top.step_count());
  if (listed > max_recorded_taps)
    layers.fail(fmt::format("the receptive fields of the top layer's units would list up to {} cells; allowed: at most "
                            "{}: use a smaller input or fewer channels",
                            listed, max_recorded_taps));
  return n;
}

}  // namespace convanim
