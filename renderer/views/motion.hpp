// When each frame is shown, and what a frame between two steps shows.
//
// Stepped motion: a frame per step, held for the frame duration. Smooth motion: the first
// transition_ms of each step are spent moving from the step before, in frames at `fps`, then the
// step holds for the rest; the first step holds from the start. Times are counted in ticks of
// 1 / (1000 fps) s, so that frame times and step times are both whole numbers of ticks and the
// total is exact.
//
// Between two steps the marks a view moves (its moving layers) glide from where they were to where
// they go, eased in and out, when the view says the move is to a neighbouring position; any other
// move (a new row, a new channel) fades the marks out where they were and in where they go, so that
// nothing sweeps across the figure.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "renderer/views/render_settings.hpp"
#include "renderer/scene/scene.hpp"

namespace convanim {

struct PlannedFrame {
  std::size_t step = 0;             // the step shown, or moved to
  std::optional<std::size_t> from;  // while moving: the step it leaves
  double alpha = 1;                 // how far the move is, eased: 1 is the step itself
  std::int64_t start = 0, duration = 0;  // ticks
};

struct Timeline {
  std::int64_t ticks_per_second = 1000;
  std::vector<PlannedFrame> frames;  // in order; a step's hold is one frame, however long
  std::int64_t total = 0;            // ticks
};

// The frames of `steps`, shown in that order, drawn with `settings`' motion: a move goes from each
// step to the next in the list.
Timeline plan_frames(const RenderSettings& settings, std::span<const std::size_t> steps);
// How many frames plan_frames() would plan for `steps` steps, counted without planning them:
// checked against the limits first, as a plan can be hundreds of millions of frames (a minute's step
// at 60 fps).
std::int64_t planned_frame_count(const RenderSettings& settings, std::size_t steps);

// The scene `alpha` of the way from `from` to `to`: moving layers glide (their shapes' points and
// texts' anchors interpolated) when `glide` and the two layers' shapes correspond one to one;
// otherwise, and for everything else, `from` fades out while `to` fades in. Fixed layers switch at
// the midpoint; growing ones (values appearing) keep `from`'s until the move is done.
Scene interpolate(const Scene& from, const Scene& to, double alpha, bool glide);

}  // namespace convanim
