#include "renderer/views/plane_shapes.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace convanim {
namespace {
constexpr double dash_cells = 0.12;            // dash length of padding outlines, in cells
constexpr double connector_width_ratio = 0.6;  // footprint-to-output lines, thinner than outlines
constexpr double connector_max_width = 1.0;    // hairlines: drawn aliased, they cost a GIF 27% less
// The ring around a max pooling's pick: inside the cell, clear of its outline and of the value in
// its middle, several outlines thick so that it reads as a mark and not as part of the grid.
constexpr double ring_inset_cells = 0.1;
constexpr double ring_width_cells = 0.07;
constexpr double ring_width_lines = 2.5;
// The guide's oblique projection, measured off the published figures: one step along a row moves
// right and up, one step down the columns moves right and down (in cell sizes).
constexpr Point oblique_column{1.0, -0.47};
constexpr Point oblique_row{0.68, 0.63};
}  // namespace

Plane projected_plane(std::string name, int rows, int cols, Projection projection, double cell) {
  if (projection == Projection::oblique)
    return {std::move(name), rows, cols, {0, 0}, oblique_column * cell, oblique_row * cell};
  return {std::move(name), rows, cols, {0, 0}, {cell, 0}, {0, cell}};
}

void add_fills(std::vector<Shape>& out, const Plane& plane, const Colour& colour,
               const std::function<bool(Cell)>& filled) {
  for (int r = 0; r < plane.rows; ++r)
    for (int c = 0; c < plane.cols; ++c)
      if (!filled || filled({r, c})) out.push_back(filled_cell(plane, {r, c}, colour));
}

void add_outlines(std::vector<Shape>& out, const Plane& plane, const Proportions& p, const Colour& colour,
                  const std::function<bool(Cell)>& is_unit) {
  for (bool units : {false, true}) {
    Path path;
    path.stroke = Stroke{colour, p.line_width, units ? 0.0 : dash_cells * p.cell};
    for (int r = 0; r < plane.rows; ++r)
      for (int c = 0; c < plane.cols; ++c)
        if ((!is_unit || is_unit({r, c})) == units) {
          const auto quad = plane.quad({r, c});
          path.points.insert(path.points.end(), quad.begin(), quad.end());
          path.contours.push_back(4);
        }
    if (!path.points.empty()) out.push_back(std::move(path));
  }
}

void add_shaded(std::vector<Shape>& out, const Plane& plane, const std::vector<Cell>& cells, const Colour& colour) {
  for (Cell cell : cells) out.push_back(filled_cell(plane, cell, colour));
}

void add_pick_ring(std::vector<Shape>& out, const Plane& plane, Cell cell, const Proportions& p, const Colour& colour,
                   const Colour& halo) {
  std::array<Point, 4> ring{plane.point(cell, ring_inset_cells, ring_inset_cells),
                            plane.point(cell, 1 - ring_inset_cells, ring_inset_cells),
                            plane.point(cell, 1 - ring_inset_cells, 1 - ring_inset_cells),
                            plane.point(cell, ring_inset_cells, 1 - ring_inset_cells)};
  const double width = std::max(p.line_width * ring_width_lines, ring_width_cells * p.cell);
  Path band = quad_path(ring);
  band.stroke = Stroke{halo, width};
  out.push_back(band);
  band.stroke = Stroke{colour, width / 2};
  out.push_back(std::move(band));
}

Shape footprint_connectors(const Plane& grid, const std::vector<Cell>& window, int taps_per_row, const Plane& output,
                           Cell cell, const Proportions& p, const Colour& colour) {
  const std::size_t per_row = std::size_t(taps_per_row);
  const std::array<Point, 4> footprint{grid.quad(window.front())[0], grid.quad(window[per_row - 1])[1],
                                       grid.quad(window.back())[2], grid.quad(window[window.size() - per_row])[3]};
  const std::array<Point, 4> target = output.quad(cell);
  Path path;
  path.closed = false;
  path.stroke = Stroke{colour, std::min(p.line_width * connector_width_ratio, connector_max_width), 0, false};
  for (std::size_t i = 0; i < 4; ++i) {
    path.points.push_back(footprint[i]);
    path.points.push_back(target[i]);
    path.contours.push_back(2);
  }
  return path;
}

}  // namespace convanim
