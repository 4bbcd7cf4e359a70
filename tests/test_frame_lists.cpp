// `--frames` takes a step, a range or a list of them ("0,4-6,10"): exactly those steps are drawn, in
// that order, each as it is drawn alone; a per-step format writes a file for each and no other.
#include <filesystem>
#include <set>
#include <vector>

#include <catch2/catch.hpp>

#include "renderer/render.hpp"
#include "src/config/config.hpp"
#include "tests/cli_run.hpp"
#include "tests/decode.hpp"

namespace fs = std::filesystem;
using namespace convanim;

namespace {
const fs::path config = fs::path(CONVANIM_SOURCE_DIR) / "configs/guide/padding_strides.json";  // 9 steps
}

TEST_CASE("a list of steps draws those steps, in order, as each alone", "[frames]") {
  const Figure figure(load_config(config));
  const std::vector<std::size_t> steps{0, 4, 5, 6, 8};
  MemoryOutput listed;
  render(figure, listed, {}, FrameRange(steps));
  REQUIRE(listed.frames().size() == steps.size());
  for (std::size_t i = 0; i < steps.size(); ++i) {
    MemoryOutput alone;
    render(figure, alone, {}, FrameRange{steps[i], steps[i]});
    REQUIRE(alone.frames().size() == 1);
    CHECK(listed.frames()[i].step == steps[i]);
    CHECK(listed.frames()[i].pixels == alone.frames()[0].pixels);
  }
}

TEST_CASE("render --frames 0,4-6,8 writes those steps' files and a GIF of them", "[frames][cli]") {
  const test::TempDir dir;
  const test::CliResult result = test::run_cli(
      {"render", config.string(), "-o", (dir.path() / "f.png").string(), "-o", (dir.path() / "f.gif").string(),
       "--frames", "0,4-6,8"});
  REQUIRE(result.status == 0);
  std::set<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir.path())) files.insert(entry.path().filename());
  CHECK(files == std::set<std::string>{"f.gif", "f_0.png", "f_4.png", "f_5.png", "f_6.png", "f_8.png"});
  CHECK(test::read_gif_structure(dir.path() / "f.gif").image_count == 5);

  // A step twice, past the end, backwards or empty: one line naming --frames, exit 2, nothing written.
  for (const char* bad : {"0,4,4", "0,9", "3-1", "1,", ",1", "0-2,2"}) {
    INFO(bad);
    const test::TempDir empty;
    const test::CliResult refused =
        test::run_cli({"render", config.string(), "-o", (empty.path() / "g.png").string(), "--frames", bad});
    CHECK(refused.status == 2);
    CHECK_THAT(refused.err, Catch::StartsWith("convanim: command line: --frames: "));
    CHECK(fs::is_empty(empty.path()));
  }
}
