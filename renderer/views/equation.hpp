// The arithmetic of one step, as the line under a figure writes it ("equation": true):
//   y[1,2] = 3·1 + 0·2 + 1·0 + ... = 14      max(3, 0, 2, 1) = 3      (3 + 0 + 2 + 1) / 4 = 1.5
// A view that can say what a frame computes returns one (View::equation); the canvas draws it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "renderer/scene/text.hpp"

namespace convanim {

struct Equation {
  RichText lhs;                 // "y[1,2]", or y with the subscript "1,2"
  std::string open, close;      // around the terms: "max(" and ")", "(" and ") / 4", or empty
  std::vector<RichText> terms;  // "3·1", "0·2", ...
  std::string separator = " + ";  // between terms
  std::string result;             // "14"; empty: no " = result" (symbolic values)

  // The whole line; when it is longer than `max_chars` characters, terms from the middle give way
  // to one "…" so that the first and last terms and the result stay (the shortest such line when
  // none fits).
  RichText text(std::size_t max_chars = SIZE_MAX) const;
};

}  // namespace convanim
