#include "renderer/cairo/painter.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "renderer/outputs/scene_text.hpp"

namespace convanim {
namespace {

constexpr const char* font_family = "DejaVu Sans";  // installed by scripts/setup.sh

void set_colour(cairo_t* cr, const Colour& c) { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a); }

// The same text renders the same everywhere: no hinting, greyscale anti-aliasing.
void set_font_options(PangoLayout* layout) {
  CairoFontOptions options(cairo_font_options_create());
  cairo_font_options_set_hint_style(options.get(), CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(options.get(), CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias(options.get(), CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options(pango_layout_get_context(layout), options.get());
  pango_layout_context_changed(layout);
}

// The runs' styles as Pango attributes over their bytes: a subscript's or superscript's size and
// shift given in pixels, as the scene's writers set them (scene_text.hpp), rather than Pango's
// <sub> and <sup>, which take them from the font unscaled and so grow under a canvas's scale.
PangoAttributes attributes_of(const RichText& text, double size) {
  PangoAttributes list(pango_attr_list_new());
  std::size_t start = 0;
  const auto add = [&](PangoAttribute* attribute, std::size_t end) {
    attribute->start_index = static_cast<guint>(start);
    attribute->end_index = static_cast<guint>(end);
    pango_attr_list_insert(list.get(), attribute);  // the list owns it
  };
  for (const TextRun& run : text.runs) {
    const std::size_t end = start + run.text.size();
    if (run.script != TextRun::Script::normal) {
      const double shift = run.script == TextRun::Script::sub ? -subscript_drop : superscript_rise;
      add(pango_attr_size_new_absolute(int(std::lround(size * script_scale * PANGO_SCALE))), end);
      add(pango_attr_rise_new(int(std::lround(shift * size * PANGO_SCALE))), end);
    }
    if (run.italic) add(pango_attr_style_new(PANGO_STYLE_ITALIC), end);
    start = end;
  }
  return list;
}

// A text laid out as the painter draws it, and where its layout's origin goes.
struct PlacedText {
  PangoLayoutHandle layout;
  Point origin;
  PangoRectangle ink;
};

PlacedText place_text(cairo_t* cr, const Text& item) {
  PlacedText placed{PangoLayoutHandle(pango_cairo_create_layout(cr)), {}, {}};
  PangoLayout* layout = placed.layout.get();
  set_font_options(layout);
  PangoFont font(pango_font_description_from_string(font_family));
  pango_font_description_set_absolute_size(font.get(), item.size * PANGO_SCALE);
  pango_layout_set_font_description(layout, font.get());
  pango_layout_set_text(layout, item.text.plain().c_str(), -1);
  if (item.text.styled()) pango_layout_set_attributes(layout, attributes_of(item.text, item.size).get());
  PangoRectangle logical;
  pango_layout_get_extents(layout, &placed.ink, &logical);
  const double width = double(logical.width) / PANGO_SCALE;
  // Centre the ink vertically on the anchor, so digits sit in the middle of a cell.
  placed.origin.y = item.anchor.y - (placed.ink.y + placed.ink.height / 2.0) / PANGO_SCALE;
  placed.origin.x = item.align == Text::Align::left    ? item.anchor.x
                    : item.align == Text::Align::right ? item.anchor.x - width
                                                       : item.anchor.x - width / 2;
  return placed;
}

void draw_text(cairo_t* cr, const Text& item) {
  const PlacedText placed = place_text(cr, item);
  set_colour(cr, item.colour);
  cairo_move_to(cr, placed.origin.x, placed.origin.y);
  pango_cairo_show_layout(cr, placed.layout.get());
}

void draw_path(cairo_t* cr, const Path& path) {
  std::size_t start = 0;
  const auto contour = [&](std::size_t size) {
    cairo_move_to(cr, path.points[start].x, path.points[start].y);
    for (std::size_t i = start + 1; i < start + size; ++i) cairo_line_to(cr, path.points[i].x, path.points[i].y);
    if (path.closed) cairo_close_path(cr);
    start += size;
  };
  if (path.contours.empty()) {
    if (!path.points.empty()) contour(path.points.size());
  } else {
    for (std::uint32_t size : path.contours) contour(size);
  }
  if (path.fill) {
    set_colour(cr, *path.fill);
    path.stroke ? cairo_fill_preserve(cr) : cairo_fill(cr);
  }
  if (!path.stroke) return;
  const Stroke& stroke = *path.stroke;
  cairo_save(cr);
  set_colour(cr, stroke.colour);
  cairo_set_line_width(cr, stroke.width);
  cairo_set_dash(cr, &stroke.dash, stroke.dash > 0 ? 1 : 0, 0);
  if (!stroke.antialias) cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
  cairo_stroke(cr);
  cairo_restore(cr);
}

// Shapes from..to of a list, placed in the image as the scene says.
void draw_shapes(cairo_t* cr, const Scene& scene, const std::vector<Shape>& shapes, std::size_t from, std::size_t to) {
  cairo_save(cr);
  cairo_translate(cr, scene.offset.x, scene.offset.y);
  cairo_scale(cr, scene.scale, scene.scale);
  for (std::size_t i = from; i < to; ++i) draw_shape(cr, shapes[i]);
  cairo_restore(cr);
}

void paint_background(cairo_t* cr, const Scene& scene) {
  cairo_save(cr);
  if (scene.background) {
    set_colour(cr, *scene.background);
  } else {
    cairo_set_operator(cr, CAIRO_OPERATOR_CLEAR);
  }
  cairo_paint(cr);
  cairo_restore(cr);
}

}  // namespace

void draw_shape(cairo_t* cr, const Shape& shape) {
  if (const auto* path = std::get_if<Path>(&shape)) return draw_path(cr, *path);
  draw_text(cr, std::get<Text>(shape));
}

void Painter::paint(cairo_t* cr, const Scene& scene) {
  const bool pixels = mode_ == LayerCache::pixels;
  cairo_save(cr);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
  const bool base_cached = pixels && !scene.layers.empty() && scene.layers.front().kind != Layer::Kind::moving &&
                           scene.layers.front().opacity == 1;
  if (!base_cached) paint_background(cr, scene);
  for (Cached& cached : cache_) cached.used = false;
  for (std::size_t i = 0; i < scene.layers.size(); ++i) {
    const Layer& layer = scene.layers[i];
    if (pixels && layer.kind != Layer::Kind::moving) {
      composite(cr, scene, layer, i == 0 && base_cached);
      continue;
    }
    if (mode_ == LayerCache::recordings && layer.kind == Layer::Kind::fixed && layer.opacity == 1) {
      replay(cr, scene, layer);
      continue;
    }
    if (layer.opacity < 1) cairo_push_group(cr);
    draw_shapes(cr, scene, *layer.shapes, 0, layer.count);
    if (layer.opacity < 1) {
      cairo_pop_group_to_source(cr);
      cairo_paint_with_alpha(cr, layer.opacity);
    }
  }
  std::erase_if(cache_, [](const Cached& cached) { return !cached.used; });
  cairo_restore(cr);
}

void Painter::replay(cairo_t* cr, const Scene& scene, const Layer& layer) {
  auto found = std::find_if(cache_.begin(), cache_.end(), [&](const Cached& c) { return c.shapes == layer.shapes; });
  if (found == cache_.end()) {
    Cached fresh;
    const cairo_rectangle_t extents{0, 0, double(scene.width), double(scene.height)};
    fresh.surface.reset(cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents));
    fresh.shapes = layer.shapes;
    CairoContext context(cairo_create(fresh.surface.get()));
    cairo_set_line_join(context.get(), CAIRO_LINE_JOIN_MITER);
    draw_shapes(context.get(), scene, *layer.shapes, 0, layer.count);
    check_cairo(context.get(), "recording a layer of the figure");
    fresh.drawn = layer.count;
    cache_.push_back(std::move(fresh));
    found = cache_.end() - 1;
  }
  found->used = true;
  cairo_save(cr);
  cairo_set_source_surface(cr, found->surface.get(), 0, 0);
  cairo_paint(cr);
  cairo_restore(cr);
}

void Painter::composite(cairo_t* cr, const Scene& scene, const Layer& layer, bool base) {
  auto found = std::find_if(cache_.begin(), cache_.end(), [&](const Cached& c) {
    return c.shapes == layer.shapes && c.with_background == base && c.drawn <= layer.count;
  });
  if (found == cache_.end()) {
    Cached fresh;
    fresh.surface.reset(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, scene.width, scene.height));
    fresh.shapes = layer.shapes;
    fresh.with_background = base;
    if (base) {
      CairoContext context(cairo_create(fresh.surface.get()));
      paint_background(context.get(), scene);
    }
    cache_.push_back(std::move(fresh));
    found = cache_.end() - 1;
  }
  Cached& cached = *found;
  cached.used = true;
  if (cached.drawn < layer.count) {  // a fixed layer's first frame, or a growing layer's new shapes
    CairoContext context(cairo_create(cached.surface.get()));
    cairo_set_line_join(context.get(), CAIRO_LINE_JOIN_MITER);
    draw_shapes(context.get(), scene, *layer.shapes, cached.drawn, layer.count);
    check_cairo(context.get(), "drawing a layer of the figure");
    cached.drawn = layer.count;
  }
  cairo_save(cr);
  cairo_set_source_surface(cr, cached.surface.get(), 0, 0);
  if (base) {
    cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);  // the whole frame, replaced
    cairo_paint(cr);
  } else if (!layer.bounds.empty()) {
    // Only the layer's own rectangle: the rest of its surface is transparent.
    const Box bounds = scene.to_image(layer.bounds);
    const double x0 = std::floor(bounds.x0), y0 = std::floor(bounds.y0);
    cairo_rectangle(cr, x0, y0, std::ceil(bounds.x1) - x0, std::ceil(bounds.y1) - y0);
    if (layer.opacity < 1) {
      cairo_clip(cr);
      cairo_paint_with_alpha(cr, layer.opacity);
    } else {
      cairo_fill(cr);
    }
  }
  cairo_restore(cr);
}

Box text_ink(const Text& text, double scale) {
  CairoSurface surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1));
  CairoContext cr(cairo_create(surface.get()));
  cairo_scale(cr.get(), scale, scale);
  const PlacedText placed = place_text(cr.get(), text);
  Box box;
  box.add(placed.origin + Point{double(placed.ink.x), double(placed.ink.y)} * (1.0 / PANGO_SCALE));
  box.add(placed.origin + Point{double(placed.ink.x + placed.ink.width), double(placed.ink.y + placed.ink.height)} *
                              (1.0 / PANGO_SCALE));
  return box;
}

}  // namespace convanim
