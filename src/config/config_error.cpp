#include "src/config/config_error.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace convanim {

ConfigError::ConfigError(std::string_view source, std::string_view json_path, std::string_view message)
    : std::runtime_error(json_path.empty() ? fmt::format("{}: {}", source, message)
                                           : fmt::format("{}: {}: {}", source, json_path, message)) {}

ConfigNode ConfigNode::child(std::string_view key) const {
  return {value.at(std::string(key)), fmt::format("{}/{}", path, key), source};
}

ConfigNode ConfigNode::child(std::size_t index) const {
  return {value.at(index), fmt::format("{}/{}", path, index), source};
}

void ConfigNode::fail(std::string_view message) const { throw ConfigError(source, path.empty() ? "/" : path, message); }

void ConfigNode::expect_object() const {
  if (!value.is_object()) fail(fmt::format("expected a JSON object, got {}", describe()));
}

void ConfigNode::expect_keys(std::initializer_list<std::string_view> allowed) const {
  expect_object();
  for (const auto& [key, unused] : value.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    throw ConfigError(source, fmt::format("{}/{}", path, key),
                      fmt::format("unknown key \"{}\" (did you mean \"{}\"?); allowed: {}", key,
                                  closest_name(key, allowed), quoted_list(allowed)));
  }
}

int ConfigNode::integer(int min, int max) const {
  const bool in_range = value.is_number_integer() && value.get<std::int64_t>() >= min &&
                        value.get<std::int64_t>() <= max &&
                        !(value.is_number_unsigned() && value.get<std::uint64_t>() > std::uint64_t(max));
  if (!in_range) fail(fmt::format("expected an integer from {} to {}, got {}", min, max, describe()));
  return value.get<int>();
}

bool ConfigNode::boolean() const {
  if (!value.is_boolean()) fail(fmt::format("expected true or false, got {}", describe()));
  return value.get<bool>();
}

std::string ConfigNode::string() const {
  if (!value.is_string()) fail(fmt::format("expected a string, got {}", describe()));
  return value.get<std::string>();
}

std::string ConfigNode::choice(std::span<const std::string_view> choices) const {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (std::find(choices.begin(), choices.end(), text) != choices.end()) return text;
  }
  fail(fmt::format("expected one of {}, got {}", quoted_list(choices), describe()));
}

std::string ConfigNode::describe() const {
  if (value.is_object()) return "an object";
  std::string text = value.dump();
  constexpr std::size_t longest = 40;  // keep the error on one readable line
  if (text.size() > longest) text = text.substr(0, longest) + "...";
  return text;
}

std::string_view closest_name(std::string_view name, std::initializer_list<std::string_view> candidates) {
  auto distance = [](std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
      std::size_t diagonal = row[0];
      row[0] = i;
      for (std::size_t j = 1; j <= b.size(); ++j) {
        const std::size_t above = row[j];
        row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0u : 1u)});
        diagonal = above;
      }
    }
    return row[b.size()];
  };
  std::string_view best;
  std::size_t best_distance = SIZE_MAX;
  for (std::string_view candidate : candidates) {
    const std::size_t d = distance(name, candidate);
    if (d < best_distance) best = candidate, best_distance = d;
  }
  return best;
}

std::string quoted_list(std::span<const std::string_view> names) {
  std::string out;
  for (std::string_view name : names) out += fmt::format("{}\"{}\"", out.empty() ? "" : ", ", name);
  return out;
}

}  // namespace convanim
