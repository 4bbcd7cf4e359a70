#include "renderer/outputs/step_path.hpp"

#include <string>

#include <fmt/format.h>

namespace convanim {

std::filesystem::path per_step_path(const std::filesystem::path& path, std::size_t step, std::size_t step_count,
                                    std::string_view extension) {
  const std::string name = path.filename().string();
  const std::string ending = extension.empty() ? path.extension().string() : std::string(extension);
  const bool ends = name.size() >= ending.size() && name.compare(name.size() - ending.size(), ending.size(), ending) == 0;
  const std::string stem = ends ? name.substr(0, name.size() - ending.size()) : name;
  const std::size_t width = std::to_string(step_count).size();
  std::filesystem::path out = path;
  out.replace_filename(fmt::format("{}_{:0{}}{}", stem, step, width, ends ? ending : ""));
  return out;
}

OutputTarget per_step_target(const OutputTarget& target, std::size_t step, std::size_t step_count,
                             std::string_view extension) {
  return {target.directory, per_step_path(target.filename, step, step_count, extension).string()};
}

}  // namespace convanim
