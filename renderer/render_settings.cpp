#include "renderer/render_settings.hpp"

#include <vector>

#include <fmt/format.h>

namespace convanim {
namespace {

const std::initializer_list<std::string_view> render_keys{
    "view", "theme", "labels", "caption", "cell_size", "frame_duration", "background", "loop"};
constexpr std::array<std::string_view, 2> view_names{"oblique", "flat"};
constexpr std::array<std::string_view, 2> background_names{"white", "transparent"};

View view_from(std::string_view name) { return name == "flat" ? View::flat : View::oblique; }

std::span<const std::string_view> theme_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    for (const Theme& theme : themes()) out.push_back(theme.name);
    return out;
  }();
  return names;
}

}  // namespace

RenderSettings resolve_render_settings(const Scenario& s, const RenderOverrides& o) {
  RenderSettings settings;
  // The guide draws numerical figures flat and arithmetic ones oblique.
  settings.view = s.values ? View::flat : View::oblique;

  const ConfigNode render{s.render, "/render", s.source};
  render.expect_keys(render_keys);
  const auto has = [&](std::string_view key) { return s.render.contains(key); };
  if (has("view")) settings.view = view_from(render.child("view").choice(view_names));
  if (has("theme")) settings.theme = find_theme(render.child("theme").choice(theme_names()));
  if (has("labels")) settings.labels = render.child("labels").boolean();
  if (has("caption")) settings.caption = render.child("caption").boolean();
  if (has("cell_size")) settings.cell_size = render.child("cell_size").integer(min_cell_size, max_cell_size);
  if (has("frame_duration"))
    settings.frame_duration_ms =
        render.child("frame_duration").integer(min_frame_duration_ms, max_frame_duration_ms);
  if (has("background")) settings.transparent = render.child("background").choice(background_names) == "transparent";
  if (has("loop")) settings.loop = render.child("loop").boolean();

  // Flags are checked the same way, named by the flag.
  const auto choose = [](std::string_view flag, const std::optional<std::string>& value,
                         std::span<const std::string_view> choices) {
    const nlohmann::json json = *value;
    return ConfigNode{json, std::string(flag), "command line"}.choice(choices);
  };
  const auto bounded = [](std::string_view name, int value, int min, int max) {
    if (value < min || value > max)
      throw ConfigError("command line", name, fmt::format("expected {} to {}, got {}", min, max, value));
    return value;
  };
  if (o.view) settings.view = view_from(choose("--view", o.view, view_names));
  if (o.theme) settings.theme = find_theme(choose("--theme", o.theme, theme_names()));
  if (o.background) settings.transparent = choose("--background", o.background, background_names) == "transparent";
  if (o.labels) settings.labels = *o.labels;
  if (o.caption) settings.caption = *o.caption;
  if (o.loop) settings.loop = *o.loop;
  if (o.cell_size) settings.cell_size = bounded("--cell-size", *o.cell_size, min_cell_size, max_cell_size);
  if (o.frame_duration_ms)
    settings.frame_duration_ms =
        bounded("--frame-duration", *o.frame_duration_ms, min_frame_duration_ms, max_frame_duration_ms);

  if (settings.cell_size == 0)
    settings.cell_size = settings.view == View::flat ? default_flat_cell_size : default_oblique_cell_size;
  return settings;
}

}  // namespace convanim
