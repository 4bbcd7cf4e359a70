// The settings a figure is drawn with: the renderer's defaults, then the scenario's "render" object,
// then the command-line flags (both read and checked by src/config/render_options).
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>

#include "renderer/scene/theme.hpp"
#include "src/config/render_options.hpp"
#include "src/config/network.hpp"
#include "src/config/scenario.hpp"

namespace convanim {

struct RenderSettings {
  ViewKind view = ViewKind::oblique;
  // One of themes(), or one derived from it for a background colour of the user's.
  std::shared_ptr<const Theme> theme = builtin_theme(themes()[0]);
  bool labels = true;
  bool caption = false;
  int cell_size = 0;  // pixels per cell; 0 until resolved (see default_cell_size)
  bool cell_size_given = false;  // by the config or a flag; a view may scale its own default otherwise
  int frame_duration_ms = 1000;
  bool transparent = false;  // background: PNG, SVG and PDF only; GIF and MP4 get the theme's
  bool loop = true;
  bool smooth = false;      // glide from step to step (GIF and MP4); else jump
  // Frames a second of smooth motion. Stepped motion has a frame per step whatever it is (the MP4's
  // rate is variable too); it only sets the timeline's ticks, 1000 a frame (motion.hpp).
  int fps = 30;
  int transition_ms = 300;  // the part of each step spent moving
  std::vector<std::array<int, 2>> cells;  // the receptive view's units; empty: every one
  std::optional<std::array<int, 2>> canvas;  // [width, height]: the figure scaled to fit, centred
  std::string title;                         // a line above the figure; empty: none
  std::optional<int> decimals;               // digits after the point; none: as many as a value needs
  bool show_zeros = false;                   // 0 written in padding and inserted zeros
  bool equation = false;                     // the step's arithmetic in a line under the figure
};

// Default cell sizes that make the guide's figures about the size of the published ones (about 31
// px along a cell edge in the oblique figures at 150 dpi), and leave room for values when flat.
inline constexpr int default_oblique_cell_size = 31;
inline constexpr int default_flat_cell_size = 44;

// Defaults, then the scenario's "render" object, then the flags. Throws ConfigError naming the flag
// when one is bad (the scenario's own values were checked when it was read).
RenderSettings resolve_render_settings(const Scenario& scenario, const RenderOverrides& overrides = {});
// The same for a network, which the receptive view draws.
RenderSettings resolve_render_settings(const Network& network, const RenderOverrides& overrides = {});

}  // namespace convanim
