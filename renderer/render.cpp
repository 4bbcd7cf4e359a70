#include "renderer/render.hpp"

#include <algorithm>
#include <cstring>

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
      settings(resolve_render_settings(scenario, overrides)), cell_size_from_flag(overrides.cell_size.has_value()) {
  check_frame_size(render_cost(*this));
  view = view_of(*this, settings, Build::scenes);
}

Figure::Figure(const Network& n, const RenderOverrides& overrides)
    : name(n.name), source(n.source), network(simulate_network(n)), settings(resolve_render_settings(n, overrides)),
      cell_size_from_flag(overrides.cell_size.has_value()) {
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
  return {figure.source, figure.settings, figure.cell_size_from_flag, [&figure](int cell_size) {
            RenderSettings at = figure.settings;
            at.cell_size = cell_size;
            const auto view = view_of(figure, at, Build::size_only);
            return std::pair{view->width(), view->height()};
          }};
}

namespace {
std::size_t last_step(const Figure& figure, FrameRange range) {
  return std::min(range.last, figure.frames() - 1);
}
}  // namespace

void render(const Figure& figure, FrameSink& sink, FrameRange range) {
  const std::size_t last = last_step(figure, range);
  check_render_work(render_cost(figure), last - range.first + 1);
  Painter painter;
  for (int pass = 0; pass < sink.passes(); ++pass) {
    for (std::size_t step = range.first; step <= last; ++step) {
      Scene scene = figure.view->scene(step);
      // GIF and MP4 have no transparency: their frames get the theme's background.
      if (!sink.keeps_transparency()) scene.background = figure.settings.theme->background;
      painter.paint(sink.begin_frame(step), scene);
      sink.end_frame();
    }
    if (pass + 1 < sink.passes()) sink.end_pass();
  }
  sink.finish();
}

void render_file(const Figure& figure, const OutputTarget& target, FrameRange range) {
  const SinkOptions options{figure.settings.frame_duration_ms, figure.settings.loop, figure.frames(),
                            last_step(figure, range) - range.first + 1, figure.name};
  check_render_work(render_cost(figure), options.frame_count);  // before a file is even created
  try {
    const auto sink = make_sink(target, figure.size(), options);
    render(figure, *sink, range);
  } catch (const OutputError&) {
    throw;  // names its file already
  } catch (const ConfigError&) {
    throw;  // bad input, not a failure of the output
  } catch (const std::exception& e) {
    throw OutputError(target.path(), e.what());  // libav's and Cairo's errors say what failed, not where
  }
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
  void consume(const RasterFrame& frame) override {
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
