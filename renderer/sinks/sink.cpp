#include "renderer/sinks/sink.hpp"

#include <cstring>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "renderer/sinks/pending_file.hpp"
#include "renderer/sinks/sink_factories.hpp"
#include "src/config/config_error.hpp"

namespace convanim {
namespace {
using Factory = std::unique_ptr<FrameSink> (*)(const OutputTarget&, FrameSize, const SinkOptions&);
constexpr std::pair<std::string_view, Factory> factories[] = {
    {".gif", make_gif_sink}, {".mp4", make_mp4_sink}, {".png", make_png_sink},
    {".svg", make_svg_sink}, {".pdf", make_pdf_sink},
};

Factory factory_for(const std::filesystem::path& path) {
  const std::string extension = path.extension().string();
  for (auto [known, factory] : factories)
    if (known == extension) return factory;
  return nullptr;
}
}  // namespace

cairo_t* RasterSink::begin_frame(const FrameInfo& info) {
  if (!surface_) {
    surface_.reset(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width_, height_));
    check_cairo(surface_.get(), "creating the frame surface");
    context_.reset(cairo_create(surface_.get()));
    check_cairo(context_.get(), "creating the drawing context");
  }
  info_ = info;
  return context_.get();
}

void RasterSink::end_frame() {
  check_cairo(context_.get(), "drawing a frame");
  cairo_surface_flush(surface_.get());
  consume({cairo_image_surface_get_data(surface_.get()), width_, height_, cairo_image_surface_get_stride(surface_.get()),
           info_.step},
          info_);
}

void MemorySink::consume(const RasterFrame& frame, const FrameInfo& info) {
  Frame copy{frame.width, frame.height, frame.step, std::vector<std::uint32_t>(std::size_t(frame.width) * frame.height),
             info};
  for (int y = 0; y < frame.height; ++y)
    std::memcpy(copy.pixels.data() + std::size_t(y) * frame.width, frame.data + std::size_t(y) * frame.stride,
                std::size_t(frame.width) * 4);
  frames_.push_back(std::move(copy));
}

std::unique_ptr<FrameSink> make_sink(const OutputTarget& target, FrameSize size, const SinkOptions& options) {
  const std::filesystem::path path = target.path();
  const Factory factory = factory_for(path);
  if (!factory)
    throw OutputError(path, fmt::format("unknown output extension {}; allowed: {}",
                                        quote_excerpt(path.extension().string()), supported_extensions));
  return factory(target, size, options);
}

bool is_supported_extension(const std::filesystem::path& path) { return factory_for(path) != nullptr; }

}  // namespace convanim
