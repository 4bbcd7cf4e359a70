#include "renderer/painter.hpp"

#include <fmt/format.h>

#include "renderer/cairo_handles.hpp"

namespace convanim {
namespace {

constexpr const char* font_family = "DejaVu Sans";  // installed by scripts/setup.sh
constexpr double dash_cells = 0.12;                 // dash length of padding outlines, in cells
constexpr double connector_width_ratio = 0.6;       // footprint-to-output lines, thinner than outlines

void set_colour(cairo_t* cr, const Colour& c) { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a); }

void quad_path(cairo_t* cr, const std::array<Point, 4>& quad) {
  cairo_move_to(cr, quad[0].x, quad[0].y);
  for (std::size_t i = 1; i < 4; ++i) cairo_line_to(cr, quad[i].x, quad[i].y);
  cairo_close_path(cr);
}

std::vector<Cell> all_cells(const PlaneLayout& plane) {
  std::vector<Cell> cells;
  for (int r = 0; r < plane.rows; ++r)
    for (int c = 0; c < plane.cols; ++c) cells.push_back({r, c});
  return cells;
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

Painter::Painter(const Trace& trace, const Layout& layout, const RenderSettings& settings)
    : trace_(trace), layout_(layout), settings_(settings), theme_(*settings.theme) {}

void Painter::paint(cairo_t* cr, std::size_t step) {
  cairo_save(cr);
  const bool pixels = cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_IMAGE;
  if (pixels && !static_layer_) {
    static_layer_ = draw_layer([this](cairo_t* layer) { paint_static(layer); });
    output_layer_ = draw_layer([this](cairo_t* layer) { paint_output_plane(layer); });
  }
  if (pixels) {
    cairo_set_source_surface(cr, static_layer_.get(), 0, 0);
    cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
    cairo_paint(cr);
    cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
  } else {
    paint_static(cr);
  }
  paint_step(cr, step, pixels ? output_layer_.get() : nullptr);
  cairo_restore(cr);
}

template <typename Draw>
CairoSurface Painter::draw_layer(Draw draw) const {
  CairoSurface layer(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, layout_.width, layout_.height));
  CairoContext context(cairo_create(layer.get()));
  cairo_set_line_join(context.get(), CAIRO_LINE_JOIN_MITER);
  draw(context.get());
  check_cairo(context.get(), "drawing the figure's unchanging part");
  return layer;
}

void Painter::paint_static(cairo_t* cr) const {
  paint_background(cr);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
  paint_input_plane(cr);
  if (trace_.values && layout_.view == View::flat) paint_input_values(cr);
  paint_texts(cr);
}

void Painter::paint_step(cairo_t* cr, std::size_t step_index, cairo_surface_t* output_layer) const {
  const Step& step = trace_.steps.at(step_index);
  // A dilated kernel shades only its taps, which is what the window lists. The shade goes under
  // the outlines, so theirs are drawn again on top.
  for (Cell tap : step.window) fill_cell(cr, layout_.input, tap, theme_.shade);
  stroke_outlines(cr, layout_.input, step.window);
  // The output plane floats above the footprint lines and hides them where it passes over them.
  if (layout_.view == View::oblique) paint_footprint_lines(cr, step);
  if (output_layer) {
    cairo_set_source_surface(cr, output_layer, 0, 0);
    cairo_paint(cr);
  } else {
    paint_output_plane(cr);
  }
  fill_cell(cr, layout_.output, step.output, theme_.shade);
  stroke_outlines(cr, layout_.output, {step.output});
  if (trace_.values && layout_.view == View::flat) {
    paint_kernel_weights(cr, step);
    paint_output_values(cr, step_index);
  }
}

void Painter::paint_background(cairo_t* cr) const {
  if (settings_.transparent) {
    cairo_set_operator(cr, CAIRO_OPERATOR_CLEAR);
    cairo_paint(cr);
    cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
  } else {
    set_colour(cr, theme_.background);
    cairo_paint(cr);
  }
}

void Painter::paint_input_plane(cairo_t* cr) const {
  const std::vector<Cell> cells = all_cells(layout_.input);
  for (Cell cell : cells)
    if (trace_.grid.kind(cell) == CellKind::input) fill_cell(cr, layout_.input, cell, theme_.input);
  stroke_outlines(cr, layout_.input, cells);
}

void Painter::stroke_outlines(cairo_t* cr, const PlaneLayout& plane, const std::vector<Cell>& cells) const {
  // Padding and inserted zeros get dashed outlines; input and output units solid ones, drawn last
  // so a solid edge shared with a dashed one stays solid.
  const bool input_plane = &plane == &layout_.input;
  const auto is_unit = [&](Cell cell) { return !input_plane || trace_.grid.kind(cell) == CellKind::input; };
  set_colour(cr, theme_.grid_line);
  cairo_set_line_width(cr, layout_.line_width);
  const double dash = dash_cells * settings_.cell_size;
  cairo_set_dash(cr, &dash, 1, 0);
  for (Cell cell : cells)
    if (!is_unit(cell)) quad_path(cr, plane.quad(cell));
  cairo_stroke(cr);
  cairo_set_dash(cr, nullptr, 0, 0);
  for (Cell cell : cells)
    if (is_unit(cell)) quad_path(cr, plane.quad(cell));
  cairo_stroke(cr);
}

void Painter::paint_output_plane(cairo_t* cr) const {
  const std::vector<Cell> cells = all_cells(layout_.output);
  for (Cell cell : cells) fill_cell(cr, layout_.output, cell, theme_.output);
  stroke_outlines(cr, layout_.output, cells);
}

void Painter::paint_footprint_lines(cairo_t* cr, const Step& step) const {
  // The footprint's corners: the outer corners of its first and last taps in each direction.
  const int taps_per_row = trace_.scenario.width().kernel;
  const Cell first = step.window.front(), last = step.window.back();
  const Cell top_right = step.window[std::size_t(taps_per_row - 1)];
  const Cell bottom_left = step.window[step.window.size() - std::size_t(taps_per_row)];
  const std::array<Point, 4> footprint{layout_.input.quad(first)[0], layout_.input.quad(top_right)[1],
                                       layout_.input.quad(last)[2], layout_.input.quad(bottom_left)[3]};
  const std::array<Point, 4> target = layout_.output.quad(step.output);
  set_colour(cr, theme_.grid_line);
  cairo_set_line_width(cr, layout_.line_width * connector_width_ratio);
  for (std::size_t i = 0; i < 4; ++i) {
    cairo_move_to(cr, footprint[i].x, footprint[i].y);
    cairo_line_to(cr, target[i].x, target[i].y);
  }
  cairo_stroke(cr);
}

void Painter::paint_input_values(cairo_t* cr) const {
  const PlaneLayout& plane = layout_.input;
  for (int r = 0; r < plane.rows; ++r)
    for (int c = 0; c < plane.cols; ++c)
      if (auto input = trace_.grid.input_at({r, c}))
        draw_text(cr, {value_text(trace_.values->input.at(input->row, input->col)), plane.point({r, c}),
                       TextItem::Align::centre, layout_.value_size},
                  theme_.text);
}

void Painter::paint_kernel_weights(cairo_t* cr, const Step& step) const {
  const std::optional<Matrix>& weights = trace_.values->applied_kernel;
  if (!weights) return;  // pooling
  // The weight each tap multiplies, small in the bottom-right corner of the covered cell.
  for (std::size_t tap = 0; tap < step.window.size(); ++tap) {
    const double weight = weights->at(int(tap) / weights->cols, int(tap) % weights->cols);
    draw_text(cr, {value_text(weight), layout_.input.point(step.window[tap], 0.92, 0.78), TextItem::Align::right,
                   layout_.weight_size},
              theme_.text);
  }
}

void Painter::paint_output_values(cairo_t* cr, std::size_t step_index) const {
  // Outputs appear as the kernel computes them, with one decimal as in the guide.
  for (std::size_t i = 0; i <= step_index; ++i) {
    const Cell cell = trace_.steps[i].output;
    draw_text(cr, {fmt::format("{:.1f}", trace_.values->output.at(cell.row, cell.col)), layout_.output.point(cell),
                   TextItem::Align::centre, layout_.value_size},
              theme_.text);
  }
}

void Painter::paint_texts(cairo_t* cr) const {
  for (const TextItem& text : layout_.texts) draw_text(cr, text, theme_.text);
}

}  // namespace convanim
