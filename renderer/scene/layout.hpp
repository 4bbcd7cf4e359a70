// Where everything of a figure lands in the image: each cell of each plane, the labels, the caption.
// Pure geometry from the simulator's record and the settings; the painter only follows it, and tests
// use it to know which pixel belongs to which cell.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "renderer/render_settings.hpp"
#include "src/simulate/simulator.hpp"

namespace convanim {

struct Point {
  double x = 0, y = 0;
  Point operator+(Point o) const { return {x + o.x, y + o.y}; }
  Point operator*(double k) const { return {x * k, y * k}; }
};

// A plane of cells mapped affinely into the image: grid point (row, col) lands at
// origin + col * column + row * row_step. Flat planes have axis-aligned steps; oblique ones slant.
struct PlaneLayout {
  int rows = 0, cols = 0;
  Point origin, column, row_step;

  Point at(double row, double col) const { return origin + column * col + row_step * row; }
  // The corners of a cell: top-left, top-right, bottom-right, bottom-left (in grid terms).
  std::array<Point, 4> quad(Cell cell) const;
  // A point inside a cell: (u, v) = (0.5, 0.5) is its centre, (0, 0) its top-left corner.
  Point point(Cell cell, double u = 0.5, double v = 0.5) const { return at(cell.row + v, cell.col + u); }
  // The smallest pixel-aligned rectangle holding the plane, grown by `margin` pixels: x, y, w, h.
  std::array<double, 4> bounds(double margin) const;
};

struct TextItem {
  enum class Align { left, centre, right };
  std::string text;
  Point anchor;  // baseline-independent: the text's vertical middle at anchor.y
  Align align = Align::left;
  double size = 12;  // font size in pixels
};

struct Layout {
  int width = 0, height = 0;  // even, so every output format takes it as is
  View view = View::oblique;
  PlaneLayout input;   // the grid: padded input, or the stretched and padded input
  PlaneLayout output;
  std::vector<TextItem> texts;  // labels and caption
  double line_width = 1;        // cell outlines
  double value_size = 12;       // flat view: values in the cells
  double weight_size = 8;       // flat view: kernel weights in the corner of covered cells
};

Layout make_layout(const Trace& trace, const RenderSettings& settings);

}  // namespace convanim
