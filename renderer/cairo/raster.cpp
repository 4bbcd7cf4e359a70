#include "renderer/cairo/raster.hpp"

#include <cstring>

#include <fmt/format.h>

#include "renderer/cairo/cairo_handles.hpp"
#include "renderer/cairo/painter.hpp"
#include "renderer/outputs/render_loop.hpp"

namespace convanim {
namespace {
// A palette's sample, drawn ahead of its turn, is kept to be handed over again while the copies
// take at most this many bytes (16 frames of 2 MB), instead of being drawn twice.
constexpr std::size_t max_kept_bytes = std::size_t(64) << 20;

bool same_background(const std::optional<Colour>& a, const std::optional<Colour>& b) {
  if (!a || !b) return !a && !b;
  return a->r == b->r && a->g == b->g && a->b == b->b && a->a == b->a;
}
}  // namespace

// A surface of one background, its painter, and the frames kept of it.
struct Rasteriser::Target {
  std::optional<Colour> background;
  CairoSurface surface;
  CairoContext context;
  Painter painter{LayerCache::pixels};
  std::optional<std::size_t> drawn;  // the frame the surface holds
  std::map<std::size_t, std::vector<std::uint8_t>> kept;
  std::size_t kept_bytes = 0;

  RasterFrame pixels(const std::uint8_t* data, std::size_t step) const {
    return {data, cairo_image_surface_get_width(surface.get()), cairo_image_surface_get_height(surface.get()),
            cairo_image_surface_get_stride(surface.get()), step};
  }
};

Rasteriser::Rasteriser() = default;
Rasteriser::~Rasteriser() = default;

RasterFrame Rasteriser::draw(const Scene& scene, const FrameInfo& info, bool keep) {
  auto found = std::find_if(targets_.begin(), targets_.end(),
                            [&](const auto& t) { return same_background(t->background, scene.background); });
  if (found == targets_.end()) {
    auto fresh = std::make_unique<Target>();
    fresh->background = scene.background;
    fresh->surface.reset(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, scene.width, scene.height));
    check_cairo(fresh->surface.get(), "creating the frame surface");
    fresh->context.reset(cairo_create(fresh->surface.get()));
    targets_.push_back(std::move(fresh));
    found = targets_.end() - 1;
  }
  Target& target = **found;
  if (const auto kept = target.kept.find(info.index); kept != target.kept.end())
    return target.pixels(kept->second.data(), info.step);
  if (target.drawn != info.index) {
    target.painter.paint(target.context.get(), scene);
    check_cairo(target.context.get(), "drawing a frame");
    cairo_surface_flush(target.surface.get());
    target.drawn = info.index;
  }
  const RasterFrame frame = target.pixels(cairo_image_surface_get_data(target.surface.get()), info.step);
  const std::size_t bytes = std::size_t(frame.stride) * std::size_t(frame.height);
  if (keep && target.kept_bytes + bytes <= max_kept_bytes) {
    target.kept[info.index].assign(frame.data, frame.data + bytes);
    target.kept_bytes += bytes;
  }
  return frame;
}

void MemoryOutput::take(const RasterFrame& frame, const FrameInfo& info) {
  Frame copy{frame.width, frame.height, frame.step, std::vector<std::uint32_t>(std::size_t(frame.width) * frame.height),
             info};
  for (int y = 0; y < frame.height; ++y)
    std::memcpy(copy.pixels.data() + std::size_t(y) * frame.width, frame.data + std::size_t(y) * frame.stride,
                std::size_t(frame.width) * 4);
  frames_.push_back(std::move(copy));
}

namespace {
// Hashes each frame as it is drawn, row by row, keeping nothing: FNV-1a over 64-bit words (rows of
// ARGB32 pixels are whole words when the width is even, which the layout guarantees).
class HashOutput final : public RasterOutput {
 public:
  std::uint64_t hash = 0xcbf29ce484222325ull;  // FNV-1a offset basis
  void finish() override {}

 protected:
  void take(const RasterFrame& frame, const FrameInfo&) override {
    const std::size_t words = std::size_t(frame.width) / 2;
    for (int y = 0; y < frame.height; ++y) {
      const std::uint8_t* row = frame.data + std::size_t(y) * frame.stride;
      for (std::size_t i = 0; i < words; ++i) {
        std::uint64_t word;
        std::memcpy(&word, row + 8 * i, sizeof word);
        hash = (hash ^ word) * 0x100000001b3ull;  // FNV prime
      }
    }
  }
};
}  // namespace

std::string frames_hash(const Figure& figure) {
  HashOutput output;
  const OutputSlot slots[] = {{&output, {}}};
  render(figure, playback(figure), slots);
  return fmt::format("{:016x}", output.hash);
}

}  // namespace convanim
