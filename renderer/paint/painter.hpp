// The painter: draws any scene. The only code that draws with Cairo and Pango; it knows nothing of
// planes, kernels or views, and never whether it paints pixels for an encoder or vectors for a file.
#pragma once

#include <memory>
#include <vector>

#include <cairo.h>

#include "renderer/paint/cairo_handles.hpp"
#include "renderer/scene/scene.hpp"

namespace convanim {

// On pixel targets each fixed layer is drawn once into a surface of its own and composited in every
// frame after, and a growing layer's surface gets only its new shapes; on vector targets (SVG, PDF)
// every layer is drawn in full each time, so that pages stay vector. One painter per output: it
// keeps the surfaces of the layers it last drew.
class Painter {
 public:
  void paint(cairo_t* cr, const Scene& scene);

 private:
  struct Cached {
    std::shared_ptr<const std::vector<Shape>> shapes;  // what the surface holds
    std::size_t drawn = 0;                             // how many of them
    CairoSurface surface;
  };
  void composite(cairo_t* cr, const Scene& scene, std::size_t index);

  std::vector<Cached> cache_;  // by layer index
};

// Draws one shape; exposed for the painter's own layers and for tests of text placement.
void draw_shape(cairo_t* cr, const Shape& shape);

}  // namespace convanim
