#include "src/simulate/trace_json.hpp"

#include "src/simulate/network_trace.hpp"
#include "src/simulate/transposition.hpp"

namespace convanim {
namespace {

using ojson = nlohmann::ordered_json;

// Element-wise layers as written: ["nn.ReLU()", ...].
ojson calls_json(const std::vector<ElementwiseCall>& calls) {
  auto out = ojson::array();
  for (const ElementwiseCall& call : calls) out.push_back(call.text);
  return out;
}

// A per-axis quantity: [height, width], or [length] in 1-D.
ojson sizes(const Scenario& s, int h, int w) { return s.dims == 1 ? ojson::array({w}) : ojson::array({h, w}); }
ojson sizes(const Scenario& s, const std::array<int, 2>& a) { return sizes(s, a[0], a[1]); }

ojson cells(const Scenario& s, const std::vector<Cell>& list) {
  auto out = ojson::array();
  for (const Cell& cell : list) out.push_back(sizes(s, cell.row, cell.col));
  return out;
}

// Nested arrays in the tensor's shape.
ojson nested(const Tensor& t, std::size_t depth = 0, std::size_t offset = 0) {
  auto out = ojson::array();
  const std::size_t length = std::size_t(t.shape[depth]);
  const std::size_t inner = Tensor::element_count(std::vector<int>(t.shape.begin() + std::ptrdiff_t(depth) + 1, t.shape.end()));
  for (std::size_t i = 0; i < length; ++i) {
    if (depth + 1 == t.shape.size()) out.push_back(t.data[offset + i]);
    else out.push_back(nested(t, depth + 1, offset + i * inner));
  }
  return out;
}

// A channel and a cell: [channel, row, column], or [channel, column] in 1-D.
ojson channel_cell(const Scenario& s, int channel, Cell cell) {
  return s.dims == 1 ? ojson::array({channel, cell.col}) : ojson::array({channel, cell.row, cell.col});
}

// The direct definition of a transposed convolution: each input unit's stamp.
ojson scatter_json(const Trace& trace) {
  const Scenario& s = trace.scenario;
  auto out = ojson::array();
  for (const Stamp& stamp : scatter(trace)) {
    auto outputs = ojson::array(), taps = ojson::array(), cropped = ojson::array();
    for (const ScatterWrite& write : stamp.writes) {
      if (write.cropped) {
        cropped.push_back(channel_cell(s, stamp.output_channel, write.output));
        continue;
      }
      outputs.push_back(channel_cell(s, stamp.output_channel, write.output));
      taps.push_back(sizes(s, write.tap.row, write.tap.col));
    }
    out.push_back({{"input", channel_cell(s, stamp.input_channel, stamp.input)},
                   {"outputs", std::move(outputs)},
                   {"taps", std::move(taps)},
                   {"cropped", std::move(cropped)}});
  }
  return out;
}

ojson padding(const Scenario& s) {
  const Axis &h = s.height(), &w = s.width();
  if (s.dims == 1) return {{"left", w.padding_begin}, {"right", w.padding_end}};
  return {{"top", h.padding_begin}, {"bottom", h.padding_end}, {"left", w.padding_begin}, {"right", w.padding_end}};
}

}  // namespace

nlohmann::ordered_json trace_to_json(const Trace& trace) {
  const Scenario& s = trace.scenario;
  const Axis &h = s.height(), &w = s.width();
  ojson out{{"name", s.name}, {"operation", std::string(to_string(s.operation))}};
  if (!s.layer.empty()) out["layer"] = s.layer;
  out["dims"] = s.dims;
  out["in_channels"] = s.in_channels;
  out["out_channels"] = s.out_channels;
  out["groups"] = s.groups;
  out["input_size"] = sizes(s, h.input, w.input);
  out["output_size"] = sizes(s, trace.output_size);
  out["kernel_size"] = sizes(s, h.kernel, w.kernel);
  out["stride"] = sizes(s, h.stride, w.stride);
  out["dilation"] = sizes(s, h.dilation, w.dilation);
  out["output_padding"] = sizes(s, h.output_padding, w.output_padding);
  out["padding"] = padding(s);
  if (!is_pooling(s.operation)) out["bias"] = s.bias;
  if (s.operation == Operation::average_pooling) out["count_include_pad"] = s.count_include_pad;
  out["grid"] = {{"size", sizes(s, trace.grid.size)},
                 {"input_origin", sizes(s, trace.grid.input_origin)},
                 {"input_spacing", sizes(s, trace.grid.input_spacing)}};
  out["order"] = s.order == StepOrder::channel ? "channel" : "position";
  auto steps = ojson::array();
  for (const Step& step : trace.steps) {
    auto channels = ojson::array();
    const int first = s.first_input_channel(step.output_channel);
    for (int k = 0; k < s.input_channels_per_filter(); ++k) channels.push_back(first + k);
    steps.push_back({{"output_channel", step.output_channel},
                     {"input_channels", std::move(channels)},
                     {"output", sizes(s, step.output.row, step.output.col)},
                     {"window", cells(s, step.window)},
                     {"inputs", cells(s, step.inputs)}});
  }
  out["steps"] = std::move(steps);
  if (s.operation == Operation::transposed_convolution) out["scatter"] = scatter_json(trace);
  if (trace.values) {
    const TraceValues& v = *trace.values;
    ojson values{{"input", nested(v.input)}};
    if (v.kernel) values["kernel"] = nested(*v.kernel);
    if (v.bias) values["bias"] = nested(*v.bias);
    values["output"] = nested(v.output);
    out["values"] = std::move(values);
  }
  return out;
}

}  // namespace convanim

namespace convanim {

nlohmann::ordered_json network_trace_to_json(const NetworkTrace& trace) {
  const Network& n = trace.network;
  const Scenario& top = trace.layers.back().scenario;
  ojson out{{"name", n.name}, {"input_shape", n.input_shape}};
  if (!n.on_input.empty()) out["on_input"] = calls_json(n.on_input);
  auto layers = ojson::array(), arithmetic = ojson::array();
  for (std::size_t l = 0; l < trace.layers.size(); ++l) {
    layers.push_back(trace_to_json(trace.layers[l]));
    if (const auto& after = trace.layers[l].scenario.after; !after.empty()) layers.back()["after"] = calls_json(after);
    const auto& field = trace.field_arithmetic[l];
    const auto axis = [&](auto member) {
      return top.dims == 1 ? ojson::array({field[1].*member}) : ojson::array({field[0].*member, field[1].*member});
    };
    arithmetic.push_back({{"output_shape", trace.layers[l].scenario.output_shape()},
                          {"size", axis(&FieldAxis::size)},
                          {"jump", axis(&FieldAxis::jump)},
                          {"start", axis(&FieldAxis::start)}});
  }
  out["layers"] = std::move(layers);
  out["receptive_field"] = std::move(arithmetic);
  auto fields = ojson::array();
  for (const UnitField& unit : unit_fields(trace)) {
    auto maps = ojson::array();
    for (const MapField& map : unit.maps)
      maps.push_back({{"map", map.map},
                      {"channels", map.channels},
                      {"cells", cells(top, map.cells)},
                      {"padding", map.padding.size()}});
    fields.push_back({{"output", sizes(top, unit.output.row, unit.output.col)},
                      {"channels", unit.channels},
                      {"maps", std::move(maps)}});
  }
  out["receptive_fields"] = std::move(fields);
  return out;
}

}  // namespace convanim
