// The simulator: steps the kernel over the grid (the padded input, or for a transposed convolution
// the stretched and padded input) and records every application. A pure record: the renderer draws
// from it and never redoes the arithmetic.
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

// The grid the kernel slides over. Input cell (r, c) sits at grid cell
// (input_origin[0] + r * input_spacing[0], input_origin[1] + c * input_spacing[1]); every other grid
// cell is padding or, between the units of a stretched input, an inserted zero. An origin is
// negative when a transposed convolution's padding crops the stretched input.
struct Grid {
  std::array<int, 2> size{};
  std::array<int, 2> input_origin{};
  std::array<int, 2> input_spacing{1, 1};
  std::array<int, 2> input_size{};

  CellKind kind(Cell cell) const;
  std::optional<Cell> input_at(Cell cell) const;  // the input cell at a grid cell, if any
};

// One kernel application.
struct Step {
  Cell output;
  std::vector<Cell> window;  // grid cells under the kernel's taps, row-major by tap
  std::vector<Cell> inputs;  // input cells (input coordinates) under the taps, row-major
};

struct TraceValues {
  Matrix input;
  std::optional<Matrix> kernel;          // as given; none for pooling
  std::optional<Matrix> applied_kernel;  // the weight at each tap: flipped for a transposed convolution
  Matrix output;                         // what PyTorch returns
};

struct Trace {
  Scenario scenario;
  std::array<int, 2> output_size{};
  Grid grid;
  std::vector<Step> steps;  // row-major from the top-left output cell
  std::optional<TraceValues> values;
};

// Requires a scenario that passed check_geometry().
Trace simulate(const Scenario& scenario);
// How many steps simulate() records, without simulating.
std::size_t step_count(const Scenario& scenario);

}  // namespace convanim
