// PDF: a page per step, through Cairo's PDF surface. The fixed layers are recorded once and painted
// from the recording, which Cairo writes once for all pages (painter.hpp, LayerCache::recordings).
#include <cairo-pdf.h>

#include "renderer/cairo/cairo_handles.hpp"
#include "renderer/cairo/cairo_stream.hpp"
#include "renderer/cairo/painter.hpp"
#include "renderer/outputs/output.hpp"

namespace convanim {
namespace {

class PdfOutput final : public Output {
 public:
  PdfOutput(const OutputTarget& target, const OutputOptions& options)
      : file_(target), writer_(file_),
        surface_(cairo_pdf_surface_create_for_stream(write_to_stream, &writer_, options.size.width,
                                                     options.size.height)),
        context_(cairo_create(surface_.get())) {
    check_cairo(surface_.get(), "creating a PDF surface");
    // A fixed creation date keeps the file byte-identical from one run to the next.
    cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_CREATE_DATE, "2016-03-23T00:00:00Z");
    cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_TITLE, options.title.c_str());
    cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_CREATOR, "convanim");
  }

  std::filesystem::path target() const override { return file_.target(); }

  void frame(const Scene& scene, const FrameInfo&) override {
    painter_.paint(context_.get(), scene);
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
  Painter painter_{LayerCache::recordings};
};

}  // namespace

extern const OutputType pdf_output{
    .extension = ".pdf",
    .summary = "a PDF, a page per step, vector",
    .traits = {.per_step = true},
    .make = [](const OutputTarget& target, const OutputOptions& options, OutputSession&) -> std::unique_ptr<Output> {
      return std::make_unique<PdfOutput>(target, options);
    },
};

}  // namespace convanim
