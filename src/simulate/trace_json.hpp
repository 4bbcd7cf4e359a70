// The simulator's record as the JSON `convanim trace` prints.
#pragma once

#include <nlohmann/json.hpp>

#include "src/simulate/simulator.hpp"

namespace convanim {

nlohmann::ordered_json trace_to_json(const Trace& trace);

}  // namespace convanim
