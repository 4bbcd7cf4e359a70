// A config file as the core reads it: a single scenario or a network of them, and its "render"
// object, which the core passes through unread. How a figure is drawn is the renderer's business:
// it reads and checks that object (renderer/views/render_options.hpp) in the same words as the rest.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "src/config/network.hpp"
#include "src/config/scenario.hpp"

namespace convanim {

struct Config {
  std::variant<Scenario, Network> content;
  nlohmann::json render;  // the "render" object as written; null when the config has none
  std::string source;     // the config's path, for messages

  const Scenario* scenario() const { return std::get_if<Scenario>(&content); }
  const Network* network() const { return std::get_if<Network>(&content); }
  const std::string& name() const;
};

// A scenario made in code (from flags, or by a test): no render object.
inline Config config_of(Scenario scenario) {
  std::string source = scenario.source;
  return {std::move(scenario), nullptr, std::move(source)};
}

// Throws ConfigError naming the file and key.
Config parse_config(const nlohmann::json& config, std::string source, std::string default_name);
Config load_config(const std::filesystem::path& path);
Config load_config_text(std::string_view text, const std::filesystem::path& path);

// A PyTorch layer string and its input's shape, as --layer and -i give them: a scenario, or a network
// for nn.Sequential(...) (element-wise layers in it pass through; the shape may leave out the
// channels, which the first layer then gives). `source`, `layer_key` and `input_key` name them in errors.
Config config_from_layer(std::string_view layer, std::vector<int> input, const std::string& source,
                         std::string_view layer_key, std::string_view input_key);

}  // namespace convanim
