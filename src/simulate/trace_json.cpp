#include "src/simulate/trace_json.hpp"

namespace convanim {
namespace {

nlohmann::ordered_json pair(int h, int w) { return nlohmann::ordered_json::array({h, w}); }
nlohmann::ordered_json pair(const std::array<int, 2>& a) { return pair(a[0], a[1]); }

nlohmann::ordered_json cells(const std::vector<Cell>& list) {
  auto out = nlohmann::ordered_json::array();
  for (const Cell& cell : list) out.push_back(pair(cell.row, cell.col));
  return out;
}

nlohmann::ordered_json rows(const Matrix& m) {
  auto out = nlohmann::ordered_json::array();
  for (int r = 0; r < m.rows; ++r) {
    auto row = nlohmann::ordered_json::array();
    for (int c = 0; c < m.cols; ++c) row.push_back(m.at(r, c));
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace

nlohmann::ordered_json trace_to_json(const Trace& trace) {
  const Scenario& s = trace.scenario;
  const Axis &h = s.height(), &w = s.width();
  nlohmann::ordered_json out{
      {"name", s.name},
      {"operation", std::string(to_string(s.operation))},
      {"input_size", pair(h.input, w.input)},
      {"output_size", pair(trace.output_size)},
      {"kernel_size", pair(h.kernel, w.kernel)},
      {"stride", pair(h.stride, w.stride)},
      {"dilation", pair(h.dilation, w.dilation)},
      {"output_padding", pair(h.output_padding, w.output_padding)},
      {"padding",
       {{"top", h.padding_begin}, {"bottom", h.padding_end}, {"left", w.padding_begin}, {"right", w.padding_end}}},
      {"grid",
       {{"size", pair(trace.grid.size)},
        {"input_origin", pair(trace.grid.input_origin)},
        {"input_spacing", pair(trace.grid.input_spacing)}}},
  };
  if (s.operation == Operation::average_pooling) out["count_include_pad"] = s.count_include_pad;
  auto steps = nlohmann::ordered_json::array();
  for (const Step& step : trace.steps)
    steps.push_back({{"output", pair(step.output.row, step.output.col)},
                     {"window", cells(step.window)},
                     {"inputs", cells(step.inputs)}});
  out["steps"] = std::move(steps);
  if (trace.values) {
    const TraceValues& v = *trace.values;
    nlohmann::ordered_json values{{"input", rows(v.input)}};
    if (v.kernel) values["kernel"] = rows(*v.kernel);
    values["output"] = rows(v.output);
    out["values"] = std::move(values);
  }
  return out;
}

}  // namespace convanim
