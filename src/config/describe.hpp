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

}  // namespace convanim
