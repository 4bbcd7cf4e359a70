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

}  // namespace convanim
