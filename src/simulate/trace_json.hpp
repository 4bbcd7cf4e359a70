// The simulator's record as the JSON `convanim trace` prints.
#pragma once

#include <nlohmann/json.hpp>

#include "src/simulate/simulator.hpp"

namespace convanim {

nlohmann::ordered_json trace_to_json(const Trace& trace);

// A network's record: its input's shape, each layer's trace in the form above, and the receptive
// fields of the top layer's units.
struct NetworkTrace;
nlohmann::ordered_json network_trace_to_json(const NetworkTrace& trace);

}  // namespace convanim
