// A network config: one input shape at the top and a stack of layers, each what a scenario is
// without its own input (the operation and its keys, or a PyTorch layer string). Shapes flow from
// layer to layer, and every layer is checked against the shape it receives; an error names the layer
// by index and key ("/layers/2/kernel").
//   {"input": [3, 32, 32], "layers": [{"layer": "nn.Conv2d(3, 8, 3)"}, {"operation": "max_pooling",
//    "kernel": 2, "stride": 2}], "values": {"seed": 1}, "render": {...}}
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "src/config/scenario.hpp"

namespace convanim {

inline constexpr int max_layers = 8;  // drawn layers: deeper stacks stop fitting a slide
inline constexpr int max_layer_entries = 64;  // drawn and element-wise ones together

// A network's "values": a seed for every tensor, or the input and each layer's weights.
struct NetworkValuesSpec {
  std::optional<std::uint64_t> seed;
  ValueRange input_range{0, 3}, kernel_range{0, 2}, bias_range{-1, 1};
  std::optional<Tensor> input;
  std::vector<std::optional<Tensor>> kernels, biases;  // per layer, when explicit
};

struct Network {
  std::string source;
  std::string name;
  std::vector<int> input_shape;  // [C, H, W], or [C, L] for a 1-D network
  std::vector<Scenario> layers;  // each one's input is the output of the one below
  std::vector<ElementwiseCall> on_input;  // element-wise layers before the first drawn one
  std::optional<NetworkValuesSpec> values;

  int dims() const { return int(input_shape.size()) - 1; }
};

// Whether a parsed config is a network (it has "layers") rather than a single scenario.
bool is_network_config(const nlohmann::json& config);

// Throws ConfigError naming the file, the layer and the key.
Network parse_network(const nlohmann::json& config, std::string source, std::string default_name);


}  // namespace convanim
