// The "values" object of a scenario: explicit tensors in PyTorch's shapes, or a seed.
#pragma once

#include "src/config/scenario.hpp"

namespace convanim {

// Reads "values" for a scenario whose geometry is already checked; throws ConfigError naming the
// key, and for a tensor of the wrong shape the shape expected.
// Whether "values" is the word "symbolic" (true) or an object of values (false); throws for anything
// else, listing what is allowed.
bool is_symbolic_values(const ConfigNode& node);

ValuesSpec read_values(const ConfigNode& node, const Scenario& scenario);

// A tensor of shape `full` ("C_in, H, W" naming its dimensions in messages), given in full or with
// leading dimensions of size 1 left out.
Tensor read_tensor(const ConfigNode& node, const std::vector<int>& full, const std::string& names);
// "C_out, C_in / groups, kh, kw" and the like: the names of a scenario's tensor's dimensions
// (`what`: "input", "kernel" or "bias").
std::string dimension_names(const Scenario& scenario, std::string_view what);
// [low, high], as "input_range" and the others give it.
ValueRange read_range(const ConfigNode& node);
// Refuses values for a max pooling whose window can lie over padding alone (its maximum would be -inf).
void check_max_pooling_windows(const Scenario& scenario);

}  // namespace convanim
