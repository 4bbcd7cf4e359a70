// The guide's 15 relationships (Dumoulin & Visin, section 2 to 5): which one a square case falls
// under, and the formula with the case's numbers put in.
#pragma once

#include <optional>
#include <string>

#include "src/arithmetic/arithmetic.hpp"

namespace convanim {

struct Relationship {
  int number = 0;         // 1 to 15, as numbered in the guide
  std::string formula;    // as the guide writes it
  std::string worked;     // the formula with this case's numbers, ending in "= o"
  int output = 0;         // what the guide's formula gives
};

// The most specific relationship covering this axis, or nullopt when the guide has none (uneven
// padding, a dilated transposed convolution, pooling with padding or dilation).
std::optional<Relationship> guide_relationship(Operation operation, const Axis& axis);

}  // namespace convanim
