// The simulator: steps each filter over the grid (the padded input, or for a transposed convolution
// the stretched and padded input) and records every application, output channel by output channel.
// A pure record: the renderer draws from it and never redoes the arithmetic.
#pragma once

#include <array>
#include <optional>
#include <vector>

#include "src/config/scenario.hpp"

namespace convanim {

struct Cell {
  int row = 0, col = 0;
  bool operator==(const Cell&) const = default;
};

enum class CellKind { input, padding, inserted_zero };

// The grid the kernel slides over, the same in every input channel. Input cell (r, c) sits at grid
// cell (input_origin[0] + r * input_spacing[0], input_origin[1] + c * input_spacing[1]); every other
// grid cell is padding or, between the units of a stretched input, an inserted zero. An origin is
// negative when a transposed convolution's padding crops the stretched input.
struct Grid {
  std::array<int, 2> size{};
  std::array<int, 2> input_origin{};
  std::array<int, 2> input_spacing{1, 1};
  std::array<int, 2> input_size{};

  CellKind kind(Cell cell) const;
  std::optional<Cell> input_at(Cell cell) const;  // the input cell at a grid cell, if any
};

// One kernel application: one output channel's filter at one position.
struct Step {
  int output_channel = 0;
  Cell output;
  std::vector<Cell> window;  // grid cells under the kernel's taps, row-major by tap
  std::vector<Cell> inputs;  // input cells (input coordinates) under the taps, row-major
};

// Tensors in PyTorch's shapes (a 1-D scenario's without its height): what `trace` prints.
struct TraceValues {
  Tensor input;                  // [C_in, H, W]
  std::optional<Tensor> kernel;  // as PyTorch stores it; none for pooling
  std::optional<Tensor> bias;    // [C_out], when the layer has one
  Tensor output;                 // [C_out, H', W']: what PyTorch returns
};

struct Trace {
  Scenario scenario;
  std::array<int, 2> output_size{};  // [H', W'], H' = 1 in 1-D
  Grid grid;
  std::vector<Step> steps;  // in the scenario's order (channel by channel, each row-major, by default)
  std::optional<TraceValues> values;
  // Whether the values are computed: a figure's plan marks them present without computing them.
  bool has_numbers() const { return values && !values->output.data.empty(); }

  // Values by channel and cell, whatever the number of dimensions.
  double input_value(int channel, Cell cell) const;
  double output_value(int channel, Cell cell) const;
  // The weight the filter of output channel `oc` applies at `tap` (row-major) of its `k`-th input
  // channel (0 to input_channels_per_filter() - 1): flipped for a transposed convolution, as drawn.
  double applied_weight(int oc, int k, std::size_t tap) const;
};

// Requires a scenario that passed check_geometry().
Trace simulate(const Scenario& scenario);

}  // namespace convanim
