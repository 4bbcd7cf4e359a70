// The settings a figure is drawn with: the renderer's defaults, then the config's "render" object,
// then the overrides (command-line flags or keyword arguments), all read and checked by
// render_options.hpp.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>

#include "renderer/scene/theme.hpp"
#include "renderer/views/render_options.hpp"
#include "src/config/config.hpp"

namespace convanim {

struct RenderSettings {
  std::string view = "oblique";  // a registered view's name (view_type.hpp)
  // One of themes(), or one derived from it for a background colour of the user's.
  std::shared_ptr<const Theme> theme = builtin_theme(themes()[0]);
  bool labels = true;
  bool caption = false;
  int cell_size = 0;  // pixels per cell; 0 until resolved (ViewType::cell_size gives the default)
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

// Defaults, then the config's "render" object, then the overrides. Throws ConfigError naming the key
// or the flag.
RenderSettings resolve_render_settings(const Config& config, const RenderOverrides& overrides = {});

}  // namespace convanim
