// The arithmetic of one step, as the line under a figure writes it ("equation": true):
//   y[1,2] = 3·1 + 0·2 + 1·0 + ... = 14      max(3, 0, 2, 1) = 3      (3 + 0 + 2 + 1) / 4 = 1.5
// A view that can say what a frame computes returns one (View::equation); the canvas draws it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "renderer/scene/text.hpp"

namespace convanim {

struct Equation {
  RichText lhs;                 // "y[1,2]", or y with the subscript "1,2"
  std::string open, close;      // around the terms: "max(" and ")", "(" and ") / 4", or empty
  std::vector<RichText> terms;  // "3·1", "0·2", ...
  std::string separator = " + ";   // between terms
  std::string result;              // "14"; empty: no " = result" (symbolic values)
  std::vector<bool> zero;          // per term, when known: it adds nothing to a sum ("0·2", padding's "0")
  std::size_t zeros_left_out = 0;  // zero terms of a huge window not in `terms` at all

  // The whole line; when it does not fit (`fits`, or `max_chars` characters), zero terms give way first, all
  // at once, to a count ("12 zero terms"): a reader must see what the result is made of, never a
  // zero while a product that counts is hidden. Then terms from the middle of the rest give way to
  // one "…", so that the first and last terms and the result stay (the shortest such line when none
  // fits).
  RichText text(const std::function<bool(const RichText&)>& fits) const;
  RichText text(std::size_t max_chars = SIZE_MAX) const;

  std::size_t zero_count() const;  // in `terms` and left out
};

}  // namespace convanim
