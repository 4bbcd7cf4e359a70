// Scenes as pixels: the raster that GIF, MP4 and PNG take their frames from. One rasteriser per
// render, shared through the OutputSession, draws each frame once for all of them (twice when some
// keep transparency and some do not: the frames differ by their background).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "renderer/outputs/output.hpp"
#include "renderer/scene/scene.hpp"

namespace convanim {

// A frame drawn into memory: Cairo's ARGB32 (premultiplied, native-endian 32-bit pixels), which is
// libav's AV_PIX_FMT_BGRA on little-endian machines.
struct RasterFrame {
  const std::uint8_t* data;
  int width, height, stride;
  std::size_t step;
};

class Rasteriser {
 public:
  Rasteriser();
  ~Rasteriser();
  Rasteriser(const Rasteriser&) = delete;
  Rasteriser& operator=(const Rasteriser&) = delete;

  // The pixels of frame `info.index`'s scene, valid until the next call: drawn, unless the same frame
  // on the same background was the last one drawn or was kept. `keep`: keep a copy to hand out
  // again (a palette's sample, drawn ahead of its turn), while the copies fit a budget.
  RasterFrame draw(const Scene& scene, const FrameInfo& info, bool keep = false);

 private:
  struct Target;
  std::vector<std::unique_ptr<Target>> targets_;  // one per background
};

// Base of the outputs that take pixels: it draws their scenes with the render's rasteriser.
class RasterOutput : public Output {
 public:
  explicit RasterOutput(OutputSession& session) : raster_(&session.shared<Rasteriser>()) {}
  // With a rasteriser of its own: an output made by hand, outside a session (tests).
  RasterOutput() : own_(std::make_shared<Rasteriser>()), raster_(own_.get()) {}

  void preview(const Scene& scene, const FrameInfo& info) final { sample(raster_->draw(scene, info, true)); }
  void frame(const Scene& scene, const FrameInfo& info) final { take(raster_->draw(scene, info), info); }

 protected:
  virtual void sample(const RasterFrame&) {}
  virtual void take(const RasterFrame& frame, const FrameInfo& info) = 0;

 private:
  std::shared_ptr<Rasteriser> own_;
  Rasteriser* raster_;
};

// Keeps every frame in memory: for tests, and for programs that want the pixels (Python's frames()).
class MemoryOutput final : public RasterOutput {
 public:
  using RasterOutput::RasterOutput;
  struct Frame {
    int width, height;
    std::size_t step;
    std::vector<std::uint32_t> pixels;  // ARGB32, row-major, no padding
    FrameInfo info;
  };
  const std::vector<Frame>& frames() const { return frames_; }
  void finish() override {}

 protected:
  void take(const RasterFrame& frame, const FrameInfo& info) override;

 private:
  std::vector<Frame> frames_;
};

// A hash of the frames as drawn (FNV-1a 64 over every frame's pixels), independent of any
// encoder: what identifies a render in the gallery's manifest.
std::string frames_hash(const Figure& figure);

}  // namespace convanim
