#include "renderer/render_settings.hpp"

#include <vector>

#include <fmt/format.h>

namespace convanim {

RenderSettings resolve_render_settings(const Scenario& s, const RenderOverrides& flags) {
  RenderOptions chosen = s.render;
  chosen.merge(read_render_flags(flags));
  RenderSettings settings;
  // The guide draws numerical figures flat and arithmetic ones oblique; channels make a stack.
  const bool channels = s.in_channels > 1 || s.out_channels > 1;
  settings.view = chosen.view.value_or(s.values ? ViewKind::flat : channels ? ViewKind::stack : ViewKind::oblique);
  if (chosen.theme) settings.theme = find_theme(*chosen.theme);
  settings.labels = chosen.labels.value_or(settings.labels);
  settings.caption = chosen.caption.value_or(settings.caption);
  settings.loop = chosen.loop.value_or(settings.loop);
  settings.transparent = chosen.transparent.value_or(settings.transparent);
  settings.frame_duration_ms = chosen.frame_duration_ms.value_or(settings.frame_duration_ms);
  // 1-D scenarios are drawn flat, as strips.
  const bool flat = settings.view == ViewKind::flat || s.dims == 1;
  settings.cell_size = chosen.cell_size.value_or(flat ? default_flat_cell_size : default_oblique_cell_size);
  return settings;
}

}  // namespace convanim
