#include <algorithm>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "renderer/views/view_type.hpp"

namespace convanim {

// The views CMakeLists.txt lists, in its order: generated (renderer/views/CMakeLists.txt).
std::span<const ViewType* const> builtin_view_types();

namespace {

std::vector<const ViewType*>& registered() {
  static std::vector<const ViewType*> types = [] {
    const auto builtin = builtin_view_types();
    return std::vector<const ViewType*>(builtin.begin(), builtin.end());
  }();
  return types;
}

bool draws(const ViewType& type, const Config& config) {
  if (config.network()) return type.make_network != nullptr;
  return type.make && !(type.refuses && type.refuses(*config.scenario()));
}

// The views that can draw the config, as a message lists them.
std::string drawing(const Config& config) {
  std::vector<std::string_view> names;
  for (const ViewType* type : registered())
    if (draws(*type, config)) names.push_back(type->name);
  return quoted_list(names);
}

}  // namespace

std::span<const ViewType* const> view_types() { return registered(); }

const ViewType* find_view_type(std::string_view name) {
  for (const ViewType* type : registered())
    if (type->name == name) return type;
  return nullptr;
}

void register_view_type(const ViewType& type) {
  if (find_view_type(type.name)) throw std::invalid_argument(fmt::format("a view named {} exists", type.name));
  registered().push_back(&type);
}

const ViewType& default_view_type(const Config& config) {
  const auto named = [](std::string_view name) -> const ViewType& { return *find_view_type(name); };
  if (config.network())
    return **std::find_if(registered().begin(), registered().end(),
                          [](const ViewType* type) { return type->make_network != nullptr; });
  const Scenario& s = *config.scenario();
  if (s.values || s.symbolic) return named("flat");
  return named(s.in_channels > 1 || s.out_channels > 1 ? "stack" : "oblique");
}

void check_view_draws(const ViewType& type, const Config& config, std::string_view source, std::string_view key) {
  if (draws(type, config)) return;
  if (config.network())
    throw ConfigError(source, key, fmt::format("a network is drawn by the {} view; allowed: {}", drawing(config),
                                               drawing(config)));
  const std::string why = !type.make ? fmt::format("the {} view draws a network of layers (a config with \"layers\")",
                                                   type.name)
                                     : *type.refuses(*config.scenario());
  throw ConfigError(source, key, fmt::format("{}; allowed here: {}", why, drawing(config)));
}

}  // namespace convanim
