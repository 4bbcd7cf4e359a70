#include "renderer/views/render_options.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "renderer/views/view_type.hpp"

namespace convanim {
namespace {

using Form = RenderOption::Form;

template <std::size_t N>
std::string_view entry(const std::array<std::string_view, N>& names, const std::string& name) {
  return *std::find(names.begin(), names.end(), name);
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "#RRGGBB" as three bytes; none for anything else.
std::optional<std::array<int, 3>> hex_colour(std::string_view text) {
  if (text.size() != 7 || text[0] != '#') return std::nullopt;
  std::array<int, 3> rgb{};
  for (std::size_t i = 0; i < 3; ++i) {
    const int high = hex_digit(text[1 + 2 * i]), low = hex_digit(text[2 + 2 * i]);
    if (high < 0 || low < 0) return std::nullopt;
    rgb[i] = high * 16 + low;
  }
  return rgb;
}

void read_view(const ConfigNode& node, RenderOptions& o) {
  std::vector<std::string_view> names;
  for (const ViewType* type : view_types()) names.push_back(type->name);
  o.view = node.choice(names);
}

void read_theme(const ConfigNode& node, RenderOptions& o) { o.theme = entry(theme_names, node.choice(theme_names)); }

// "white", "transparent" or "#RRGGBB".
void read_background(const ConfigNode& node, RenderOptions& o) {
  if (node.value.is_string())
    if (const auto rgb = hex_colour(node.value.get_ref<const std::string&>())) {
      o.transparent = false;
      o.background_rgb = rgb;
      return;
    }
  if (!node.value.is_string() || std::find(background_names.begin(), background_names.end(),
                                           node.value.get_ref<const std::string&>()) == background_names.end())
    node.fail(fmt::format("expected \"white\", \"transparent\" or a colour \"#RRGGBB\", got {}", node.describe()));
  o.transparent = node.value.get_ref<const std::string&>() == "transparent";
  o.background_rgb.reset();
}

int canvas_side(const ConfigNode& node) {
  const int side = node.integer(min_canvas_side, max_canvas_side);
  if (side % 2) node.fail(fmt::format("expected an even number of pixels (every encoder needs one), got {}", side));
  return side;
}

void read_canvas(const ConfigNode& node, RenderOptions& o) {
  if (!node.value.is_array() || node.value.size() != 2)
    node.fail(fmt::format("expected [width, height] in pixels, got {}", node.describe()));
  o.canvas = {canvas_side(node.child(std::size_t{0})), canvas_side(node.child(std::size_t{1}))};
}

// A line of text: printable, not too long for a line; empty for none (over a config's title).
void read_title(const ConfigNode& node, RenderOptions& o) {
  std::string title = node.string();
  if (title.size() > max_title_bytes)
    node.fail(fmt::format("expected a title of at most {} bytes, got {} bytes", max_title_bytes, title.size()));
  if (one_line(title) != title)  // escapes control characters, line separators and invalid UTF-8
    node.fail(fmt::format("expected one line of valid UTF-8 text, without control characters or line "
                          "separators, got \"{}\"",
                          escape_for_message(title, 60)));
  o.title = std::move(title);
}

// A unit is [row, column]; in 1-D also [column] or column alone (its row is 0, kept as -1 here
// until check_against knows whether the network is 1-D).
void read_cells(const ConfigNode& node, RenderOptions& o) {
  if (!node.value.is_array() || node.value.empty() || node.value.size() > max_receptive_cells)
    node.fail(fmt::format("expected [[row, column], ...] (in 1-D also [column, ...]), 1 to {} of the top layer's "
                          "units to draw, got {}",
                          max_receptive_cells, node.describe()));
  o.cells.clear();
  for (std::size_t i = 0; i < node.value.size(); ++i) {
    const ConfigNode cell = node.child(i);
    if (cell.value.is_number()) {
      o.cells.push_back({-1, cell.integer(0, 4096)});
      continue;
    }
    if (!cell.value.is_array() || cell.value.empty() || cell.value.size() > 2)
      cell.fail(fmt::format("expected [row, column] (in 1-D also [column] or column), got {}", cell.describe()));
    if (cell.value.size() == 1)
      o.cells.push_back({-1, cell.child(std::size_t{0}).integer(0, 4096)});
    else
      o.cells.push_back({cell.child(std::size_t{0}).integer(0, 4096), cell.child(std::size_t{1}).integer(0, 4096)});
  }
}

// The table. Help texts are what --help prints; `allowed` and the default go to the README too.
const RenderOption options[] = {
    {"view", "--view", Form::text, "NAME", "a view's name (see the views)", "chosen for the figure",
     "the view that draws the figure", read_view},
    {"theme", "--theme", Form::text, "NAME", "\"solarized\", \"colorblind\", \"dark\", \"print\"", "\"solarized\"",
     "the colours: solarized is the guide's, print tells cells apart by lightness alone", read_theme},
    {"background", "--background", Form::text, "COLOUR", "\"white\", \"transparent\" or \"#RRGGBB\"", "\"white\"",
     "behind the figure (transparent in PNG, SVG, PDF; GIF and MP4 take the theme's)", read_background},
    {"canvas", "--canvas", Form::size, "WxH", "[width, height]: even, 64 to 8192 pixels", "none",
     "the image exactly this size, the figure scaled to fit", read_canvas},
    {"title", "--title", Form::text, "TEXT", "one line of UTF-8, at most 200 bytes, no control characters or U+2028/U+2029", "none", "a line of text above the figure",
     read_title},
    {"labels", "--labels", Form::toggle, "", "true, false", "true", "label the input and output planes",
     [](const ConfigNode& n, RenderOptions& o) { o.labels = n.boolean(); }},
    {"caption", "--caption", Form::toggle, "", "true, false", "false",
     "write the operation and its output size below the figure",
     [](const ConfigNode& n, RenderOptions& o) { o.caption = n.boolean(); }},
    {"equation", "--equation", Form::toggle, "", "true, false", "false",
     "write each step's arithmetic under the figure",
     [](const ConfigNode& n, RenderOptions& o) { o.equation = n.boolean(); }},
    {"show_zeros", "--show-zeros", Form::toggle, "", "true, false", "false",
     "write 0 in padding and inserted zeros",
     [](const ConfigNode& n, RenderOptions& o) { o.show_zeros = n.boolean(); }},
    {"decimals", "--decimals", Form::number, "N", "0 to 6", "as many as a value needs", "digits after the point",
     [](const ConfigNode& n, RenderOptions& o) { o.decimals = n.integer(0, max_decimals); }},
    {"cell_size", "--cell-size", Form::number, "PX", "8 to 200", "31 (oblique), 44 (flat)", "pixels per cell",
     [](const ConfigNode& n, RenderOptions& o) { o.cell_size = n.integer(min_cell_size, max_cell_size); }},
    {"loop", "--loop", Form::toggle, "", "true, false", "true", "loop the GIF forever",
     [](const ConfigNode& n, RenderOptions& o) { o.loop = n.boolean(); }},
    {"frame_duration", "--frame-duration", Form::number, "MS", "10 to 60000", "1000",
     "milliseconds each step is shown",
     [](const ConfigNode& n, RenderOptions& o) {
       o.frame_duration_ms = n.integer(min_frame_duration_ms, max_frame_duration_ms);
     }},
    {"motion", "--motion", Form::text, "NAME", "\"step\", \"smooth\"", "\"step\"",
     "jump from step to step, or glide between them (GIF and MP4)",
     [](const ConfigNode& n, RenderOptions& o) { o.smooth = n.choice(motion_names) == "smooth"; }},
    {"fps", "--fps", Form::number, "N", "1 to 60", "30", "frames a second of smooth motion",
     [](const ConfigNode& n, RenderOptions& o) { o.fps = n.integer(min_fps, max_fps); }},
    {"transition_ms", "--transition", Form::number, "MS", "0 to 60000, less than a step",
     "300, or half a step when shorter", "smooth motion: milliseconds of each step spent moving",
     [](const ConfigNode& n, RenderOptions& o) { o.transition_ms = n.integer(0, max_frame_duration_ms); }},
    {"cells", "", Form::none, "", "[[row, column], ...] of the top layer's output; in 1-D also [column, ...]", "every unit",
     "a network's top units to draw, one a frame", read_cells},
};

std::vector<std::string_view> option_keys() {
  std::vector<std::string_view> keys;
  for (const RenderOption& option : options) keys.push_back(option.key);
  return keys;
}

// Whether the options suit the config: the view draws it; "cells" are a network's top units.
void check_against(const RenderOptions& o, const Config& config, std::string_view source,
                   const std::function<std::string(std::string_view key)>& path_of) {
  if (o.view) check_view_draws(*find_view_type(*o.view), config, source, path_of("view"));
  if (o.cells.empty()) return;
  const Network* network = config.network();
  if (!network)
    throw ConfigError(source, path_of("cells"),
                      "\"cells\" picks the units of a network's top layer to draw; a scenario draws every step");
  const Scenario& top = network->layers.back();
  const bool one_d = network->dims() == 1;
  for (std::size_t i = 0; i < o.cells.size(); ++i) {
    const auto [row, col] = o.cells[i];
    if (row < 0 && !one_d)
      throw ConfigError(source, fmt::format("{}/{}", path_of("cells"), i),
                        fmt::format("a unit of a 2-D network is [row, column], got a column alone ({})", col));
    if (one_d && row <= 0 && col >= top.output_width())
      throw ConfigError(source, fmt::format("{}/{}", path_of("cells"), i),
                        fmt::format("{} is outside the top layer's output, of length {}; allowed: 0 to {}", col,
                                    top.output_width(), top.output_width() - 1));
    if (row >= top.output_height() || col >= top.output_width())
      throw ConfigError(
          source, fmt::format("{}/{}", path_of("cells"), i),
          fmt::format("[{}, {}] is outside the top layer's output, {} x {}; allowed: rows 0 to {}, columns 0 to {}",
                      row, col, top.output_height(), top.output_width(), top.output_height() - 1,
                      top.output_width() - 1));
  }
}

}  // namespace

void RenderOptions::merge(const RenderOptions& over) {
  const auto take = [](auto& mine, const auto& theirs) {
    if (theirs) mine = theirs;
  };
  take(view, over.view);
  take(theme, over.theme);
  take(transparent, over.transparent);
  if (over.transparent) background_rgb = over.background_rgb;  // "white" after "#RRGGBB" undoes the colour
  take(labels, over.labels);
  take(caption, over.caption);
  take(loop, over.loop);
  take(cell_size, over.cell_size);
  take(frame_duration_ms, over.frame_duration_ms);
  take(smooth, over.smooth);
  take(fps, over.fps);
  take(transition_ms, over.transition_ms);
  if (!over.cells.empty()) cells = over.cells;
  take(canvas, over.canvas);
  take(title, over.title);
  take(decimals, over.decimals);
  take(show_zeros, over.show_zeros);
  take(equation, over.equation);
}

std::span<const RenderOption> render_option_table() { return options; }

const RenderOption* find_render_option(std::string_view key) {
  for (const RenderOption& option : options)
    if (option.key == key) return &option;
  return nullptr;
}

nlohmann::json flag_value(const RenderOption& option, const std::string& text) {
  const auto number = [](std::string_view digits) -> std::optional<long long> {
    long long value = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || error != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
    return value;
  };
  switch (option.form) {
    case Form::number:
      if (const auto value = number(text)) return *value;
      return text;
    case Form::size:
      if (const std::size_t x = text.find_first_of("xX"); x != std::string::npos)
        if (const auto w = number(std::string_view(text).substr(0, x)), h = number(std::string_view(text).substr(x + 1));
            w && h && *w >= 0 && *h >= 0)
          return nlohmann::json::array({*w, *h});
      return text;
    case Form::toggle: return text == "true";
    default: return text;
  }
}

std::string flag_text(const RenderOption& option, const nlohmann::json& value) {
  if (option.form == Form::size && value.is_array() && value.size() == 2)
    return fmt::format("{}x{}", value[0].dump(), value[1].dump());
  return value.is_string() ? value.get<std::string>() : value.dump();
}

std::string RenderOverrides::path_of(std::string_view key) const {
  if (!by_flag) return fmt::format("/render/{}", key);
  const RenderOption* option = find_render_option(key);
  return option && !option->flag.empty() ? std::string(option->flag) : std::string(key);
}

RenderOptions read_render_options(const Config& config) {
  RenderOptions o;
  if (config.render.is_null()) return o;
  const ConfigNode render{config.render, "/render", config.source};
  const std::vector<std::string_view> keys = option_keys();
  render.expect_keys(keys);
  for (const RenderOption& option : options)
    if (config.render.contains(option.key)) option.read(render.child(option.key), o);
  check_against(o, config, config.source, [](std::string_view key) { return fmt::format("/render/{}", key); });
  return o;
}

RenderOptions read_render_overrides(const RenderOverrides& overrides, const Config& config) {
  RenderOptions o;
  for (const auto& [key, value] : overrides.values) {
    const RenderOption* option = find_render_option(key);
    if (!option) {
      const std::vector<std::string_view> keys = option_keys();
      throw ConfigError(overrides.source, overrides.path_of(key),
                        fmt::format("unknown render option; allowed: {}", quoted_list(keys)));
    }
    option->read(ConfigNode{value, overrides.path_of(key), overrides.source}, o);
  }
  check_against(o, config, overrides.source, [&](std::string_view key) { return overrides.path_of(key); });
  return o;
}

std::vector<std::string> override_flags(const RenderOverrides& overrides) {
  std::vector<std::string> words;
  for (const RenderOption& option : options) {
    const auto found = overrides.values.find(option.key);
    if (found == overrides.values.end() || option.flag.empty()) continue;
    if (option.form == Form::toggle) {
      words.push_back(found->second == true ? std::string(option.flag)
                                            : fmt::format("--no-{}", option.flag.substr(2)));
      continue;
    }
    words.push_back(std::string(option.flag));
    words.push_back(flag_text(option, found->second));
  }
  return words;
}

}  // namespace convanim
