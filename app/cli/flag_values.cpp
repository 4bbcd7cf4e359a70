#include "app/cli/flag_values.hpp"

#include <charconv>

#include <fmt/format.h>

#include "src/config/scenario.hpp"

namespace convanim::cli {

int parse_int(std::string_view text, std::string_view flag) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || text.empty())
    throw ConfigError(flags_source, flag, fmt::format("expected an integer, got {}", quote_excerpt(text)));
  return value;
}

std::array<int, 2> parse_pair(std::string_view text, std::string_view flag, int min) {
  const auto x = text.find('x');
  const std::array values = x == std::string_view::npos
                                ? std::array{parse_int(text, flag), parse_int(text, flag)}
                                : std::array{parse_int(text.substr(0, x), flag), parse_int(text.substr(x + 1), flag)};
  for (int value : values)
    if (value < min || value > max_parameter)
      throw ConfigError(flags_source, flag,
                        fmt::format("expected {} to {} (or HxW), got {}", min, max_parameter, quote_excerpt(text)));
  return values;
}

std::vector<int> parse_shape(std::string_view text, std::string_view flag) {
  std::vector<int> shape;
  for (std::size_t start = 0;;) {
    const auto x = text.find('x', start);
    shape.push_back(parse_int(text.substr(start, x - start), flag));
    if (shape.size() > 3 || x == std::string_view::npos) break;
    start = x + 1;
  }
  if (shape.size() > 3 || text.find('x', 0) == text.size() - 1)
    throw ConfigError(flags_source, flag, fmt::format("expected CxHxW, HxW, CxL or L, got {}", quote_excerpt(text)));
  return shape;
}

}  // namespace convanim::cli
