#include "renderer/render_settings.hpp"

#include <vector>

#include <fmt/format.h>

namespace convanim {

namespace {
// Everything but the view and the cell size, which depend on what is drawn.
RenderSettings common_settings(const RenderOptions& chosen) {
  RenderSettings settings;
  if (chosen.theme) settings.theme = find_theme(*chosen.theme);
  settings.labels = chosen.labels.value_or(settings.labels);
  settings.caption = chosen.caption.value_or(settings.caption);
  settings.loop = chosen.loop.value_or(settings.loop);
  settings.transparent = chosen.transparent.value_or(settings.transparent);
  settings.frame_duration_ms = chosen.frame_duration_ms.value_or(settings.frame_duration_ms);
  settings.cells = chosen.cells;
  settings.cell_size_given = chosen.cell_size.has_value();
  return settings;
}
}  // namespace

RenderSettings resolve_render_settings(const Network& n, const RenderOverrides& flags) {
  RenderOptions chosen = n.render;
  const RenderOptions from_flags = read_render_flags(flags);
  if (from_flags.view && *from_flags.view != ViewKind::receptive)
    throw ConfigError("command line", "--view", "a network is drawn by the \"receptive\" view; allowed: \"receptive\"");
  chosen.merge(from_flags);
  RenderSettings settings = common_settings(chosen);
  settings.view = ViewKind::receptive;
  settings.cell_size = chosen.cell_size.value_or(n.dims() == 1 ? default_flat_cell_size : default_oblique_cell_size);
  return settings;
}

RenderSettings resolve_render_settings(const Scenario& s, const RenderOverrides& flags) {
  RenderOptions chosen = s.render;
  const RenderOptions from_flags = read_render_flags(flags);
  if (from_flags.view) check_view(s, *from_flags.view, "command line", "--view");
  chosen.merge(from_flags);
  RenderSettings settings = common_settings(chosen);
  // The guide draws numerical figures flat and arithmetic ones oblique; channels make a stack.
  const bool channels = s.in_channels > 1 || s.out_channels > 1;
  settings.view = chosen.view.value_or(s.values ? ViewKind::flat : channels ? ViewKind::stack : ViewKind::oblique);
  // 1-D scenarios are drawn flat, as strips; the matrix is flat, and so is a scatter with values.
  const bool flat = settings.view == ViewKind::flat || settings.view == ViewKind::matrix || s.dims == 1 ||
                    (settings.view == ViewKind::scatter && s.values);
  settings.cell_size = chosen.cell_size.value_or(flat ? default_flat_cell_size : default_oblique_cell_size);
  return settings;
}

}  // namespace convanim
