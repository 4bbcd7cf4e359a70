// The matrix view, the guide's own explanation: a convolution is y = C x, with the input unrolled
// row-major into the vector x and the kernel's weights placed in a sparse matrix C (a row per output
// unit, a column per input unit); the transposed convolution maps back with C^T. The input vector
// runs along the top, aligned with the columns it multiplies; the output vector down the right,
// aligned with the rows; both also in their own shapes, beside. A convolution's frame j highlights
// row j of C; a transposed convolution's frame j highlights column j of C^T, its input unit j.
#include <algorithm>

#include <fmt/format.h>

#include "renderer/views/plane_shapes.hpp"
#include "renderer/views/view_type.hpp"
#include "renderer/views/views.hpp"
#include "src/config/describe.hpp"
#include "src/simulate/transposition.hpp"

namespace convanim {
namespace {

constexpr double widest_matrix_px = 1400;  // beyond this (either way), the matrix's cells shrink
constexpr double smallest_cell_px = 5;
constexpr double grid_cells_per_matrix_cell = 2;  // small matrices' 2-D shapes shrink along with them
constexpr double symbols_from_px = 18;     // smaller cells show where the weights are, not which
constexpr double vector_gap_cells = 0.6;   // between the matrix and the vectors, in matrix cells
constexpr double shape_gap_cells = 1.5;    // between a vector and its 2-D shape, in figure cells
constexpr double label_rise_cells = 0.5;
constexpr double symbol_size_ratio = 0.3;  // of a matrix cell
constexpr double entry_alpha_ratio = 0.35; // the weights' cells: a faint shade, so the zeros stand out

class MatrixView final : public View {
 public:
  MatrixView(const Trace& trace, const RenderSettings& settings, Build build)
      : View(0), trace_(trace), theme_(*settings.theme), p_(settings.cell_size),
        transposed_(trace.scenario.operation == Operation::transposed_convolution),
        forward_(transposed_ ? simulate(paired_scenario(trace.scenario)) : Trace{}),
        c_(convolution_matrix(transposed_ ? forward_ : trace)) {
    decimals_ = settings.decimals;
    const int rows = transposed_ ? c_.cols : c_.rows, cols = transposed_ ? c_.rows : c_.cols;  // of M = C or C^T
    frames_ = std::size_t(c_.rows);  // C's rows: the convolution's steps, the transposed one's input units
    const double m = std::max(smallest_cell_px, std::min(p_.cell, widest_matrix_px / std::max(rows, cols)));
    symbols_ = m >= symbols_from_px;
    symbol_size_ = symbol_size_ratio * m * 1.4;
    const Trace& conv = transposed_ ? forward_ : trace;
    // The 2-D shapes of x and y: the input and output of the convolution, or swapped for C^T.
    const std::array<int, 2> large{conv.grid.input_size[0], conv.grid.input_size[1]}, small = conv.output_size;
    const auto x_shape = transposed_ ? small : large, y_shape = transposed_ ? large : small;
    Plane matrix{"matrix", rows, cols, {0, 0}, {m, 0}, {0, m}};
    Plane x{"x", 1, cols, {0, -(1 + vector_gap_cells) * m}, {m, 0}, {0, m}};
    Plane y{"y", rows, 1, {(cols + vector_gap_cells) * m, 0}, {m, 0}, {0, m}};
    const double cell = std::min(p_.cell, std::max(grid_cells_per_matrix_cell * m, symbols_from_px));
    grid_ = Proportions(cell);
    Plane x_grid{"x grid", x_shape[0], x_shape[1], {0, 0}, {cell, 0}, {0, cell}};
    x_grid.origin = {-shape_gap_cells * cell - x_shape[1] * cell, x.at(1, 0).y - x_shape[0] * cell};
    Plane y_grid{"y grid", y_shape[0], y_shape[1], {0, 0}, {cell, 0}, {0, cell}};
    y_grid.origin = {y.at(0, 1).x + shape_gap_cells * cell, rows * m / 2 - y_shape[0] * cell / 2};
    planes_ = {matrix, x, y, x_grid, y_grid};

    std::vector<Text> texts;
    const RichText name = transposed_ ? superscripted("C", "T") : RichText("C");
    if (settings.labels) {
      texts.push_back(above(planes_[1], "x: the input, unrolled row-major"));
      // C to the left of its rows: above them runs x.
      texts.push_back({name, planes_[0].at(rows / 2.0, 0) + Point{-label_rise_cells * p_.cell, 0}, Text::Align::right,
                       p_.label_size * 1.5, theme_.text});
      // Over y but starting at its left edge: centred, it would run into the end of x, level with it.
      texts.push_back({"y = " + name + " x", planes_[2].at(0, 0) + Point{0, -label_rise_cells * p_.cell},
                       Text::Align::left, p_.label_size, theme_.text});
      texts.push_back(above(planes_[3], "input"));
      texts.push_back(above(planes_[4], "output"));
    }
    const Framed size = frame_figure(planes_, texts, settings.caption ? caption_text(trace.scenario) : "", p_,
                                     theme_.text);
    width_ = size.width;
    height_ = size.height;
    background_ = settings.transparent ? std::nullopt : std::optional(theme_.background);
    if (build == Build::size_only) return;

    std::vector<Shape> shapes, over;  // over: the symbols, above the marks' shade
    add_outlines(shapes, planes_[0], Proportions(m), theme_.grid_line);
    Colour entry = theme_.shade;
    entry.a *= entry_alpha_ratio;
    for (int r = 0; r < c_.rows; ++r)
      for (const auto& e : c_.row_entries[std::size_t(r)]) {
        const Cell at = transposed_ ? Cell{e.column, r} : Cell{r, e.column};
        shapes.push_back(filled_cell(planes_[0], at, entry));
        if (symbols_) over.push_back(symbol(planes_[0], at, weight_text(e.tap), entry.over(theme_.background)));
      }
    add_fills(shapes, planes_[1], theme_.input);
    add_outlines(shapes, planes_[1], Proportions(m), theme_.grid_line);
    add_fills(shapes, planes_[3], theme_.input);
    add_outlines(shapes, planes_[3], grid_, theme_.grid_line);
    add_fills(shapes, planes_[2], theme_.output);
    add_outlines(shapes, planes_[2], Proportions(m), theme_.grid_line);
    add_fills(shapes, planes_[4], theme_.output);
    add_outlines(shapes, planes_[4], grid_, theme_.grid_line);
    for (int i = 0; i < cols; ++i) {
      const Cell unit{i / x_shape[1], i % x_shape[1]};
      const RichText text = vector_text("x", unit, input_value(unit));
      if (symbols_) over.push_back(symbol(planes_[1], {0, i}, text, theme_.input));
      over.push_back(symbol(planes_[3], unit, text, theme_.input, grid_.value_size));
    }
    shapes.insert(shapes.end(), texts.begin(), texts.end());
    base_ = Layer::make(Layer::Kind::fixed, std::move(shapes));
    symbols_layer_ = Layer::make(Layer::Kind::fixed, std::move(over));
    // y's entries appear once computed: a convolution's y_j at frame j; a transposed convolution's
    // y_i once the last column that writes it has been through (frame 0 for those none writes).
    std::vector<std::pair<int, int>> done;  // (frame, entry), in the order they appear
    std::vector<int> last(std::size_t(c_.cols), 0);  // per input unit of C: the last row that reads it
    for (int r = 0; r < c_.rows; ++r)
      for (const auto& e : c_.row_entries[std::size_t(r)]) last[std::size_t(e.column)] = r;
    for (int i = 0; i < rows; ++i) done.push_back({transposed_ ? last[std::size_t(i)] : i, i});
    std::stable_sort(done.begin(), done.end());
    shapes.clear();
    for (const auto& [frame, i] : done) {
      const Cell unit{i / y_shape[1], i % y_shape[1]};
      const RichText text = vector_text("y", unit, output_value(unit));
      if (symbols_) shapes.push_back(symbol(planes_[2], {i, 0}, text, theme_.output));
      shapes.push_back(symbol(planes_[4], unit, text, theme_.output, grid_.value_size));
      shown_by_.resize(std::size_t(frame) + 1, shown_by_.empty() ? 0 : shown_by_.back());
      shown_by_[std::size_t(frame)] = shapes.size();
    }
    shown_by_.resize(frames_, shown_by_.empty() ? 0 : shown_by_.back());
    outputs_ = Layer::make(Layer::Kind::growing, std::move(shapes));
  }

  // Frame j is row j of C: output j of the convolution, row-major.
  bool glides(std::size_t from, std::size_t to) const override {
    const int w = (transposed_ ? forward_ : trace_).output_size[1];
    const auto cell = [w](std::size_t j) { return Cell{int(j) / w, int(j) % w}; };
    return next_in_row(0, cell(from), 0, cell(to));
  }

  Scene scene(std::size_t index) const override {
    std::vector<Shape> marks;
    const int j = int(index);
    const auto& entries = c_.row_entries.at(index);
    // Row j of C (column j of C^T): the convolution's step j, the transposed one's input unit j.
    for (int k = 0; k < (transposed_ ? planes_[0].rows : planes_[0].cols); ++k)
      marks.push_back(filled_cell(planes_[0], transposed_ ? Cell{k, j} : Cell{j, k}, theme_.shade));
    const Plane &x = planes_[1], &y = planes_[2], &x_grid = planes_[3], &y_grid = planes_[4];
    if (transposed_) {
      add_shaded(marks, x, {{0, j}}, theme_.shade);
      add_shaded(marks, x_grid, {{j / x_grid.cols, j % x_grid.cols}}, theme_.shade);
      for (const auto& e : entries) {
        add_shaded(marks, y, {{e.column, 0}}, theme_.shade);
        add_shaded(marks, y_grid, {{e.column / y_grid.cols, e.column % y_grid.cols}}, theme_.shade);
      }
    } else {
      for (const auto& e : entries) {
        add_shaded(marks, x, {{0, e.column}}, theme_.shade);
        add_shaded(marks, x_grid, {{e.column / x_grid.cols, e.column % x_grid.cols}}, theme_.shade);
      }
      add_shaded(marks, y, {{j, 0}}, theme_.shade);
      add_shaded(marks, y_grid, {{j / y_grid.cols, j % y_grid.cols}}, theme_.shade);
    }
    Scene scene{width_, height_, background_, {base_, Layer::make(Layer::Kind::moving, std::move(marks)), symbols_layer_}};
    scene.layers.push_back(outputs_.prefix(shown_by_[index]));
    return scene;
  }

 private:
  Text above(const Plane& plane, RichText text) const {
    return {std::move(text), plane.at(0, plane.cols / 2.0) + Point{0, -label_rise_cells * p_.cell}, Text::Align::centre,
            p_.label_size, theme_.text};
  }

  // A symbol or value on a cell filled with `fill`.
  Shape symbol(const Plane& plane, Cell cell, RichText text, const Colour& fill, double size = 0) const {
    return Text{std::move(text), plane.point(cell), Text::Align::centre, size > 0 ? size : symbol_size_,
                text_on(theme_, fill)};
  }

  // A weight: w with its tap's row and column, or its value when the scenario has values.
  RichText weight_text(int tap) const {
    const int kw = trace_.scenario.width().kernel;
    if (trace_.has_numbers()) return value_text(trace_.values->kernel->data[std::size_t(tap)], decimals_);
    if (trace_.scenario.dims == 1) return subscripted("w", fmt::format("{}", tap));
    return subscripted("w", fmt::format("{},{}", tap / kw, tap % kw));
  }

  std::optional<double> input_value(Cell unit) const {
    if (!trace_.values) return std::nullopt;
    return trace_.input_value(0, unit);
  }
  std::optional<double> output_value(Cell unit) const {
    if (!trace_.values) return std::nullopt;
    return trace_.output_value(0, unit);
  }

  RichText vector_text(const char* name, Cell unit, std::optional<double> value) const {
    if (value) return value_text(*value, decimals_);
    if (trace_.scenario.dims == 1) return subscripted(name, fmt::format("{}", unit.col));
    return subscripted(name, fmt::format("{},{}", unit.row, unit.col));
  }

  const Trace& trace_;
  const Theme theme_;
  Proportions p_;
  Proportions grid_{1};  // the 2-D shapes of x and y, which shrink with a large matrix
  bool transposed_;
  Trace forward_;  // a transposed convolution's forward twin, whose C it transposes
  ConvolutionMatrix c_;
  bool symbols_ = true;
  double symbol_size_ = 12;
  std::optional<Colour> background_;
  Layer base_, symbols_layer_, outputs_;
  std::optional<int> decimals_;
  std::vector<std::size_t> shown_by_;  // per frame: how many of outputs_ are computed by then
};

std::unique_ptr<View> make_matrix_view(const Trace& trace, const RenderSettings& settings, Build build) {
  return std::make_unique<MatrixView>(trace, settings, build);
}

}  // namespace

namespace {
std::optional<std::string> refuses_matrix(const Scenario& s) {
  if (auto twin = refuses_twin(s, "matrix")) return twin;
  // C maps the large side to the small one: its columns are the convolution's input units.
  const bool transposed = s.operation == Operation::transposed_convolution;
  const long small = long(transposed ? s.height().input * s.width().input : s.output_height() * s.output_width());
  const long large = long(transposed ? s.output_height() * s.output_width() : s.height().input * s.width().input);
  constexpr long most = 256;  // a 16 x 16 input: a matrix of 256 columns, in small cells
  if (large > most || small > most)
    return fmt::format("the matrix view draws C up to {} x {} (a 16 x 16 input), and this one would be {} x {}: use "
                       "a smaller input, or another view",
                       most, most, small, large);
  return std::nullopt;
}
}  // namespace

extern const ViewType matrix_view{
    .name = "matrix",
    .summary = "y = C x: the input unrolled into a vector, the kernel's weights in the sparse matrix C (its "
               "transpose for a transposed convolution), as the guide explains it (one channel)",
    .refuses = refuses_matrix,
    .cell_size = [](const Config&) { return default_flat_cell_size; },
    .make = make_matrix_view,
};

}  // namespace convanim
