// The "values" object of a scenario: explicit tensors in PyTorch's shapes, or a seed.
#pragma once

#include "src/config/scenario.hpp"

namespace convanim {

// Reads "values" for a scenario whose geometry is already checked; throws ConfigError naming the
// key, and for a tensor of the wrong shape the shape expected.
ValuesSpec read_values(const ConfigNode& node, const Scenario& scenario);

}  // namespace convanim
