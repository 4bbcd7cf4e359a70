// MP4 output: render_file to .mp4, then read it back with libavformat/libavcodec and from the file's
// top-level boxes: H.264 in yuv420p at the view's (even) size, a constant frame rate with each step
// shown for its frame duration, the moov box before mdat (faststart), and every frame close to what
// Cairo drew.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

extern "C" {
#include <libavcodec/codec_id.h>
}

#include "cli_run.hpp"
#include "decode.hpp"
#include "renderer/render.hpp"
#include "src/config/scenario.hpp"

using namespace convanim;
using nlohmann::json;

namespace {

// Cell sizes of 16 px and up: below that, 4:2:0 chroma subsampling alone (a yuv420p round trip with
// no codec) costs about 35 dB on the dark theme's thin light lines, whatever the encoder does.
Figure figure_for(const json& config) { return prepare_figure(parse_scenario(config, "test.json", "mp4_test")); }

std::vector<test::Image> drawn_frames(const Figure& figure) {
  MemorySink sink(figure.view->width(), figure.view->height());
  render(figure, sink);
  std::vector<test::Image> frames;
  for (const MemorySink::Frame& frame : sink.frames()) frames.push_back(test::from_argb32(frame));
  return frames;
}

const json oblique{{"operation", "convolution"}, {"input", 5}, {"kernel", 3}, {"stride", 2}, {"padding", 1},
                   {"render", {{"cell_size", 16}}}};
const json flat{{"operation", "convolution"}, {"input", 4}, {"kernel", 3}, {"values", {{"seed", 11}}},
                {"render", {{"cell_size", 30}}}};
const json transposed{{"operation", "transposed_convolution"}, {"input", 3}, {"kernel", 3}, {"stride", 2},
                      {"padding", 1}, {"output_padding", 1}, {"render", {{"cell_size", 20}, {"theme", "dark"}}}};

// A stepped MP4 runs at 10 frames a second, or at the rate that gives every step a frame of its own
// when steps are shorter than 100 ms (render_settings.hpp).
int stepped_rate(int frame_duration_ms) { return std::max(10, (1000 + frame_duration_ms - 1) / frame_duration_ms); }

// The step shown by video frame k: the one whose time span holds the frame's time.
std::size_t step_at(const Figure& figure, std::size_t k) {
  return k * 1000 / (std::size_t(figure.settings.fps) * figure.settings.frame_duration_ms);
}

void check_stream(const Figure& figure, const std::filesystem::path& path, int fps) {
  REQUIRE(figure.settings.fps == fps);
  const std::size_t steps = figure.trace.steps.size();
  const double seconds = double(steps) * figure.settings.frame_duration_ms / 1000.0;
  const test::DecodedVideo video = test::decode_video(path);
  CHECK(video.codec_id == int(AV_CODEC_ID_H264));
  CHECK(video.codec_name == "h264");
  CHECK(video.pix_fmt == "yuv420p");
  CHECK(video.width == figure.view->width());
  CHECK(video.height == figure.view->height());
  CHECK(video.width % 2 == 0);
  CHECK(video.height % 2 == 0);
  // Every frame a 1/fps second, as many as cover the animation.
  REQUIRE(video.frames.size() == std::size_t(std::ceil(seconds * fps - 1e-9)));
  CHECK(video.container_duration == Approx(double(video.frames.size()) / fps).margin(0.01));
  for (std::size_t k = 0; k < video.frames.size(); ++k) {
    INFO("frame " << k);
    CHECK(video.frames[k].width == figure.view->width());
    CHECK(video.frames[k].height == figure.view->height());
    CHECK(video.frames[k].pts == Approx(double(k) / fps).margin(0.001));
    CHECK(video.frames[k].duration == Approx(1.0 / fps).margin(0.001));
  }
  // Every step is seen.
  CHECK(step_at(figure, video.frames.size() - 1) == steps - 1);
  for (std::size_t k = 1; k < video.frames.size(); ++k) CHECK(step_at(figure, k) - step_at(figure, k - 1) <= 1);
}

// Each decoded frame is close to the step it shows and closer to it than to the step before.
void check_pictures(const Figure& figure, const test::DecodedVideo& video, const std::vector<test::Image>& drawn,
                    std::size_t first_step = 0) {
  for (std::size_t k = 0; k < video.frames.size(); ++k) {
    const std::size_t step = first_step + step_at(figure, k);
    REQUIRE(step < drawn.size());
    const double db = test::psnr(video.frames[k], drawn[step]);
    INFO("frame " << k << " (step " << step << "): PSNR " << db << " dB");
    CHECK(db >= 35.0);
    if (step > 0) CHECK(db > test::psnr(video.frames[k], drawn[step - 1]));
  }
}

}  // namespace

TEST_CASE("MP4: H.264 in yuv420p, even size, a constant frame rate, each step for its duration", "[renderer][mp4]") {
  const test::TempDir dir;
  const auto path = dir.path() / "out.mp4";
  SECTION("oblique, one second a step") {
    const Figure figure = figure_for(oblique);
    REQUIRE(figure.settings.frame_duration_ms == 1000);
    render_file(figure, path);
    check_stream(figure, path, stepped_rate(1000));
  }
  SECTION("flat, 250 ms a step") {
    json config = flat;
    config["render"]["frame_duration"] = 250;
    const Figure figure = figure_for(config);
    render_file(figure, path);
    check_stream(figure, path, stepped_rate(250));
  }
  SECTION("transposed, 70 ms a step (not a whole number of frames)") {
    json config = transposed;
    config["render"]["frame_duration"] = 70;
    const Figure figure = figure_for(config);
    render_file(figure, path);
    check_stream(figure, path, stepped_rate(70));
  }
  SECTION("smooth motion at 24 frames a second") {
    json config = oblique;
    config["render"]["motion"] = "smooth";
    config["render"]["fps"] = 24;
    config["render"]["frame_duration"] = 500;
    const Figure figure = figure_for(config);
    render_file(figure, path);
    check_stream(figure, path, 24);
  }
}

TEST_CASE("MP4: steps shorter than a frame at 60 fps are refused before anything is written", "[renderer][mp4]") {
  const test::TempDir dir;
  json config = oblique;
  config["render"]["frame_duration"] = 12;
  const Figure figure = figure_for(config);
  CHECK_THROWS_WITH(render_file(figure, dir.path() / "short.mp4"),
                    Catch::Contains("/render/frame_duration") && Catch::Contains("allowed for MP4: 17 to"));
  CHECK(std::filesystem::is_empty(dir.path()));
  render_file(figure, dir.path() / "short.gif");  // a GIF has no frame rate to keep
  CHECK(std::filesystem::exists(dir.path() / "short.gif"));
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
    REQUIRE(step_at(figure, video.frames.size() - 1) == drawn.size() - 1);
    check_pictures(figure, video, drawn);
  }
}

TEST_CASE("MP4: a frame range renders just those steps", "[renderer][mp4]") {
  const test::TempDir dir;
  const Figure figure = figure_for(oblique);
  const std::vector<test::Image> drawn = drawn_frames(figure);
  const auto path = dir.path() / "range.mp4";
  render_file(figure, path, FrameRange{2, 4});
  const test::DecodedVideo video = test::decode_video(path);
  REQUIRE(video.frames.size() == 3 * std::size_t(stepped_rate(1000)));  // three steps of a second
  CHECK(video.container_duration == Approx(3.0).margin(0.01));
  check_pictures(figure, video, drawn, 2);
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
  REQUIRE(video.frames.size() == 2 * std::size_t(stepped_rate(1000)));
  const test::Image& frame = video.frames[0];
  for (int channel : frame.rgb(0, 0)) CHECK(channel >= 250);  // the theme's white, not black
  const std::vector<test::Image> drawn = drawn_frames(figure_for(oblique));
  check_pictures(figure, video, drawn);
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
    REQUIRE(step_at(figure, video.frames.size() - 1) == drawn.size() - 1);
    check_pictures(figure, video, drawn);
  }
}
