#include "renderer/sinks/sink.hpp"

#include <cstring>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "renderer/sinks/sink_factories.hpp"

namespace convanim {
namespace {
using Factory = std::unique_ptr<FrameSink> (*)(const std::filesystem::path&, const Layout&, const SinkOptions&);
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

RasterSink::RasterSink(int width, int height)
    : surface_(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height)),
      context_(cairo_create(surface_.get())) {
  check_cairo(surface_.get(), "creating the frame surface");
  check_cairo(context_.get(), "creating the drawing context");
}

cairo_t* RasterSink::begin_frame(std::size_t step) {
  step_ = step;
  return context_.get();
}

void RasterSink::end_frame() {
  check_cairo(context_.get(), "drawing a frame");
  cairo_surface_flush(surface_.get());
  consume({cairo_image_surface_get_data(surface_.get()), cairo_image_surface_get_width(surface_.get()),
           cairo_image_surface_get_height(surface_.get()), cairo_image_surface_get_stride(surface_.get()), step_});
}

void MemorySink::consume(const RasterFrame& frame) {
  if (pass() > 0) return;
  Frame copy{frame.width, frame.height, frame.step, std::vector<std::uint32_t>(std::size_t(frame.width) * frame.height)};
  for (int y = 0; y < frame.height; ++y)
    std::memcpy(copy.pixels.data() + std::size_t(y) * frame.width, frame.data + std::size_t(y) * frame.stride,
                std::size_t(frame.width) * 4);
  frames_.push_back(std::move(copy));
}

std::unique_ptr<FrameSink> make_sink(const std::filesystem::path& path, const Layout& layout,
                                     const SinkOptions& options) {
  const Factory factory = factory_for(path);
  if (!factory)
    throw std::invalid_argument(fmt::format("{}: unknown output extension \"{}\"; allowed: {}", path.string(),
                                            path.extension().string(), supported_extensions));
  return factory(path, layout, options);
}

bool is_supported_extension(const std::filesystem::path& path) { return factory_for(path) != nullptr; }

std::filesystem::path per_step_path(const std::filesystem::path& path, std::size_t step, std::size_t step_count) {
  const std::size_t width = std::to_string(step_count).size();
  std::filesystem::path out = path;
  out.replace_filename(fmt::format("{}_{:0{}}{}", path.stem().string(), step, width, path.extension().string()));
  return out;
}

}  // namespace convanim
