#include "renderer/paint/painter.hpp"

#include <fmt/format.h>

#include "renderer/paint/cairo_handles.hpp"

namespace convanim {
namespace {

constexpr const char* font_family = "DejaVu Sans";  // installed by scripts/setup.sh
constexpr double dash_cells = 0.12;                 // dash length of padding outlines, in cells
constexpr double connector_width_ratio = 0.6;       // footprint-to-output lines, thinner than outlines
constexpr double connector_max_width = 1.0;         // hairlines: drawn aliased, they cost a GIF 27% less

void set_colour(cairo_t* cr, const Colour& c) { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a); }

void quad_path(cairo_t* cr, const std::array<Point, 4>& quad) {
  cairo_move_to(cr, quad[0].x, quad[0].y);
  for (std::size_t i = 1; i < 4; ++i) cairo_line_to(cr, quad[i].x, quad[i].y);
  cairo_close_path(cr);
}

void fill_cell(cairo_t* cr, const PlaneLayout& plane, Cell cell, const Colour& colour) {
  quad_path(cr, plane.quad(cell));
  set_colour(cr, colour);
  cairo_fill(cr);
}

// The same text renders the same everywhere: no hinting, greyscale anti-aliasing.
void set_font_options(PangoLayout* layout) {
  CairoFontOptions options(cairo_font_options_create());
  cairo_font_options_set_hint_style(options.get(), CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(options.get(), CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias(options.get(), CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options(pango_layout_get_context(layout), options.get());
  pango_layout_context_changed(layout);
}

void draw_text(cairo_t* cr, const TextItem& item, const Colour& colour) {
  PangoLayoutHandle layout(pango_cairo_create_layout(cr));
  set_font_options(layout.get());
  PangoFont font(pango_font_description_from_string(font_family));
  pango_font_description_set_absolute_size(font.get(), item.size * PANGO_SCALE);
  pango_layout_set_font_description(layout.get(), font.get());
  pango_layout_set_text(layout.get(), item.text.c_str(), -1);
  PangoRectangle ink, logical;
  pango_layout_get_extents(layout.get(), &ink, &logical);
  const double width = double(logical.width) / PANGO_SCALE;
  // Centre the ink vertically on the anchor, so digits sit in the middle of a cell.
  const double y = item.anchor.y - (ink.y + ink.height / 2.0) / PANGO_SCALE;
  const double x = item.align == TextItem::Align::left    ? item.anchor.x
                   : item.align == TextItem::Align::right ? item.anchor.x - width
                                                          : item.anchor.x - width / 2;
  set_colour(cr, colour);
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout.get());
}

std::string value_text(double value) { return fmt::format("{:g}", value); }

}  // namespace

Painter::Painter(const Trace& trace, const Layout& layout, const RenderSettings& settings, bool transparent)
    : trace_(trace), layout_(layout), settings_(settings), theme_(*settings.theme), transparent_(transparent) {}

void Painter::paint(cairo_t* cr, std::size_t step_index) {
  const Step& step = trace_.steps.at(step_index);
  const bool pixels = cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_IMAGE;
  cairo_save(cr);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
  layer(cr, base, pixels);
  // A dilated kernel shades only its taps, which is what the window lists.
  for (Cell tap : step.window) fill_cell(cr, layout_.input, tap, theme_.shade);
  layer(cr, input_outlines, pixels);
  // The output plane floats above the footprint lines and hides them where it passes over them.
  if (layout_.view == View::oblique) paint_footprint_lines(cr, step);
  layer(cr, output_fills, pixels);
  fill_cell(cr, layout_.output, step.output, theme_.shade);
  layer(cr, output_outlines, pixels);
  if (trace_.values && layout_.view == View::flat) {
    paint_kernel_weights(cr, step);
    paint_output_values(cr, step_index);
  }
  cairo_restore(cr);
}

void Painter::layer(cairo_t* cr, Layer which, bool pixels) {
  if (!pixels) return draw_layer(cr, which);
  CairoSurface& cached = cache_[which];
  if (!cached) {
    cached.reset(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, layout_.width, layout_.height));
    CairoContext context(cairo_create(cached.get()));
    cairo_set_line_join(context.get(), CAIRO_LINE_JOIN_MITER);
    draw_layer(context.get(), which);
    check_cairo(context.get(), "drawing a layer of the figure");
  }
  cairo_save(cr);
  cairo_set_source_surface(cr, cached.get(), 0, 0);
  if (which == base) {
    cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);  // the whole frame, replaced
    cairo_paint(cr);
  } else {
    // Only the plane's own rectangle: the rest of the layer is transparent.
    const auto [x, y, w, h] = (which == input_outlines ? layout_.input : layout_.output).bounds(layout_.line_width);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
  }
  cairo_restore(cr);
}

void Painter::draw_layer(cairo_t* cr, Layer which) const {
  switch (which) {
    case base: return paint_base(cr);
    case input_outlines: return stroke_outlines(cr, layout_.input);
    case output_fills:
      for (int r = 0; r < layout_.output.rows; ++r)
        for (int c = 0; c < layout_.output.cols; ++c) fill_cell(cr, layout_.output, {r, c}, theme_.output);
      return;
    case output_outlines: return stroke_outlines(cr, layout_.output);
    case layer_count: return;
  }
}

void Painter::paint_base(cairo_t* cr) const {
  if (transparent_) {
    cairo_save(cr);
    cairo_set_operator(cr, CAIRO_OPERATOR_CLEAR);
    cairo_paint(cr);
    cairo_restore(cr);
  } else {
    set_colour(cr, theme_.background);
    cairo_paint(cr);
  }
  const PlaneLayout& input = layout_.input;
  for (int r = 0; r < input.rows; ++r)
    for (int c = 0; c < input.cols; ++c)
      if (trace_.grid.kind({r, c}) == CellKind::input) fill_cell(cr, input, {r, c}, theme_.input);
  for (const TextItem& text : layout_.texts) draw_text(cr, text, theme_.text);
  if (!trace_.values || layout_.view != View::flat) return;
  for (int r = 0; r < input.rows; ++r)
    for (int c = 0; c < input.cols; ++c)
      if (auto cell = trace_.grid.input_at({r, c}))
        draw_text(cr, {value_text(trace_.values->input.at(cell->row, cell->col)), input.point({r, c}),
                       TextItem::Align::centre, layout_.value_size},
                  theme_.cell_text);
}

void Painter::stroke_outlines(cairo_t* cr, const PlaneLayout& plane) const {
  // Padding and inserted zeros get dashed outlines; input and output units solid ones, drawn last
  // so an edge shared by both stays solid.
  const bool input_plane = &plane == &layout_.input;
  const auto is_unit = [&](Cell cell) { return !input_plane || trace_.grid.kind(cell) == CellKind::input; };
  set_colour(cr, theme_.grid_line);
  cairo_set_line_width(cr, layout_.line_width);
  for (bool units : {false, true}) {
    const double dash = dash_cells * settings_.cell_size;
    cairo_set_dash(cr, &dash, units ? 0 : 1, 0);
    for (int r = 0; r < plane.rows; ++r)
      for (int c = 0; c < plane.cols; ++c)
        if (is_unit({r, c}) == units) quad_path(cr, plane.quad({r, c}));
    cairo_stroke(cr);
  }
  cairo_set_dash(cr, nullptr, 0, 0);
}

void Painter::paint_footprint_lines(cairo_t* cr, const Step& step) const {
  // The footprint's corners: the outer corners of its corner taps.
  const std::size_t taps_per_row = std::size_t(trace_.scenario.width().kernel);
  const std::array<Point, 4> footprint{
      layout_.input.quad(step.window.front())[0], layout_.input.quad(step.window[taps_per_row - 1])[1],
      layout_.input.quad(step.window.back())[2], layout_.input.quad(step.window[step.window.size() - taps_per_row])[3]};
  const std::array<Point, 4> target = layout_.output.quad(step.output);
  cairo_save(cr);
  set_colour(cr, theme_.grid_line);
  cairo_set_line_width(cr, std::min(layout_.line_width * connector_width_ratio, connector_max_width));
  cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
  for (std::size_t i = 0; i < 4; ++i) {
    cairo_move_to(cr, footprint[i].x, footprint[i].y);
    cairo_line_to(cr, target[i].x, target[i].y);
  }
  cairo_stroke(cr);
  cairo_restore(cr);
}

void Painter::paint_kernel_weights(cairo_t* cr, const Step& step) const {
  const std::optional<Matrix>& weights = trace_.values->applied_kernel;
  if (!weights) return;  // pooling
  // The weight each tap multiplies, small in the bottom-right corner of the covered cell.
  for (std::size_t tap = 0; tap < step.window.size(); ++tap) {
    const double weight = weights->at(int(tap) / weights->cols, int(tap) % weights->cols);
    draw_text(cr, {value_text(weight), layout_.input.point(step.window[tap], 0.92, 0.78), TextItem::Align::right,
                   layout_.weight_size},
              theme_.cell_text);
  }
}

void Painter::paint_output_values(cairo_t* cr, std::size_t step_index) const {
  // Outputs appear as the kernel computes them, with one decimal as in the guide.
  for (std::size_t i = 0; i <= step_index; ++i) {
    const Cell cell = trace_.steps[i].output;
    draw_text(cr, {fmt::format("{:.1f}", trace_.values->output.at(cell.row, cell.col)), layout_.output.point(cell),
                   TextItem::Align::centre, layout_.value_size},
              theme_.cell_text);
  }
}

}  // namespace convanim
