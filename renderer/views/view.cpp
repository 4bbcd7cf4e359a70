#include "renderer/views/view.hpp"

#include <stdexcept>
#include <string>

#include "renderer/views/view_type.hpp"
#include "renderer/views/views.hpp"

namespace convanim {

const Plane& View::plane(std::string_view name) const {
  for (const Plane& p : planes_)
    if (p.name == name) return p;
  throw std::out_of_range("the view has no plane named \"" + std::string(name) + "\"");
}

std::unique_ptr<View> make_view(const NetworkTrace& trace, const RenderSettings& settings, Build build) {
  return frame_on_canvas(find_view_type(settings.view)->make_network(trace, settings, build), settings, build);
}

std::unique_ptr<View> make_view(const Trace& trace, const RenderSettings& settings, Build build) {
  return frame_on_canvas(find_view_type(settings.view)->make(trace, settings, build), settings, build);
}

std::unique_ptr<View> make_depth_view(const Trace& trace, const RenderSettings& settings, Build build) {
  const Scenario& s = trace.scenario;
  if (s.dims == 1) return make_strips_view(trace, settings, build);
  const bool channels = s.in_channels > 1 || s.out_channels > 1;
  return channels ? make_stack_view(trace, settings, build) : make_oblique_view(trace, settings, build);
}

int depth_cell_size(const Config& config) {
  const bool one_d = config.network() ? config.network()->dims() == 1 : config.scenario()->dims == 1;
  return one_d ? default_flat_cell_size : default_oblique_cell_size;
}

}  // namespace convanim
