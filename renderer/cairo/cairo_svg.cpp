// SVG drawn by Cairo (`.cairo.svg`): a file per step, text as glyph outlines, so it looks the same
// wherever it is opened, whatever fonts are installed. The default `.svg` is written from the scene
// as text instead (renderer/outputs/svg.cpp).
#include <map>
#include <regex>
#include <string>

#include <cairo-svg.h>

#include "renderer/cairo/cairo_handles.hpp"
#include "renderer/cairo/cairo_stream.hpp"
#include "renderer/cairo/painter.hpp"
#include "renderer/outputs/output.hpp"
#include "renderer/outputs/step_path.hpp"

namespace convanim {
namespace {

// Cairo names the SVG's groups "surfaceN" after a counter shared by the whole process, so the same
// frame would be written differently after other renders. Numbering them by first appearance in
// the file keeps every SVG byte-identical.
std::string renumber_surface_ids(const std::string& text) {
  static const std::regex surface_id("surface([0-9]+)");
  std::map<std::string, std::size_t> renumbered;
  std::string out;
  auto last = text.cbegin();
  for (std::sregex_iterator it(text.begin(), text.end(), surface_id), end; it != end; ++it) {
    const auto [entry, added] = renumbered.try_emplace((*it)[1].str(), renumbered.size() + 1);
    out.append(last, (*it)[0].first).append("surface").append(std::to_string(entry->second));
    last = (*it)[0].second;
  }
  out.append(last, text.cend());
  return out;
}

class CairoSvgOutput final : public Output {
 public:
  CairoSvgOutput(OutputTarget target, const OutputOptions& options)
      : size_(options.size), files_(std::move(target), options.step_count, ".cairo.svg") {}

  std::filesystem::path target() const override { return files_.target().path(); }

  void frame(const Scene& scene, const FrameInfo& info) override {
    PendingFile& file = files_.add(info.step);
    // Drawn into memory first: the surface ids are renumbered before the file is written.
    std::string document;
    CairoSurface surface(cairo_svg_surface_create_for_stream(append_to_string, &document, size_.width, size_.height));
    check_cairo(surface.get(), "creating an SVG surface");
    cairo_svg_surface_restrict_to_version(surface.get(), CAIRO_SVG_VERSION_1_1);
    cairo_svg_surface_set_document_unit(surface.get(), CAIRO_SVG_UNIT_PX);
    {
      CairoContext context(cairo_create(surface.get()));
      painter_.paint(context.get(), scene);
      check_cairo(context.get(), "drawing an SVG frame");
    }
    cairo_surface_finish(surface.get());
    check_cairo(surface.get(), "finishing an SVG frame");
    file.write(renumber_surface_ids(document));
    file.close();
  }

  void finish() override { files_.commit_all(); }

 private:
  FrameSize size_;
  Painter painter_{LayerCache::none};
  StepFiles files_;
};

}  // namespace

extern const OutputType cairo_svg_output{
    .extension = ".cairo.svg",
    .summary = "an SVG file per step drawn by Cairo, text as outlines (looks the same without the font)",
    .traits = {.per_step = true, .file_per_step = true},
    .make = [](const OutputTarget& target, const OutputOptions& options, OutputSession&) -> std::unique_ptr<Output> {
      return std::make_unique<CairoSvgOutput>(target, options);
    },
};

}  // namespace convanim
