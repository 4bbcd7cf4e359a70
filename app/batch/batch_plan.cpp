#include "app/batch/batch_plan.hpp"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "renderer/render.hpp"
#include "src/config/config_error.hpp"

namespace convanim {
namespace fs = std::filesystem;

std::vector<BatchItem> collect_configs(const std::vector<fs::path>& paths) {
  std::vector<BatchItem> items;
  for (const fs::path& path : paths) {
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    if (fs::is_directory(status)) {
      // Directory symlinks are not followed (no loops); file entries are listed whatever they are.
      for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, error);
           !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
        if (it->path().extension() != ".json" || it->is_directory(error)) continue;
        items.push_back({it->path(), it->path().lexically_relative(path).replace_extension()});
      }
      if (error) throw ConfigError(path.string(), "", fmt::format("cannot list the directory: {}", error.message()));
    } else if (fs::exists(fs::symlink_status(path, error))) {
      items.push_back({path, path.stem()});  // a file, a dangling symlink: loading will say which
    } else {
      throw ConfigError(path.string(), "", "no such config file or directory");
    }
  }
  std::sort(items.begin(), items.end(), [](const BatchItem& a, const BatchItem& b) {
    return a.name != b.name ? a.name < b.name : a.config < b.config;
  });
  return items;
}

std::vector<BatchItem> shard(const std::vector<BatchItem>& items, int k, int n) {
  std::vector<BatchItem> slice;
  for (std::size_t i = std::size_t(k - 1); i < items.size(); i += std::size_t(n)) slice.push_back(items[i]);
  return slice;
}

std::vector<fs::path> output_files(const BatchItem& item, const std::string& format, std::size_t steps) {
  fs::path file = item.name;
  file += "." + format;
  const OutputType* type = find_output_type(file);
  if (!type || !type->traits.file_per_step) return {file};
  std::vector<fs::path> files;
  for (std::size_t step = 0; step < steps; ++step) files.push_back(per_step_path(file, step, steps, type->extension));
  return files;
}

std::vector<Collision> find_collisions(const std::vector<std::vector<fs::path>>& files_per_item) {
  std::unordered_map<std::string, std::size_t> writer;  // file -> the first item that writes it
  std::vector<Collision> collisions;
  for (std::size_t item = 0; item < files_per_item.size(); ++item)
    for (const fs::path& file : files_per_item[item]) {
      const auto [it, added] = writer.try_emplace(file.lexically_normal().generic_string(), item);
      if (!added && it->second != item) {
        collisions.push_back({it->second, item, file});
        break;  // one clash is enough to refuse the item
      }
    }
  return collisions;
}

}  // namespace convanim
