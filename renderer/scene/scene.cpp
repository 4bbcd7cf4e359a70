#include "renderer/scene/scene.hpp"

#include <algorithm>

namespace convanim {
namespace {
constexpr double char_width_em = 0.62;  // DejaVu Sans' average advance, for reserving room
constexpr double text_half_height_em = 0.7;
// A character beyond ASCII (−, →, …, ⌊) as wide as an em, the widest of them (…), at most.
constexpr double wide_char_ratio = 1 / char_width_em;
}  // namespace

void Box::add(Point p) {
  x0 = std::min(x0, p.x), y0 = std::min(y0, p.y), x1 = std::max(x1, p.x), y1 = std::max(y1, p.y);
}

void Box::add(const Box& other) {
  if (other.empty()) return;
  add(Point{other.x0, other.y0});
  add(Point{other.x1, other.y1});
}

std::array<Point, 4> Plane::quad(PlaneCell c) const {
  return {at(c.row, c.col), at(c.row, c.col + 1), at(c.row + 1, c.col + 1), at(c.row + 1, c.col)};
}

Box Plane::box() const {
  Box box;
  for (Point corner : {at(0, 0), at(0, cols), at(rows, 0), at(rows, cols)}) box.add(corner);
  return box;
}

Box bounds_of(const Shape& shape) {
  Box box;
  if (const auto* path = std::get_if<Path>(&shape)) {
    for (Point p : path->points) box.add(p);
    return path->stroke ? box.grown(path->stroke->width) : box;
  }
  const Text& text = std::get<Text>(shape);
  // Characters, not bytes: a UTF-8 lead byte starts 11, a continuation byte 10. A subscript is
  // counted as wide as the rest, which leaves room to spare.
  double shown = 0;
  for (const TextRun& run : text.text.runs)
    for (char c : run.text) {
      const auto byte = static_cast<unsigned char>(c);
      if (byte < 0x80) shown += 1;
      else if ((byte & 0xC0) == 0xC0) shown += wide_char_ratio;
    }
  const double width = shown * char_width_em * text.size;
  const double left = text.align == Text::Align::left    ? text.anchor.x
                      : text.align == Text::Align::right ? text.anchor.x - width
                                                         : text.anchor.x - width / 2;
  box.add(Point{left, text.anchor.y - text.size * text_half_height_em});
  box.add(Point{left + width, text.anchor.y + text.size * text_half_height_em});
  return box;
}

Layer Layer::make(Kind kind, std::vector<Shape> shapes) {
  Layer layer;
  layer.kind = kind;
  for (const Shape& shape : shapes) layer.bounds.add(bounds_of(shape));
  layer.count = shapes.size();
  layer.shapes = std::make_shared<const std::vector<Shape>>(std::move(shapes));
  return layer;
}

Layer Layer::prefix(std::size_t shown) const {
  Layer layer = *this;
  layer.count = std::min(shown, shapes->size());
  return layer;
}

Path quad_path(const std::array<Point, 4>& quad) {
  Path path;
  path.points.assign(quad.begin(), quad.end());
  return path;
}

Shape filled_cell(const Plane& plane, PlaneCell cell, const Colour& colour) {
  Path path = quad_path(plane.quad(cell));
  path.fill = colour;
  return path;
}

}  // namespace convanim
