// The render loop: simulator record -> layout -> painter -> sink, one frame at a time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "renderer/limits.hpp"
#include "renderer/scene/layout.hpp"
#include "renderer/sinks/sink.hpp"

namespace convanim {

// Everything a figure needs, worked out once and shared by all its outputs.
struct Figure {
  Trace trace;
  RenderSettings settings;
  Layout layout;
  bool cell_size_from_flag = false;  // for messages: --cell-size rather than render.cell_size
};

// Simulates and lays out a scenario; throws ConfigError when a frame would be too large.
Figure prepare_figure(const Scenario& scenario, const RenderOverrides& overrides = {});
// The figure's cost, for the limits.
RenderCost render_cost(const Figure& figure);

// Steps first..last, inclusive, 0-based.
struct FrameRange {
  std::size_t first = 0, last = SIZE_MAX;
};

// Draws the frames into `sink` (as many passes as it asks for) and finishes it.
void render(const Figure& figure, FrameSink& sink, FrameRange range = {});
// The same into the file `target`, its format from the extension; every error names the file.
void render_file(const Figure& figure, const OutputTarget& target, FrameRange range = {});
inline void render_file(const Figure& figure, const std::filesystem::path& path, FrameRange range = {}) {
  render_file(figure, OutputTarget::at(path), range);
}

// A hash of the frames as drawn (FNV-1a 64 over every frame's pixels), independent of any
// encoder: what identifies a render in the gallery's manifest.
std::string frames_hash(const Figure& figure);

}  // namespace convanim
