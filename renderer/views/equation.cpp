#include "renderer/views/equation.hpp"

namespace convanim {
namespace {
// Characters as a reader counts them: UTF-8 continuation bytes and markup tags take no room.
std::size_t visible_length(const std::string& text, bool markup) {
  std::size_t n = 0;
  bool in_tag = false;
  for (const char c : text) {
    if (markup && c == '<') in_tag = true;
    if (!in_tag && (static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    if (markup && c == '>') in_tag = false;
  }
  return n;
}
}  // namespace

std::string Equation::text(std::size_t max_chars) const {
  const auto line = [&](std::size_t keep_front, std::size_t keep_back) {
    std::string out = lhs + " = " + open;
    const bool elided = keep_front + keep_back < terms.size();
    for (std::size_t i = 0; i < terms.size(); ++i) {
      if (elided && i == keep_front) out += (i ? separator : "") + "…";
      if (elided && i >= keep_front && i < terms.size() - keep_back) continue;
      if (i) out += separator;
      out += terms[i];
    }
    return out + close + (result.empty() ? "" : " = " + result);
  };
  std::string full = line(terms.size(), 0);
  if (visible_length(full, markup) <= max_chars || terms.size() <= 2) return full;
  // Drop terms from the middle, keeping the front one longer when the count is odd. The line can
  // only lose what lies between its first and last terms: when even that is too long, the shortest.
  std::string shortest = full;
  for (std::size_t keep = terms.size() - 1; keep >= 2; --keep) {
    std::string shorter = line((keep + 1) / 2, keep / 2);
    if (visible_length(shorter, markup) <= max_chars) return shorter;
    if (visible_length(shorter, markup) < visible_length(shortest, markup)) shortest = std::move(shorter);
  }
  return shortest;
}

}  // namespace convanim
