// The render options: how a figure is drawn, from a config's "render" object, the flags of `render`
// and `batch`, or the keyword arguments of the Python module. Each option is declared once, in the
// table of render_options.cpp (its key, its flag, what it allows, its default and its help); the
// config reader, the flags, their --help and the README's table all come from that table, so every
// way in refuses the same bad values in the same words. The renderer resolves the options against
// its defaults (render_settings.hpp).
#pragma once

#include <array>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "src/config/config.hpp"
#include "src/config/config_error.hpp"

namespace convanim {

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
inline constexpr std::size_t max_receptive_cells = 4096;

// Each value set only where the config or an override sets it.
struct RenderOptions {
  std::optional<std::string> view;        // a registered view's name (renderer/views/view_type.hpp)
  std::optional<std::string_view> theme;  // one of theme_names
  std::optional<bool> transparent, labels, caption, loop;
  std::optional<std::array<int, 3>> background_rgb;  // "#RRGGBB": a colour of the user's, 0..255 each
  std::optional<int> cell_size, frame_duration_ms;
  std::optional<bool> smooth;
  std::optional<int> fps, transition_ms;
  std::vector<std::array<int, 2>> cells;     // the receptive view's units, [row, column]; empty: all
  std::optional<std::array<int, 2>> canvas;  // [width, height]: the figure scaled to fit, centred
  std::optional<std::string> title;          // a line above the figure; "" clears the config's
  std::optional<int> decimals;               // digits after the point; none: as many as a value needs
  std::optional<bool> show_zeros, equation;

  // Every value `over` sets replaces this one's.
  void merge(const RenderOptions& over);
};

// One render option, as the table declares it.
struct RenderOption {
  // How the flag takes its value on the command line.
  enum class Form {
    number,  // --cell-size 20
    text,    // --theme dark
    size,    // --canvas 1920x1080, the key's [1920, 1080]
    toggle,  // --labels / --no-labels
    none,    // no flag: the config only
  };
  std::string_view key;           // in the "render" object
  std::string_view flag;          // "--cell-size"
  Form form;
  std::string_view value_name;    // in --help: "N", "WxH"
  std::string_view allowed;       // in the README's table
  std::string_view default_text;  // in --help and the README
  std::string_view help;
  // Checks the value at `node` and sets it; throws ConfigError naming the node.
  void (*read)(const ConfigNode& node, RenderOptions& into);
};

// Every option, in the order --help and the README list them.
std::span<const RenderOption> render_option_table();
const RenderOption* find_render_option(std::string_view key);

// A flag's text as the key's JSON value (--canvas 1920x1080 -> [1920, 1080], --decimals 2 -> 2);
// what cannot be read so is kept as a string, for the key's check to refuse in its own words.
nlohmann::json flag_value(const RenderOption& option, const std::string& text);
// The other way, for a command line that repeats the options: "1920x1080", "2", "dark".
std::string flag_text(const RenderOption& option, const nlohmann::json& value);

// Render values given over the config's: the flags of the command line (errors name the flag), or
// a program's keyword arguments (errors name the key, under `source`).
struct RenderOverrides {
  std::string source = "command line";
  bool by_flag = true;
  std::map<std::string, nlohmann::json, std::less<>> values;  // by key

  RenderOverrides& set(std::string_view key, nlohmann::json value) {
    values.insert_or_assign(std::string(key), std::move(value));
    return *this;
  }
  bool has(std::string_view key) const { return values.find(key) != values.end(); }
  // Where an error about `key` points: "--cell-size", or "/render/cell_size".
  std::string path_of(std::string_view key) const;
};

// The options a config's "render" object sets, checked against the config: a view that can draw it,
// "cells" only for a network and inside its top layer. Throws ConfigError naming the file and key.
RenderOptions read_render_options(const Config& config);
// The same for overrides (errors name the flag or the key).
RenderOptions read_render_overrides(const RenderOverrides& overrides, const Config& config);

// The overrides as the words of a command line: " --theme dark --no-labels".
std::vector<std::string> override_flags(const RenderOverrides& overrides);

}  // namespace convanim
