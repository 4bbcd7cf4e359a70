#include "src/simulate/trace_json.hpp"

#include <sstream>

#include "src/simulate/json_writer.hpp"
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

// A channel and a cell: [channel, row, column], or [channel, column] in 1-D.
ojson channel_cell(const Scenario& s, int channel, Cell cell) {
  return s.dims == 1 ? ojson::array({channel, cell.col}) : ojson::array({channel, cell.row, cell.col});
}

// The direct definition of a transposed convolution: each input unit's stamp.
void write_scatter(JsonWriter& out, const Trace& trace) {
  const Scenario& s = trace.scenario;
  out.open_array();
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
    out.value({{"input", channel_cell(s, stamp.input_channel, stamp.input)},
               {"outputs", std::move(outputs)},
               {"taps", std::move(taps)},
               {"cropped", std::move(cropped)}});
  }
  out.close();
}

ojson padding(const Scenario& s) {
  const Axis &h = s.height(), &w = s.width();
  if (s.dims == 1) return {{"left", w.padding_begin}, {"right", w.padding_end}};
  return {{"top", h.padding_begin}, {"bottom", h.padding_end}, {"left", w.padding_begin}, {"right", w.padding_end}};
}

// The trace's members into an open object, `after` (a network layer's element-wise calls) last.
void write_trace_members(JsonWriter& out, const Trace& trace, const std::vector<ElementwiseCall>& after) {
  const Scenario& s = trace.scenario;
  const Axis &h = s.height(), &w = s.width();
  out.member("name", s.name);
  out.member("operation", std::string(to_string(s.operation)));
  if (!s.layer.empty()) out.member("layer", s.layer);
  out.member("dims", s.dims);
  out.member("in_channels", s.in_channels);
  out.member("out_channels", s.out_channels);
  out.member("groups", s.groups);
  out.member("input_size", sizes(s, h.input, w.input));
  out.member("output_size", sizes(s, trace.output_size));
  out.member("kernel_size", sizes(s, h.kernel, w.kernel));
  out.member("stride", sizes(s, h.stride, w.stride));
  out.member("dilation", sizes(s, h.dilation, w.dilation));
  out.member("output_padding", sizes(s, h.output_padding, w.output_padding));
  out.member("padding", padding(s));
  if (!is_pooling(s.operation)) out.member("bias", s.bias);
  if (s.operation == Operation::average_pooling) out.member("count_include_pad", s.count_include_pad);
  out.member("grid", {{"size", sizes(s, trace.grid.size)},
                      {"input_origin", sizes(s, trace.grid.input_origin)},
                      {"input_spacing", sizes(s, trace.grid.input_spacing)}});
  out.member("order", s.order == StepOrder::channel ? "channel" : "position");
  out.key("steps");
  out.open_array();
  for (const Step& step : trace.steps) {
    auto channels = ojson::array();
    const int first = s.first_input_channel(step.output_channel);
    for (int k = 0; k < s.input_channels_per_filter(); ++k) channels.push_back(first + k);
    out.value({{"output_channel", step.output_channel},
               {"input_channels", std::move(channels)},
               {"output", sizes(s, step.output.row, step.output.col)},
               {"window", cells(s, step.window)},
               {"inputs", cells(s, step.inputs)}});
  }
  out.close();
  if (s.operation == Operation::transposed_convolution) {
    out.key("scatter");
    write_scatter(out, trace);
  }
  if (trace.values) {
    const TraceValues& v = *trace.values;
    out.key("values");
    out.open_object();
    out.key("input");
    out.tensor(v.input);
    if (v.kernel) {
      out.key("kernel");
      out.tensor(*v.kernel);
    }
    if (v.bias) {
      out.key("bias");
      out.tensor(*v.bias);
    }
    out.key("output");
    out.tensor(v.output);
    out.close();
  }
  if (!after.empty()) out.member("after", calls_json(after));
}

}  // namespace

void write_trace_json(std::ostream& out, const Trace& trace, int indent) {
  JsonWriter writer(out, indent);
  writer.open_object();
  write_trace_members(writer, trace, {});
  writer.close();
}

nlohmann::ordered_json trace_to_json(const Trace& trace) {
  std::ostringstream text;
  write_trace_json(text, trace, -1);
  return ojson::parse(text.str());
}

void write_network_trace_json(std::ostream& stream, const NetworkTrace& trace, int indent) {
  const Network& n = trace.network;
  const Scenario& top = trace.layers.back().scenario;
  JsonWriter out(stream, indent);
  out.open_object();
  out.member("name", n.name);
  out.member("input_shape", n.input_shape);
  if (!n.on_input.empty()) out.member("on_input", calls_json(n.on_input));
  auto arithmetic = ojson::array();
  out.key("layers");
  out.open_array();
  for (std::size_t l = 0; l < trace.layers.size(); ++l) {
    out.open_object();
    write_trace_members(out, trace.layers[l], trace.layers[l].scenario.after);
    out.close();
    const auto& field = trace.field_arithmetic[l];
    const auto axis = [&](auto member) {
      return top.dims == 1 ? ojson::array({field[1].*member}) : ojson::array({field[0].*member, field[1].*member});
    };
    arithmetic.push_back({{"output_shape", trace.layers[l].scenario.output_shape()},
                          {"size", axis(&FieldAxis::size)},
                          {"jump", axis(&FieldAxis::jump)},
                          {"start", axis(&FieldAxis::start)}});
  }
  out.close();
  out.member("receptive_field", arithmetic);
  out.key("receptive_fields");
  out.open_array();
  for (const UnitField& unit : unit_fields(trace)) {
    auto maps = ojson::array();
    for (const MapField& map : unit.maps)
      maps.push_back({{"map", map.map},
                      {"channels", map.channels},
                      {"cells", cells(top, map.cells)},
                      {"padding", map.padding.size()}});
    out.value({{"output", sizes(top, unit.output.row, unit.output.col)},
               {"channels", unit.channels},
               {"maps", std::move(maps)}});
  }
  out.close();
  out.close();
}

nlohmann::ordered_json network_trace_to_json(const NetworkTrace& trace) {
  std::ostringstream text;
  write_network_trace_json(text, trace, -1);
  return ojson::parse(text.str());
}

}  // namespace convanim
