// What `convanim shape` prints: the arithmetic of one case, as text or JSON.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "src/config/network.hpp"
#include "src/config/scenario.hpp"

namespace convanim::cli {

nlohmann::ordered_json shape_json(const Scenario& scenario);
std::string shape_text(const Scenario& scenario);
nlohmann::ordered_json guide_table_json();
// A network: every layer's output shape and the receptive field of its units (size, jump, start).
nlohmann::ordered_json network_json(const Network& network);
std::string network_text(const Network& network);
std::string guide_table_text();

}  // namespace convanim::cli
