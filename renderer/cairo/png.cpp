// PNG: an image per step, through Cairo's PNG writer. Per-step files are all written under
// temporary names and renamed together at the end, so a failure part-way leaves none of them behind.
#include "renderer/cairo/cairo_handles.hpp"
#include "renderer/cairo/cairo_stream.hpp"
#include "renderer/cairo/raster.hpp"
#include "renderer/outputs/step_path.hpp"

namespace convanim {
namespace {

class PngOutput final : public RasterOutput {
 public:
  PngOutput(OutputTarget target, const OutputOptions& options, OutputSession& session)
      : RasterOutput(session), files_(std::move(target), options.step_count) {}

  std::filesystem::path target() const override { return files_.target().path(); }
  void finish() override { files_.commit_all(); }

 protected:
  void take(const RasterFrame& frame, const FrameInfo&) override {
    PendingFile& file = files_.add(frame.step);
    CairoSurface view(cairo_image_surface_create_for_data(const_cast<unsigned char*>(frame.data),
                                                          CAIRO_FORMAT_ARGB32, frame.width, frame.height,
                                                          frame.stride));
    BufferedWriter writer(file);
    const cairo_status_t status = cairo_surface_write_to_png_stream(view.get(), write_to_stream, &writer);
    writer.flush();  // raises the file's own error, if writing failed
    if (status != CAIRO_STATUS_SUCCESS) throw OutputError(file.target(), cairo_status_to_string(status));
    file.close();
  }

 private:
  StepFiles files_;
};

}  // namespace

extern const OutputType png_output{
    .extension = ".png",
    .summary = "a PNG file per step (OUT_07.png)",
    .traits = {.per_step = true, .file_per_step = true},
    .make = [](const OutputTarget& target, const OutputOptions& options, OutputSession& session)
        -> std::unique_ptr<Output> { return std::make_unique<PngOutput>(target, options, session); },
};

}  // namespace convanim
