#include "src/batch/batch_plan.hpp"

#include <algorithm>

#include "src/config/config_error.hpp"

namespace convanim {
namespace fs = std::filesystem;

std::vector<BatchItem> collect_configs(const std::vector<fs::path>& paths) {
  std::vector<BatchItem> items;
  for (const fs::path& path : paths) {
    std::error_code error;
    if (fs::is_regular_file(path, error)) {
      items.push_back({path, path.stem()});
    } else if (fs::is_directory(path, error)) {
      for (const auto& entry : fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied)) {
        if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
        items.push_back({entry.path(), fs::relative(entry.path(), path).replace_extension()});
      }
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

fs::path output_path(const fs::path& outdir, const BatchItem& item, const std::string& extension) {
  fs::path out = outdir / item.name;
  out += "." + extension;
  return out;
}

bool is_up_to_date(const std::vector<fs::path>& outputs, const fs::path& config, const fs::path& program) {
  std::error_code error;
  const auto config_time = fs::last_write_time(config, error);
  if (error) return false;
  const auto program_time = fs::last_write_time(program, error);
  if (error) return false;
  for (const fs::path& output : outputs) {
    const auto output_time = fs::last_write_time(output, error);
    if (error || output_time <= config_time || output_time <= program_time) return false;
  }
  return true;
}

}  // namespace convanim
