#include "renderer/views/figure.hpp"

namespace convanim {

namespace {
// The figure's view, or the size of the one it would have.
std::unique_ptr<View> view_of(const Figure& figure, const RenderSettings& settings, Build build) {
  return figure.network ? make_view(*figure.network, settings, build) : make_view(figure.trace, settings, build);
}
}  // namespace

Figure::Figure(const Config& config, const RenderOverrides& overrides)
    : name(config.name()), source(config.source), settings(resolve_render_settings(config, overrides)),
      cell_size_from_flag(overrides.has("cell_size")), canvas_from_flag(overrides.has("canvas")) {
  if (const Network* n = config.network()) network = simulate_network(*n);
  else trace = simulate(*config.scenario());
  check_frame_size(render_cost(*this));
  view = view_of(*this, settings, Build::scenes);
}

std::size_t frame_count(const Config& config, const RenderOverrides& overrides) {
  const RenderSettings settings = resolve_render_settings(config, overrides);
  if (const Network* n = config.network()) return make_view(simulate_network(*n), settings, Build::size_only)->frame_count();
  return make_view(simulate(*config.scenario()), settings, Build::size_only)->frame_count();
}

RenderCost render_cost(const Figure& figure) {
  return {figure.source, figure.settings, figure.cell_size_from_flag, figure.canvas_from_flag, [&figure](int cell_size) {
            RenderSettings at = figure.settings;
            at.cell_size = cell_size;
            at.canvas.reset();
            const auto view = view_of(figure, at, Build::size_only);
            return std::pair{view->width(), view->height()};
          }};
}

}  // namespace convanim
