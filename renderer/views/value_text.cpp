#include "renderer/views/value_text.hpp"

#include <cmath>

#include <fmt/format.h>

namespace convanim {

std::string value_text(double value, std::optional<int> decimals) {
  const int places = decimals.value_or(most_automatic_decimals);
  // Round first, so that a value that rounds to zero loses its sign and a sum such as
  // 0.1 + 0.2 reads as the 0.3 it is meant to be.
  const double scale = std::pow(10.0, places);
  double rounded = std::round(value * scale) / scale;
  if (rounded == 0) rounded = 0;  // -0 -> 0
  std::string text = fmt::format("{:.{}f}", rounded, places);
  if (decimals || places == 0) return text;
  const std::size_t last = text.find_last_not_of('0');
  text.erase(text[last] == '.' ? last : last + 1);
  return text;
}

}  // namespace convanim
