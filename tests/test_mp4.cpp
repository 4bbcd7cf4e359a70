// MP4 output: render_file to .mp4, then read it back with libavformat/libavcodec and from the file's
// top-level boxes: H.264 in yuv420p at the view's (even) size, one video frame per drawn frame lasting
// as long as it is shown (a variable frame rate), a keyframe every 4 seconds (predicted frames between, exact seeking to every step), the moov box before mdat
// (faststart), and every frame close to what Cairo drew.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

extern "C" {
#include <libavcodec/codec_id.h>
}

#include "cli_run.hpp"
#include "decode.hpp"
#include "renderer/libav/av_handles.hpp"
#include "renderer/render.hpp"
#include "src/config/scenario.hpp"

using namespace convanim;
using nlohmann::json;

namespace {

// Cell sizes of 16 px and up: below that, 4:2:0 chroma subsampling alone (a yuv420p round trip with
// no codec) costs about 35 dB on the dark theme's thin light lines, whatever the encoder does.
Figure figure_for(const json& config) { return prepare_figure(parse_config(config, "test.json", "mp4_test")); }

std::vector<test::Image> drawn_frames(const Figure& figure) {
  MemoryOutput sink;
  render(figure, sink);
  std::vector<test::Image> frames;
  for (const MemoryOutput::Frame& frame : sink.frames()) frames.push_back(test::from_argb32(frame));
  return frames;
}

const json oblique{{"operation", "convolution"}, {"input", 5}, {"kernel", 3}, {"stride", 2}, {"padding", 1},
                   {"render", {{"cell_size", 16}}}};
const json flat{{"operation", "convolution"}, {"input", 4}, {"kernel", 3}, {"values", {{"seed", 11}}},
                {"render", {{"cell_size", 30}}}};
const json transposed{{"operation", "transposed_convolution"}, {"input", 3}, {"kernel", 3}, {"stride", 2},
                      {"padding", 1}, {"output_padding", 1}, {"render", {{"cell_size", 20}, {"theme", "dark"}}}};

// When each frame is shown, in seconds.
struct Shown {
  double start, duration;
};

// A stepped figure shows each step for its frame duration, one after the other.
std::vector<Shown> stepped_frames(const Figure& figure, std::size_t steps) {
  const double step = figure.settings.frame_duration_ms / 1000.0;
  std::vector<Shown> shown;
  for (std::size_t s = 0; s < steps; ++s) shown.push_back({double(s) * step, step});
  return shown;
}

// The frames the render loop gives the sink (motion.hpp plans them; test_canvas checks the plan).
std::vector<Shown> planned_frames(const Figure& figure) {
  const Timeline timeline = playback(figure).timeline;
  const double tick = 1.0 / double(timeline.ticks_per_second);
  std::vector<Shown> shown;
  for (const PlannedFrame& frame : timeline.frames)
    shown.push_back({double(frame.start) * tick, double(frame.duration) * tick});
  return shown;
}

// A video frame per frame shown, for as long as it is shown, the whole lasting exactly their sum, and
// keyframes at the first frame and then every 4 seconds.
void check_timing(const test::DecodedVideo& video, const std::vector<Shown>& expected) {
  REQUIRE(video.frames.size() == expected.size());
  double total = 0;
  std::vector<double> starts;
  for (const Shown& shown : expected) total += shown.duration, starts.push_back(shown.start);
  CHECK(video.container_duration == Approx(total).margin(1e-3));
  CHECK(video.stream_duration == Approx(total).margin(1e-3));
  const std::vector<bool> keys = test::keyframes_every(starts, test::mp4_keyframe_interval);
  for (std::size_t k = 0; k < video.frames.size(); ++k) {
    INFO("frame " << k);
    CHECK(video.frames[k].pts == Approx(expected[k].start).margin(1e-6));
    CHECK(video.frames[k].duration == Approx(expected[k].duration).margin(1e-6));
    CHECK(video.frames[k].key == keys[k]);
  }
}

void check_stream(const Figure& figure, const std::filesystem::path& path, const std::vector<Shown>& expected) {
  const test::DecodedVideo video = test::decode_video(path);
  CHECK(video.codec_id == int(AV_CODEC_ID_H264));
  CHECK(video.codec_name == "h264");
  CHECK(video.pix_fmt == "yuv420p");
  CHECK(video.width == figure.view->width());
  CHECK(video.height == figure.view->height());
  CHECK(video.width % 2 == 0);
  CHECK(video.height % 2 == 0);
  for (const test::DecodedFrame& frame : video.frames) {
    CHECK(frame.width == figure.view->width());
    CHECK(frame.height == figure.view->height());
  }
  check_timing(video, expected);
}

// Decoded frame k shows step first_step + k (stepped motion): close to it, and closer to it than to
// the step before.
void check_pictures(const test::DecodedVideo& video, const std::vector<test::Image>& drawn,
                    std::size_t first_step = 0) {
  for (std::size_t k = 0; k < video.frames.size(); ++k) {
    const std::size_t step = first_step + k;
    REQUIRE(step < drawn.size());
    const double db = test::psnr(video.frames[k], drawn[step]);
    INFO("frame " << k << " (step " << step << "): PSNR " << db << " dB");
    CHECK(db >= 35.0);
    if (step > 0) CHECK(db > test::psnr(video.frames[k], drawn[step - 1]));
  }
}

}  // namespace

TEST_CASE("MP4: H.264 in yuv420p, even size, a frame per drawn frame for as long as it is shown",
          "[renderer][mp4]") {
  const test::TempDir dir;
  const auto path = dir.path() / "out.mp4";
  struct Stepped {
    const char* name;
    const json& config;
    int step_ms;
  };
  for (const Stepped& stepped : {Stepped{"oblique, one second a step: every frame a keyframe", oblique, 1000},
                                 Stepped{"flat, 250 ms a step: a keyframe every fourth", flat, 250},
                                 Stepped{"transposed, 70 ms a step", transposed, 70},
                                 Stepped{"a step of 1.5 s: a keyframe each, none between", oblique, 1500}}) {
    SECTION(stepped.name) {
      json config = stepped.config;
      config["render"]["frame_duration"] = stepped.step_ms;
      const Figure figure = figure_for(config);
      REQUIRE(figure.settings.frame_duration_ms == stepped.step_ms);
      render_file(figure, path);
      check_stream(figure, path, stepped_frames(figure, figure.trace.steps.size()));
    }
  }
  SECTION("smooth motion at 24 frames a second: the moving frames and one frame per hold") {
    json config = oblique;
    config["render"]["motion"] = "smooth";
    config["render"]["fps"] = 24;
    config["render"]["frame_duration"] = 500;
    const Figure figure = figure_for(config);
    render_file(figure, path);
    const std::vector<Shown> planned = planned_frames(figure);
    // Moving frames 1/24 s apart, then the hold to the step's end.
    const std::size_t steps = figure.trace.steps.size();
    REQUIRE(planned.size() > steps);
    CHECK(planned.back().start + planned.back().duration == Approx(double(steps) * 0.5));
    check_stream(figure, path, planned);
  }
}

TEST_CASE("MP4: steps shorter than a 60 fps frame each get a frame of their own", "[renderer][mp4]") {
  const test::TempDir dir;
  json config = oblique;
  config["render"]["frame_duration"] = 12;
  const Figure figure = figure_for(config);
  const auto path = dir.path() / "short.mp4";
  render_file(figure, path);
  check_stream(figure, path, stepped_frames(figure, figure.trace.steps.size()));
  // Every step is seen: each frame is closer to its step than to the steps beside it. (x264 gives a
  // frame fewer bits the shorter it is shown: about 30 dB here, against 36 and up at a second.)
  const test::DecodedVideo video = test::decode_video(path);
  const std::vector<test::Image> drawn = drawn_frames(figure);
  REQUIRE(video.frames.size() == drawn.size());
  for (std::size_t k = 0; k < drawn.size(); ++k) {
    INFO("frame " << k);
    const double db = test::psnr(video.frames[k], drawn[k]);
    if (k > 0) CHECK(db > test::psnr(video.frames[k], drawn[k - 1]));
    if (k + 1 < drawn.size()) CHECK(db > test::psnr(video.frames[k], drawn[k + 1]));
  }
}

TEST_CASE("MP4: the moov box comes before mdat (faststart)", "[renderer][mp4]") {
  const test::TempDir dir;
  const auto path = dir.path() / "fast.mp4";
  render_file(figure_for(oblique), path);
  const std::vector<test::Mp4Box> boxes = test::read_mp4_boxes(path);
  std::vector<std::string> types;
  for (const test::Mp4Box& box : boxes) types.push_back(box.type);
  INFO("top-level boxes: " << Catch::Detail::stringify(types));
  REQUIRE_FALSE(boxes.empty());
  CHECK(boxes.front().type == "ftyp");
  const auto moov = std::find(types.begin(), types.end(), "moov");
  const auto mdat = std::find(types.begin(), types.end(), "mdat");
  REQUIRE(moov != types.end());
  REQUIRE(mdat != types.end());
  CHECK(moov < mdat);
  CHECK(std::count(types.begin(), types.end(), "moov") == 1);
  // The boxes tile the whole file.
  CHECK(boxes.back().offset + boxes.back().size == std::filesystem::file_size(path));
}

TEST_CASE("MP4: every decoded frame is within 35 dB PSNR of the frame Cairo drew", "[renderer][mp4]") {
  const test::TempDir dir;
  const auto path = dir.path() / "quality.mp4";
  for (const json* config : {&oblique, &flat, &transposed}) {
    const Figure figure = figure_for(*config);
    const std::vector<test::Image> drawn = drawn_frames(figure);
    render_file(figure, path);
    const test::DecodedVideo video = test::decode_video(path);
    REQUIRE(video.frames.size() == drawn.size());
    check_pictures(video, drawn);
  }
}

// Steps between keyframes are predicted frames: a player seeking to a step decodes from the
// keyframe before it, and must land on exactly that step's picture, as the page's step buttons do.
TEST_CASE("MP4: seeking to any step's time shows exactly that step, keyframes or not", "[renderer][mp4]") {
  const test::TempDir dir;
  const Figure figure = figure_for(json{{"operation", "convolution"}, {"input", 7}, {"kernel", 3},
                                        {"render", {{"frame_duration", 500}}}});  // 25 steps, 12.5 s
  const auto path = dir.path() / "seek.mp4";
  render_file(figure, path);
  const test::DecodedVideo video = test::decode_video(path);
  REQUIRE(video.frames.size() == figure.frames());
  std::size_t predicted = 0;
  for (std::size_t step = 0; step < video.frames.size(); ++step) {
    INFO("step " << step);
    predicted += !video.frames[step].key;
    const test::Image seen = test::seek_frame(path, video.frames[step].pts);
    CHECK(seen.rgba == video.frames[step].rgba);  // the same decoded picture, bit for bit
  }
  CHECK(predicted == figure.frames() - 4);  // keyframes at 0, 4, 8 and 12 s
}

TEST_CASE("MP4: a frame range renders just those steps", "[renderer][mp4]") {
  const test::TempDir dir;
  const Figure figure = figure_for(oblique);
  const std::vector<test::Image> drawn = drawn_frames(figure);
  const auto path = dir.path() / "range.mp4";
  render_file(figure, path, FrameRange{2, 4});
  const test::DecodedVideo video = test::decode_video(path);
  check_timing(video, stepped_frames(figure, 3));  // steps 2, 3 and 4
  check_pictures(video, drawn, 2);
}

// A transparent background applies to PNG, SVG and PDF only (render_settings.hpp); MP4 frames get
// the theme's, where cleared pixels would turn black.
TEST_CASE("MP4: a transparent background setting is ignored, the theme's background is drawn",
          "[renderer][mp4]") {
  const test::TempDir dir;
  json config = oblique;
  config["render"]["background"] = "transparent";
  const Figure figure = figure_for(config);
  REQUIRE(figure.settings.transparent);
  const auto path = dir.path() / "background.mp4";
  render_file(figure, path, FrameRange{0, 1});
  const test::DecodedVideo video = test::decode_video(path);
  REQUIRE(video.frames.size() == 2);
  const test::Image& frame = video.frames[0];
  for (int channel : frame.rgb(0, 0)) CHECK(channel >= 250);  // the theme's white, not black
  const std::vector<test::Image> drawn = drawn_frames(figure_for(oblique));
  check_pictures(video, drawn);
}

TEST_CASE("MP4: guide figures at their default size are within 35 dB PSNR of the frames drawn", "[renderer][mp4]") {
  const test::TempDir dir;
  const auto path = dir.path() / "guide.mp4";
  for (const char* name : {"padding_strides", "numerical_padding_strides"}) {
    const Figure figure =
        prepare_figure(load_scenario(std::filesystem::path(CONVANIM_SOURCE_DIR) / "configs" / "guide" /
                                     (std::string(name) + ".json")));
    const std::vector<test::Image> drawn = drawn_frames(figure);
    render_file(figure, path);
    const test::DecodedVideo video = test::decode_video(path);
    REQUIRE(video.frames.size() == drawn.size());
    check_pictures(video, drawn);
  }
}

// libav's own words go into the message of a failed encode, not to the terminal: what it logs about
// the contexts an output watches (from any of the encoder's threads), warnings and errors only.
TEST_CASE("MP4: libav's log about an encode's contexts is kept for its failure, the rest dropped", "[mp4]") {
  const CodecContextPtr watched(avcodec_alloc_context3(nullptr)), other(avcodec_alloc_context3(nullptr));
  REQUIRE(watched);
  REQUIRE(other);
  LibavLog log;
  log.watch(watched.get());
  CHECK(log.notes().empty());
  std::thread([&] {
    av_log(watched.get(), AV_LOG_ERROR, "broken after %d frames\n", 7);
    av_log(other.get(), AV_LOG_ERROR, "about another encode\n");
    av_log(watched.get(), AV_LOG_INFO, "chatter\n");
  }).join();
  const std::string notes = log.notes();
  CHECK_THAT(notes, Catch::StartsWith("; libav: ") && Catch::Contains("broken after 7 frames"));
  CHECK_THAT(notes, !Catch::Contains("another encode") && !Catch::Contains("chatter") && !Catch::Contains("\n"));

  for (int line = 0; line < 10; ++line) av_log(watched.get(), AV_LOG_WARNING, "warning %d\n", line);
  const std::string last = log.notes();
  CHECK_THAT(last, Catch::Contains("warning 9") && !Catch::Contains("warning 6") && !Catch::Contains("broken"));
  CHECK(std::count(last.begin(), last.end(), ';') == int(LibavLog::kept_lines));
}
