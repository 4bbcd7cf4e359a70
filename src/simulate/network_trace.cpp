#include "src/simulate/network_trace.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "src/simulate/elementwise_values.hpp"
#include "src/simulate/values.hpp"

namespace convanim {
namespace {

// Each layer's weights and bias, and the network's input, drawn from one seed in that order
// (input, then layer by layer its weight and its bias, each row-major), or as given.
struct DrawnValues {
  Tensor input;
  std::vector<std::optional<Tensor>> kernels, biases;
};

DrawnValues draw_values(const Network& n) {
  const NetworkValuesSpec& spec = *n.values;
  if (!spec.seed) return {*spec.input, spec.kernels, spec.biases};
  SplitMix64 generator(*spec.seed);
  const auto draw = [&](std::vector<int> shape, ValueRange range) {
    Tensor t(std::move(shape));
    for (double& value : t.data) value = generator.uniform(range.low, range.high);
    return t;
  };
  DrawnValues values{draw(n.layers.front().input_shape(), spec.input_range), {}, {}};
  for (const Scenario& layer : n.layers) {
    values.kernels.push_back(is_pooling(layer.operation) ? std::nullopt
                                                         : std::optional(draw(layer.weight_shape(), spec.kernel_range)));
    values.biases.push_back(layer.bias ? std::optional(draw({layer.out_channels}, spec.bias_range)) : std::nullopt);
  }
  return values;
}

// The step of `trace` that computes output cell `cell` of channel `channel`.
const Step& step_at(const Trace& trace, int channel, Cell cell) {
  const Scenario& s = trace.scenario;
  const std::size_t cols = std::size_t(trace.output_size[1]), rows = std::size_t(trace.output_size[0]);
  const std::size_t position = std::size_t(cell.row) * cols + std::size_t(cell.col);
  const std::size_t index = s.order == StepOrder::channel
                                ? std::size_t(channel) * rows * cols + position
                                : position * std::size_t(s.out_channels) + std::size_t(channel);
  return trace.steps[index];
}

// The channels each map's field holds for top channel `channel`, from the map below the top down.
std::vector<std::set<int>> channel_chain(const NetworkTrace& trace, int channel) {
  std::vector<std::set<int>> chain;
  std::set<int> channels{channel};
  for (std::size_t l = trace.layers.size(); l-- > 0;) {
    const Scenario& s = trace.layers[l].scenario;
    std::set<int> below;
    for (int oc : channels)
      for (int k = 0; k < s.input_channels_per_filter(); ++k) below.insert(s.first_input_channel(oc) + k);
    chain.push_back(below);
    channels = std::move(below);
  }
  return chain;
}

}  // namespace

NetworkTrace simulate_network(const Network& n) {
  NetworkTrace trace{n, {}, {}};
  std::optional<DrawnValues> values;
  if (n.values) values = draw_values(n);
  std::array<FieldAxis, 2> field{};
  for (std::size_t l = 0; l < n.layers.size(); ++l) {
    Scenario layer = n.layers[l];
    if (values) {
      ValuesSpec spec;
      spec.input = l == 0 ? values->input : trace.layers.back().values->output;
      if (l == 0) apply_elementwise(n.on_input, *spec.input);
      spec.kernel = values->kernels[l];
      spec.bias = values->biases[l];
      layer.values = std::move(spec);
    }
    trace.layers.push_back(simulate(layer));
    // The layer's output as the layer above reads it: through its element-wise layers.
    if (values) apply_elementwise(layer.after, trace.layers.back().values->output);
    for (std::size_t a = 0; a < 2; ++a) field[a] = next_field(field[a], layer.operation, layer.axes[a]);
    trace.field_arithmetic.push_back(field);
  }
  return trace;
}

std::vector<MapField> field_of(const NetworkTrace& trace, int channel, Cell cell) {
  std::vector<MapField> maps;
  std::vector<Cell> cells{cell};
  std::set<int> channels{channel};
  for (std::size_t l = trace.layers.size(); l-- > 0;) {
    const Trace& layer = trace.layers[l];
    const Scenario& s = layer.scenario;
    const int first_channel = *channels.begin();
    std::vector<char> reached(std::size_t(layer.grid.input_size[0] * layer.grid.input_size[1]), 0);
    std::set<std::pair<int, int>> padding;
    for (Cell c : cells) {
      const Step& step = step_at(layer, first_channel, c);
      for (Cell input : step.inputs) reached[std::size_t(input.row * layer.grid.input_size[1] + input.col)] = 1;
      for (Cell tap : step.window)
        if (layer.grid.kind(tap) == CellKind::padding) padding.insert({tap.row, tap.col});
    }
    MapField map{int(l), {}, {}, {}};
    for (const auto& [r, c] : padding) map.padding.push_back({r, c});
    for (int r = 0; r < layer.grid.input_size[0]; ++r)
      for (int c = 0; c < layer.grid.input_size[1]; ++c)
        if (reached[std::size_t(r * layer.grid.input_size[1] + c)]) map.cells.push_back({r, c});
    std::set<int> below;
    for (int oc : channels)
      for (int k = 0; k < s.input_channels_per_filter(); ++k) below.insert(s.first_input_channel(oc) + k);
    map.channels.assign(below.begin(), below.end());
    cells = map.cells;
    channels = std::move(below);
    maps.push_back(std::move(map));
  }
  return maps;
}

std::vector<UnitField> unit_fields(const NetworkTrace& trace) {
  const Trace& top = trace.layers.back();
  // Top channels that depend on the same channels at every map share their fields' entries.
  std::map<std::vector<std::set<int>>, std::vector<int>> groups;
  for (int oc = 0; oc < top.scenario.out_channels; ++oc) groups[channel_chain(trace, oc)].push_back(oc);
  std::vector<std::vector<int>> shared;
  for (auto& [chain, channels] : groups) shared.push_back(channels);
  std::sort(shared.begin(), shared.end());
  std::vector<UnitField> fields;
  for (int r = 0; r < top.output_size[0]; ++r)
    for (int c = 0; c < top.output_size[1]; ++c)
      for (const std::vector<int>& channels : shared)
        fields.push_back({{r, c}, channels, field_of(trace, channels.front(), {r, c})});
  return fields;
}

}  // namespace convanim
