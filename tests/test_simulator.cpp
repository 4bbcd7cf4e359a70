// simulate(): every step's window and inputs, the grid, and the values, against direct computations
// and reference implementations written here (cross-correlation, PyTorch's conv_transpose2d as a
// scatter, max and average pooling).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "src/config/scenario.hpp"
#include "src/simulate/simulator.hpp"
#include "src/simulate/values.hpp"
#include "support.hpp"

using namespace convanim;
using nlohmann::json;

namespace {

using test::AxisSpec;

json pair_of(int h, int w) { return json::array({h, w}); }

json config_of(Operation operation, const AxisSpec& h, const AxisSpec& w) {
  json config{{"operation", std::string(to_string(operation))},
              {"input", pair_of(h.i, w.i)},
              {"kernel", pair_of(h.k, w.k)},
              {"stride", pair_of(h.s, w.s)},
              {"dilation", pair_of(h.d, w.d)},
              {"padding", {{"top", h.pb}, {"bottom", h.pe}, {"left", w.pb}, {"right", w.pe}}}};
  if (operation == Operation::transposed_convolution) config["output_padding"] = pair_of(h.op, w.op);
  return config;
}

Scenario scenario_of(const json& config) { return parse_scenario(config, "simulator_test_config.json", "case"); }

int expected_output(Operation operation, const AxisSpec& a) {
  return test::output_length(operation == Operation::transposed_convolution, a);
}

using test::every_window_reaches_input;
using test::scatter_sources;

// ---- Reference implementations, on single-channel matrices (test_channels.cpp has the channel ones).

struct Matrix {
  int rows = 0, cols = 0;
  std::vector<double> data;  // row-major

  Matrix() = default;
  Matrix(int r, int c) : rows(r), cols(c), data(std::size_t(r) * std::size_t(c), 0.0) {}
  double& at(int r, int c) { return data[std::size_t(r) * std::size_t(cols) + std::size_t(c)]; }
  double at(int r, int c) const { return data[std::size_t(r) * std::size_t(cols) + std::size_t(c)]; }
  bool operator==(const Matrix&) const = default;
};

// The last two dimensions of a single-channel tensor ([1][H][W] or [1][1][kh][kw]) as a matrix.
Matrix matrix_of(const Tensor& t) {
  REQUIRE(t.shape.size() >= 2);
  Matrix m(t.shape[t.shape.size() - 2], t.shape.back());
  REQUIRE(t.data.size() == m.data.size());
  m.data = t.data;
  return m;
}

// Cross-correlation over the zero-padded input (what PyTorch's conv2d computes).
Matrix reference_convolution(const Matrix& x, const Matrix& w, const AxisSpec& h, const AxisSpec& v, int oh, int ow) {
  Matrix out(oh, ow);
  for (int r = 0; r < oh; ++r)
    for (int c = 0; c < ow; ++c) {
      double sum = 0;
      for (int a = 0; a < w.rows; ++a)
        for (int b = 0; b < w.cols; ++b) {
          const int y = r * h.s + a * h.d - h.pb, z = c * v.s + b * v.d - v.pb;
          if (y >= 0 && y < x.rows && z >= 0 && z < x.cols) sum += x.at(y, z) * w.at(a, b);
        }
      out.at(r, c) = sum;
    }
  return out;
}

// PyTorch's conv_transpose2d: every input unit scatters the kernel, scaled, onto the output; padding
// crops the beginning (and end), output_padding extends the end.
Matrix reference_transposed(const Matrix& x, const Matrix& w, const AxisSpec& h, const AxisSpec& v, int oh, int ow) {
  Matrix out(oh, ow);
  for (int j = 0; j < x.rows; ++j)
    for (int l = 0; l < x.cols; ++l)
      for (int t = 0; t < w.rows; ++t)
        for (int u = 0; u < w.cols; ++u) {
          const int r = j * h.s - h.pb + t * h.d, c = l * v.s - v.pb + u * v.d;
          if (r >= 0 && r < oh && c >= 0 && c < ow) out.at(r, c) += x.at(j, l) * w.at(t, u);
        }
  return out;
}

// Pooling over the real input cells of each window; padded cells never win a max; the average
// divides by the whole window or by the real cells.
Matrix reference_pooling(Operation operation, bool count_include_pad, const Matrix& x, const AxisSpec& h,
                         const AxisSpec& v, int oh, int ow) {
  Matrix out(oh, ow);
  for (int r = 0; r < oh; ++r)
    for (int c = 0; c < ow; ++c) {
      double sum = 0, maximum = -std::numeric_limits<double>::infinity();
      int real = 0;
      for (int a = 0; a < h.k; ++a)
        for (int b = 0; b < v.k; ++b) {
          const int y = r * h.s + a * h.d - h.pb, z = c * v.s + b * v.d - v.pb;
          if (y < 0 || y >= x.rows || z < 0 || z >= x.cols) continue;
          sum += x.at(y, z);
          maximum = std::max(maximum, x.at(y, z));
          ++real;
        }
      if (operation == Operation::max_pooling)
        out.at(r, c) = maximum;
      else
        out.at(r, c) = sum / (count_include_pad ? h.k * v.k : real);
    }
  return out;
}

Matrix flipped(const Matrix& m) {
  Matrix out(m.rows, m.cols);
  for (int r = 0; r < m.rows; ++r)
    for (int c = 0; c < m.cols; ++c) out.at(r, c) = m.at(m.rows - 1 - r, m.cols - 1 - c);
  return out;
}

std::string describe(const Matrix& m) {
  std::ostringstream out;
  for (int r = 0; r < m.rows; ++r) {
    out << (r == 0 ? "[[" : " [");
    for (int c = 0; c < m.cols; ++c) out << (c == 0 ? "" : ", ") << m.at(r, c);
    out << (r + 1 == m.rows ? "]]" : "]\n");
  }
  return out.str();
}

// Element-wise equality up to rounding (exact for infinities).
bool same_matrix(const Matrix& got, const Matrix& want) {
  if (got.rows != want.rows || got.cols != want.cols) return false;
  for (std::size_t n = 0; n < want.data.size(); ++n) {
    const double g = got.data[n], w = want.data[n];
    if (std::isinf(w) ? g != w : !(std::abs(g - w) <= 1e-9 * std::max(1.0, std::abs(w)))) return false;
  }
  return true;
}

void check_values(const Trace& trace, const AxisSpec& h, const AxisSpec& w) {
  const Scenario& s = trace.scenario;
  REQUIRE(trace.values.has_value());
  const TraceValues& v = *trace.values;
  const ScenarioValues given = resolve_values(s);
  CHECK(v.input == given.input);
  CHECK(v.kernel == given.kernel);
  const int oh = trace.output_size[0], ow = trace.output_size[1];
  const Matrix input = matrix_of(v.input);
  // The weight each tap applies, as drawn: the kernel itself, flipped for a transposed convolution.
  const auto applied = [&] {
    Matrix m(h.k, w.k);
    for (std::size_t tap = 0; tap < m.data.size(); ++tap) m.data[tap] = trace.applied_weight(0, 0, tap);
    return m;
  };
  Matrix want;
  switch (s.operation) {
    case Operation::convolution:
      REQUIRE(v.kernel.has_value());
      CHECK(applied() == matrix_of(*v.kernel));
      want = reference_convolution(input, matrix_of(*v.kernel), h, w, oh, ow);
      break;
    case Operation::transposed_convolution:
      REQUIRE(v.kernel.has_value());
      CHECK(applied() == flipped(matrix_of(*v.kernel)));
      want = reference_transposed(input, matrix_of(*v.kernel), h, w, oh, ow);
      break;
    case Operation::max_pooling:
    case Operation::average_pooling:
      CHECK_FALSE(v.kernel.has_value());
      want = reference_pooling(s.operation, s.count_include_pad, input, h, w, oh, ow);
      break;
  }
  const Matrix output = matrix_of(v.output);
  INFO("input:\n" << describe(input) << "\nkernel:\n" << (v.kernel ? describe(matrix_of(*v.kernel)) : "none"));
  INFO("expected output:\n" << describe(want) << "\nactual output:\n" << describe(output));
  CHECK(same_matrix(output, want));
}

// Checks the grid, every step and (when given) the values of one scenario.
void check_trace(const Scenario& s, const AxisSpec& h, const AxisSpec& w) {
  const Trace trace = simulate(s);
  const bool transposed = s.operation == Operation::transposed_convolution;
  const int oh = expected_output(s.operation, h), ow = expected_output(s.operation, w);
  REQUIRE(trace.output_size == std::array<int, 2>{oh, ow});
  REQUIRE(trace.steps.size() == static_cast<std::size_t>(oh) * static_cast<std::size_t>(ow));

  test::check_grid(trace.grid, transposed, h, w);
  const Grid& g = trace.grid;
  // Every grid cell's kind.
  bool kinds_ok = true;
  for (int gr = 0; gr < g.size[0]; ++gr)
    for (int gc = 0; gc < g.size[1]; ++gc) {
      CellKind want = CellKind::padding;
      std::optional<Cell> want_input;
      if (transposed) {
        const int dr = gr - (h.d * (h.k - 1) - h.pb), dc = gc - (w.d * (w.k - 1) - w.pb);
        const bool inside = dr >= 0 && dr <= (h.i - 1) * h.s && dc >= 0 && dc <= (w.i - 1) * w.s;
        if (inside && dr % h.s == 0 && dc % w.s == 0) {
          want = CellKind::input;
          want_input = Cell{dr / h.s, dc / w.s};
        } else if (inside) {
          want = CellKind::inserted_zero;
        }
      } else if (gr >= h.pb && gr < h.pb + h.i && gc >= w.pb && gc < w.pb + w.i) {
        want = CellKind::input;
        want_input = Cell{gr - h.pb, gc - w.pb};
      }
      if (g.kind({gr, gc}) != want || g.input_at({gr, gc}) != want_input) kinds_ok = false;
    }
  CHECK(kinds_ok);

  // Every step, row-major from the top-left output cell.
  std::size_t index = 0;
  for (int r = 0; r < oh; ++r)
    for (int c = 0; c < ow; ++c, ++index) {
      const Step& step = trace.steps[index];
      std::vector<Cell> window, inputs;
      for (int a = 0; a < h.k; ++a)
        for (int b = 0; b < w.k; ++b) {
          if (transposed) {
            window.push_back({r + a * h.d, c + b * w.d});  // stride 1 over the stretched grid
          } else {
            window.push_back({r * h.s + a * h.d, c * w.s + b * w.d});
            const int y = r * h.s + a * h.d - h.pb, z = c * w.s + b * w.d - w.pb;  // input coordinates
            if (y >= 0 && y < h.i && z >= 0 && z < w.i) inputs.push_back({y, z});
          }
        }
      if (transposed)  // the units that scatter onto (r, c), row-major
        for (int j : scatter_sources(h, r))
          for (int l : scatter_sources(w, c)) inputs.push_back({j, l});
      // Captured only on a mismatch: this runs for every step of thousands of scenarios.
      if (step.output != Cell{r, c} || step.window != window || step.inputs != inputs) {
        CAPTURE(r, c);
        CHECK(step.output == Cell{r, c});
        CHECK(step.window == window);
        CHECK(step.inputs == inputs);
      }
    }
  CHECK(index == trace.steps.size());

  if (s.values) check_values(trace, h, w);
}

// Every axis in the ranges given whose kernel fits (or, transposed, whose output is not empty).
std::vector<AxisSpec> axes_for(Operation operation, int max_input, int max_padding) {
  std::vector<AxisSpec> list;
  const int max_dilation = operation == Operation::average_pooling ? 1 : 2;
  for (int i = 1; i <= max_input; ++i)
    for (int k = 1; k <= 3; ++k)
      for (int s = 1; s <= 3; ++s)
        for (int d = 1; d <= max_dilation; ++d)
          for (int pb = 0; pb <= max_padding; ++pb)
            for (int pe = 0; pe <= max_padding; ++pe) {
              const int span = d * (k - 1) + 1;
              if (operation == Operation::transposed_convolution) {
                for (int op = 0; op < std::max(s, d); ++op) {
                  const AxisSpec a{i, k, s, d, pb, pe, op};
                  if (expected_output(operation, a) >= 1) list.push_back(a);
                }
                continue;
              }
              if (operation == Operation::max_pooling && std::max(pb, pe) > span / 2) continue;
              // A max pooling window over padding alone has no maximum: refused (see below).
              if (operation == Operation::max_pooling && !every_window_reaches_input({i, k, s, d, pb, pe, 0})) continue;
              if (operation == Operation::average_pooling && std::max(pb, pe) > k / 2) continue;
              if (pb + i + pe >= span) list.push_back({i, k, s, d, pb, pe, 0});
            }
  return list;
}

// Pairs each axis with a different one for the width, so the two axes differ.
void check_all(Operation operation, const std::vector<AxisSpec>& list, bool count_include_pad = true) {
  REQUIRE(list.size() > 10);
  for (std::size_t n = 0; n < list.size(); ++n) {
    const AxisSpec& h = list[n];
    const AxisSpec& w = list[(n * 37 + 11) % list.size()];
    json config = config_of(operation, h, w);
    if (operation == Operation::average_pooling) config["count_include_pad"] = count_include_pad;
    config["values"] = {{"seed", n}, {"input_range", {-5, 9}}};
    if (!is_pooling(operation)) config["values"]["kernel_range"] = {-3, 4};
    CAPTURE(config.dump());
    check_trace(scenario_of(config), h, w);
  }
}

}  // namespace

TEST_CASE("simulate: convolutions with stride, dilation and uneven padding", "[simulator]") {
  const auto list = axes_for(Operation::convolution, 6, 2);
  // Includes padding on one side only and unequal axes.
  CHECK(std::any_of(list.begin(), list.end(), [](const AxisSpec& a) { return a.pb != a.pe && a.s > 1 && a.d > 1; }));
  check_all(Operation::convolution, list);
}

TEST_CASE("simulate: transposed convolutions, output_padding and cropping", "[simulator]") {
  const auto list = axes_for(Operation::transposed_convolution, 4, 4);
  // Includes padding beyond d(k - 1), which crops the stretched input (a negative origin).
  CHECK(std::any_of(list.begin(), list.end(), [](const AxisSpec& a) { return a.pb > a.d * (a.k - 1); }));
  CHECK(std::any_of(list.begin(), list.end(), [](const AxisSpec& a) { return a.op > 0 && a.d > 1; }));
  check_all(Operation::transposed_convolution, list);
}

TEST_CASE("simulate: max pooling", "[simulator]") {
  check_all(Operation::max_pooling, axes_for(Operation::max_pooling, 6, 2));
}

TEST_CASE("simulate: max pooling values for a window over padding alone are refused, not -inf", "[simulator]") {
  // i = 1, k = 2, d = 3, p = 2: taps at grid cells 0 and 3 of [pad pad in pad pad] miss the input.
  const AxisSpec degenerate{1, 2, 1, 3, 2, 2, 0};
  REQUIRE_FALSE(every_window_reaches_input(degenerate));
  json config = config_of(Operation::max_pooling, AxisSpec{3, 1, 1, 1, 0, 0, 0}, degenerate);
  CHECK_NOTHROW(scenario_of(config));  // the geometry alone can be drawn
  config["values"] = {{"seed", 1}};
  CHECK_THROWS_WITH(scenario_of(config), Catch::Contains("/padding: width: the max pooling window of output column 0 "
                                                         "covers only padding"));
}

TEST_CASE("simulate: average pooling, with and without padded cells counted", "[simulator]") {
  const auto list = axes_for(Operation::average_pooling, 6, 1);
  check_all(Operation::average_pooling, list, true);
  check_all(Operation::average_pooling, list, false);
}

TEST_CASE("simulate: a cropping transposed convolution's grid starts inside the stretched input", "[simulator]") {
  // k = 2, p = 3 > d(k - 1) = 1: the first two stretched cells are cropped.
  const AxisSpec a{4, 2, 2, 1, 3, 0, 1};
  const Scenario s = scenario_of(config_of(Operation::transposed_convolution, a, a));
  const Trace trace = simulate(s);
  CHECK(trace.grid.input_origin == std::array<int, 2>{-2, -2});
  // Grid cell 0 is stretched cell 2: input unit 1; grid cell 1 an inserted zero.
  CHECK(trace.grid.input_at({0, 0}) == Cell{1, 1});
  CHECK(trace.grid.kind({1, 0}) == CellKind::inserted_zero);
  check_trace(s, a, a);
}

TEST_CASE("simulate: explicit values, worked by hand", "[simulator][values]") {
  SECTION("convolution is a cross-correlation: the kernel is not flipped") {
    const json config{{"operation", "convolution"},
                      {"input", 3},
                      {"kernel", 2},
                      {"values", {{"input", {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}}, {"kernel", {{1, 0}, {0, 2}}}}}};
    const Trace trace = simulate(scenario_of(config));
    REQUIRE(trace.values.has_value());
    Matrix want(2, 2);
    want.at(0, 0) = 1 + 2 * 5, want.at(0, 1) = 2 + 2 * 6, want.at(1, 0) = 4 + 2 * 8, want.at(1, 1) = 5 + 2 * 9;
    CHECK(matrix_of(trace.values->output) == want);
  }
  SECTION("transposed convolution scatters the kernel") {
    const json config{{"operation", "transposed_convolution"},
                      {"input", 2},
                      {"kernel", 2},
                      {"values", {{"input", {{1, 2}, {3, 4}}}, {"kernel", {{1, 2}, {3, 4}}}}}};
    const Trace trace = simulate(scenario_of(config));
    REQUIRE(trace.values.has_value());
    Matrix want(3, 3);
    const double rows[3][3] = {{1, 4, 4}, {6, 20, 16}, {9, 24, 16}};
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 3; ++c) want.at(r, c) = rows[r][c];
    CHECK(matrix_of(trace.values->output) == want);
    // As drawn, the equivalent convolution's kernel is the flipped one.
    const double applied[4] = {4, 3, 2, 1};
    for (std::size_t tap = 0; tap < 4; ++tap) CHECK(trace.applied_weight(0, 0, tap) == applied[tap]);
  }
  SECTION("transposed, stride 2, padding 1, output_padding 1") {
    // in = [[1, 2], [3, 4]], w = [[1, 2, 3], [4, 5, 6], [7, 8, 9]], o = (2 - 1)2 - 2 + 2 + 1 + 1 = 4.
    const json config{{"operation", "transposed_convolution"},
                      {"input", 2},
                      {"kernel", 3},
                      {"stride", 2},
                      {"padding", 1},
                      {"output_padding", 1},
                      {"values",
                       {{"input", {{1, 2}, {3, 4}}}, {"kernel", {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}}}}};
    const Trace trace = simulate(scenario_of(config));
    REQUIRE(trace.values.has_value());
    // Uncropped 5x5 scatter, then drop row/col 0 (padding 1) and keep 4: row 4 of the uncropped
    // output is row 3 here, while the end padding of 1 is given back by output_padding 1.
    const double full[5][5] = {{1, 2, 3 + 2, 4, 6},
                               {4, 5, 6 + 8, 10, 12},
                               {7 + 3, 8 + 6, 9 + 14 + 9 + 4, 16 + 8, 18 + 12},
                               {12, 15, 18 + 16, 20, 24},
                               {21, 24, 27 + 28, 32, 36}};
    Matrix want(4, 4);
    for (int r = 0; r < 4; ++r)
      for (int c = 0; c < 4; ++c) want.at(r, c) = full[r + 1][c + 1];
    CHECK(matrix_of(trace.values->output) == want);
  }
  SECTION("non-symmetric, fractional kernels over a non-square input") {
    // Output padding only goes into a transposed config (config_of leaves it out otherwise).
    const AxisSpec h{3, 2, 2, 1, 1, 0, 1}, w{4, 3, 1, 2, 0, 2, 1};
    for (Operation op : {Operation::convolution, Operation::transposed_convolution}) {
      json config = config_of(op, h, w);
      config["values"] = {{"input", {{0.5, -1, 2, 3}, {4, 5.25, -6, 7}, {8, 9, 10, -11.5}}},
                          {"kernel", {{1, 0.5, -2}, {3, 0, 0.25}}}};
      CAPTURE(to_string(op));
      check_trace(scenario_of(config), h, w);
    }
  }
  SECTION("pooling over padding") {
    // max: padded cells never win even when every real value is negative.
    json config{{"operation", "max_pooling"},
                {"input", 2},
                {"kernel", 3},
                {"padding", 1},
                {"values", {{"input", {{-1, -2}, {-3, -4}}}}}};
    Trace trace = simulate(scenario_of(config));
    REQUIRE(trace.values.has_value());
    CHECK(trace.values->output.shape == std::vector<int>{1, 2, 2});
    CHECK(trace.values->output.data == std::vector<double>{-1, -1, -1, -1});
    config["operation"] = "average_pooling";
    trace = simulate(scenario_of(config));
    CHECK(trace.values->output.data == std::vector<double>(4, -10.0 / 9));
    config["count_include_pad"] = false;
    trace = simulate(scenario_of(config));
    CHECK(trace.values->output.data == std::vector<double>(4, -10.0 / 4));
  }
}

TEST_CASE("simulate: no values, no value record", "[simulator]") {
  const Trace trace = simulate(scenario_of(json{{"operation", "convolution"}, {"input", 4}, {"kernel", 3}}));
  CHECK_FALSE(trace.values.has_value());
  CHECK(trace.steps.size() == 4);
}
