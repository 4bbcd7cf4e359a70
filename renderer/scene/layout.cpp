#include "renderer/scene/layout.hpp"

#include <algorithm>
#include <cmath>

#include "src/arithmetic/describe.hpp"

namespace convanim {
namespace {

// The guide's oblique projection, measured off the published figures: one step along a row moves
// right and up, one step down the columns moves right and down (in cell sizes).
constexpr Point oblique_column{1.0, -0.47};
constexpr Point oblique_row{0.68, 0.63};
constexpr double margin_cells = 0.5;        // blank border around the figure
constexpr double plane_gap_cells = 1.2;     // oblique: between the output plane and the input below
constexpr double flat_gap_cells = 1.5;      // flat: between the input and the output grid
constexpr double label_size_cells = 0.45;   // label font size
constexpr double char_width_em = 0.62;      // DejaVu Sans' average advance, for reserving room
constexpr double value_size_cells = 0.36;
constexpr double weight_size_cells = 0.24;

struct Box {
  double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
  void add(Point p) { x0 = std::min(x0, p.x), y0 = std::min(y0, p.y), x1 = std::max(x1, p.x), y1 = std::max(y1, p.y); }
  void add(const PlaneLayout& plane) {
    for (Point corner : {plane.at(0, 0), plane.at(0, plane.cols), plane.at(plane.rows, 0),
                         plane.at(plane.rows, plane.cols)})
      add(corner);
  }
  void add(const TextItem& text) {
    const double width = double(text.text.size()) * char_width_em * text.size;
    const double left = text.align == TextItem::Align::left    ? text.anchor.x
                        : text.align == TextItem::Align::right ? text.anchor.x - width
                                                               : text.anchor.x - width / 2;
    add(Point{left, text.anchor.y - text.size * 0.7});
    add(Point{left + width, text.anchor.y + text.size * 0.7});
  }
};

void place_oblique(Layout& layout, const Trace& trace, double cell) {
  const Point column = oblique_column * cell, row_step = oblique_row * cell;
  layout.input = PlaneLayout{trace.grid.size[0], trace.grid.size[1], {0, 0}, column, row_step};
  layout.output = PlaneLayout{trace.output_size[0], trace.output_size[1], {0, 0}, column, row_step};
  // The output floats above the input, centred over it, its lowest corner above the input's highest.
  Box in, out;
  in.add(layout.input);
  out.add(layout.output);
  layout.output.origin = {(in.x0 + in.x1) / 2 - (out.x0 + out.x1) / 2,
                          in.y0 - plane_gap_cells * cell - out.y1};
  const double size = label_size_cells * cell;
  layout.texts.push_back({"input", layout.input.at(0, 0) + Point{-0.3 * cell, 0}, TextItem::Align::right, size});
  layout.texts.push_back({"output", layout.output.at(0, 0) + Point{-0.3 * cell, 0}, TextItem::Align::right, size});
}

void place_flat(Layout& layout, const Trace& trace, double cell) {
  const Point column{cell, 0}, row_step{0, cell};
  const int rows = trace.grid.size[0], out_rows = trace.output_size[0];
  layout.input = PlaneLayout{rows, trace.grid.size[1], {0, 0}, column, row_step};
  layout.output = PlaneLayout{out_rows, trace.output_size[1],
                              {(trace.grid.size[1] + flat_gap_cells) * cell, (rows - out_rows) * cell / 2},
                              column, row_step};
  const double size = label_size_cells * cell;
  for (auto [name, p] : {std::pair{"input", &layout.input}, std::pair{"output", &layout.output}})
    layout.texts.push_back({name, p->at(0, p->cols / 2.0) + Point{0, -0.5 * cell}, TextItem::Align::centre, size});
}

}  // namespace

std::array<Point, 4> PlaneLayout::quad(Cell c) const {
  return {at(c.row, c.col), at(c.row, c.col + 1), at(c.row + 1, c.col + 1), at(c.row + 1, c.col)};
}

std::array<double, 4> PlaneLayout::bounds(double margin) const {
  Box box;
  box.add(*this);
  const double x0 = std::floor(box.x0 - margin), y0 = std::floor(box.y0 - margin);
  return {x0, y0, std::ceil(box.x1 + margin) - x0, std::ceil(box.y1 + margin) - y0};
}

Layout make_layout(const Trace& trace, const RenderSettings& settings) {
  Layout layout;
  layout.view = settings.view;
  const double cell = settings.cell_size;
  layout.line_width = std::max(1.0, cell / 16);
  layout.value_size = value_size_cells * cell;
  layout.weight_size = weight_size_cells * cell;
  if (settings.view == View::oblique)
    place_oblique(layout, trace, cell);
  else
    place_flat(layout, trace, cell);
  if (!settings.labels) layout.texts.clear();

  Box box;
  box.add(layout.input);
  box.add(layout.output);
  for (const TextItem& text : layout.texts) box.add(text);
  if (settings.caption) {
    const double size = label_size_cells * cell;
    TextItem caption{describe_parameters(trace.scenario), {(box.x0 + box.x1) / 2, box.y1 + 0.4 * cell + size / 2},
                     TextItem::Align::centre, size};
    box.add(caption);
    layout.texts.push_back(std::move(caption));
  }

  // Shift everything so the box starts at the margin; round the image up to even pixels.
  const double margin = margin_cells * cell;
  const Point shift{margin - box.x0, margin - box.y0};
  layout.input.origin = layout.input.origin + shift;
  layout.output.origin = layout.output.origin + shift;
  for (TextItem& text : layout.texts) text.anchor = text.anchor + shift;
  const auto even = [](double extent) { const int n = int(std::ceil(extent)); return n + n % 2; };
  layout.width = even(box.x1 - box.x0 + 2 * margin);
  layout.height = even(box.y1 - box.y0 + 2 * margin);
  return layout;
}

}  // namespace convanim
