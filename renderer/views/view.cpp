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

std::unique_ptr<View> make_view(const NetworkTrace& trace, const RenderSettings& settings, Build build) {
  return frame_on_canvas(make_receptive_view(trace, settings, build), settings, build);
}

namespace {
std::unique_ptr<View> make_figure_view(const Trace& trace, const RenderSettings& settings, Build build) {
  const Scenario& s = trace.scenario;
  const bool channels = s.in_channels > 1 || s.out_channels > 1;
  switch (settings.view) {
    case ViewKind::scatter: return make_scatter_view(trace, settings, build);
    case ViewKind::pair: return make_pair_view(trace, settings, build);
    case ViewKind::matrix: return make_matrix_view(trace, settings, build);
    default: break;
  }
  if (s.dims == 1) return make_strips_view(trace, settings, build);  // a row of cells draws best flat
  switch (settings.view) {
    case ViewKind::flat:
      return channels ? make_channel_columns_view(trace, settings, build) : make_flat_view(trace, settings, build);
    default:
      return channels ? make_stack_view(trace, settings, build) : make_oblique_view(trace, settings, build);
  }
  return make_oblique_view(trace, settings, build);
}
}  // namespace

std::unique_ptr<View> make_view(const Trace& trace, const RenderSettings& settings, Build build) {
  return frame_on_canvas(make_figure_view(trace, settings, build), settings, build);
}

}  // namespace convanim
