#include "src/config/render_options.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace convanim {
namespace {

constexpr std::string_view flags_source = "command line";

const std::initializer_list<std::string_view> render_keys{
    "view", "theme", "labels", "caption", "cell_size", "frame_duration", "background", "loop", "cells",
    "motion", "fps", "transition_ms"};

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

}  // namespace

void RenderOptions::merge(const RenderOptions& over) {
  const auto take = [](auto& mine, const auto& theirs) {
    if (theirs) mine = theirs;
  };
  take(view, over.view);
  take(theme, over.theme);
  take(transparent, over.transparent);
  take(labels, over.labels);
  take(caption, over.caption);
  take(loop, over.loop);
  take(cell_size, over.cell_size);
  take(frame_duration_ms, over.frame_duration_ms);
  take(smooth, over.smooth);
  take(fps, over.fps);
  take(transition_ms, over.transition_ms);
  if (!over.cells.empty()) cells = over.cells;
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
  if (has("background"))
    o.transparent = render.child("background").choice(background_names) == "transparent";
  if (has("loop")) o.loop = render.child("loop").boolean();
  if (has("motion")) o.smooth = render.child("motion").choice(motion_names) == "smooth";
  if (has("fps")) o.fps = render.child("fps").integer(min_fps, max_fps);
  if (has("transition_ms")) o.transition_ms = render.child("transition_ms").integer(0, max_frame_duration_ms);
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
  if (f.background) o.transparent = flag_choice("--background", *f.background, background_names) == "transparent";
  o.labels = f.labels;
  o.caption = f.caption;
  o.loop = f.loop;
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
}

}  // namespace convanim
