#include "renderer/outputs/render_loop.hpp"

#include <algorithm>
#include <optional>

#include "src/config/config_error.hpp"

namespace convanim {
namespace {

// The steps a render shows, in order, of a figure of `step_count` steps.
std::vector<std::size_t> shown_steps(std::size_t step_count, const FrameRange& range) {
  if (!range.steps.empty()) return range.steps;
  std::vector<std::size_t> steps;
  for (std::size_t step = range.first; step <= std::min(range.last, step_count - 1); ++step) steps.push_back(step);
  return steps;
}
std::size_t shown_count(std::size_t step_count, const FrameRange& range) {
  if (!range.steps.empty()) return range.steps.size();
  const std::size_t last = std::min(range.last, step_count - 1);
  return last < range.first ? 0 : last - range.first + 1;
}

// The scene of a planned frame: a step's, or one between two.
Scene scene_of(const Figure& figure, const PlannedFrame& frame) {
  Scene scene = figure.view->scene(frame.step);
  if (!frame.from) return scene;
  return interpolate(figure.view->scene(*frame.from), scene, frame.alpha, figure.view->glides(*frame.from, frame.step));
}

// A frame's scene, made once, as each output takes it: GIF and MP4 have no transparency, and their
// frames get the theme's background.
class FrameScenes {
 public:
  FrameScenes(const Figure& figure, const PlannedFrame& frame) : figure_(figure), frame_(frame) {}
  const Scene& for_output(const OutputTraits& traits) {
    if (!scene_) scene_ = scene_of(figure_, frame_);
    if (traits.keeps_transparency || scene_->background) return *scene_;
    if (!opaque_) {
      opaque_ = *scene_;
      opaque_->background = figure_.settings.theme->background;
    }
    return *opaque_;
  }

 private:
  const Figure& figure_;
  const PlannedFrame& frame_;
  std::optional<Scene> scene_, opaque_;
};

FrameInfo info_of(const PlannedFrame& frame, std::size_t index) {
  return {index, frame.step, frame.start, frame.duration, !frame.from};
}

// Does `work` for `output`; libav's and Cairo's errors say what failed, not where: name the file.
template <typename Work>
void for_output(const Output& output, Work&& work) {
  try {
    work();
  } catch (const OutputError&) {
    throw;  // names its file already
  } catch (const ConfigError&) {
    throw;  // bad input, not a failure of the output
  } catch (const std::exception& e) {
    if (output.target().empty()) throw;
    throw OutputError(output.target(), e.what() + output.failure_notes());
  }
}

// Shapes and texts drawn in a frame: the most of a few scenes spread over the steps (a growing layer
// is largest at the end), a fading move drawing its moving layers twice.
std::int64_t items_per_frame(const Figure& figure, const Timeline& timeline) {
  constexpr std::size_t samples = 5;
  std::int64_t most = 0;
  const auto& frames = timeline.frames;
  for (std::size_t k = 0; k < samples; ++k) {
    const Scene scene = figure.view->scene(frames[k * (frames.size() - 1) / (samples - 1)].step);
    std::int64_t items = 0;
    for (const Layer& layer : scene.layers)
      items += std::int64_t(layer.count) * (layer.kind == Layer::Kind::moving && figure.settings.smooth ? 2 : 1);
    most = std::max(most, items);
  }
  return most;
}

// The frames a palette is built from: a handful spread over the animation, moves included (their
// fading shades have colours of their own).
constexpr std::size_t preview_frames = 16;

}  // namespace

Playback playback(const Figure& figure, FrameRange range) {
  check_render_work(render_cost(figure), planned_frame_count(figure.settings, shown_count(figure.frames(), range)));
  Playback p{plan_frames(figure.settings, shown_steps(figure.frames(), range)), {}};
  p.options.size = figure.size();
  p.options.ticks_per_second = p.timeline.ticks_per_second;
  p.options.default_duration = std::int64_t(figure.settings.frame_duration_ms) * figure.settings.fps;
  p.options.last_duration = p.timeline.frames.back().duration;
  p.options.loop = figure.settings.loop;
  p.options.step_count = figure.frames();
  p.options.frame_count = p.timeline.frames.size();
  p.options.title = figure.name;
  return p;
}

void check_render_plan(const FigurePlan& plan, FrameRange range) {
  check_frame_size(plan.cost());
  check_render_work(plan.cost(), planned_frame_count(plan.settings, shown_count(plan.steps(), range)));
}

void check_draw_work(const Figure& figure, const Playback& playback) {
  check_render_work(render_cost(figure), std::int64_t(playback.timeline.frames.size()),
                    items_per_frame(figure, playback.timeline));
}

void render(const Figure& figure, const Playback& playback, std::span<const OutputSlot> outputs) {
  check_draw_work(figure, playback);
  const auto& frames = playback.timeline.frames;
  if (std::any_of(outputs.begin(), outputs.end(), [](const OutputSlot& o) { return o.traits.wants_preview; })) {
    const std::size_t count = std::min(preview_frames, frames.size());
    for (std::size_t k = 0; k < count; ++k) {
      const std::size_t index = count == 1 ? 0 : k * (frames.size() - 1) / (count - 1);
      FrameScenes scenes(figure, frames[index]);
      for (const OutputSlot& o : outputs)
        if (o.traits.wants_preview)
          for_output(*o.output, [&] { o.output->preview(scenes.for_output(o.traits), info_of(frames[index], index)); });
    }
    for (const OutputSlot& o : outputs)
      if (o.traits.wants_preview) for_output(*o.output, [&] { o.output->end_preview(); });
  }
  for (std::size_t index = 0; index < frames.size(); ++index) {
    const FrameInfo info = info_of(frames[index], index);
    FrameScenes scenes(figure, frames[index]);
    for (const OutputSlot& o : outputs)
      if (info.step_image || !o.traits.per_step)
        for_output(*o.output, [&] { o.output->frame(scenes.for_output(o.traits), info); });
  }
  for (const OutputSlot& o : outputs) for_output(*o.output, [&] { o.output->finish(); });
}

}  // namespace convanim
