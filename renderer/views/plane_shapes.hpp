// Shapes that several views draw the same way: a plane's fills and outlines, the shaded cells of a
// kernel application, the lines from its footprint to the output cell, values written in cells.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "renderer/scene/scene.hpp"
#include "renderer/views/figure_frame.hpp"
#include "renderer/views/value_text.hpp"
#include "src/simulate/simulator.hpp"

namespace convanim {

// How a plane of cells is drawn: in the guide's oblique projection, or flat (rows down, columns
// across).
enum class Projection { oblique, flat };

// A plane of rows x cols cells at the origin, in a projection, `cell` pixels to a cell edge.
Plane projected_plane(std::string name, int rows, int cols, Projection projection, double cell);

// Every cell of `plane` for which `filled` holds, in `colour` (a shape per cell, row-major).
void add_fills(std::vector<Shape>& out, const Plane& plane, const Colour& colour,
               const std::function<bool(Cell)>& filled = {});

// Cell outlines in `colour`: dashed for the cells that are not units (padding, inserted zeros),
// then solid for the units, so that an edge shared by both stays solid.
void add_outlines(std::vector<Shape>& out, const Plane& plane, const Proportions& proportions, const Colour& colour,
                  const std::function<bool(Cell)>& is_unit = {});

// The given cells of `plane`, each filled with `colour` (the translucent shade of a footprint).
void add_shaded(std::vector<Shape>& out, const Plane& plane, const std::vector<Cell>& cells, const Colour& colour);

// A ring just inside a cell's edge, the cell a max pooling picks: a broad band of `halo` (the
// background) under a narrower one of `colour` (the cells' text), so that it stands out on a light
// fill, a dark fill and the shade alike.
void add_pick_ring(std::vector<Shape>& out, const Plane& plane, Cell cell, const Proportions& proportions,
                   const Colour& colour, const Colour& halo);

// Four thin lines from the outer corners of the footprint's corner taps to the output cell's corners.
Shape footprint_connectors(const Plane& grid, const std::vector<Cell>& window, int taps_per_row, const Plane& output,
                           Cell cell, const Proportions& proportions, const Colour& colour);

}  // namespace convanim
