#include "src/simulate/simulator.hpp"

#include <algorithm>
#include <limits>

#include "src/simulate/values.hpp"

namespace convanim {
namespace {

Grid build_grid(const Scenario& s) {
  Grid grid;
  for (std::size_t a = 0; a < 2; ++a) {
    const Axis& axis = s.axes[a];
    grid.input_size[a] = axis.input;
    if (s.operation == Operation::transposed_convolution) {
      const EquivalentConvolution e = equivalent_convolution(axis);
      grid.size[a] = e.grid;
      grid.input_origin[a] = e.padding_begin;
      grid.input_spacing[a] = axis.stride;
    } else {
      grid.size[a] = axis.input + axis.total_padding();
      grid.input_origin[a] = axis.padding_begin;
      grid.input_spacing[a] = 1;
    }
  }
  return grid;
}

// The stride of the kernel over the grid: the scenario's, or 1 over a stretched input.
std::array<int, 2> grid_stride(const Scenario& s) {
  if (s.operation == Operation::transposed_convolution) return {1, 1};
  return {s.height().stride, s.width().stride};
}

TraceValues compute_values(const Trace& trace) {
  const Scenario& s = trace.scenario;
  const ScenarioValues given = resolve_values(s);
  TraceValues values{given.input, given.kernel, std::nullopt,
                     Matrix(trace.output_size[0], trace.output_size[1])};
  if (given.kernel) {
    Matrix applied = *given.kernel;
    if (s.operation == Operation::transposed_convolution)
      for (int r = 0; r < applied.rows; ++r)
        for (int c = 0; c < applied.cols; ++c)
          applied.at(r, c) = given.kernel->at(applied.rows - 1 - r, applied.cols - 1 - c);
    values.applied_kernel = std::move(applied);
  }
  const int taps_per_row = s.width().kernel;
  for (const Step& step : trace.steps) {
    double sum = 0, maximum = -std::numeric_limits<double>::infinity();
    int input_taps = 0;
    for (std::size_t tap = 0; tap < step.window.size(); ++tap) {
      const std::optional<Cell> input = trace.grid.input_at(step.window[tap]);
      if (!input) continue;  // padding and inserted zeros contribute nothing (max: never picked)
      const double x = values.input.at(input->row, input->col);
      const double weight = values.applied_kernel
                                ? values.applied_kernel->at(int(tap) / taps_per_row, int(tap) % taps_per_row)
                                : 1.0;
      sum += x * weight;
      maximum = std::max(maximum, x);
      ++input_taps;
    }
    double result = sum;
    if (s.operation == Operation::max_pooling) result = maximum;
    if (s.operation == Operation::average_pooling)
      result = sum / (s.count_include_pad ? double(step.window.size()) : double(input_taps));
    values.output.at(step.output.row, step.output.col) = result;
  }
  return values;
}

}  // namespace

std::optional<Cell> Grid::input_at(Cell cell) const {
  const int dr = cell.row - input_origin[0], dc = cell.col - input_origin[1];
  if (dr < 0 || dc < 0 || dr % input_spacing[0] != 0 || dc % input_spacing[1] != 0) return std::nullopt;
  const Cell input{dr / input_spacing[0], dc / input_spacing[1]};
  if (input.row >= input_size[0] || input.col >= input_size[1]) return std::nullopt;
  return input;
}

CellKind Grid::kind(Cell cell) const {
  if (input_at(cell)) return CellKind::input;
  // Inside the stretched input's extent but not on a unit: a zero inserted between units.
  const int dr = cell.row - input_origin[0], dc = cell.col - input_origin[1];
  const bool inside = dr >= 0 && dc >= 0 && dr <= (input_size[0] - 1) * input_spacing[0] &&
                      dc <= (input_size[1] - 1) * input_spacing[1];
  return inside ? CellKind::inserted_zero : CellKind::padding;
}

std::size_t step_count(const Scenario& s) {
  return std::size_t(output_size(s.operation, s.height())) * std::size_t(output_size(s.operation, s.width()));
}

Trace simulate(const Scenario& s) {
  Trace trace{s, {output_size(s.operation, s.height()), output_size(s.operation, s.width())},
              build_grid(s), {}, std::nullopt};
  const auto stride = grid_stride(s);
  const int kh = s.height().kernel, kw = s.width().kernel;
  const int dh = s.height().dilation, dw = s.width().dilation;
  trace.steps.reserve(std::size_t(trace.output_size[0]) * trace.output_size[1]);
  for (int r = 0; r < trace.output_size[0]; ++r) {
    for (int c = 0; c < trace.output_size[1]; ++c) {
      Step step{{r, c}, {}, {}};
      step.window.reserve(std::size_t(kh) * kw);
      for (int a = 0; a < kh; ++a)
        for (int b = 0; b < kw; ++b) {
          const Cell tap{r * stride[0] + a * dh, c * stride[1] + b * dw};
          step.window.push_back(tap);
          if (auto input = trace.grid.input_at(tap)) step.inputs.push_back(*input);
        }
      trace.steps.push_back(std::move(step));
    }
  }
  if (s.values) trace.values = compute_values(trace);
  return trace;
}

}  // namespace convanim
