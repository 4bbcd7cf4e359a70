// One scenario config (configs/*.json): a layer with PyTorch's semantics (Conv1d/2d, ConvTranspose1d/2d,
// MaxPool1d/2d, AvgPool1d/2d, channels and groups included) and its input, parsed and checked once.
// Nothing past load_scenario() reads raw JSON.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "src/arithmetic/arithmetic.hpp"
#include "src/arithmetic/padding.hpp"
#include "src/config/config_error.hpp"
#include "src/config/layer_string.hpp"
#include "src/tensor.hpp"

namespace convanim {

struct ValueRange {
  int low, high;  // inclusive
};

// "values": explicit tensors in PyTorch's shapes, or a seed for integer ranges.
struct ValuesSpec {
  std::optional<Tensor> input, kernel, bias;  // explicit, in their full shapes
  std::optional<std::uint64_t> seed;
  ValueRange input_range{0, 3};   // the guide's
  ValueRange kernel_range{0, 2};  // the guide's
  ValueRange bias_range{-1, 1};
};

// In which order the steps go: every position of output channel 0, then of channel 1, ... (channel),
// or every output channel at the first position, then at the next (position).
enum class StepOrder { channel, position };

struct Scenario {
  std::string source;     // the config's path, for messages
  std::string json_path;  // where its keys are in that config: "" for a scenario, "/layers/2" in a network
  bool input_from_layer_below = false;  // in a network: the input is the previous layer's output
  std::string name;
  Operation operation = Operation::convolution;
  int dims = 2;         // 1: the height axis is trivial (size 1) and width is the length
  Axes axes;            // padding resolved to numbers
  PaddingSpec padding;  // as given
  int in_channels = 1, out_channels = 1, groups = 1;  // pooling: out_channels == in_channels
  bool bias = false;                                   // a bias term, as PyTorch's bias=True
  bool count_include_pad = true;
  StepOrder order = StepOrder::channel;
  std::string layer;  // the PyTorch layer string it was given as, if it was
  std::optional<ValuesSpec> values;
  bool symbolic = false;  // "values": "symbolic": cells named x_{r,c}, w_{a,b}, y_{r,c}; no numbers
  // In a network: the element-wise layers (ReLU, ...) applied to its output, in order. They pass
  // through the drawing; the values the layer above reads are theirs.
  std::vector<ElementwiseCall> after;

  const Axis& height() const { return axes[0]; }
  const Axis& width() const { return axes[1]; }
  int output_height() const { return output_size(operation, height()); }
  int output_width() const { return output_size(operation, width()); }
  // PyTorch's shapes without the batch dimension: [C, H, W], or [C, L] for a 1-D scenario.
  std::vector<int> input_shape() const;
  std::vector<int> output_shape() const;
  // The weight as PyTorch stores it: [C_out, C_in / groups, kh, kw], for a transposed convolution
  // [C_in, C_out / groups, kh, kw] ([.., .., k] in 1-D); empty for pooling, which has none.
  std::vector<int> weight_shape() const;
  // The input channels the filter of output channel `oc` reads: first, and how many.
  int first_input_channel(int oc) const;
  int input_channels_per_filter() const;
  std::size_t step_count() const;
};

// Limits that keep a render readable and bounded.
inline constexpr int max_grid_cells_per_axis = 256;
inline constexpr int max_parameter = 256;
inline constexpr int max_channels = 1024;  // in_channels and out_channels
inline constexpr std::int64_t max_steps = 65'536;
// Kernel taps recorded in a trace (steps x taps per step): bounds the record's memory and JSON.
inline constexpr std::int64_t max_recorded_taps = 1'000'000;
// Multiply-adds to compute the values (steps x input channels a filter reads x taps).
inline constexpr std::int64_t max_value_work = 64'000'000;
// Explicit values and seeded ranges stay within this magnitude, so no sum of products overflows.
inline constexpr double max_value_magnitude = 1e6;

// Reads and checks a config file; throws ConfigError naming the file and key.
Scenario load_scenario(const std::filesystem::path& path);
// The same from a config's text, read from `path` (which names it).
Scenario load_scenario_text(std::string_view text, const std::filesystem::path& path);
// The same from parsed JSON; `source` names it in errors.
Scenario parse_scenario(const nlohmann::json& config, std::string source, std::string default_name);
// A layer of a network (src/config/network.hpp): its keys at `node`, its input the shape `input`
// ([C, H, W] or [C, L]) that the layer below gives it. Values and render belong to the network.
Scenario parse_network_layer(const ConfigNode& node, const std::vector<int>& input, std::string default_name);

// The JSON path of a key of the scenario, for messages: "/kernel", "/layers/2/kernel".
std::string key_path(const Scenario& scenario, std::string_view key);

// The geometry checks (kernel fits, channels and groups, output_padding, pooling padding, limits);
// parse_scenario runs them, and the CLI runs them on scenarios made from flags.
void check_geometry(const Scenario& scenario);

// A scenario from a PyTorch layer string and an input shape, as `--layer` and `-i` give them
// ([C, H, W] or [H, W] for a 2-D layer, [C, L] or [L] for a 1-D one). `source` and `key` name them in
// errors. Throws ConfigError.
Scenario scenario_from_layer(std::string_view layer, const std::vector<int>& input, std::string source,
                             std::string_view layer_key, std::string_view input_key);

}  // namespace convanim
