#include "renderer/views/limits.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace convanim {
namespace {

// "" when `size` fits, else the limit it breaks.
using Limit = std::function<std::string(std::pair<int, int> size)>;

[[noreturn]] void refuse(const RenderCost& cost, std::pair<int, int> size, std::string_view numbers,
                         const std::string& broken, const Limit& limit, std::string_view otherwise) {
  // The largest cell size that fits, if any: sizes grow with the cell size.
  int largest = cost.settings.cell_size - 1;
  while (largest >= min_cell_size && !limit(cost.size_at(largest)).empty()) --largest;
  const std::string key = cost.cell_size_from_flag ? "--cell-size" : "render.cell_size";
  const std::string remedy = largest >= min_cell_size ? fmt::format("lower {} to {} or below", key, largest)
                                                      : std::string(otherwise);
  throw ConfigError(cost.cell_size_from_flag ? "command line" : cost.source,
                    cost.cell_size_from_flag ? "--cell-size" : "/render/cell_size",
                    fmt::format("frames would be {}x{} px{}; allowed: {}: {}", size.first, size.second, numbers,
                                broken, remedy));
}

// A canvas fixes the frame's size whatever the cell size: the canvas is what to lower.
[[noreturn]] void refuse_canvas(const RenderCost& cost, std::string_view numbers, const std::string& broken) {
  const auto [width, height] = *cost.settings.canvas;
  throw ConfigError(cost.canvas_from_flag ? "command line" : cost.source,
                    cost.canvas_from_flag ? "--canvas" : "/render/canvas",
                    fmt::format("frames would be {}x{} px{}; allowed: {}: lower the canvas", width, height, numbers,
                                broken));
}

// Frames so many that no size would do: fewer frames is the remedy.
[[noreturn]] void refuse_frames(const RenderCost& cost, std::int64_t frames, std::int64_t items,
                                const std::string& broken) {
  const std::string what = items > 0 ? fmt::format("{} frames of {} shapes and texts", frames, items)
                                     : fmt::format("{} frames", frames);
  const std::string remedy = cost.settings.smooth ? "render fewer steps with --frames, or lower the fps or transition_ms"
                                                  : "render fewer steps with --frames";
  throw ConfigError(cost.source, "/render", fmt::format("{} would be drawn; allowed: {}: {}", what, broken, remedy));
}

}  // namespace

std::string frame_size_broken(std::pair<int, int> size) {
  if (size.first > max_frame_side || size.second > max_frame_side)
    return fmt::format("at most {} px a side", max_frame_side);
  if (std::int64_t(size.first) * size.second > max_frame_pixels)
    return fmt::format("at most {} px a frame", max_frame_pixels);
  return {};
}

void check_frame_size(const RenderCost& cost) {
  const Limit limit = frame_size_broken;
  if (cost.settings.canvas)
    if (const std::string broken = limit({(*cost.settings.canvas)[0], (*cost.settings.canvas)[1]}); !broken.empty())
      refuse_canvas(cost, "", broken);
  const auto size = cost.size_at(cost.settings.cell_size);
  if (const std::string broken = limit(size); !broken.empty())
    refuse(cost, size, "", broken, limit, "even the smallest cells are too large: lower the input size");
}

void check_render_work(const RenderCost& cost, std::int64_t frames, std::int64_t items) {
  const std::int64_t fixed = pixels_per_frame + items * pixels_per_item;
  const Limit limit = [frames, fixed](std::pair<int, int> size) -> std::string {
    // Divided, not multiplied: a plan can be billions of frames.
    if (std::int64_t(size.first) * size.second + fixed > max_render_pixels / std::max<std::int64_t>(frames, 1))
      return fmt::format("at most {} px drawn in all, a frame counting {} px more and a shape or text {}",
                         max_render_pixels, pixels_per_frame, pixels_per_item);
    return {};
  };
  if (fixed > max_render_pixels / std::max<std::int64_t>(frames, 1)) refuse_frames(cost, frames, items, limit({0, 0}));
  const std::string numbers = items > 0 ? fmt::format(", {} of them, {} shapes and texts each", frames, items)
                                        : fmt::format(", {} of them", frames);
  if (cost.settings.canvas) {
    if (const std::string broken = limit({(*cost.settings.canvas)[0], (*cost.settings.canvas)[1]}); !broken.empty())
      refuse_canvas(cost, numbers, broken + " (or render fewer frames with --frames)");
    return;
  }
  const auto size = cost.size_at(cost.settings.cell_size);
  if (const std::string broken = limit(size); !broken.empty())
    refuse(cost, size, numbers, broken, limit, "render fewer frames with --frames, or lower the input size");
}

}  // namespace convanim
