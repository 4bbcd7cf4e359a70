// GIF output: render_file to .gif, then read it back two ways (libavformat/libavcodec, and the GIF
// blocks parsed from the bytes): one frame per step, each shown for the frame duration with no
// drift, looping forever unless told not to, the view's size, and pictures close to what Cairo drew.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "decode.hpp"
#include "renderer/render.hpp"
#include "src/config/scenario.hpp"

using namespace convanim;
using nlohmann::json;

namespace {

RenderOverrides with_duration(int ms) {
  RenderOverrides overrides;
  overrides.set("frame_duration", ms);
  return overrides;
}

RenderOverrides with_loop(bool loop) {
  RenderOverrides overrides;
  overrides.set("loop", loop);
  return overrides;
}

Figure figure_for(const json& config, const RenderOverrides& overrides = {}) {
  return prepare_figure(parse_config(config, "test.json", "gif_test"), overrides);
}

std::vector<test::Image> drawn_frames(const Figure& figure) {
  MemoryOutput sink;
  render(figure, sink);
  std::vector<test::Image> frames;
  for (const MemoryOutput::Frame& frame : sink.frames()) frames.push_back(test::from_argb32(frame));
  return frames;
}

struct Case {
  const char* name;
  json config;
};

// Small scenarios of different kinds, at small cell sizes to keep the encoding quick.
std::vector<Case> cases() {
  return {
      {"padding and strides",
       {{"operation", "convolution"}, {"input", 5}, {"kernel", 3}, {"stride", 2}, {"padding", 1},
        {"render", {{"cell_size", 16}}}}},
      {"transposed",
       {{"operation", "transposed_convolution"}, {"input", 2}, {"kernel", 3}, {"stride", 2},
        {"render", {{"cell_size", 12}}}}},
      {"numerical, flat",
       {{"operation", "convolution"}, {"input", 4}, {"kernel", 3}, {"values", {{"seed", 7}}},
        {"render", {{"cell_size", 24}}}}},
      {"max pooling, non-square",
       {{"operation", "max_pooling"}, {"input", {3, 5}}, {"kernel", 2}, {"values", {{"seed", 3}}},
        {"render", {{"cell_size", 20}}}}},
  };
}

}  // namespace

TEST_CASE("GIF: one frame per step, each shown for one second, looping forever, the view's size",
          "[renderer][gif]") {
  const test::TempDir dir;
  for (const Case& c : cases()) {
    SECTION(c.name) {
      const Figure figure = figure_for(c.config);
      REQUIRE(figure.settings.frame_duration_ms == 1000);
      const std::size_t steps = figure.trace.steps.size();
      const auto path = dir.path() / "out.gif";
      render_file(figure, path);

      const test::DecodedVideo video = test::decode_video(path);
      CHECK(video.codec_name == "gif");
      CHECK(video.width == figure.view->width());
      CHECK(video.height == figure.view->height());
      REQUIRE(video.frames.size() == steps);
      for (std::size_t i = 0; i < steps; ++i) {
        INFO("frame " << i);
        const test::DecodedFrame& frame = video.frames[i];
        CHECK(frame.width == figure.view->width());
        CHECK(frame.height == figure.view->height());
        CHECK(frame.pts == Approx(double(i)).margin(1e-9));
        CHECK(frame.duration == Approx(1.0).margin(1e-9));
      }

      const test::GifStructure gif = test::read_gif_structure(path);
      CHECK(gif.has_trailer);
      CHECK(gif.width == figure.view->width());
      CHECK(gif.height == figure.view->height());
      CHECK(gif.image_count == steps);
      CHECK(gif.delays_cs == std::vector<int>(steps, 100));
      REQUIRE(gif.loop_count.has_value());
      CHECK(*gif.loop_count == 0);  // forever
      CHECK(test::find_netscape_loop(test::read_bytes(path)) == std::optional<int>(0));
    }
  }
}

// Later GIF frames store only the pixels that changed (the rest transparent); decoded, each must
// still be the whole opaque picture.
TEST_CASE("GIF: every decoded frame is a whole opaque picture", "[renderer][gif]") {
  const test::TempDir dir;
  const Figure figure = figure_for(cases()[0].config);
  const auto path = dir.path() / "out.gif";
  render_file(figure, path);
  const test::DecodedVideo video = test::decode_video(path);
  REQUIRE(video.frames.size() == figure.trace.steps.size());
  for (std::size_t f = 0; f < video.frames.size(); ++f) {
    INFO("frame " << f);
    const test::Image& frame = video.frames[f];
    std::size_t not_opaque = 0;
    for (std::size_t i = 3; i < frame.rgba.size(); i += 4) not_opaque += frame.rgba[i] != 255;
    CHECK(not_opaque == 0);
  }
}

TEST_CASE("GIF: a custom frame duration sets every delay", "[renderer][gif]") {
  const test::TempDir dir;
  json config = cases()[0].config;
  config["render"]["frame_duration"] = 250;
  const Figure figure = figure_for(config);
  const auto path = dir.path() / "quarter.gif";
  render_file(figure, path);
  const std::size_t steps = figure.trace.steps.size();
  const test::GifStructure gif = test::read_gif_structure(path);
  CHECK(gif.delays_cs == std::vector<int>(steps, 25));
  const test::DecodedVideo video = test::decode_video(path);
  REQUIRE(video.frames.size() == steps);
  for (std::size_t i = 0; i < steps; ++i) {
    INFO("frame " << i);
    CHECK(video.frames[i].duration == Approx(0.25).margin(1e-9));
    CHECK(video.frames[i].pts == Approx(0.25 * double(i)).margin(1e-9));
  }

  SECTION("the same from the override") {
    const Figure overridden = figure_for(cases()[0].config, with_duration(250));
    const auto other = dir.path() / "override.gif";
    render_file(overridden, other);
    CHECK(test::read_gif_structure(other).delays_cs == std::vector<int>(steps, 25));
  }
}

TEST_CASE("GIF: delays that are not whole centiseconds do not drift", "[renderer][gif]") {
  const test::TempDir dir;
  // 16 steps of 125 ms: 12.5 cs each, which a GIF cannot say.
  const json config{{"operation", "convolution"}, {"input", 6}, {"kernel", 3},
                    {"render", {{"cell_size", 8}, {"frame_duration", 125}}}};
  const Figure figure = figure_for(config);
  const std::size_t steps = figure.trace.steps.size();
  REQUIRE(steps == 16);
  const auto path = dir.path() / "drift.gif";
  render_file(figure, path);
  const test::GifStructure gif = test::read_gif_structure(path);
  REQUIRE(gif.delays_cs.size() == steps);
  int elapsed = 0;
  for (std::size_t i = 0; i < steps; ++i) {
    INFO("frame " << i << ", delay " << gif.delays_cs[i]);
    CHECK((gif.delays_cs[i] == 12 || gif.delays_cs[i] == 13));
    elapsed += gif.delays_cs[i];
    // At every frame, the last one included, the running time is n * 12.5 cs to the nearest
    // centisecond: the rounding errors do not add up.
    CHECK(std::abs(elapsed - 12.5 * double(i + 1)) <= 0.5);
  }
  CHECK(std::abs(elapsed - 12.5 * double(steps)) <= 1.0);

  const test::DecodedVideo video = test::decode_video(path);
  REQUIRE(video.frames.size() == steps);
  double total = 0;
  for (const test::DecodedFrame& frame : video.frames) total += frame.duration;
  CHECK(std::abs(total - 0.125 * double(steps)) <= 0.01);
}

TEST_CASE("GIF: loop false plays once", "[renderer][gif]") {
  const test::TempDir dir;
  const std::size_t steps = figure_for(cases()[0].config).trace.steps.size();
  const auto check_plays_once = [&](const Figure& figure, const std::filesystem::path& path) {
    CHECK_FALSE(figure.settings.loop);
    render_file(figure, path);
    const test::GifStructure gif = test::read_gif_structure(path);
    CHECK_FALSE(gif.loop_count.has_value());
    CHECK_FALSE(test::find_netscape_loop(test::read_bytes(path)).has_value());
    CHECK(gif.image_count == steps);
    CHECK(gif.delays_cs == std::vector<int>(steps, 100));
  };
  SECTION("from the config") {
    json config = cases()[0].config;
    config["render"]["loop"] = false;
    check_plays_once(figure_for(config), dir.path() / "once.gif");
  }
  SECTION("from the override") {
    check_plays_once(figure_for(cases()[0].config, with_loop(false)), dir.path() / "once.gif");
  }
}

TEST_CASE("GIF: decoded frames match the frames Cairo drew", "[renderer][gif]") {
  const test::TempDir dir;
  for (const Case& c : cases()) {
    SECTION(c.name) {
      const Figure figure = figure_for(c.config);
      const std::vector<test::Image> drawn = drawn_frames(figure);
      const auto path = dir.path() / "fidelity.gif";
      render_file(figure, path);
      const test::DecodedVideo video = test::decode_video(path);
      REQUIRE(video.frames.size() == drawn.size());
      for (std::size_t i = 0; i < drawn.size(); ++i) {
        const std::array<double, 3> mae = test::mean_abs_error(video.frames[i], drawn[i]);
        INFO("frame " << i << ": MAE R " << mae[0] << ", G " << mae[1] << ", B " << mae[2]);
        for (double channel : mae) CHECK(channel <= 2.0);
      }
      // Consecutive frames differ (the kernel moves), so matching frame by frame means something.
      REQUIRE(drawn.size() >= 2);
      CHECK(test::mean_abs_error(drawn[0], drawn[1])[0] + test::mean_abs_error(drawn[0], drawn[1])[2] > 0);
    }
  }
}

TEST_CASE("GIF: a frame range renders just those steps", "[renderer][gif]") {
  const test::TempDir dir;
  const Figure figure = figure_for(cases()[0].config);
  REQUIRE(figure.trace.steps.size() > 4);
  const std::vector<test::Image> drawn = drawn_frames(figure);
  const auto path = dir.path() / "range.gif";
  render_file(figure, path, FrameRange{2, 4});
  const test::DecodedVideo video = test::decode_video(path);
  REQUIRE(video.frames.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    INFO("frame " << i << " of the range, step " << i + 2);
    CHECK(video.frames[i].duration == Approx(1.0).margin(1e-9));
    for (double channel : test::mean_abs_error(video.frames[i], drawn[i + 2])) CHECK(channel <= 2.0);
    // ... and not the frame of the step before it.
    const auto other = test::mean_abs_error(video.frames[i], drawn[i + 1]);
    CHECK(other[0] + other[1] + other[2] > 0.1);
  }
  const test::GifStructure gif = test::read_gif_structure(path);
  CHECK(gif.image_count == 3);
  CHECK(gif.delays_cs == std::vector<int>(3, 100));
  CHECK(gif.loop_count == std::optional<int>(0));
}

// A transparent background applies to PNG, SVG and PDF only (render_settings.hpp); GIF frames get
// the theme's, not transparent pixels.
TEST_CASE("GIF: a transparent background setting is ignored, the theme's background is drawn",
          "[renderer][gif]") {
  const test::TempDir dir;
  json config = cases()[0].config;
  config["render"]["background"] = "transparent";
  const Figure figure = figure_for(config);
  REQUIRE(figure.settings.transparent);
  const auto path = dir.path() / "background.gif";
  render_file(figure, path, FrameRange{0, 1});
  const test::DecodedVideo video = test::decode_video(path);
  REQUIRE(video.frames.size() == 2);
  const std::array<int, 3> white{255, 255, 255};
  const test::Image& frame = video.frames[0];
  CHECK(frame.alpha(0, 0) == 255);
  CHECK(frame.rgb(0, 0) == white);
  CHECK(frame.alpha(frame.width - 1, frame.height - 1) == 255);
  CHECK(frame.rgb(frame.width - 1, frame.height - 1) == white);
  // The same pictures as with the default (theme) background.
  const std::vector<test::Image> drawn = drawn_frames(figure_for(cases()[0].config));
  for (std::size_t i = 0; i < 2; ++i)
    for (double channel : test::mean_abs_error(video.frames[i], drawn[i])) CHECK(channel <= 2.0);
}

// The frames drawn for the palette's sample are kept and handed over in their turn, not drawn again:
// an output beside the GIF, sharing its rasteriser, gets exactly the frames it gets alone, whether the
// whole animation is the sample (9 steps) or a part of it (49 smooth frames, of which 16 are sampled).
TEST_CASE("GIF: the frames drawn for the palette's sample reach every output as drawn", "[renderer][gif]") {
  const test::TempDir dir;
  json smooth = cases()[0].config;
  smooth["render"]["motion"] = "smooth";
  for (const json& config : {cases()[0].config, smooth}) {
    const Figure figure = figure_for(config);
    const Playback play = playback(figure);
    INFO(play.timeline.frames.size() << " frames");
    MemoryOutput alone;
    render(figure, alone);
    OutputSession session;
    const std::unique_ptr<Output> gif = make_output(OutputTarget::at(dir.path() / "beside.gif"), play.options, session);
    MemoryOutput beside(session);
    const OutputSlot outputs[] = {{gif.get(), find_output_type("beside.gif")->traits}, {&beside, {}}};
    render(figure, play, outputs);
    REQUIRE(beside.frames().size() == alone.frames().size());
    for (std::size_t i = 0; i < alone.frames().size(); ++i) {
      INFO("frame " << i);
      CHECK(beside.frames()[i].pixels == alone.frames()[i].pixels);
    }
  }
}
