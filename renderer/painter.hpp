// The painter: draws one frame (one kernel application) following the layout. The only code that
// draws with Cairo and Pango; it never knows whether it paints pixels or vectors.
#pragma once

#include <cairo.h>

#include "renderer/cairo_handles.hpp"
#include "renderer/layout.hpp"

namespace convanim {

// A frame is the part that never changes (planes, outlines, input values, labels) with the step's
// part on top (shading, footprint lines, kernel weights, outputs computed so far). On pixel targets
// the unchanging part is drawn once and reused; on vector targets it is drawn every time, so pages
// stay vector.
class Painter {
 public:
  Painter(const Trace& trace, const Layout& layout, const RenderSettings& settings);
  void paint(cairo_t* cr, std::size_t step);

 private:
  void paint_static(cairo_t* cr) const;
  // output_layer: the output plane drawn beforehand, or null to draw it here.
  void paint_step(cairo_t* cr, std::size_t step, cairo_surface_t* output_layer) const;
  template <typename Draw>
  CairoSurface draw_layer(Draw draw) const;
  void paint_background(cairo_t* cr) const;
  void paint_input_plane(cairo_t* cr) const;
  void paint_output_plane(cairo_t* cr) const;
  void paint_input_values(cairo_t* cr) const;
  void paint_footprint_lines(cairo_t* cr, const Step& step) const;
  void paint_kernel_weights(cairo_t* cr, const Step& step) const;
  void paint_output_values(cairo_t* cr, std::size_t step) const;
  void paint_texts(cairo_t* cr) const;
  void stroke_outlines(cairo_t* cr, const PlaneLayout& plane, const std::vector<Cell>& cells) const;

  const Trace& trace_;
  const Layout& layout_;
  const RenderSettings& settings_;
  const Theme& theme_;
  // For pixel targets, made on first use: everything below the footprint lines, and the output plane
  // that floats above them.
  CairoSurface static_layer_, output_layer_;
};

}  // namespace convanim
