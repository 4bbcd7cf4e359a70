#include "renderer/views/view.hpp"

#include <stdexcept>
#include <string>

#include "renderer/views/views.hpp"

namespace convanim {

const Plane& View::plane(std::string_view name) const {
  for (const Plane& p : planes_)
    if (p.name == name) return p;
  throw std::out_of_range("the view has no plane named \"" + std::string(name) + "\"");
}

std::unique_ptr<View> make_view(const Trace& trace, const RenderSettings& settings, Build build) {
  switch (settings.view) {
    case ViewKind::oblique: return make_oblique_view(trace, settings, build);
    case ViewKind::flat: return make_flat_view(trace, settings, build);
  }
  return make_oblique_view(trace, settings, build);
}

}  // namespace convanim
