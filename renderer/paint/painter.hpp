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
// frame after, and a growing layer's surface gets only its new shapes. In a PDF a fixed layer is
// recorded once, as vectors, and painted from the recording, which Cairo writes once for all pages,
// as a form XObject. SVG (a file a page, and Cairo 1.16's SVG surface leaks recordings painted on
// it) gets every layer drawn in full. One painter per output: it keeps the surfaces of the layers it
// last drew.
class Painter {
 public:
  void paint(cairo_t* cr, const Scene& scene);

 private:
  struct Cached {
    std::shared_ptr<const std::vector<Shape>> shapes;  // what the surface holds (and keeps alive)
    std::size_t drawn = 0;                             // how many of them
    bool with_background = false;                      // the first layer's surface holds the background
    CairoSurface surface;
    bool used = false;                                 // in the frame being painted
  };
  void composite(cairo_t* cr, const Scene& scene, const Layer& layer, bool base);
  void replay(cairo_t* cr, const Scene& scene, const Layer& layer);

  // By the identity of the shape list, so that a layer keeps its surface wherever it comes in a
  // scene; dropped when a frame does not use it.
  std::vector<Cached> cache_;
};

// Draws one shape; exposed for the painter's own layers and for tests of text placement.
void draw_shape(cairo_t* cr, const Shape& shape);

}  // namespace convanim
