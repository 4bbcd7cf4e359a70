// Limits on work (issue 22, items 6, 6b and 12): every refusal before a value is computed or a frame
// planned, work counted as pixels, shapes and texts, and a default cell size that shrinks to fit.
#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "renderer/outputs/render_loop.hpp"
#include "renderer/views/channel_slots.hpp"
#include "renderer/views/figure.hpp"
#include "renderer/views/motion.hpp"
#include "src/config/config_error.hpp"
#include "src/simulate/trace_json.hpp"

namespace fs = std::filesystem;
using namespace convanim;
using test::run_cli;
using test::TempDir;

namespace {

Config config(const std::string& text) { return parse_config(nlohmann::json::parse(text), "limits.json", "limits"); }

std::set<std::string> tree(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) names.insert(entry.path().filename().string());
  return names;
}

// A layer of 62 M weights (1 GB of values, simulated): refused at its frame size.
const std::string heavy_values =
    R"({"operation":"convolution","input":[1,61],"kernel":[1,61],"in_channels":1024,"out_channels":1023,)"
    R"("values":{"seed":1},"render":{"cell_size":200}})";

// 65,536 steps of a minute each at 60 fps: 236 M frames planned.
const std::string endless_motion =
    R"({"operation":"convolution","input":64,"kernel":1,"out_channels":16,"render":{"canvas":[64,64],)"
    R"("cell_size":8,"motion":"smooth","fps":60,"frame_duration":60000,"transition_ms":59980}})";

}  // namespace

TEST_CASE("work limits: a frame too large is refused on the plan, before any value is computed", "[limits]") {
  const Config heavy = config(heavy_values);
  const FigurePlan plan(heavy);
  REQUIRE(plan.trace.values);
  CHECK(plan.trace.values->kernel->data.empty());  // marked present, never computed
  CHECK_THROWS_WITH(check_render_plan(plan), Catch::Contains("8192 px a side") && Catch::Contains("cell_size"));
  CHECK_THROWS_AS(Figure(heavy), ConfigError);

  const TempDir dir;
  const fs::path file = dir.write("heavy.json", heavy_values);
  const test::CliResult refused = run_cli({"render", file.string(), "-o", (dir.path() / "h.gif").string()});
  CHECK(refused.status == 2);
  CHECK_THAT(refused.err, Catch::StartsWith("convanim: " + file.string() + ": /render/cell_size: frames would be"));
  CHECK(tree(dir.path()) == std::set<std::string>{"heavy.json"});
}

TEST_CASE("work limits: frames are counted, not planned, and a plan of millions is refused", "[limits]") {
  SECTION("the count is the plan's") {
    for (const char* render : {R"({})", R"({"motion":"smooth"})", R"({"motion":"smooth","fps":60,"transition_ms":990})",
                               R"({"motion":"smooth","fps":8,"frame_duration":130,"transition_ms":65})"}) {
      CAPTURE(render);
      const Config c = config(std::string(R"({"operation":"convolution","input":5,"kernel":2,"render":)") + render + "}");
      const FigurePlan plan(c);
      for (const std::vector<std::size_t>& steps : {std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
                                                     std::vector<std::size_t>{3}, std::vector<std::size_t>{2, 5, 6, 9}})
        CHECK(planned_frame_count(plan.settings, steps.size()) == std::int64_t(plan_frames(plan.settings, steps).frames.size()));
    }
  }
  SECTION("render and batch refuse it, naming the frames and what to lower, nothing written") {
    const TempDir dir;
    const fs::path file = dir.write("endless.json", endless_motion);
    const test::CliResult render = run_cli({"render", file.string(), "-o", (dir.path() / "e.gif").string()});
    CHECK(render.status == 2);
    CHECK(render.out.empty());
    CHECK_THAT(render.err, Catch::StartsWith("convanim: " + file.string() + ": /render: 235926001 frames") &&
                               Catch::Contains("fps or transition_ms") && Catch::EndsWith("\n"));
    CHECK(std::count(render.err.begin(), render.err.end(), '\n') == 1);
    const test::CliResult batch = run_cli({"batch", file.string(), "-o", (dir.path() / "out").string()});
    CHECK(batch.status == 1);
    CHECK_THAT(batch.out + batch.err, Catch::Contains("235926001 frames"));
    CHECK(tree(dir.path()).count("e.gif") == 0);
    CHECK(tree(dir.path()).count("endless.gif") == 0);
  }
}

TEST_CASE("work limits: shapes and texts count as work", "[limits]") {
  const Config c = config(R"({"operation":"convolution","input":4,"kernel":3})");
  const FigurePlan plan(c);
  CHECK_NOTHROW(check_render_work(plan.cost(), 1000, 100));
  CHECK_THROWS_WITH(check_render_work(plan.cost(), 1000, 100'000),
                    Catch::Contains("1000 frames of 100000 shapes and texts") && Catch::Contains("--frames"));
}

TEST_CASE("work limits: channel grids write the elided channels' weights once, not once each", "[limits]") {
  const Figure figure(config(
      R"({"operation":"convolution","input":3,"kernel":3,"in_channels":64,"out_channels":2,"values":{"seed":1},)"
      R"("render":{"view":"flat"}})"));
  std::size_t texts = 0;
  for (const Layer& layer : figure.view->scene(0).layers)
    if (layer.kind == Layer::Kind::moving)
      for (std::size_t i = 0; i < layer.count; ++i) texts += std::holds_alternative<Text>((*layer.shapes)[i]);
  // The drawn channels' 9 weights and partial sums, the bias and total: not 64 channels' 9 weights.
  CHECK(texts <= std::size_t(ChannelSlots::most_drawn) * 10 + 2);
  CHECK(texts >= 5 * 9);
}

TEST_CASE("work limits: a long WaveNet without a cell size renders at one that fits", "[limits]") {
  const auto wavenet_of = [](int length) {
    return R"({"name":"wavenet","input":[1,)" + std::to_string(length) + R"(],"layers":[{"operation":"convolution","kernel":2,"dilation":1,"padding":"causal"},)"
      R"({"operation":"convolution","kernel":2,"dilation":2,"padding":"causal"},)"
      R"({"operation":"convolution","kernel":2,"dilation":4,"padding":"causal"},)"
      R"({"operation":"convolution","kernel":2,"dilation":8,"padding":"causal"}])";
  };
  const std::string wavenet = wavenet_of(240);
  const int default_cell_size = Figure(config(wavenet_of(16) + "}")).settings.cell_size;
  const Figure figure(config(wavenet + "}"));
  CHECK(figure.settings.cell_size >= min_cell_size);
  CHECK(figure.settings.cell_size < default_cell_size);
  CHECK(figure.size().width <= max_frame_side);
  CHECK(figure.size().width > max_frame_side / 2);  // the largest that fits, not the smallest
  // Asked for, the default is refused as before, naming the size that fits.
  CHECK_THROWS_WITH(Figure(config(wavenet + R"(,"render":{"cell_size":)" + std::to_string(default_cell_size) + "}}")),
                    Catch::Contains("8192 px a side") && Catch::Contains("lower render.cell_size to"));
}

TEST_CASE("work limits: trace streams exactly what the JSON tree dumps", "[limits]") {
  for (const char* text :
       {R"({"operation":"transposed_convolution","input":3,"kernel":3,"stride":2,"in_channels":2,"out_channels":2,"bias":true,"values":{"seed":3}})",
        R"({"operation":"max_pooling","input":[5],"kernel":2,"values":{"seed":1}})"}) {
    const Trace trace = simulate(*config(text).scenario());
    for (int indent : {-1, 0, 3, 16}) {
      CAPTURE(text, indent);
      std::ostringstream streamed;
      write_trace_json(streamed, trace, indent);
      CHECK(streamed.str() == trace_to_json(trace).dump(indent));
    }
  }
}

// A plan has no numbers: every gallery config is planned (as render and batch plan it first) with the
// figure's steps, whatever its view asks of the values (an equation band sized by its sums).
TEST_CASE("work limits: every gallery config is planned without its values, with its figure's steps", "[limits]") {
  std::size_t planned = 0;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(CONVANIM_SOURCE_DIR) / "configs")) {
    if (entry.path().extension() != ".json") continue;
    INFO(entry.path().filename().string());
    const Config c = load_config(entry.path());
    const FigurePlan plan(c);
    const Figure figure(c);
    CHECK(plan.steps() == figure.frames());
    ++planned;
  }
  CHECK(planned >= 59);
}
