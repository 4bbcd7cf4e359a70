#include "renderer/views/motion.hpp"

#include <algorithm>

namespace convanim {
namespace {

constexpr std::int64_t frame_ticks = 1000;  // a video frame: ticks are 1 / (1000 fps) s

// Ease in and out: the marks start and stop gently (smoothstep).
double ease(double t) { return t * t * (3 - 2 * t); }

Point lerp(Point a, Point b, double t) { return a + (b - a) * t; }

bool corresponds(const Shape& a, const Shape& b) {
  if (a.index() != b.index()) return false;
  if (const auto* pa = std::get_if<Path>(&a)) {
    const Path& pb = std::get<Path>(b);
    return pa->points.size() == pb.points.size() && pa->contours == pb.contours;
  }
  return true;
}

Shape between(const Shape& a, const Shape& b, double t) {
  if (const auto* pa = std::get_if<Path>(&a)) {
    Path path = std::get<Path>(b);
    for (std::size_t i = 0; i < path.points.size(); ++i) path.points[i] = lerp(pa->points[i], path.points[i], t);
    return path;
  }
  Text text = std::get<Text>(t < 0.5 ? a : b);
  text.anchor = lerp(std::get<Text>(a).anchor, std::get<Text>(b).anchor, t);
  return text;
}

// A moving layer that glides: its shapes a fraction t of the way.
std::optional<Layer> glide(const Layer& a, const Layer& b, double t) {
  if (a.count != b.count) return std::nullopt;
  std::vector<Shape> shapes;
  for (std::size_t i = 0; i < a.count; ++i) {
    if (!corresponds((*a.shapes)[i], (*b.shapes)[i])) return std::nullopt;
    shapes.push_back(between((*a.shapes)[i], (*b.shapes)[i], t));
  }
  return Layer::make(Layer::Kind::moving, std::move(shapes));
}

Layer faded(const Layer& layer, double opacity) {
  Layer out = layer;
  out.opacity = layer.opacity * opacity;
  return out;
}

// The moving frames of step i > 0, which runs from `begin` to `end`: plan_frames()'s grid times t with
// t < begin + move_ticks and t + frame_ticks < end.
std::int64_t moving_frames(std::int64_t begin, std::int64_t end, std::int64_t move_ticks) {
  const std::int64_t first = (begin + frame_ticks - 1) / frame_ticks * frame_ticks;
  const std::int64_t bound = std::min(begin + move_ticks, end - frame_ticks);  // t stays below it
  return bound <= first ? 0 : (bound - first + frame_ticks - 1) / frame_ticks;
}

}  // namespace

std::int64_t planned_frame_count(const RenderSettings& s, std::size_t shown) {
  const std::int64_t steps = std::int64_t(shown);
  if (!s.smooth) return steps;
  const std::int64_t fps = s.fps, step_ticks = std::int64_t(s.frame_duration_ms) * fps;
  std::int64_t frames = steps;  // each step's own image
  for (std::int64_t i = 1; i < steps; ++i)
    frames += moving_frames(i * step_ticks, (i + 1) * step_ticks, std::int64_t(s.transition_ms) * fps);
  return frames;
}

Timeline plan_frames(const RenderSettings& s, std::span<const std::size_t> shown) {
  Timeline timeline;
  const std::int64_t fps = s.fps;
  timeline.ticks_per_second = 1000 * fps;
  const std::int64_t step_ticks = std::int64_t(s.frame_duration_ms) * fps, steps = std::int64_t(shown.size());
  timeline.total = step_ticks * steps;
  if (!s.smooth) {
    for (std::int64_t i = 0; i < steps; ++i)
      timeline.frames.push_back({shown[std::size_t(i)], std::nullopt, 1, i * step_ticks, step_ticks});
    return timeline;
  }
  // The moving frames fall on the video's frame grid, a frame every 1000 ticks; a step's hold runs
  // from the first grid time after its move to the step's end.
  const std::int64_t move_ticks = std::int64_t(s.transition_ms) * fps;
  for (std::int64_t i = 0; i < steps; ++i) {
    const std::int64_t begin = i * step_ticks, end = begin + step_ticks;
    std::int64_t t = (begin + frame_ticks - 1) / frame_ticks * frame_ticks;  // the first grid time
    // Moving frames leave the step's image a grid time of its own (settings make sure there is one).
    if (i > 0)
      for (; t < begin + move_ticks && t + frame_ticks < end; t += frame_ticks) {
        const double progress = double(t - begin) / double(move_ticks);
        timeline.frames.push_back({shown[std::size_t(i)], shown[std::size_t(i - 1)], ease(progress), t, 0});
      }
    timeline.frames.push_back({shown[std::size_t(i)], std::nullopt, 1, std::max(begin, std::min(t, end)), 0});
  }
  // Each frame lasts until the next begins; the first starts at 0.
  timeline.frames.front().start = 0;
  for (std::size_t k = 0; k < timeline.frames.size(); ++k) {
    const std::int64_t next = k + 1 < timeline.frames.size() ? timeline.frames[k + 1].start : timeline.total;
    timeline.frames[k].duration = next - timeline.frames[k].start;
  }
  return timeline;
}

Scene interpolate(const Scene& from, const Scene& to, double alpha, bool glides) {
  if (from.layers.size() != to.layers.size()) return alpha < 0.5 ? from : to;
  Scene scene = to;
  scene.layers.clear();
  for (std::size_t i = 0; i < to.layers.size(); ++i) {
    const Layer &a = from.layers[i], &b = to.layers[i];
    if (b.kind == Layer::Kind::growing) {
      scene.layers.push_back(a);
    } else if (b.kind == Layer::Kind::fixed) {
      scene.layers.push_back(alpha < 0.5 ? a : b);
    } else if (std::optional<Layer> moved = glides ? glide(a, b, alpha) : std::nullopt) {
      scene.layers.push_back(std::move(*moved));
    } else {
      scene.layers.push_back(faded(a, 1 - alpha));
      scene.layers.push_back(faded(b, alpha));
    }
  }
  return scene;
}

}  // namespace convanim
