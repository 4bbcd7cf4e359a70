#include "renderer/render_settings.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace convanim {

namespace {
// Smooth motion gives every step a frame of its own on its grid: at least this many frames a second.
int rate_for_every_step(int frame_duration_ms) { return (1000 + frame_duration_ms - 1) / frame_duration_ms; }

// Everything but the view and the cell size, which depend on what is drawn. `source` names the
// config, and `flags` what came from the command line, for a bad combination of values.
RenderSettings common_settings(const RenderOptions& chosen, std::string_view source, const RenderOptions& flags) {
  const auto error = [&](bool by_flag, std::string_view flag, std::string_view key, const std::string& message) {
    return ConfigError(by_flag ? "command line" : source, by_flag ? flag : key, message);
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
    throw error(by_fps ? flags.fps.has_value() : flags.frame_duration_ms.has_value(), by_fps ? "--fps" : "--frame-duration",
                by_fps ? "/render/fps" : "/render/frame_duration",
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
    throw error(flags.transition_ms || flags.frame_duration_ms, "--transition", "/render/transition_ms",
                fmt::format("a move of {} ms does not fit a step of {} ms; allowed: 0 to {}", settings.transition_ms,
                            settings.frame_duration_ms, settings.frame_duration_ms - 1));
  return settings;
}
}  // namespace

RenderSettings resolve_render_settings(const Network& n, const RenderOverrides& flags) {
  RenderOptions chosen = n.render;
  const RenderOptions from_flags = read_render_flags(flags);
  if (from_flags.view && *from_flags.view != ViewKind::receptive)
    throw ConfigError("command line", "--view", "a network is drawn by the \"receptive\" view; allowed: \"receptive\"");
  chosen.merge(from_flags);
  RenderSettings settings = common_settings(chosen, n.source, from_flags);
  settings.view = ViewKind::receptive;
  settings.cell_size = chosen.cell_size.value_or(n.dims() == 1 ? default_flat_cell_size : default_oblique_cell_size);
  return settings;
}

RenderSettings resolve_render_settings(const Scenario& s, const RenderOverrides& flags) {
  RenderOptions chosen = s.render;
  const RenderOptions from_flags = read_render_flags(flags);
  if (from_flags.view) check_view(s, *from_flags.view, "command line", "--view");
  chosen.merge(from_flags);
  RenderSettings settings = common_settings(chosen, s.source, from_flags);
  // The guide draws numerical figures flat and arithmetic ones oblique; channels make a stack.
  const bool channels = s.in_channels > 1 || s.out_channels > 1;
  settings.view = chosen.view.value_or(s.values || s.symbolic ? ViewKind::flat : channels ? ViewKind::stack : ViewKind::oblique);
  // 1-D scenarios are drawn flat, as strips; the matrix is flat, and so is a scatter with values.
  const bool flat = settings.view == ViewKind::flat || settings.view == ViewKind::matrix || s.dims == 1 ||
                    (settings.view == ViewKind::scatter && s.values);
  settings.cell_size = chosen.cell_size.value_or(flat ? default_flat_cell_size : default_oblique_cell_size);
  return settings;
}

}  // namespace convanim
