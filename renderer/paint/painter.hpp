// The painter: draws one frame (one kernel application) following the layout. The only code that
// draws with Cairo and Pango; it never knows whether it paints pixels or vectors.
#pragma once

#include <array>
#include <vector>

#include <cairo.h>

#include "renderer/paint/cairo_handles.hpp"
#include "renderer/scene/layout.hpp"

namespace convanim {

// A frame is drawn bottom to top as unchanging layers with the step's marks between them:
//   base (background, input fills, labels, input values) | footprint shade | input outlines |
//   footprint lines | output fills | output shade | output outlines | kernel weights, outputs.
// On pixel targets each layer is drawn once and composited per frame; on vector targets (SVG, PDF)
// each is drawn every time, so pages stay vector.
class Painter {
 public:
  // `transparent`: clear the background instead of painting the theme's (settings permitting).
  Painter(const Trace& trace, const Layout& layout, const RenderSettings& settings, bool transparent);
  void paint(cairo_t* cr, std::size_t step);

 private:
  enum Layer { base, input_outlines, output_fills, output_outlines, layer_count };

  void layer(cairo_t* cr, Layer which, bool pixels);
  void draw_layer(cairo_t* cr, Layer which) const;
  void paint_base(cairo_t* cr) const;
  void paint_footprint_lines(cairo_t* cr, const Step& step) const;
  void paint_kernel_weights(cairo_t* cr, const Step& step) const;
  void paint_output_values(cairo_t* cr, std::size_t step) const;
  void stroke_outlines(cairo_t* cr, const PlaneLayout& plane) const;

  const Trace& trace_;
  const Layout& layout_;
  const RenderSettings& settings_;
  const Theme& theme_;
  bool transparent_;
  std::array<CairoSurface, layer_count> cache_;  // pixel targets: each layer, made on first use
};

}  // namespace convanim
