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

// The window and inputs of the kernel at output cell `output`.
Step apply_kernel(const Scenario& s, const Grid& grid, int oc, Cell output) {
  const auto stride = grid_stride(s);
  const int kh = s.height().kernel, kw = s.width().kernel;
  Step step{oc, output, {}, {}};
  step.window.reserve(std::size_t(kh) * kw);
  for (int a = 0; a < kh; ++a)
    for (int b = 0; b < kw; ++b) {
      const Cell tap{output.row * stride[0] + a * s.height().dilation, output.col * stride[1] + b * s.width().dilation};
      step.window.push_back(tap);
      if (auto input = grid.input_at(tap)) step.inputs.push_back(*input);
    }
  return step;
}

void compute_values(Trace& trace) {
  const Scenario& s = trace.scenario;
  const ScenarioValues given = resolve_values(s);
  trace.values = TraceValues{given.input, given.kernel, given.bias, Tensor(s.output_shape())};
  const int per_filter = s.input_channels_per_filter();
  for (const Step& step : trace.steps) {
    const int first = s.first_input_channel(step.output_channel);
    double sum = 0, maximum = -std::numeric_limits<double>::infinity();
    int input_taps = 0;
    for (std::size_t tap = 0; tap < step.window.size(); ++tap) {
      const std::optional<Cell> input = trace.grid.input_at(step.window[tap]);
      if (!input) continue;  // padding and inserted zeros contribute nothing (max: never picked)
      ++input_taps;
      for (int k = 0; k < per_filter; ++k) {
        const double x = trace.input_value(first + k, *input);
        sum += x * (given.kernel ? trace.applied_weight(step.output_channel, k, tap) : 1.0);
        maximum = std::max(maximum, x);
      }
    }
    double result = sum;
    if (s.operation == Operation::max_pooling) result = maximum;
    if (s.operation == Operation::average_pooling)
      result = sum / (s.count_include_pad ? double(step.window.size()) : double(input_taps));
    if (given.bias) result += given.bias->data[std::size_t(step.output_channel)];
    const std::size_t at = std::size_t(step.output_channel) * std::size_t(trace.output_size[0] * trace.output_size[1]) +
                           std::size_t(step.output.row * trace.output_size[1] + step.output.col);
    trace.values->output.data[at] = result;
  }
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

// Flat offsets with the height kept even in 1-D (it is 1 there), so one formula serves both shapes.
double Trace::input_value(int channel, Cell cell) const {
  const std::size_t h = std::size_t(grid.input_size[0]), w = std::size_t(grid.input_size[1]);
  return values->input.data[std::size_t(channel) * h * w + std::size_t(cell.row) * w + std::size_t(cell.col)];
}

double Trace::output_value(int channel, Cell cell) const {
  const std::size_t h = std::size_t(output_size[0]), w = std::size_t(output_size[1]);
  return values->output.data[std::size_t(channel) * h * w + std::size_t(cell.row) * w + std::size_t(cell.col)];
}

double Trace::applied_weight(int oc, int k, std::size_t tap) const {
  const Scenario& s = scenario;
  const std::size_t kh = std::size_t(s.height().kernel), kw = std::size_t(s.width().kernel);
  std::size_t a = tap / kw, b = tap % kw, outer = 0, inner = 0, inner_count = 0;
  if (s.operation == Operation::transposed_convolution) {
    // Stored [C_in][C_out / groups][kh][kw], applied flipped: the equivalent convolution's kernel.
    const int per_group_out = s.out_channels / s.groups;
    outer = std::size_t(s.first_input_channel(oc) + k);
    inner = std::size_t(oc % per_group_out);
    inner_count = std::size_t(per_group_out);
    a = kh - 1 - a;
    b = kw - 1 - b;
  } else {
    outer = std::size_t(oc);
    inner = std::size_t(k);
    inner_count = std::size_t(s.input_channels_per_filter());
  }
  return values->kernel->data[((outer * inner_count + inner) * kh + a) * kw + b];
}

Trace simulate(const Scenario& s) {
  Trace trace{s, {s.output_height(), s.output_width()}, build_grid(s), {}, std::nullopt};
  trace.steps.reserve(s.step_count());
  const int rows = trace.output_size[0], cols = trace.output_size[1];
  if (s.order == StepOrder::channel) {
    for (int oc = 0; oc < s.out_channels; ++oc)
      for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) trace.steps.push_back(apply_kernel(s, trace.grid, oc, {r, c}));
  } else {
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c)
        for (int oc = 0; oc < s.out_channels; ++oc) trace.steps.push_back(apply_kernel(s, trace.grid, oc, {r, c}));
  }
  if (s.values) compute_values(trace);
  return trace;
}

}  // namespace convanim
