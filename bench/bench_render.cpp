// Speed of one animation, in process: full_padding_no_strides (49 frames) drawn, and drawn and
// encoded to GIF and to MP4. Reports frames per second and the file size.
#include <filesystem>

#include <benchmark/benchmark.h>

#include "renderer/render.hpp"

namespace {
namespace fs = std::filesystem;

const fs::path config = fs::path(CONVANIM_SOURCE_DIR) / "configs/guide/full_padding_no_strides.json";

// Draws every frame into memory and drops it: the painter's share of a render.
class DiscardOutput final : public convanim::RasterOutput {
 public:
  void finish() override {}

 protected:
  void take(const convanim::RasterFrame& frame, const convanim::FrameInfo&) override {
    benchmark::DoNotOptimize(frame.data[0]);
  }
};

void draw_only(benchmark::State& state) {
  const convanim::Figure figure(convanim::load_scenario(config), {});
  for (auto _ : state) {
    DiscardOutput output;
    convanim::render(figure, output);
  }
  state.counters["frames/s"] =
      benchmark::Counter(double(figure.frames()), benchmark::Counter::kIsIterationInvariantRate);
}

void encode(benchmark::State& state, const char* extension) {
  const convanim::Figure figure(convanim::load_scenario(config), {});
  const fs::path out = fs::temp_directory_path() / (std::string("convanim_bench") + extension);
  for (auto _ : state) convanim::render_file(figure, out);
  state.counters["frames/s"] =
      benchmark::Counter(double(figure.frames()), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["bytes"] = double(fs::file_size(out));
  state.counters["width"] = figure.view->width();
  state.counters["height"] = figure.view->height();
  fs::remove(out);
}

}  // namespace

BENCHMARK(draw_only)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(encode, gif, ".gif")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(encode, mp4, ".mp4")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(encode, pdf, ".pdf")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_MAIN();
