// The sinks Cairo writes itself: PNG frames, SVG frames and PDF pages.
#include <fstream>
#include <map>
#include <regex>
#include <string>

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "renderer/sinks/pending_file.hpp"
#include "renderer/sinks/sink_factories.hpp"

namespace convanim {
namespace {

// Per-step files are all written under temporary names and renamed together at the end, so a
// failure part-way leaves none of them behind.
class PngSink final : public RasterSink {
 public:
  PngSink(std::filesystem::path path, const Layout& layout, const SinkOptions& options)
      : RasterSink(layout.width, layout.height), path_(std::move(path)), step_count_(options.step_count) {}

  void finish() override {
    for (PendingFile& file : files_) file.commit();
  }

 protected:
  void consume(const RasterFrame& frame) override {
    PendingFile& file = files_.emplace_back(per_step_path(path_, frame.step, step_count_));
    CairoSurface view(cairo_image_surface_create_for_data(const_cast<unsigned char*>(frame.data),
                                                          CAIRO_FORMAT_ARGB32, frame.width, frame.height,
                                                          frame.stride));
    check_cairo(cairo_surface_write_to_png(view.get(), file.temp_path().c_str()),
                fmt::format("writing {}", file.target().string()));
  }

 private:
  std::filesystem::path path_;
  std::size_t step_count_;
  std::vector<PendingFile> files_;
};

// Cairo names the SVG's groups "surfaceN" after a counter shared by the whole process, so the same
// frame would be written differently after other renders. Numbering them by first appearance in
// the file keeps every SVG byte-identical.
void renumber_surface_ids(const PendingFile& file) {
  std::string text;
  {
    std::ifstream in(file.temp_path(), std::ios::binary);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
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
  std::ofstream rewritten(file.temp_path(), std::ios::binary | std::ios::trunc);
  rewritten << out;
  if (!rewritten.flush())
    throw std::runtime_error(fmt::format("writing {}: cannot rewrite the SVG", file.target().string()));
}

class SvgSink final : public FrameSink {
 public:
  SvgSink(std::filesystem::path path, const Layout& layout, const SinkOptions& options)
      : path_(std::move(path)), width_(layout.width), height_(layout.height), step_count_(options.step_count) {}

  cairo_t* begin_frame(std::size_t step) override {
    PendingFile& file = files_.emplace_back(per_step_path(path_, step, step_count_));
    surface_.reset(cairo_svg_surface_create(file.temp_path().c_str(), width_, height_));
    check_cairo(surface_.get(), fmt::format("creating {}", file.target().string()));
    cairo_svg_surface_restrict_to_version(surface_.get(), CAIRO_SVG_VERSION_1_1);
    cairo_svg_surface_set_document_unit(surface_.get(), CAIRO_SVG_UNIT_PX);
    context_.reset(cairo_create(surface_.get()));
    return context_.get();
  }

  void end_frame() override {
    check_cairo(context_.get(), "drawing an SVG frame");
    context_.reset();
    cairo_surface_finish(surface_.get());
    check_cairo(surface_.get(), fmt::format("writing {}", files_.back().target().string()));
    surface_.reset();
    renumber_surface_ids(files_.back());
  }

  void finish() override {
    for (PendingFile& file : files_) file.commit();
  }

 private:
  std::filesystem::path path_;
  int width_, height_;
  std::size_t step_count_;
  std::vector<PendingFile> files_;
  CairoSurface surface_;
  CairoContext context_;
};

class PdfSink final : public FrameSink {
 public:
  PdfSink(const std::filesystem::path& path, const Layout& layout, const SinkOptions& options)
      : file_(path), surface_(cairo_pdf_surface_create(file_.temp_path().c_str(), layout.width, layout.height)),
        context_(cairo_create(surface_.get())) {
    check_cairo(surface_.get(), fmt::format("creating {}", path.string()));
    // A fixed creation date keeps the file byte-identical from one run to the next.
    cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_CREATE_DATE, "2016-03-23T00:00:00Z");
    cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_TITLE, options.title.c_str());
    cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_CREATOR, "convanim");
  }

  cairo_t* begin_frame(std::size_t) override { return context_.get(); }

  void end_frame() override {
    check_cairo(context_.get(), "drawing a PDF page");
    cairo_show_page(context_.get());
  }

  void finish() override {
    context_.reset();
    cairo_surface_finish(surface_.get());
    check_cairo(surface_.get(), fmt::format("writing {}", file_.target().string()));
    file_.commit();
  }

 private:
  PendingFile file_;
  CairoSurface surface_;
  CairoContext context_;
};

}  // namespace

std::unique_ptr<FrameSink> make_png_sink(const std::filesystem::path& path, const Layout& layout,
                                         const SinkOptions& options) {
  return std::make_unique<PngSink>(path, layout, options);
}
std::unique_ptr<FrameSink> make_svg_sink(const std::filesystem::path& path, const Layout& layout,
                                         const SinkOptions& options) {
  return std::make_unique<SvgSink>(path, layout, options);
}
std::unique_ptr<FrameSink> make_pdf_sink(const std::filesystem::path& path, const Layout& layout,
                                         const SinkOptions& options) {
  return std::make_unique<PdfSink>(path, layout, options);
}

}  // namespace convanim
