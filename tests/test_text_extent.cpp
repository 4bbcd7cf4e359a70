// The views place texts and reserve room for them without a font (bounds_of's estimate); the
// painter lays them out with Pango. Every text of every gallery figure, in its first and middle
// steps, must have its ink, as Pango measures it, inside the estimate: else it could be clipped by
// the image's edge or run over what the view put beside it.
#include <filesystem>
#include <sstream>

#include <catch2/catch.hpp>

#include "renderer/cairo/painter.hpp"
#include "renderer/render.hpp"
#include "src/config/config.hpp"

namespace fs = std::filesystem;
using namespace convanim;

TEST_CASE("the font-free estimate of every text holds Pango's ink", "[text][gallery]") {
  constexpr double tolerance = 0.5;  // pixels: anti-aliasing's half pixel
  std::size_t texts = 0, outside = 0;
  std::ostringstream report;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(CONVANIM_SOURCE_DIR) / "configs")) {
    if (entry.path().extension() != ".json") continue;
    const Figure figure(load_config(entry.path()));
    for (const std::size_t step : {std::size_t{0}, figure.frames() / 2}) {
      const Scene scene = figure.view->scene(step);
      for (const Layer& layer : scene.layers)
        for (std::size_t i = 0; i < layer.count; ++i) {
          const auto* text = std::get_if<Text>(&(*layer.shapes)[i]);
          if (!text) continue;
          ++texts;
          const Box estimate = bounds_of(*text).grown(tolerance), ink = text_ink(*text);
          if (ink.empty() || (ink.x0 >= estimate.x0 && ink.x1 <= estimate.x1 && ink.y0 >= estimate.y0 &&
                              ink.y1 <= estimate.y1))
            continue;
          if (++outside <= 20)
            report << entry.path().filename().string() << " step " << step << ": \"" << text->text.plain()
                   << "\" ink x " << ink.x0 << ".." << ink.x1 << " y " << ink.y0 << ".." << ink.y1 << ", estimate x "
                   << estimate.x0 << ".." << estimate.x1 << " y " << estimate.y0 << ".." << estimate.y1 << "\n";
        }
    }
  }
  INFO(report.str());
  CHECK(texts > 1000);
  CHECK(outside == 0);
}
