#include "renderer/sinks/step_path.hpp"

#include <string>

#include <fmt/format.h>

namespace convanim {

std::filesystem::path per_step_path(const std::filesystem::path& path, std::size_t step, std::size_t step_count) {
  const std::size_t width = std::to_string(step_count).size();
  std::filesystem::path out = path;
  out.replace_filename(fmt::format("{}_{:0{}}{}", path.stem().string(), step, width, path.extension().string()));
  return out;
}

}  // namespace convanim
