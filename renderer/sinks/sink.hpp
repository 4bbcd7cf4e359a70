// Where frames go. The render loop (render.hpp) hands each sink a Cairo context per frame and the
// painter draws on it; a sink never knows what is drawn, the painter never knows where it goes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <cairo.h>

#include "renderer/paint/cairo_handles.hpp"
#include "renderer/sinks/pending_file.hpp"
#include "src/batch/batch_plan.hpp"  // per_step_path

namespace convanim {

// The size of every frame of an output, in pixels (even: every encoder takes it).
struct FrameSize {
  int width = 0, height = 0;
};

class FrameSink {
 public:
  virtual ~FrameSink() = default;
  // How many times the frames are drawn: the GIF sink reads them once for its palette first.
  virtual int passes() const { return 1; }
  // Whether a transparent background survives; GIF and MP4 frames are drawn on the theme's.
  virtual bool keeps_transparency() const { return true; }
  // The context to draw the next frame on (`step` is the kernel application it shows).
  virtual cairo_t* begin_frame(std::size_t step) = 0;
  virtual void end_frame() = 0;
  virtual void end_pass() {}
  // Flushes and puts the output in place; may throw. Without finish() nothing is left behind.
  virtual void finish() = 0;
};

// A frame drawn into memory: Cairo's ARGB32 (premultiplied, native-endian 32-bit pixels), which is
// libav's AV_PIX_FMT_BGRA on little-endian machines.
struct RasterFrame {
  const std::uint8_t* data;
  int width, height, stride;
  std::size_t step;
};

// Base of the sinks that take pixels: draws on one image surface and passes each finished frame on.
class RasterSink : public FrameSink {
 public:
  RasterSink(int width, int height);
  cairo_t* begin_frame(std::size_t step) override;
  void end_frame() override;

 protected:
  virtual void consume(const RasterFrame& frame) = 0;
  int pass() const { return pass_; }
  void end_pass() override { ++pass_; }

 private:
  CairoSurface surface_;
  CairoContext context_;
  std::size_t step_ = 0;
  int pass_ = 0;
};

// Keeps every frame in memory: for tests and for hashing what was drawn.
class MemorySink : public RasterSink {
 public:
  MemorySink(int width, int height) : RasterSink(width, height) {}
  struct Frame {
    int width, height;
    std::size_t step;
    std::vector<std::uint32_t> pixels;  // ARGB32, row-major, no padding
  };
  const std::vector<Frame>& frames() const { return frames_; }
  void finish() override {}

 protected:
  void consume(const RasterFrame& frame) override;

 private:
  std::vector<Frame> frames_;
};

struct SinkOptions {
  int frame_duration_ms = 1000;
  bool loop = true;
  std::size_t step_count = 0;   // of the whole animation, for numbering per-step files
  std::size_t frame_count = 0;  // frames this sink will be given
  std::string title;           // document title, where the format has one (PDF)
};

// The sink for a path's extension: .gif, .mp4, .png (one file per step), .svg (one file per step),
// .pdf (one page per step). Throws std::invalid_argument for another extension.
std::unique_ptr<FrameSink> make_sink(const OutputTarget& target, FrameSize size, const SinkOptions& options);
inline std::unique_ptr<FrameSink> make_sink(const std::filesystem::path& path, FrameSize size,
                                            const SinkOptions& options) {
  return make_sink(OutputTarget::at(path), size, options);
}
bool is_supported_extension(const std::filesystem::path& path);
inline constexpr const char* supported_extensions = ".gif, .mp4, .png, .svg, .pdf";


}  // namespace convanim
