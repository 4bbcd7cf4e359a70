// The views place texts and reserve room for them without a font (bounds_of's estimate); the
// painter lays them out with Pango. Every text of every gallery figure, in its first and middle
// steps, must have its ink, as Pango measures it, inside the estimate: else it could be clipped by
// the image's edge or run over what the view put beside it.
#include <filesystem>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "renderer/cairo/painter.hpp"
#include "renderer/render.hpp"
#include "src/config/config.hpp"

namespace fs = std::filesystem;
using namespace convanim;

namespace {

struct Check {
  std::size_t texts = 0, outside = 0;
  std::ostringstream report;

  // Every text of the figure's first and middle steps, drawn at its canvas's scale.
  void figure(const Figure& figure, const std::string& name) {
    constexpr double tolerance = 0.5;  // pixels: anti-aliasing's half pixel
    for (const std::size_t step : {std::size_t{0}, figure.frames() / 2}) {
      const Scene scene = figure.view->scene(step);
      for (const Layer& layer : scene.layers)
        for (std::size_t i = 0; i < layer.count; ++i) {
          const auto* text = std::get_if<Text>(&(*layer.shapes)[i]);
          if (!text) continue;
          ++texts;
          const Box estimate = bounds_of(*text).grown(tolerance / scene.scale), ink = text_ink(*text, scene.scale);
          if (ink.empty() || (ink.x0 >= estimate.x0 && ink.x1 <= estimate.x1 && ink.y0 >= estimate.y0 &&
                              ink.y1 <= estimate.y1))
            continue;
          if (++outside <= 20)
            report << name << " step " << step << ": \"" << text->text.plain() << "\" ink x " << ink.x0 << ".."
                   << ink.x1 << " y " << ink.y0 << ".." << ink.y1 << ", estimate x " << estimate.x0 << ".."
                   << estimate.x1 << " y " << estimate.y0 << ".." << estimate.y1 << "\n";
        }
    }
  }
};

const fs::path configs = fs::path(CONVANIM_SOURCE_DIR) / "configs";

}  // namespace

TEST_CASE("the font-free estimate of every text holds Pango's ink", "[text][gallery]") {
  Check check;
  for (const auto& entry : fs::recursive_directory_iterator(configs))
    if (entry.path().extension() == ".json") check.figure(Figure(load_config(entry.path())), entry.path().filename());
  INFO(check.report.str());
  CHECK(check.texts > 1000);
  CHECK(check.outside == 0);
}

// A canvas is a scale: subscripts stay smaller than their letters and lowered, and every text in
// the room kept for it, at 1920x1080 as at the natural size (Pango's own <sub> grew under a scale).
TEST_CASE("texts scale as one with the canvas: symbols, equations, values", "[text]") {
  Check check;
  for (const char* name : {"numbers/symbolic.json", "numbers/equation.json", "guide/numerical_padding_strides.json",
                           "transposed/padding_strides_matrix.json", "channels/rgb_two_filters.json"})
    for (const auto& canvas : {nlohmann::json{1920, 1080}, nlohmann::json{640, 360}})
      check.figure(Figure(load_config(configs / name), RenderOverrides{}.set("canvas", canvas)),
                   std::string(name) + " at " + canvas.dump());
  INFO(check.report.str());
  CHECK(check.texts > 200);
  CHECK(check.outside == 0);
}
