// The painter: draws any scene with Cairo and Pango, the only code that does (this folder owns both
// libraries). It knows nothing of planes, kernels or views; its owner says how it keeps the layers
// that do not change (LayerCache), never what it paints for.
#pragma once

#include <memory>
#include <vector>

#include <cairo.h>

#include "renderer/cairo/cairo_handles.hpp"
#include "renderer/scene/scene.hpp"

namespace convanim {

// How a painter keeps the layers that do not change from frame to frame.
//   pixels:     each fixed layer is drawn once into an image surface of its own and composited in
//               every frame after, and a growing layer's surface gets only its new shapes (for an
//               image surface only);
//   recordings: a fixed layer is recorded once, as vectors, and painted from the recording, which
//               Cairo's PDF surface writes once for all pages, as a form XObject;
//   none:       every layer drawn in full (SVG: a file a page, and Cairo 1.16's SVG surface leaks
//               recordings painted on it).
enum class LayerCache { pixels, recordings, none };

// One painter per target: it keeps the surfaces of the layers it last drew.
class Painter {
 public:
  explicit Painter(LayerCache cache) : mode_(cache) {}
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

  LayerCache mode_;
  // By the identity of the shape list, so that a layer keeps its surface wherever it comes in a
  // scene; dropped when a frame does not use it.
  std::vector<Cached> cache_;
};

// Draws one shape; exposed for the painter's own layers and for tests of text placement.
void draw_shape(cairo_t* cr, const Shape& shape);
// Where a text's ink lands as Pango lays it out, in the scene's coordinates, drawn at `scale` (a
// canvas's): what the views' font-free estimate (bounds_of) must hold.
Box text_ink(const Text& text, double scale = 1);

}  // namespace convanim
