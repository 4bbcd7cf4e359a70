// The 19 animations of the guide, as it states them (square, for the direct convolution).
#pragma once

#include <span>
#include <string_view>

#include "src/arithmetic/arithmetic.hpp"

namespace convanim {

struct GuideFigure {
  std::string_view stem;  // file stem of the published figure
  bool numerical;
  // The guide's parameters of the *direct* convolution.
  int i, o, p, k, s, d;
  Operation operation;  // transposed figures: the transposed convolution animated

  // In framework terms: a transposed figure maps o x o to i x i with the same k, s, p and
  // output_padding a = (i + 2p - k) mod s.
  Axis axis() const;
};

std::span<const GuideFigure> guide_figures();

}  // namespace convanim
