#include "renderer/scene/scene.hpp"

#include <algorithm>

namespace convanim {
namespace {
constexpr double char_width_em = 0.62;  // DejaVu Sans' average advance, for reserving room
constexpr double text_half_height_em = 0.7;
// A character beyond ASCII (−, →, …, ⌊) as wide as an em, the widest of them (…), at most.
constexpr double wide_char_em = 1;

// The ASCII characters whose advance in DejaVu Sans is well over the average (capitals, m, w,
// operators), at their own advance: counted at the average, a "+0" or a "C" spills its ink out of
// the room kept for it (tests/test_text_extent.cpp measures every gallery text with Pango).
double ascii_advance_em(char c) {
  switch (c) {
    case '@': return 1.0;
    case 'W': return 0.989;
    case 'm': return 0.974;
    case '%': return 0.95;
    case 'M': return 0.863;
    case '#': case '+': case '<': case '=': case '>': case '^': case '~': return 0.838;
    case 'w': return 0.818;
    case 'O': case 'Q': return 0.787;
    case '&': return 0.78;
    case 'G': return 0.775;
    case 'D': return 0.77;
    case 'H': return 0.752;
    case 'N': return 0.748;
    case 'U': return 0.732;
    case 'C': return 0.698;
    case 'R': return 0.695;
    case 'B': return 0.686;
    case 'X': case 'Z': return 0.685;
    case 'A': case 'V': return 0.684;
    case 'K': return 0.656;
    default: return char_width_em;
  }
}
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

double line_width_em(const RichText& text) {
  constexpr double middle_dot_em = 0.318;  // U+00B7, DejaVu Sans' advance, as the full stop's
  double ems = 0;
  for (const TextRun& run : text.runs)
    for (std::size_t i = 0; i < run.text.size(); ++i) {
      const auto byte = static_cast<unsigned char>(run.text[i]);
      if (byte < 0x80) ems += ascii_advance_em(run.text[i]);
      else if (run.text.compare(i, 2, "\xC2\xB7") == 0) ems += middle_dot_em, ++i;
      else if ((byte & 0xC0) == 0xC0) ems += wide_char_em;
    }
  return ems;
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
  double ems = 0;
  for (const TextRun& run : text.text.runs)
    for (char c : run.text) {
      const auto byte = static_cast<unsigned char>(c);
      if (byte < 0x80) ems += ascii_advance_em(c);
      else if ((byte & 0xC0) == 0xC0) ems += wide_char_em;
    }
  const double width = ems * text.size;
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
