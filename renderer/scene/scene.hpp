// What one frame shows, as an output needs it and nothing more: layers of shapes (paths and texts)
// in image coordinates, bottom to top. Plain data: a view (renderer/views/) builds scenes from the
// simulator's record; every output (renderer/outputs/, cairo/, libav/) draws or writes any scene;
// neither knows about the other's work, and this folder includes nothing but the standard library.
//
// The planes of cells a view placed are kept beside the layers, by name, so that tests and later
// views can ask where a cell lands ("which cell of which plane is where").
#pragma once

#include <array>
#include <concepts>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "renderer/scene/text.hpp"
#include "renderer/scene/theme.hpp"

namespace convanim {

struct Point {
  double x = 0, y = 0;
  Point operator+(Point o) const { return {x + o.x, y + o.y}; }
  Point operator-(Point o) const { return {x - o.x, y - o.y}; }
  Point operator*(double k) const { return {x * k, y * k}; }
  bool operator==(const Point&) const = default;
};

// An axis-aligned box in image coordinates; empty until something is added.
struct Box {
  double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
  bool empty() const { return x0 > x1; }
  void add(Point p);
  void add(const Box& other);
  Box grown(double margin) const { return {x0 - margin, y0 - margin, x1 + margin, y1 + margin}; }
};

// A cell of a plane: its row and column on the screen. Anything with a `row` and a `col` (the
// simulator's cells) converts to one.
struct PlaneCell {
  int row = 0, col = 0;
  constexpr PlaneCell() = default;
  constexpr PlaneCell(int r, int c) : row(r), col(c) {}
  template <typename Cell>
    requires requires(const Cell& c) {
      { c.row } -> std::convertible_to<int>;
      { c.col } -> std::convertible_to<int>;
    }
  constexpr PlaneCell(const Cell& c) : row(c.row), col(c.col) {}  // NOLINT(google-explicit-constructor)
};

// A plane of cells mapped affinely into the image: grid point (row, col) lands at
// origin + col * column + row * row_step. Flat planes have axis-aligned steps; oblique ones slant.
struct Plane {
  std::string name;  // "input", "output", "input channel 1", ...
  int rows = 0, cols = 0;
  Point origin, column, row_step;

  Point at(double row, double col) const { return origin + column * col + row_step * row; }
  // The corners of a cell: top-left, top-right, bottom-right, bottom-left (in grid terms).
  std::array<Point, 4> quad(PlaneCell cell) const;
  // A point inside a cell: (u, v) = (0.5, 0.5) is its centre, (0, 0) its top-left corner.
  Point point(PlaneCell cell, double u = 0.5, double v = 0.5) const { return at(cell.row + v, cell.col + u); }
  Box box() const;
};

struct Stroke {
  Colour colour;
  double width = 1;
  double dash = 0;         // dash length (and gap); 0: solid
  bool antialias = true;   // false: aliased hairlines, which GIFs encode in far fewer bytes
};

// One or more contours, filled and/or stroked together.
struct Path {
  std::vector<Point> points;            // the contours, one after another
  std::vector<std::uint32_t> contours;  // points per contour; empty: a single contour
  bool closed = true;
  std::optional<Colour> fill;
  std::optional<Stroke> stroke;
};

struct Text {
  enum class Align { left, centre, right };
  RichText text;
  Point anchor;  // the ink's vertical middle sits at anchor.y
  Align align = Align::left;
  double size = 12;  // font size in pixels
  Colour colour;
};

using Shape = std::variant<Path, Text>;

// The extent of a shape, as far as it can be known without a font (texts are estimated).
Box bounds_of(const Shape& shape);

// A line's width in ems as bounds_of estimates it, but for the middle dot at its own advance: a line
// of products ("3·1 + 0·2 + ...") is a sixth dots, and counted as wide as an em they would make a
// sum that fits look too long. bounds_of keeps the em, the room every view's layout is built on.
double line_width_em(const RichText& text);

// A layer of shapes, drawn in order. A fixed layer is the same in every frame it appears in, so a
// raster painter draws it once and composites it after; a growing layer shows a prefix of one list
// that only lengthens from frame to frame (values appearing as they are computed), so only the new
// shapes are drawn; a moving layer is drawn anew each frame.
struct Layer {
  enum class Kind { fixed, growing, moving };
  Kind kind = Kind::moving;
  std::shared_ptr<const std::vector<Shape>> shapes;
  std::size_t count = 0;  // shapes shown: all of them unless growing
  Box bounds;             // of every shape in the list
  double opacity = 1;     // below 1 while fading in or out (smooth motion)

  static Layer make(Kind kind, std::vector<Shape> shapes);
  Layer prefix(std::size_t shown) const;  // the same list, `shown` shapes of it
};

struct Scene {
  int width = 0, height = 0;         // even, so every output format takes it as is
  std::optional<Colour> background;  // none: transparent
  std::vector<Layer> layers;         // bottom to top, over the background
  // Where the shapes land in the image: image = shape * scale + offset. A view draws at its own
  // size; a canvas (renderer/views/canvas.cpp) fits that into the size asked for.
  double scale = 1;
  Point offset{};

  Point to_image(Point p) const { return p * scale + offset; }
  Box to_image(const Box& box) const {
    return box.empty() ? box : Box{box.x0 * scale + offset.x, box.y0 * scale + offset.y, box.x1 * scale + offset.x,
                                   box.y1 * scale + offset.y};
  }
};

// Builders of common shapes.
Path quad_path(const std::array<Point, 4>& quad);
Shape filled_cell(const Plane& plane, PlaneCell cell, const Colour& colour);

}  // namespace convanim
