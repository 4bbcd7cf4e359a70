// The render loop: simulator record -> view (a scene per step) -> painter -> sink, a frame at a time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

#include "renderer/limits.hpp"
#include "renderer/motion.hpp"
#include "renderer/sinks/sink.hpp"
#include "renderer/views/view.hpp"
#include "src/config/network.hpp"
#include "src/simulate/network_trace.hpp"

namespace convanim {

// Everything a figure needs, worked out once and shared by all its outputs. It stays where it is
// built (its view refers to its record).
struct Figure {
  // Simulates a scenario or a network and builds its view; throws ConfigError when a frame would be
  // too large.
  Figure(const Scenario& scenario, const RenderOverrides& overrides);
  Figure(const Network& network, const RenderOverrides& overrides);
  Figure(const Config& config, const RenderOverrides& overrides);
  Figure(const Figure&) = delete;
  Figure& operator=(const Figure&) = delete;

  std::string name, source;
  Trace trace;                          // a scenario's record
  std::optional<NetworkTrace> network;  // or a network's
  RenderSettings settings;
  bool cell_size_from_flag = false;  // for messages: --cell-size rather than render.cell_size
  bool canvas_from_flag = false;     // --canvas rather than render.canvas
  std::unique_ptr<View> view;

  FrameSize size() const { return {view->width(), view->height()}; }
  std::size_t frames() const { return view->frame_count(); }
};

inline Figure prepare_figure(const Scenario& scenario, const RenderOverrides& overrides = {}) {
  return Figure(scenario, overrides);
}
// How many frames a figure of this config has (a file each in the per-step formats), without
// drawing anything.
std::size_t frame_count(const Config& config, const RenderOverrides& overrides = {});
// The figure's cost, for the limits.
RenderCost render_cost(const Figure& figure);

// Steps first..last, inclusive, 0-based.
struct FrameRange {
  std::size_t first = 0, last = SIZE_MAX;
};

// What the frames of a render are and when they show, and how the sinks are told.
struct Playback {
  Timeline timeline;
  SinkOptions options;
};
Playback playback(const Figure& figure, FrameRange range = {});

// Draws the frames once for all of `sinks` (a GIF's palette sample first) and finishes them.
void render(const Figure& figure, const Playback& playback, std::span<FrameSink* const> sinks);
void render(const Figure& figure, FrameSink& sink, FrameRange range = {});
// The same into files, their formats from the extensions, each frame drawn once for all of them;
// every error names the file.
void render_files(const Figure& figure, const std::vector<OutputTarget>& targets, FrameRange range = {});
inline void render_file(const Figure& figure, const OutputTarget& target, FrameRange range = {}) {
  render_files(figure, {target}, range);
}
inline void render_file(const Figure& figure, const std::filesystem::path& path, FrameRange range = {}) {
  render_file(figure, OutputTarget::at(path), range);
}

// A hash of the frames as drawn (FNV-1a 64 over every frame's pixels), independent of any
// encoder: what identifies a render in the gallery's manifest.
std::string frames_hash(const Figure& figure);

}  // namespace convanim
