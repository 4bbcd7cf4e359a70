#include "src/config/config.hpp"

#include "src/config/json_file.hpp"

namespace convanim {

const std::string& Config::name() const {
  return std::visit([](const auto& c) -> const std::string& { return c.name; }, content);
}

Config parse_config(const nlohmann::json& json, std::string source, std::string default_name) {
  Config config{Scenario{}, json.is_object() && json.contains("render") ? json["render"] : nlohmann::json(), source};
  if (is_network_config(json)) config.content = parse_network(json, std::move(source), std::move(default_name));
  else config.content = parse_scenario(json, std::move(source), std::move(default_name));
  return config;
}

Config load_config(const std::filesystem::path& path) { return load_config_text(read_config_file(path), path); }

Config load_config_text(std::string_view text, const std::filesystem::path& path) {
  const std::string source = path.string();
  return parse_config(parse_config_text(text, source), source, path.stem().string());
}

Config config_from_layer(std::string_view layer, std::vector<int> input, const std::string& source,
                         std::string_view layer_key, std::string_view input_key) {
  std::optional<std::vector<std::string>> layers;
  try {
    layers = split_sequential(layer);
    if (!layers) return config_of(scenario_from_layer(layer, input, source, layer_key, input_key));
    // The channels, when the shape leaves them out: the first drawn layer's (1 for pooling).
    for (const std::string& call : *layers) {
      if (parse_elementwise_call(call)) continue;
      const LayerCall first = parse_layer_call(call);
      if (int(input.size()) == first.dims) input.insert(input.begin(), first.in_channels);
      break;
    }
  } catch (const LayerStringError& e) {
    throw ConfigError(source, layer_key, e.what());
  }
  nlohmann::json network{{"input", input}, {"layers", nlohmann::json::array()}};
  for (const std::string& call : *layers) network["layers"].push_back({{"layer", call}});
  Config config{Network{}, nullptr, source};
  config.content = parse_network(network, source, "sequential");
  return config;
}

}  // namespace convanim
