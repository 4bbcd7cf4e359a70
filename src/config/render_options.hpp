// The "render" object of a scenario and the render flags of the command line, read and checked in
// the same words, so that every command refuses the same bad values. The renderer resolves them
// against its defaults (renderer/render_settings.hpp).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "src/config/config_error.hpp"

namespace convanim {

enum class ViewKind { oblique, flat, stack, scatter, pair, matrix, receptive };
inline constexpr std::array<std::string_view, 7> view_names{"oblique", "flat",   "stack",    "scatter",
                                                            "pair",    "matrix", "receptive"};
// The renderer's theme table follows this order (renderer/scene/theme.cpp).
inline constexpr std::array<std::string_view, 4> theme_names{"solarized", "colorblind", "dark", "print"};
// Or a colour, "#RRGGBB".
inline constexpr std::array<std::string_view, 2> background_names{"white", "transparent"};

inline constexpr std::array<std::string_view, 2> motion_names{"step", "smooth"};

inline constexpr int min_cell_size = 8, max_cell_size = 200;
inline constexpr int min_frame_duration_ms = 10, max_frame_duration_ms = 60'000;
inline constexpr int min_fps = 1, max_fps = 60;
inline constexpr int min_canvas_side = 64, max_canvas_side = 8192;  // and even: every encoder takes it
inline constexpr std::size_t max_title_bytes = 200;
inline constexpr int max_decimals = 6;

// Each value set only where the config or a flag sets it.
struct RenderOptions {
  std::optional<ViewKind> view;
  std::optional<std::string_view> theme;  // one of theme_names
  std::optional<bool> transparent, labels, caption, loop;
  std::optional<std::array<int, 3>> background_rgb;  // "#RRGGBB": a colour of the user's, 0..255 each
  std::optional<int> cell_size, frame_duration_ms;
  std::optional<bool> smooth;
  std::optional<int> fps, transition_ms;
  std::vector<std::array<int, 2>> cells;  // the receptive view's units, [row, column]; empty: all
  std::optional<std::array<int, 2>> canvas;  // [width, height]: the figure scaled to fit, centred
  std::optional<std::string> title;          // a line above the figure
  std::optional<int> decimals;               // digits after the point; none: as many as a value needs
  std::optional<bool> show_zeros, equation;

  // Every value `over` sets replaces this one's.
  void merge(const RenderOptions& over);
};

// The "render" object; throws ConfigError naming the file and key.
RenderOptions read_render_options(const ConfigNode& render);

// The render flags as the command line gives them; each set one overrides the config.
struct RenderOverrides {
  std::optional<std::string> view, theme, background, motion, canvas, title;
  std::optional<bool> labels, caption, loop, show_zeros, equation;
  std::optional<int> cell_size, frame_duration_ms, fps, transition_ms, decimals;
};

// The flags checked like the config's keys; errors name the flag.
RenderOptions read_render_flags(const RenderOverrides& flags);
// The flags that were given, as JSON: what a batch's stamp records.
void to_json(nlohmann::json& out, const RenderOverrides& flags);

}  // namespace convanim
