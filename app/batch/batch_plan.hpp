// What a batch renders: the configs under the given paths, sorted, sliced for sharding, and the
// files each writes, named from the config's path as given (never from where a symlink leads).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "renderer/outputs/step_path.hpp"

namespace convanim {

struct BatchItem {
  std::filesystem::path config;  // as found
  std::filesystem::path name;    // relative, without extension: "guide/dilation"
};

// Each path a config file or a directory searched recursively for *.json; sorted by name. Every
// *.json entry is listed, symlinks that lead nowhere included, so that loading reports each one.
// Throws ConfigError for a path that does not exist.
std::vector<BatchItem> collect_configs(const std::vector<std::filesystem::path>& paths);

// The k-th (1-based) of n deterministic, interleaved slices: items k-1, k-1+n, k-1+2n, ...
std::vector<BatchItem> shard(const std::vector<BatchItem>& items, int k, int n);

// The files `item` writes in a format (an output's extension without its dot), relative to the
// output directory: NAME.gif, or one per step (NAME_07.png) for the formats that write a file a step.
std::vector<std::filesystem::path> output_files(const BatchItem& item, const std::string& format,
                                                std::size_t steps);

// Pairs of items (by index) that would write the same file, each with that file: they must not both
// be rendered, as the second would overwrite the first.
struct Collision {
  std::size_t first, second;
  std::filesystem::path file;
};
std::vector<Collision> find_collisions(const std::vector<std::vector<std::filesystem::path>>& files_per_item);

}  // namespace convanim
