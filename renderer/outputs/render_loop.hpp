// The render loop: a figure's view makes a scene per frame of the timeline, and every output gets
// each scene once (a per-step output only the steps' own). It knows outputs by their traits only.
#pragma once

#include <vector>

#include <cstdint>
#include <span>
#include <string>

#include "renderer/outputs/output.hpp"
#include "renderer/views/figure.hpp"
#include "renderer/views/motion.hpp"

namespace convanim {

// Steps first..last, inclusive, 0-based; or, when `steps` is not empty, exactly those, in order
// (`--frames 0,4-6,10`).
struct FrameRange {
  FrameRange() = default;
  FrameRange(std::size_t first_step, std::size_t last_step) : first(first_step), last(last_step) {}
  explicit FrameRange(std::vector<std::size_t> list) : steps(std::move(list)) {}

  std::size_t first = 0, last = SIZE_MAX;
  std::vector<std::size_t> steps;
};

// What the frames of a render are and when they show, and how the outputs are told.
struct Playback {
  Timeline timeline;
  OutputOptions options;
};
// Throws ConfigError when the frames of `range` would be too many to plan or draw (frames x pixels,
// counted without planning them).
Playback playback(const Figure& figure, FrameRange range = {});
// The same check on a figure's plan, before any value is computed.
void check_render_plan(const FigurePlan& plan, FrameRange range = {});

// Throws ConfigError when the playback's frames cost too much to draw: frames x (pixels, and shapes
// and texts counted on a sample of its scenes).
void check_draw_work(const Figure& figure, const Playback& playback);

// An output with its traits, as the loop is given it.
struct OutputSlot {
  Output* output;
  OutputTraits traits;
};

// Hands the frames' scenes to every output (a sample first to those that want one) and finishes
// them, after check_draw_work(). Errors name the output's file.
void render(const Figure& figure, const Playback& playback, std::span<const OutputSlot> outputs);

}  // namespace convanim
