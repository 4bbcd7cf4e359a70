// The sinks Cairo writes itself: PNG frames, SVG frames and PDF pages.
#include <map>
#include <regex>
#include <string>

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "renderer/sinks/pending_file.hpp"
#include "renderer/sinks/sink_factories.hpp"
#include "renderer/sinks/step_path.hpp"

namespace convanim {
namespace {

// The file of one step of a per-step format: OUT.png -> OUT_07.png in the same directory.
OutputTarget per_step_target(const OutputTarget& target, std::size_t step, std::size_t step_count) {
  return {target.directory, per_step_path(target.filename, step, step_count).string()};
}

// Cairo's stream callback onto a writer.
cairo_status_t write_to(void* closure, const unsigned char* data, unsigned int length) {
  try {
    static_cast<BufferedWriter*>(closure)->write(data, length);
    return CAIRO_STATUS_SUCCESS;
  } catch (const std::exception&) {
    return CAIRO_STATUS_WRITE_ERROR;  // the file's own error is raised again by the next flush
  }
}

cairo_status_t append_to(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// Per-step files are all written under temporary names and renamed together at the end, so a
// failure part-way leaves none of them behind.
class PngSink final : public RasterSink {
 public:
  PngSink(OutputTarget target, FrameSize size, const SinkOptions& options)
      : RasterSink(size.width, size.height), target_(std::move(target)), step_count_(options.step_count) {}

  bool per_step() const override { return true; }
  std::filesystem::path target() const override { return target_.path(); }
  void finish() override {
    for (PendingFile& file : files_) file.commit();
  }

 protected:
  void consume(const RasterFrame& frame, const FrameInfo&) override {
    PendingFile& file = files_.emplace_back(per_step_target(target_, frame.step, step_count_));
    CairoSurface view(cairo_image_surface_create_for_data(const_cast<unsigned char*>(frame.data),
                                                          CAIRO_FORMAT_ARGB32, frame.width, frame.height,
                                                          frame.stride));
    BufferedWriter writer(file);
    const cairo_status_t status = cairo_surface_write_to_png_stream(view.get(), write_to, &writer);
    writer.flush();  // raises the file's own error, if writing failed
    if (status != CAIRO_STATUS_SUCCESS) throw OutputError(file.target(), cairo_status_to_string(status));
    file.close();
  }

 private:
  OutputTarget target_;
  std::size_t step_count_;
  std::vector<PendingFile> files_;
};

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

class SvgSink final : public FrameSink {
 public:
  SvgSink(OutputTarget target, FrameSize size, const SinkOptions& options)
      : target_(std::move(target)), width_(size.width), height_(size.height), step_count_(options.step_count) {}

  bool per_step() const override { return true; }
  std::filesystem::path target() const override { return target_.path(); }

  cairo_t* begin_frame(const FrameInfo& info) override {
    files_.emplace_back(per_step_target(target_, info.step, step_count_));
    // Drawn into memory first: the surface ids are renumbered before the file is written.
    document_.clear();
    surface_.reset(cairo_svg_surface_create_for_stream(append_to, &document_, width_, height_));
    check_cairo(surface_.get(), "creating an SVG surface");
    cairo_svg_surface_restrict_to_version(surface_.get(), CAIRO_SVG_VERSION_1_1);
    cairo_svg_surface_set_document_unit(surface_.get(), CAIRO_SVG_UNIT_PX);
    context_.reset(cairo_create(surface_.get()));
    return context_.get();
  }

  void end_frame() override {
    check_cairo(context_.get(), "drawing an SVG frame");
    context_.reset();
    cairo_surface_finish(surface_.get());
    check_cairo(surface_.get(), "finishing an SVG frame");
    surface_.reset();
    files_.back().write(renumber_surface_ids(document_));
    files_.back().close();
  }

  void finish() override {
    for (PendingFile& file : files_) file.commit();
  }

 private:
  OutputTarget target_;
  int width_, height_;
  std::size_t step_count_;
  std::vector<PendingFile> files_;
  std::string document_;
  CairoSurface surface_;
  CairoContext context_;
};

class PdfSink final : public FrameSink {
 public:
  PdfSink(const OutputTarget& target, FrameSize size, const SinkOptions& options)
      : file_(target), writer_(file_),
        surface_(cairo_pdf_surface_create_for_stream(write_to, &writer_, size.width, size.height)),
        context_(cairo_create(surface_.get())) {
    check_cairo(surface_.get(), "creating a PDF surface");
    // A fixed creation date keeps the file byte-identical from one run to the next.
    cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_CREATE_DATE, "2016-03-23T00:00:00Z");
    cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_TITLE, options.title.c_str());
    cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_CREATOR, "convanim");
  }

  bool per_step() const override { return true; }
  std::filesystem::path target() const override { return file_.target(); }
  cairo_t* begin_frame(const FrameInfo&) override { return context_.get(); }

  void end_frame() override {
    check_cairo(context_.get(), "drawing a PDF page");
    cairo_show_page(context_.get());
  }

  void finish() override {
    context_.reset();
    cairo_surface_finish(surface_.get());
    writer_.flush();  // raises the file's own error, if writing failed
    check_cairo(surface_.get(), "writing the PDF");
    file_.commit();
  }

 private:
  PendingFile file_;
  BufferedWriter writer_;
  CairoSurface surface_;
  CairoContext context_;
};

}  // namespace

std::unique_ptr<FrameSink> make_png_sink(const OutputTarget& target, FrameSize size,
                                         const SinkOptions& options) {
  return std::make_unique<PngSink>(target, size, options);
}
std::unique_ptr<FrameSink> make_svg_sink(const OutputTarget& target, FrameSize size,
                                         const SinkOptions& options) {
  return std::make_unique<SvgSink>(target, size, options);
}
std::unique_ptr<FrameSink> make_pdf_sink(const OutputTarget& target, FrameSize size,
                                         const SinkOptions& options) {
  return std::make_unique<PdfSink>(target, size, options);
}

}  // namespace convanim
