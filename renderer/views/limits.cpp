#include "renderer/views/limits.hpp"

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

}  // namespace

void check_frame_size(const RenderCost& cost) {
  const Limit limit = [](std::pair<int, int> size) -> std::string {
    if (size.first > max_frame_side || size.second > max_frame_side)
      return fmt::format("at most {} px a side", max_frame_side);
    if (std::int64_t(size.first) * size.second > max_frame_pixels)
      return fmt::format("at most {} px a frame", max_frame_pixels);
    return {};
  };
  if (cost.settings.canvas)
    if (const std::string broken = limit({(*cost.settings.canvas)[0], (*cost.settings.canvas)[1]}); !broken.empty())
      refuse_canvas(cost, "", broken);
  const auto size = cost.size_at(cost.settings.cell_size);
  if (const std::string broken = limit(size); !broken.empty())
    refuse(cost, size, "", broken, limit, "even the smallest cells are too large: lower the input size");
}

void check_render_work(const RenderCost& cost, std::size_t frames) {
  const Limit limit = [frames](std::pair<int, int> size) -> std::string {
    if (std::int64_t(size.first) * size.second * std::int64_t(frames) > max_render_pixels)
      return fmt::format("at most {} px drawn in all", max_render_pixels);
    return {};
  };
  if (cost.settings.canvas) {
    if (const std::string broken = limit({(*cost.settings.canvas)[0], (*cost.settings.canvas)[1]}); !broken.empty())
      refuse_canvas(cost, fmt::format(", {} of them", frames), broken + " (or render fewer frames with --frames)");
    return;
  }
  const auto size = cost.size_at(cost.settings.cell_size);
  if (const std::string broken = limit(size); !broken.empty())
    refuse(cost, size, fmt::format(", {} of them", frames), broken, limit,
           "render fewer frames with --frames, or lower the input size");
}

}  // namespace convanim
