#include "src/config/render_options.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace convanim {
namespace {

constexpr std::string_view flags_source = "command line";

const std::initializer_list<std::string_view> render_keys{
    "view", "theme", "labels", "caption", "cell_size", "frame_duration", "background", "loop", "cells",
    "motion", "fps", "transition_ms", "canvas", "title", "decimals", "show_zeros", "equation"};

template <std::size_t N>
std::size_t index_of(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::size_t(std::find(names.begin(), names.end(), name) - names.begin());
}

// The entry of `names` that a checked choice returned, as a view into the table (which outlives it).
template <std::size_t N>
std::string_view entry(const std::array<std::string_view, N>& names, std::string_view name) {
  return names[index_of(names, name)];
}

// A flag's string checked as the config's value would be, named by the flag.
template <std::size_t N>
std::string_view flag_choice(std::string_view flag, const std::string& value,
                             const std::array<std::string_view, N>& names) {
  const nlohmann::json json = value;
  return entry(names, ConfigNode{json, std::string(flag), flags_source}.choice(names));
}

int flag_bounded(std::string_view flag, int value, int min, int max) {
  if (value < min || value > max)
    throw ConfigError(flags_source, flag, fmt::format("expected {} to {}, got {}", min, max, value));
  return value;
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

// "white", "transparent" or "#RRGGBB", into the options.
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
}

int canvas_side(const ConfigNode& node) {
  const int side = node.integer(min_canvas_side, max_canvas_side);
  if (side % 2) node.fail(fmt::format("expected an even number of pixels (every encoder needs one), got {}", side));
  return side;
}

// A line of text: printable, not too long for a line.
std::string read_title(const ConfigNode& node) {
  std::string title = node.string();
  if (title.empty() || title.size() > max_title_bytes)
    node.fail(fmt::format("expected a title of 1 to {} bytes, got {} bytes", max_title_bytes, title.size()));
  if (one_line(title) != title)  // escapes control characters and bytes that are not UTF-8
    node.fail(fmt::format("expected one line of UTF-8 text, without control characters, got \"{}\"",
                          escape_for_message(title, 60)));
  return title;
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

RenderOptions read_render_options(const ConfigNode& render) {
  render.expect_keys(render_keys);
  RenderOptions o;
  const auto has = [&](std::string_view key) { return render.value.contains(key); };
  if (has("view")) o.view = ViewKind(index_of(view_names, render.child("view").choice(view_names)));
  if (has("theme")) o.theme = entry(theme_names, render.child("theme").choice(theme_names));
  if (has("labels")) o.labels = render.child("labels").boolean();
  if (has("caption")) o.caption = render.child("caption").boolean();
  if (has("cell_size")) o.cell_size = render.child("cell_size").integer(min_cell_size, max_cell_size);
  if (has("frame_duration"))
    o.frame_duration_ms = render.child("frame_duration").integer(min_frame_duration_ms, max_frame_duration_ms);
  if (has("background")) read_background(render.child("background"), o);
  if (has("loop")) o.loop = render.child("loop").boolean();
  if (has("motion")) o.smooth = render.child("motion").choice(motion_names) == "smooth";
  if (has("fps")) o.fps = render.child("fps").integer(min_fps, max_fps);
  if (has("transition_ms")) o.transition_ms = render.child("transition_ms").integer(0, max_frame_duration_ms);
  if (has("canvas")) {
    const ConfigNode canvas = render.child("canvas");
    if (!canvas.value.is_array() || canvas.value.size() != 2)
      canvas.fail(fmt::format("expected [width, height] in pixels, got {}", canvas.describe()));
    o.canvas = {canvas_side(canvas.child(std::size_t{0})), canvas_side(canvas.child(std::size_t{1}))};
  }
  if (has("title")) o.title = read_title(render.child("title"));
  if (has("decimals")) o.decimals = render.child("decimals").integer(0, max_decimals);
  if (has("show_zeros")) o.show_zeros = render.child("show_zeros").boolean();
  if (has("equation")) o.equation = render.child("equation").boolean();
  if (has("cells")) {
    const ConfigNode cells = render.child("cells");
    constexpr std::size_t most = 4096;
    if (!cells.value.is_array() || cells.value.empty() || cells.value.size() > most)
      cells.fail(fmt::format("expected [[row, column], ...], 1 to {} of the top layer's units to draw, got {}", most,
                             cells.describe()));
    for (std::size_t i = 0; i < cells.value.size(); ++i) {
      const ConfigNode cell = cells.child(i);
      if (!cell.value.is_array() || cell.value.size() != 2)
        cell.fail(fmt::format("expected [row, column], got {}", cell.describe()));
      o.cells.push_back({cell.child(std::size_t{0}).integer(0, 4096), cell.child(std::size_t{1}).integer(0, 4096)});
    }
  }
  return o;
}

RenderOptions read_render_flags(const RenderOverrides& f) {
  RenderOptions o;
  if (f.view) o.view = ViewKind(index_of(view_names, flag_choice("--view", *f.view, view_names)));
  if (f.theme) o.theme = flag_choice("--theme", *f.theme, theme_names);
  const auto as_node = [](std::string_view flag, const nlohmann::json& value) {
    return ConfigNode{value, std::string(flag), flags_source};
  };
  if (f.background) read_background(as_node("--background", *f.background), o);
  o.labels = f.labels;
  o.caption = f.caption;
  o.loop = f.loop;
  o.show_zeros = f.show_zeros;
  o.equation = f.equation;
  if (f.canvas) {
    // WIDTHxHEIGHT, each side checked as the config's would be.
    const std::string& text = *f.canvas;
    const std::size_t x = text.find_first_of("xX");
    const auto digits = [](std::string_view part) {
      return !part.empty() && part.size() <= 6 && part.find_first_not_of("0123456789") == std::string_view::npos;
    };
    if (x == std::string::npos || !digits(std::string_view(text).substr(0, x)) ||
        !digits(std::string_view(text).substr(x + 1)))
      throw ConfigError(flags_source, "--canvas", fmt::format("expected WIDTHxHEIGHT in pixels (1920x1080), got \"{}\"",
                                                             escape_for_message(text)));
    o.canvas = {canvas_side(as_node("--canvas", std::stoi(text.substr(0, x)))),
                canvas_side(as_node("--canvas", std::stoi(text.substr(x + 1))))};
  }
  if (f.title) o.title = read_title(as_node("--title", *f.title));
  if (f.decimals) o.decimals = flag_bounded("--decimals", *f.decimals, 0, max_decimals);
  if (f.cell_size) o.cell_size = flag_bounded("--cell-size", *f.cell_size, min_cell_size, max_cell_size);
  if (f.frame_duration_ms)
    o.frame_duration_ms =
        flag_bounded("--frame-duration", *f.frame_duration_ms, min_frame_duration_ms, max_frame_duration_ms);
  if (f.motion) o.smooth = flag_choice("--motion", *f.motion, motion_names) == "smooth";
  if (f.fps) o.fps = flag_bounded("--fps", *f.fps, min_fps, max_fps);
  if (f.transition_ms) o.transition_ms = flag_bounded("--transition", *f.transition_ms, 0, max_frame_duration_ms);
  return o;
}

void to_json(nlohmann::json& out, const RenderOverrides& f) {
  out = nlohmann::json::object();
  const auto put = [&](const char* flag, const auto& value) {
    if (value) out[flag] = *value;
  };
  put("view", f.view);
  put("theme", f.theme);
  put("background", f.background);
  put("labels", f.labels);
  put("caption", f.caption);
  put("loop", f.loop);
  put("cell_size", f.cell_size);
  put("frame_duration", f.frame_duration_ms);
  put("motion", f.motion);
  put("fps", f.fps);
  put("transition_ms", f.transition_ms);
  put("canvas", f.canvas);
  put("title", f.title);
  put("decimals", f.decimals);
  put("show_zeros", f.show_zeros);
  put("equation", f.equation);
}

}  // namespace convanim
