// One scenario config (configs/*.json), parsed and checked once. Nothing past load_scenario()
// reads raw JSON.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "src/arithmetic/arithmetic.hpp"
#include "src/config/config_error.hpp"
#include "src/config/render_options.hpp"
#include "src/arithmetic/padding.hpp"

namespace convanim {

struct Matrix {
  int rows = 0, cols = 0;
  std::vector<double> data;  // row-major

  Matrix() = default;
  Matrix(int r, int c, double fill = 0) : rows(r), cols(c), data(std::size_t(r) * c, fill) {}
  double& at(int r, int c) { return data[std::size_t(r) * cols + c]; }
  double at(int r, int c) const { return data[std::size_t(r) * cols + c]; }
  bool operator==(const Matrix&) const = default;
};

struct ValueRange {
  int low, high;  // inclusive
};

// "values": explicit matrices, or a seed for the guide's integer ranges.
struct ValuesSpec {
  std::optional<Matrix> input, kernel;  // explicit
  std::optional<std::uint64_t> seed;
  ValueRange input_range{0, 3};
  ValueRange kernel_range{0, 2};
};

struct Scenario {
  std::string source;  // the config's path, for messages
  std::string name;
  Operation operation = Operation::convolution;
  Axes axes;            // padding resolved to numbers
  PaddingSpec padding;  // as given
  bool count_include_pad = true;
  std::optional<ValuesSpec> values;
  RenderOptions render;

  const Axis& height() const { return axes[0]; }
  const Axis& width() const { return axes[1]; }
};

// Limits that keep a render readable and bounded.
inline constexpr int max_grid_cells_per_axis = 256;
inline constexpr std::int64_t max_steps = 65'536;
// Kernel taps recorded in a trace (steps x taps per step): bounds the record's memory and JSON.
inline constexpr std::int64_t max_recorded_taps = 1'000'000;
inline constexpr int max_parameter = 256;
inline constexpr int max_channels = 1024;  // in_channels and out_channels (issue 8)
// Explicit values and seeded ranges stay within this magnitude, so no sum of products overflows.
inline constexpr double max_value_magnitude = 1e6;

// Reads and checks a config file; throws ConfigError naming the file and key.
Scenario load_scenario(const std::filesystem::path& path);
// The same from a config's text, read from `path` (which names it).
Scenario load_scenario_text(std::string_view text, const std::filesystem::path& path);
// The same from parsed JSON; `source` names it in errors.
Scenario parse_scenario(const nlohmann::json& config, std::string source, std::string default_name);
// The geometry checks (kernel fits, output_padding, pooling padding, limits); parse_scenario runs
// them, and the CLI's `shape` runs them on its flags.
void check_geometry(const Scenario& scenario);

}  // namespace convanim
