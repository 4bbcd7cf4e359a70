// One line that names a case in the guide's notation, for `convanim shape` and figure captions:
//   "convolution: i=5 k=3 s=2 p=1 -> o=3", "convolution, 3 -> 2 channels, groups=1: i=5 k=3 s=1 p=0 -> o=3"
#pragma once

#include <string>

#include "src/config/scenario.hpp"

namespace convanim {

// "5" for a square quantity, "5x7" (height x width) otherwise.
std::string pair_text(int height, int width);
// The same for a scenario's axes: in 1-D only the length.
std::string axes_text(const Scenario& scenario, int height, int width);
std::string describe_parameters(const Scenario& scenario);
// A figure's caption: the operation in words and the output size's formula with the numbers put in,
//   "convolution: o = ⌊(5 + 2·1 − 3) / 2⌋ + 1 = 3",
//   "transposed convolution: o = (3 − 1)·2 − 2·1 + (3 − 1) + 1 = 5",
// once when both axes are the same case (and in 1-D), else for the height then the width.
std::string caption_text(const Scenario& scenario);

}  // namespace convanim
