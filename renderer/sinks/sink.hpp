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

namespace convanim {

// The size of every frame of an output, in pixels (even: every encoder takes it).
struct FrameSize {
  int width = 0, height = 0;
};

// A frame drawn into memory: Cairo's ARGB32 (premultiplied, native-endian 32-bit pixels), which is
// libav's AV_PIX_FMT_BGRA on little-endian machines.
struct RasterFrame {
  const std::uint8_t* data;
  int width, height, stride;
  std::size_t step;
};

// One frame as the render loop hands it over: the step it shows, and when and for how long, in
// ticks of SinkOptions::ticks_per_second. A frame between two steps (smooth motion) is not a step's
// image; the per-step formats take only those that are.
struct FrameInfo {
  std::size_t step = 0;
  std::int64_t start = 0;
  std::int64_t duration = -1;  // -1: the options' default_duration
  bool step_image = true;
};

class FrameSink {
 public:
  virtual ~FrameSink() = default;
  // PNG, SVG and PDF take one image per step; GIF and MP4 every frame of the animation.
  virtual bool per_step() const { return false; }
  // Whether a transparent background survives; GIF and MP4 frames are drawn on the theme's.
  virtual bool keeps_transparency() const { return true; }
  // Before the frames, a sample of them for a sink that builds something from all (GIF's palette).
  virtual bool wants_preview() const { return false; }
  virtual void preview(const RasterFrame&) {}
  virtual void end_preview() {}
  // The context to draw the next frame on, then its end.
  virtual cairo_t* begin_frame(const FrameInfo& info) = 0;
  cairo_t* begin_frame(std::size_t step) { return begin_frame(FrameInfo{step}); }
  virtual void end_frame() = 0;
  // Flushes and puts the output in place; may throw. Without finish() nothing is left behind.
  virtual void finish() = 0;
  // The file it writes, for messages; empty for a sink that keeps its frames in memory.
  virtual std::filesystem::path target() const { return {}; }
};

// Base of the sinks that take pixels. The render loop draws each frame once, on its own surface,
// for every such sink (take()); drawn through begin_frame(), a frame goes on the sink's own surface.
class RasterSink : public FrameSink {
 public:
  RasterSink(int width, int height) : width_(width), height_(height) {}
  cairo_t* begin_frame(const FrameInfo& info) override;
  using FrameSink::begin_frame;
  void end_frame() override;
  void take(const RasterFrame& frame, const FrameInfo& info) { consume(frame, info); }

 protected:
  virtual void consume(const RasterFrame& frame, const FrameInfo& info) = 0;

 private:
  int width_, height_;
  CairoSurface surface_;  // made on first use: the render loop brings its own
  CairoContext context_;
  FrameInfo info_;
};

// Keeps every frame in memory: for tests and for hashing what was drawn.
class MemorySink : public RasterSink {
 public:
  MemorySink(int width, int height) : RasterSink(width, height) {}
  struct Frame {
    int width, height;
    std::size_t step;
    std::vector<std::uint32_t> pixels;  // ARGB32, row-major, no padding
    FrameInfo info;
  };
  const std::vector<Frame>& frames() const { return frames_; }
  void finish() override {}

 protected:
  void consume(const RasterFrame& frame, const FrameInfo& info) override;

 private:
  std::vector<Frame> frames_;
};

struct SinkOptions {
  std::int64_t ticks_per_second = 1000;
  std::int64_t default_duration = 1000;  // ticks, for a frame given without one
  std::int64_t last_duration = 1000;     // ticks: the last frame's, which GIF must know ahead
  bool loop = true;
  std::size_t step_count = 0;   // of the whole animation, for numbering per-step files
  std::size_t frame_count = 0;  // frames this sink will be given
  std::string title;            // document title, where the format has one (PDF)
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
