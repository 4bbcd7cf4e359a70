// The "render" object of a scenario, checked once, with command-line overrides on top.
#pragma once

#include <optional>
#include <string>

#include "renderer/scene/theme.hpp"
#include "src/config/scenario.hpp"

namespace convanim {

enum class View { oblique, flat };

struct RenderSettings {
  View view = View::oblique;
  const Theme* theme = &themes()[0];
  bool labels = true;
  bool caption = false;
  int cell_size = 0;  // pixels per cell; 0 until resolved (see default_cell_size)
  int frame_duration_ms = 1000;
  bool transparent = false;  // background: PNG, SVG and PDF only; GIF and MP4 get the theme's
  bool loop = true;
};

// Default cell sizes that make the guide's figures about the size of the published ones (about 31
// px along a cell edge in the oblique figures at 150 dpi), and leave room for values when flat.
inline constexpr int default_oblique_cell_size = 31;
inline constexpr int default_flat_cell_size = 44;
inline constexpr int min_cell_size = 8, max_cell_size = 200;
inline constexpr int min_frame_duration_ms = 10, max_frame_duration_ms = 60'000;

// Flags given on the command line; each set one overrides the config.
struct RenderOverrides {
  std::optional<std::string> view, theme, background;
  std::optional<bool> labels, caption, loop;
  std::optional<int> cell_size, frame_duration_ms;
};

// Defaults, then the scenario's "render" object, then the overrides. Throws ConfigError naming the
// config file and key (or the flag).
RenderSettings resolve_render_settings(const Scenario& scenario, const RenderOverrides& overrides = {});

}  // namespace convanim
