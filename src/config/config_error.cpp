#include "src/config/config_error.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "src/config/json_file.hpp"

namespace convanim {

ConfigError::ConfigError(std::string_view source, std::string_view json_path, std::string_view message)
    : std::runtime_error(one_line(json_path.empty() ? fmt::format("{}: {}", source, message)
                                                    : fmt::format("{}: {}: {}", source, json_path, message))) {}

ConfigNode ConfigNode::child(std::string_view key) const {
  return {value.at(std::string(key)), fmt::format("{}/{}", path, json_pointer_token(key)), source};
}

ConfigNode ConfigNode::child(std::size_t index) const {
  return {value.at(index), fmt::format("{}/{}", path, index), source};
}

void ConfigNode::fail(std::string_view message) const { throw ConfigError(source, path.empty() ? "/" : path, message); }

void ConfigNode::expect_object() const {
  if (!value.is_object()) fail(fmt::format("expected a JSON object, got {}", describe()));
}

void ConfigNode::expect_keys(std::span<const std::string_view> allowed) const {
  expect_object();
  for (const auto& [key, unused] : value.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    throw ConfigError(source, fmt::format("{}/{}", path, json_pointer_token(key)),
                      fmt::format("unknown key {} (did you mean \"{}\"?); allowed: {}", quote_excerpt(key),
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

namespace {
// At most about `budget` characters of `value` as JSON, never walking more of it than that.
void excerpt(const nlohmann::json& value, std::string& out, std::size_t budget) {
  if (out.size() >= budget) return;
  if (value.is_object()) {
    out += "an object";
  } else if (value.is_array()) {
    out += '[';
    for (std::size_t i = 0; i < value.size() && out.size() < budget; ++i) {
      if (i > 0) out += ", ";
      excerpt(value[i], out, budget);
    }
    out += ']';
  } else if (value.is_string()) {
    out += quote_excerpt(value.get_ref<const std::string&>(), budget);
  } else {
    out += value.dump();
  }
}
}  // namespace

std::string ConfigNode::describe() const {
  constexpr std::size_t longest = 40;  // keep the error on one readable line
  std::string text;
  excerpt(value, text, longest);
  if (text.size() > longest) text = text.substr(0, longest) + "...";
  return text;
}

std::string_view closest_name(std::string_view name, std::span<const std::string_view> candidates) {
  constexpr std::size_t longest_compared = 64;  // a name that long resembles nothing; keep this cheap
  if (name.size() > longest_compared) name = name.substr(0, longest_compared);
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

std::size_t utf8_sequence_length(std::string_view text) {
  if (text.empty()) return 0;
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = at(0);
  if (lead < 0x80) return 1;
  // RFC 3629's table: the second byte's range excludes overlong forms, surrogates and > U+10FFFF.
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) length = 2;
  else if (lead >= 0xE0 && lead <= 0xEF) length = 3, low = lead == 0xE0 ? 0xA0 : 0x80, high = lead == 0xED ? 0x9F : 0xBF;
  else if (lead >= 0xF0 && lead <= 0xF4) length = 4, low = lead == 0xF0 ? 0x90 : 0x80, high = lead == 0xF4 ? 0x8F : 0xBF;
  if (length == 0 || text.size() < length || at(1) < low || at(1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k)
    if ((at(k) >> 6) != 0x2) return 0;
  return length;
}

namespace {
std::string escape(std::string_view text, std::size_t longest, bool quotes) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (out.size() >= longest) return out + "...";
    const auto byte = static_cast<unsigned char>(text[i]);
    // A UTF-8 sequence stays as it is when it is well formed; anything else is shown as bytes.
    const std::size_t length = utf8_sequence_length(text.substr(i));
    if (length == 0) {
      out += fmt::format("\\x{:02X}", byte);
      ++i;
      continue;
    }
    const auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
    if (length == 2 && byte == 0xC2 && next < 0xA0) {  // C1 controls: terminals obey some of them
      out += fmt::format("\\u{:04X}", next);
      i += 2;
      continue;
    }
    if (length == 3 && byte == 0xE2 && next == 0x80 && (text[i + 2] == '\xA8' || text[i + 2] == '\xA9')) {
      // U+2028 and U+2029 end lines, in Pango as in some terminals
      out += fmt::format("\\u{:04X}", 0x2000 | (static_cast<unsigned char>(text[i + 2]) & 0x3F));
      i += 3;
      continue;
    }
    if (length > 1) {
      out.append(text.substr(i, length));
      i += length;
      continue;
    }
    switch (byte) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '"': out += quotes ? "\\\"" : "\""; break;
      case '\\': out += quotes ? "\\\\" : "\\"; break;
      default:
        if (byte < 0x20 || byte == 0x7F) out += fmt::format("\\u{:04X}", byte);
        else out += char(byte);
    }
    ++i;
  }
  return out;
}

}  // namespace

std::string escape_for_message(std::string_view text, std::size_t longest) { return escape(text, longest, true); }

std::string one_line(std::string_view text) { return escape(text, SIZE_MAX, false); }

std::string quote_excerpt(std::string_view text, std::size_t longest) {
  return "\"" + escape_for_message(text, longest) + "\"";
}

std::string quoted_list(std::span<const std::string_view> names) {
  std::string out;
  for (std::string_view name : names) out += fmt::format("{}\"{}\"", out.empty() ? "" : ", ", name);
  return out;
}

}  // namespace convanim
