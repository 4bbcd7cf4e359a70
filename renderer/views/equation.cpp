#include "renderer/views/equation.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace convanim {
namespace {

// A line of `terms`, keeping `keep_front` and `keep_back` of them around one "…", then `note`.
RichText line(const Equation& e, const std::vector<const RichText*>& terms, std::size_t keep_front,
              std::size_t keep_back, const std::string& note) {
  RichText out = e.lhs + (" = " + e.open);
  const bool elided = keep_front + keep_back < terms.size();
  bool first = true;
  const auto add = [&](const RichText& term) {
    if (!first) out += e.separator;
    out += term;
    first = false;
  };
  for (std::size_t i = 0; i < terms.size(); ++i) {
    if (elided && i == keep_front) add("…");
    if (elided && i >= keep_front && i < terms.size() - keep_back) continue;
    add(*terms[i]);
  }
  if (!note.empty()) add(note);
  return out + e.close + (e.result.empty() ? "" : " = " + e.result);
}

}  // namespace

std::size_t Equation::zero_count() const {
  return std::size_t(std::count(zero.begin(), zero.end(), true)) + zeros_left_out;
}

RichText Equation::text(std::size_t max_chars) const {
  return text([max_chars](const RichText& line) { return line.length() <= max_chars; });
}

RichText Equation::text(const std::function<bool(const RichText&)>& fits) const {
  std::vector<const RichText*> all, counting;  // every term; the terms that are not zero
  for (std::size_t i = 0; i < terms.size(); ++i) {
    all.push_back(&terms[i]);
    if (i >= zero.size() || !zero[i]) counting.push_back(&terms[i]);
  }
  const std::size_t zeros = zero_count();
  if (zeros_left_out == 0) {
    RichText full = line(*this, all, all.size(), 0, "");
    if (fits(full) || (zeros == 0 && all.size() <= 2)) return full;
  }
  const std::string note = zeros == 0 ? "" : fmt::format("{} zero term{}", zeros, zeros == 1 ? "" : "s");
  RichText shortest = line(*this, counting, counting.size(), 0, note);
  if (fits(shortest) || counting.size() <= 2) return shortest;
  // Drop terms from the middle, keeping the front one longer when the count is odd. The line can
  // only lose what lies between its first and last terms: when even that is too long, the shortest.
  for (std::size_t keep = counting.size() - 1; keep >= 2; --keep) {
    RichText shorter = line(*this, counting, (keep + 1) / 2, keep / 2, note);
    if (fits(shorter)) return shorter;
    if (shorter.length() < shortest.length()) shortest = std::move(shorter);
  }
  return shortest;
}

}  // namespace convanim
