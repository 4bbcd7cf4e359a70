#include "renderer/views/render_settings.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "renderer/views/view_type.hpp"

namespace convanim {

namespace {
// Smooth motion gives every step a frame of its own on its grid: at least this many frames a second.
int rate_for_every_step(int frame_duration_ms) { return (1000 + frame_duration_ms - 1) / frame_duration_ms; }

// Everything but the view and the cell size, which depend on what is drawn. `source` names the
// config, and `given` what the overrides set, for a bad combination of values.
RenderSettings common_settings(const RenderOptions& chosen, std::string_view source, const RenderOverrides& overrides,
                               const RenderOptions& given) {
  const auto error = [&](bool overridden, std::string_view key, const std::string& message) {
    return overridden ? ConfigError(overrides.source, overrides.path_of(key), message)
                      : ConfigError(source, fmt::format("/render/{}", key), message);
  };
  RenderSettings settings;
  if (chosen.theme) settings.theme = builtin_theme(*find_theme(*chosen.theme));
  if (chosen.background_rgb) {
    const auto& [r, g, b] = *chosen.background_rgb;
    settings.theme = with_background(*settings.theme, Colour::rgb(r, g, b));
  }
  settings.canvas = chosen.canvas;
  settings.title = chosen.title.value_or("");
  settings.decimals = chosen.decimals;
  settings.show_zeros = chosen.show_zeros.value_or(false);
  settings.equation = chosen.equation.value_or(false);
  settings.labels = chosen.labels.value_or(settings.labels);
  settings.caption = chosen.caption.value_or(settings.caption);
  settings.loop = chosen.loop.value_or(settings.loop);
  settings.transparent = chosen.transparent.value_or(settings.transparent);
  settings.frame_duration_ms = chosen.frame_duration_ms.value_or(settings.frame_duration_ms);
  settings.smooth = chosen.smooth.value_or(false);
  const int needed = rate_for_every_step(settings.frame_duration_ms);
  settings.fps = chosen.fps.value_or(settings.smooth ? std::max(settings.fps, needed) : settings.fps);
  if (settings.smooth && settings.fps < needed) {
    const bool by_fps = chosen.fps.has_value();
    throw error(by_fps ? given.fps.has_value() : given.frame_duration_ms.has_value(), by_fps ? "fps" : "frame_duration",
                by_fps ? fmt::format("{} frames a second would skip steps of {} ms; allowed: {} to {}", settings.fps,
                                     settings.frame_duration_ms, needed, max_fps)
                       : fmt::format("a step of {} ms is shorter than a frame at {} frames a second; allowed: {} to {}",
                                     settings.frame_duration_ms, settings.fps,
                                     rate_for_every_step(settings.fps) , max_frame_duration_ms));
  }
  // The default move takes 300 ms, or half a step when steps are shorter than 600 ms.
  settings.transition_ms = chosen.transition_ms.value_or(std::min(settings.transition_ms, settings.frame_duration_ms / 2));
  settings.cells = chosen.cells;
  settings.cell_size_given = chosen.cell_size.has_value();
  if (settings.transition_ms >= settings.frame_duration_ms)
    throw error(given.transition_ms || given.frame_duration_ms, "transition_ms",
                fmt::format("a move of {} ms does not fit a step of {} ms; allowed: 0 to {}", settings.transition_ms,
                            settings.frame_duration_ms, settings.frame_duration_ms - 1));
  return settings;
}
}  // namespace

RenderSettings resolve_render_settings(const Config& config, const RenderOverrides& overrides) {
  RenderOptions chosen = read_render_options(config);
  const RenderOptions given = read_render_overrides(overrides, config);
  chosen.merge(given);
  RenderSettings settings = common_settings(chosen, config.source, overrides, given);
  const ViewType& view = chosen.view ? *find_view_type(*chosen.view) : default_view_type(config);
  settings.view = view.name;
  settings.cell_size = chosen.cell_size.value_or(view.cell_size(config));
  return settings;
}

}  // namespace convanim
