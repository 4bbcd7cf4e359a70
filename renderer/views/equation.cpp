#include "renderer/views/equation.hpp"

namespace convanim {

RichText Equation::text(std::size_t max_chars) const {
  const auto line = [&](std::size_t keep_front, std::size_t keep_back) {
    RichText out = lhs + (" = " + open);
    const bool elided = keep_front + keep_back < terms.size();
    for (std::size_t i = 0; i < terms.size(); ++i) {
      if (elided && i == keep_front) out += (i ? separator : "") + "…";
      if (elided && i >= keep_front && i < terms.size() - keep_back) continue;
      if (i) out += separator;
      out += terms[i];
    }
    return out + close + (result.empty() ? "" : " = " + result);
  };
  RichText full = line(terms.size(), 0);
  if (full.length() <= max_chars || terms.size() <= 2) return full;
  // Drop terms from the middle, keeping the front one longer when the count is odd. The line can
  // only lose what lies between its first and last terms: when even that is too long, the shortest.
  RichText shortest = full;
  for (std::size_t keep = terms.size() - 1; keep >= 2; --keep) {
    RichText shorter = line((keep + 1) / 2, keep / 2);
    if (shorter.length() <= max_chars) return shorter;
    if (shorter.length() < shortest.length()) shortest = std::move(shorter);
  }
  return shortest;
}

}  // namespace convanim
