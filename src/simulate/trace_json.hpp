// The simulator's record as the JSON `convanim trace` prints.
#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

#include "src/simulate/simulator.hpp"

namespace convanim {

// Written as it is made, in constant memory however many values (what `convanim trace` prints);
// `indent` as nlohmann's dump().
void write_trace_json(std::ostream& out, const Trace& trace, int indent);
nlohmann::ordered_json trace_to_json(const Trace& trace);

// A network's record: its input's shape, each layer's trace in the form above, and the receptive
// fields of the top layer's units.
struct NetworkTrace;
void write_network_trace_json(std::ostream& out, const NetworkTrace& trace, int indent);
nlohmann::ordered_json network_trace_to_json(const NetworkTrace& trace);

}  // namespace convanim
