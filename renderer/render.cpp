#include "renderer/render.hpp"

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "renderer/paint/painter.hpp"
#include "renderer/sinks/pending_file.hpp"

namespace convanim {

namespace {
// The figure's view, or the size of the one it would have.
std::unique_ptr<View> view_of(const Figure& figure, const RenderSettings& settings, Build build) {
  return figure.network ? make_view(*figure.network, settings, build) : make_view(figure.trace, settings, build);
}
}  // namespace

Figure::Figure(const Scenario& scenario, const RenderOverrides& overrides)
    : name(scenario.name), source(scenario.source), trace(simulate(scenario)),
      settings(resolve_render_settings(scenario, overrides)), cell_size_from_flag(overrides.cell_size.has_value()),
      canvas_from_flag(overrides.canvas.has_value()) {
  check_frame_size(render_cost(*this));
  view = view_of(*this, settings, Build::scenes);
}

Figure::Figure(const Network& n, const RenderOverrides& overrides)
    : name(n.name), source(n.source), network(simulate_network(n)), settings(resolve_render_settings(n, overrides)),
      cell_size_from_flag(overrides.cell_size.has_value()),
      canvas_from_flag(overrides.canvas.has_value()) {
  check_frame_size(render_cost(*this));
  view = view_of(*this, settings, Build::scenes);
}

Figure::Figure(const Config& config, const RenderOverrides& overrides)
    : Figure(std::holds_alternative<Scenario>(config) ? Figure(std::get<Scenario>(config), overrides)
                                                       : Figure(std::get<Network>(config), overrides)) {}

std::size_t frame_count(const Config& config, const RenderOverrides& overrides) {
  if (const auto* n = std::get_if<Network>(&config))
    return make_view(simulate_network(*n), resolve_render_settings(*n, overrides), Build::size_only)->frame_count();
  const Scenario& s = std::get<Scenario>(config);
  return make_view(simulate(s), resolve_render_settings(s, overrides), Build::size_only)->frame_count();
}

RenderCost render_cost(const Figure& figure) {
  return {figure.source, figure.settings, figure.cell_size_from_flag, figure.canvas_from_flag, [&figure](int cell_size) {
            RenderSettings at = figure.settings;
            at.cell_size = cell_size;
            at.canvas.reset();
            const auto view = view_of(figure, at, Build::size_only);
            return std::pair{view->width(), view->height()};
          }};
}

namespace {

std::size_t last_step(const Figure& figure, FrameRange range) { return std::min(range.last, figure.frames() - 1); }

// The scene of a planned frame: a step's, or one between two.
Scene scene_of(const Figure& figure, const PlannedFrame& frame) {
  Scene scene = figure.view->scene(frame.step);
  if (!frame.from) return scene;
  return interpolate(figure.view->scene(*frame.from), scene, frame.alpha, figure.view->glides(*frame.from, frame.step));
}

// A surface the raster sinks share: each frame is drawn on it once for all of them.
struct RasterTarget {
  bool opaque;
  std::vector<RasterSink*> sinks;
  CairoSurface surface;
  CairoContext context;
  Painter painter;

  void draw(const Figure& figure, Scene scene) {
    if (!surface) {
      surface.reset(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, figure.view->width(), figure.view->height()));
      check_cairo(surface.get(), "creating the frame surface");
      context.reset(cairo_create(surface.get()));
    }
    // GIF and MP4 have no transparency: their frames get the theme's background.
    if (opaque && !scene.background) scene.background = figure.settings.theme->background;
    painter.paint(context.get(), scene);
    check_cairo(context.get(), "drawing a frame");
    cairo_surface_flush(surface.get());
  }
  RasterFrame frame(std::size_t step) const {
    return {cairo_image_surface_get_data(surface.get()), cairo_image_surface_get_width(surface.get()),
            cairo_image_surface_get_height(surface.get()), cairo_image_surface_get_stride(surface.get()), step};
  }

  // The frames drawn for a palette's sample, kept to be handed over again in their turn instead of
  // being drawn twice (a figure of up to preview_frames frames is all sample), by frame index.
  std::map<std::size_t, std::vector<std::uint8_t>> kept;
  void keep(std::size_t index) {
    const RasterFrame now = frame(0);
    const auto* data = now.data;
    kept[index].assign(data, data + std::size_t(now.stride) * now.height);
  }
  std::optional<RasterFrame> kept_frame(std::size_t index, std::size_t step) const {
    const auto found = kept.find(index);
    if (found == kept.end()) return std::nullopt;
    RasterFrame copy = frame(step);
    copy.data = found->second.data();
    return copy;
  }
};

// Does `work` for `sink`; libav's and Cairo's errors say what failed, not where: name the file.
template <typename Work>
void for_sink(const FrameSink& sink, Work&& work) {
  try {
    work();
  } catch (const OutputError&) {
    throw;  // names its file already
  } catch (const ConfigError&) {
    throw;  // bad input, not a failure of the output
  } catch (const std::exception& e) {
    if (sink.target().empty()) throw;
    throw OutputError(sink.target(), e.what());
  }
}

// The frames a palette is built from: a handful spread over the animation, moves included (their
// fading shades have colours of their own). Drawing them is a fraction of drawing all, and while
// they are small (all of them within this many bytes) they are kept, not drawn again.
constexpr std::size_t preview_frames = 16;
constexpr std::size_t max_kept_bytes = std::size_t(64) << 20;

}  // namespace

Playback playback(const Figure& figure, FrameRange range) {
  Playback p{plan_frames(figure.settings, range.first, last_step(figure, range)), {}};
  p.options.ticks_per_second = p.timeline.ticks_per_second;
  p.options.default_duration = std::int64_t(figure.settings.frame_duration_ms) * figure.settings.fps;
  p.options.last_duration = p.timeline.frames.back().duration;
  p.options.loop = figure.settings.loop;
  p.options.step_count = figure.frames();
  p.options.frame_count = p.timeline.frames.size();
  p.options.title = figure.name;
  return p;
}

void render(const Figure& figure, const Playback& playback, std::span<FrameSink* const> sinks) {
  check_render_work(render_cost(figure), playback.timeline.frames.size());
  std::vector<RasterTarget> rasters;
  std::vector<std::pair<FrameSink*, Painter>> vectors;
  for (FrameSink* sink : sinks) {
    auto* raster = dynamic_cast<RasterSink*>(sink);
    if (!raster) {
      vectors.push_back({sink, Painter{}});
      continue;
    }
    const bool opaque = !sink->keeps_transparency() && figure.settings.transparent;
    auto group = std::find_if(rasters.begin(), rasters.end(), [&](const RasterTarget& t) { return t.opaque == opaque; });
    if (group == rasters.end()) group = rasters.insert(rasters.end(), RasterTarget{opaque, {}, {}, {}, {}, {}});
    group->sinks.push_back(raster);
  }
  // A palette's sample first, drawn for the sinks that want one.
  const auto& frames = playback.timeline.frames;
  for (RasterTarget& target : rasters) {
    std::vector<RasterSink*> wanting;
    for (RasterSink* sink : target.sinks)
      if (sink->wants_preview()) wanting.push_back(sink);
    if (wanting.empty()) continue;
    const std::size_t count = std::min(preview_frames, frames.size());
    const bool keeping = count * std::size_t(figure.view->width()) * figure.view->height() * 4 <= max_kept_bytes;
    for (std::size_t k = 0; k < count; ++k) {
      const std::size_t index = count == 1 ? 0 : k * (frames.size() - 1) / (count - 1);
      const PlannedFrame& frame = frames[index];
      target.draw(figure, scene_of(figure, frame));
      for (RasterSink* sink : wanting) for_sink(*sink, [&] { sink->preview(target.frame(frame.step)); });
      if (keeping) target.keep(index);
    }
    for (RasterSink* sink : wanting) for_sink(*sink, [&] { sink->end_preview(); });
  }
  for (std::size_t index = 0; index < frames.size(); ++index) {
    const PlannedFrame& frame = frames[index];
    const FrameInfo info{frame.step, frame.start, frame.duration, !frame.from};
    const auto wants = [&](const FrameSink& sink) { return info.step_image || !sink.per_step(); };
    std::optional<Scene> scene;
    const auto scene_now = [&]() -> const Scene& {
      if (!scene) scene = scene_of(figure, frame);
      return *scene;
    };
    for (RasterTarget& target : rasters) {
      if (std::none_of(target.sinks.begin(), target.sinks.end(), [&](RasterSink* s) { return wants(*s); })) continue;
      std::optional<RasterFrame> drawn = target.kept_frame(index, frame.step);
      if (!drawn) {
        target.draw(figure, scene_now());
        drawn = target.frame(frame.step);
      }
      for (RasterSink* sink : target.sinks)
        if (wants(*sink)) for_sink(*sink, [&] { sink->take(*drawn, info); });
    }
    for (auto& [sink, painter] : vectors) {
      if (!wants(*sink)) continue;
      for_sink(*sink, [&] {
        painter.paint(sink->begin_frame(info), scene_now());
        sink->end_frame();
      });
    }
  }
  for (FrameSink* sink : sinks) for_sink(*sink, [&] { sink->finish(); });
}

void render(const Figure& figure, FrameSink& sink, FrameRange range) {
  FrameSink* const sinks[] = {&sink};
  render(figure, playback(figure, range), sinks);
}

void render_files(const Figure& figure, const std::vector<OutputTarget>& targets, FrameRange range) {
  const Playback play = playback(figure, range);
  check_render_work(render_cost(figure), play.timeline.frames.size());  // before a file is even created
  std::vector<std::unique_ptr<FrameSink>> sinks;
  std::vector<FrameSink*> pointers;
  for (const OutputTarget& target : targets) {
    try {
      sinks.push_back(make_sink(target, figure.size(), play.options));
    } catch (const OutputError&) {
      throw;
    } catch (const std::exception& e) {
      throw OutputError(target.path(), e.what());  // opening it: libav's words, this file
    }
    pointers.push_back(sinks.back().get());
  }
  render(figure, play, pointers);
}

namespace {
// Hashes each frame as it is drawn, row by row, keeping nothing: FNV-1a over 64-bit words (rows of
// ARGB32 pixels are whole words when the width is even, which the layout guarantees).
class HashSink final : public RasterSink {
 public:
  using RasterSink::RasterSink;
  std::uint64_t hash = 0xcbf29ce484222325ull;  // FNV-1a offset basis
  void finish() override {}

 protected:
  void consume(const RasterFrame& frame, const FrameInfo&) override {
    const std::size_t words = std::size_t(frame.width) / 2;
    for (int y = 0; y < frame.height; ++y) {
      const std::uint8_t* row = frame.data + std::size_t(y) * frame.stride;
      for (std::size_t i = 0; i < words; ++i) {
        std::uint64_t word;
        std::memcpy(&word, row + 8 * i, sizeof word);
        hash = (hash ^ word) * 0x100000001b3ull;  // FNV prime
      }
    }
  }
};
}  // namespace

std::string frames_hash(const Figure& figure) {
  HashSink sink(figure.view->width(), figure.view->height());
  render(figure, sink);
  return fmt::format("{:016x}", sink.hash);
}

}  // namespace convanim
