// A figure: a config simulated, its render settings resolved and its view built, ready for any
// output. The one thing the outputs are handed, besides the scenes its view makes.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "renderer/views/limits.hpp"
#include "renderer/views/render_settings.hpp"
#include "renderer/views/view.hpp"
#include "src/config/config.hpp"
#include "src/simulate/network_trace.hpp"

namespace convanim {

struct FrameSize {
  int width = 0, height = 0;  // even: every encoder takes it
};

// A figure before its values: the record of where the kernel goes, the settings and the view's size.
// Limits are checked on it before any value is computed: values can take gigabytes and seconds, the
// geometry is bounded by the config's limits (steps and taps).
struct FigurePlan {
  FigurePlan(const Config& config, const RenderOverrides& overrides = {});
  FigurePlan(const FigurePlan&) = delete;
  FigurePlan& operator=(const FigurePlan&) = delete;

  std::string source;
  RenderSettings settings;
  bool cell_size_from_flag = false, canvas_from_flag = false;
  Trace trace;                          // without values (marked present when the config has them)
  std::optional<NetworkTrace> network;  // or a network's

  std::size_t steps() const;  // the view's frames: steps, or stamps
  RenderCost cost() const;
};

// Everything a figure needs, worked out once and shared by all its outputs. It stays where it is
// built (its view refers to its record).
struct Figure {
  // Checks the frame's size on the config's plan, then simulates it and builds its view; throws
  // ConfigError for a bad render option or when a frame would be too large.
  explicit Figure(const Config& config, const RenderOverrides& overrides = {});
  // A scenario made in code, without a render object.
  explicit Figure(const Scenario& scenario, const RenderOverrides& overrides = {})
      : Figure(config_of(scenario), overrides) {}
  Figure(const Figure&) = delete;
  Figure& operator=(const Figure&) = delete;

  std::string name, source;
  Trace trace;                          // a scenario's record
  std::optional<NetworkTrace> network;  // or a network's
  RenderSettings settings;
  bool cell_size_from_flag = false;  // for messages: the override rather than render.cell_size
  bool canvas_from_flag = false;     // the override rather than render.canvas
  std::unique_ptr<View> view;

  FrameSize size() const { return {view->width(), view->height()}; }
  std::size_t frames() const { return view->frame_count(); }
};

inline Figure prepare_figure(const Config& config, const RenderOverrides& overrides = {}) {
  return Figure(config, overrides);
}
inline Figure prepare_figure(const Scenario& scenario, const RenderOverrides& overrides = {}) {
  return Figure(config_of(scenario), overrides);
}
// How many frames (steps) a figure of this config has, without computing a value.
std::size_t frame_count(const Config& config, const RenderOverrides& overrides = {});
// The figure's cost, for the limits.
RenderCost render_cost(const Figure& figure);

}  // namespace convanim
