// The one error type for bad input, and the helpers every config reader shares (the scenario here,
// the "render" object in renderer/), so all of them word their errors the same way:
//   FILE: /json/path: what is wrong; what is allowed
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace convanim {

class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string_view source, std::string_view json_path, std::string_view message);
};

// A JSON pointer into a config, carried alongside the value it points at.
struct ConfigNode {
  const nlohmann::json& value;
  std::string path;  // "" for the root, "/padding/top" below it
  std::string_view source;

  ConfigNode child(std::string_view key) const;
  ConfigNode child(std::size_t index) const;
  [[noreturn]] void fail(std::string_view message) const;

  // Throws naming the first key not in `allowed`, with the closest allowed name.
  void expect_keys(std::span<const std::string_view> allowed) const;
  void expect_keys(std::initializer_list<std::string_view> allowed) const {
    expect_keys(std::span(allowed.begin(), allowed.size()));
  }
  void expect_object() const;
  int integer(int min, int max) const;
  bool boolean() const;
  std::string string() const;
  // One of `choices`, which the error lists.
  std::string choice(std::span<const std::string_view> choices) const;
  std::string choice(std::initializer_list<std::string_view> choices) const {
    return choice(std::span(choices.begin(), choices.size()));
  }
  // A short rendering of the value for messages: -1, "sam", [1, 2], an object.
  std::string describe() const;
};

// The name in `candidates` closest to `name` by edit distance (ties: the first).
std::string_view closest_name(std::string_view name, std::span<const std::string_view> candidates);
inline std::string_view closest_name(std::string_view name, std::initializer_list<std::string_view> candidates) {
  return closest_name(name, std::span(candidates.begin(), candidates.size()));
}

// The length of the well-formed UTF-8 sequence `text` starts with (1 to 4), or 0: RFC 3629's
// strict form, so no overlong encoding, surrogate or code point above U+10FFFF.
std::size_t utf8_sequence_length(std::string_view text);

// User text made safe for a one-line message: control characters, quotes and backslashes escaped
// (\n, \t, \u001b, ...), invalid UTF-8 as \xNN, and cut to about `longest` characters with "...".
std::string escape_for_message(std::string_view text, std::size_t longest = SIZE_MAX);
// The same, in double quotes: "nn.Conv2d(3,..."
std::string quote_excerpt(std::string_view text, std::size_t longest = 40);
// A whole message kept to one line for stderr: only control characters, line and paragraph
// separators (U+2028, U+2029) and invalid UTF-8 escaped.
// Every message that reaches the terminal goes through it.
std::string one_line(std::string_view text);

// Joins names as "a", "b", "c" for error messages.
std::string quoted_list(std::span<const std::string_view> names);
inline std::string quoted_list(std::initializer_list<std::string_view> names) {
  return quoted_list(std::span(names.begin(), names.size()));
}

}  // namespace convanim
