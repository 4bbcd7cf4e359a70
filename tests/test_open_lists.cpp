// Views and outputs are open lists: a view and an output defined here, in the tests alone, are
// registered at run time and a config renders through both, exactly as through the built-in ones.
#include <filesystem>
#include <memory>
#include <vector>

#include <catch2/catch.hpp>

#include "renderer/render.hpp"
#include "renderer/views/view_type.hpp"
#include "tests/support.hpp"

namespace fs = std::filesystem;
using namespace convanim;

namespace {

constexpr int cell = 10;

// Draws the output grid only, one cell lit per step: the smallest view there is.
class LitCellView final : public View {
 public:
  explicit LitCellView(const Trace& trace) : View(trace.steps.size()), trace_(trace) {
    const int rows = trace.output_size[0], cols = trace.output_size[1];
    planes_.push_back({"output", rows, cols, {0, 0}, {cell, 0}, {0, cell}});
    width_ = cols * cell + cols * cell % 2;
    height_ = rows * cell + rows * cell % 2;
    std::vector<Shape> grid;
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c) grid.push_back(filled_cell(planes_[0], {r, c}, Colour::rgb(0, 0, 255)));
    grid_ = Layer::make(Layer::Kind::fixed, std::move(grid));
  }
  Scene scene(std::size_t frame) const override {
    Scene scene;
    scene.width = width_, scene.height = height_, scene.background = Colour::rgb(255, 255, 255);
    scene.layers.push_back(grid_);
    scene.layers.push_back(Layer::make(Layer::Kind::moving, {filled_cell(planes_[0], trace_.steps[frame].output,
                                                                         Colour::rgb(255, 0, 0))}));
    return scene;
  }

 private:
  const Trace& trace_;
  Layer grid_;
};

const ViewType lit_cell_view{
    .name = "test-lit-cell",
    .summary = "one output cell lit per step (a test's)",
    .refuses = [](const Scenario& s) -> std::optional<std::string> {
      if (s.dims == 1) return std::string("the test-lit-cell view draws 2-D layers only");
      return std::nullopt;
    },
    .cell_size = [](const Config&) { return cell; },
    .make = [](const Trace& trace, const RenderSettings&, Build) -> std::unique_ptr<View> {
      return std::make_unique<LitCellView>(trace);
    },
};

// Keeps what it is given: the scenes, their frame numbers, and whether it was finished.
struct Recorded {
  std::vector<FrameInfo> frames;
  std::vector<Scene> scenes;
  OutputOptions options;
  bool finished = false;
};
Recorded recorded;

class RecordingOutput final : public Output {
 public:
  explicit RecordingOutput(const OutputOptions& options) { recorded = {};
    recorded.options = options; }
  void frame(const Scene& scene, const FrameInfo& info) override {
    recorded.scenes.push_back(scene);
    recorded.frames.push_back(info);
  }
  void finish() override { recorded.finished = true; }
};

const OutputType recording_output{
    .extension = ".test-record",
    .summary = "scenes kept in memory (a test's)",
    .traits = {.per_step = true},
    .make = [](const OutputTarget&, const OutputOptions& options, OutputSession&) -> std::unique_ptr<Output> {
      return std::make_unique<RecordingOutput>(options);
    },
};

void register_once() {
  static const bool done = (register_view_type(lit_cell_view), register_output_type(recording_output), true);
  (void)done;
}

// The colour of the red mark's first point in a recorded scene, as a cell of the output plane.
PlaneCell lit_cell(const Scene& scene) {
  const auto& path = std::get<Path>(scene.layers.at(1).shapes->at(0));
  return {static_cast<int>(path.points[0].y) / cell, static_cast<int>(path.points[0].x) / cell};
}

}  // namespace

TEST_CASE("a view and an output registered by a test render like the built-in ones", "[open-lists]") {
  register_once();
  REQUIRE(find_view_type("test-lit-cell") == &lit_cell_view);
  REQUIRE(find_output_type("figure.test-record") == &recording_output);

  const Config config = load_config_text(
      R"json({"layer": "nn.Conv2d(1, 1, 3, stride=2)", "input": [1, 5, 5],
          "render": {"view": "test-lit-cell"}})json",
      "lit.json");
  const Figure figure(config);
  CHECK(figure.settings.view == "test-lit-cell");
  CHECK(figure.settings.cell_size == cell);  // the view's own default
  CHECK(figure.size().width == 20);

  // The output is chosen by its extension; no file is made for it.
  const fs::path target = fs::temp_directory_path() / "convanim-open-lists.test-record";
  render_file(figure, target);
  CHECK(recorded.finished);
  CHECK(recorded.options.size.width == 20);
  REQUIRE(recorded.scenes.size() == 4);  // a 2x2 output: one step each
  const std::vector<PlaneCell> expected{{0, 0}, {0, 1}, {1, 0}, {1, 1}};
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(recorded.frames[i].step == i);
    CHECK(lit_cell(recorded.scenes[i]).row == expected[i].row);
    CHECK(lit_cell(recorded.scenes[i]).col == expected[i].col);
    CHECK(recorded.scenes[i].layers.at(0).shapes->size() == 4);  // the grid, fixed
  }
  CHECK_FALSE(fs::exists(target));
}

TEST_CASE("a registered view's refusal and its name reach the config's errors", "[open-lists]") {
  register_once();
  // Its own refusal, naming the key.
  const Config one_d = load_config_text(
      R"json({"layer": "nn.Conv1d(1, 1, 3)", "input": [1, 5], "render": {"view": "test-lit-cell"}})json", "one.json");
  const std::string refused = test::config_error_of([&] { Figure figure(one_d); });
  CHECK_THAT(refused, Catch::Contains("one.json") && Catch::Contains("view") &&
                          Catch::Contains("the test-lit-cell view draws 2-D layers only"));
  // Listed among the views a config may name.
  const Config unknown = load_config_text(
      R"json({"layer": "nn.Conv2d(1, 1, 3)", "input": [1, 5, 5], "render": {"view": "no-such-view"}})json", "u.json");
  CHECK_THAT(test::config_error_of([&] { Figure figure(unknown); }), Catch::Contains("test-lit-cell"));
  // Taken names are refused.
  CHECK_THROWS_AS(register_view_type(lit_cell_view), std::invalid_argument);
  CHECK_THROWS_AS(register_output_type(recording_output), std::invalid_argument);
  CHECK_THAT(supported_extensions(), Catch::Contains(".test-record"));
}
