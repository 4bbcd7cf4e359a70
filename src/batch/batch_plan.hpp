// What a batch renders: the configs under the given paths, sorted, sliced for sharding, each with
// its output names, and whether its outputs are already up to date.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace convanim {

struct BatchItem {
  std::filesystem::path config;  // as found
  std::filesystem::path name;    // relative, without extension: "guide/dilation"
};

// Each path a config file or a directory searched recursively for *.json; sorted by name.
// Throws ConfigError for a path that does not exist.
std::vector<BatchItem> collect_configs(const std::vector<std::filesystem::path>& paths);

// The k-th (1-based) of n deterministic, interleaved slices: items k-1, k-1+n, k-1+2n, ...
std::vector<BatchItem> shard(const std::vector<BatchItem>& items, int k, int n);

// OUTDIR/<name>.<extension>
std::filesystem::path output_path(const std::filesystem::path& outdir, const BatchItem& item,
                                  const std::string& extension);

// True when every output exists and is newer than both the config and the program.
bool is_up_to_date(const std::vector<std::filesystem::path>& outputs, const std::filesystem::path& config,
                   const std::filesystem::path& program);

}  // namespace convanim
