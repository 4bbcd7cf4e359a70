// What one render may cost, checked before anything is drawn: frames small enough for every
// encoder (x264 refuses sides over 16384 pixels; memory grows with the frame), and a bounded
// number of pixels drawn and encoded in all. An error names the figure's numbers and what to lower.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>

#include "renderer/views/render_settings.hpp"

namespace convanim {

inline constexpr int max_frame_side = 8192;
inline constexpr std::int64_t max_frame_pixels = 3840 * 2160;  // 4K UHD, far more than a projector shows
// Frames x pixels a frame in one output: about two minutes of encoding at most (README, "Limits").
inline constexpr std::int64_t max_render_pixels = std::int64_t(1) << 33;
// What is drawn costs time as pixels do, counted in pixels: a shape or text (Pango's layout of a text
// takes about as long as encoding this many pixels), and a frame's fixed cost (its scene made, its
// frame sent through the encoder), so that a tiny canvas cannot hide millions of frames.
inline constexpr std::int64_t pixels_per_item = 1024;
inline constexpr std::int64_t pixels_per_frame = 65'536;

// The frame size the figure would have at a given cell size.
using SizeAtCell = std::function<std::pair<int, int>(int cell_size)>;

// What a limit is checked on: the figure, drawn with `settings`, `frames` frames of it.
struct RenderCost {
  std::string_view source;  // the config file, which names the cell size's key
  const RenderSettings& settings;
  bool cell_size_from_flag;  // names --cell-size rather than render.cell_size
  bool canvas_from_flag;     // names --canvas rather than render.canvas
  SizeAtCell size_at;        // the figure's own size, before any canvas
};

// The limit a frame of `size` breaks, "" when it fits.
std::string frame_size_broken(std::pair<int, int> size);
// Throws ConfigError when one frame breaks a limit (size per side or per frame).
void check_frame_size(const RenderCost& cost);
// Throws ConfigError when `frames` frames of `items` shapes and texts each cost more pixels than one
// render may draw.
void check_render_work(const RenderCost& cost, std::int64_t frames, std::int64_t items = 0);

}  // namespace convanim
