// A network's record: each layer's trace (with values, each layer computed from the output of the
// one below), and the receptive fields of the top layer's units: for each, the cells of every map
// below that it depends on, the maps numbered from the input (0) up to the top layer's output.
#pragma once

#include <array>
#include <vector>

#include "src/arithmetic/receptive_field.hpp"
#include "src/config/network.hpp"
#include "src/simulate/simulator.hpp"

namespace convanim {

// The part of a unit's field on one map.
struct MapField {
  int map = 0;                // 0: the network's input; l: the output of layer l
  std::vector<Cell> cells;    // the map's cells it depends on, row-major
  // The padding around the map that the windows reach, as cells of the grid the layer above slides
  // over (trace.layers[map].grid): excluded from `cells`, counted here.
  std::vector<Cell> padding;
  std::vector<int> channels;  // the map's channels it depends on
};

// The field of one unit of the top layer's output (or of several of its channels, when they all
// depend on the same channels below).
struct UnitField {
  Cell output;
  std::vector<int> channels;   // the top channels this field is of
  std::vector<MapField> maps;  // from the map just below the top down to the input
};

struct NetworkTrace {
  Network network;
  std::vector<Trace> layers;
  // Per layer and axis [height, width]: the arithmetic of its units' receptive field.
  std::vector<std::array<FieldAxis, 2>> field_arithmetic;
};

NetworkTrace simulate_network(const Network& network);

// The field of top-layer unit `cell` of output channel `channel`, on every map below. These are
// exactly the cells through which a change can reach that unit: the nonzero pattern of its gradient
// with respect to each map, for positive weights (a max pooling's whole window, as any cell of it
// could become the maximum).
std::vector<MapField> field_of(const NetworkTrace& trace, int channel, Cell cell);

// Every field of the top layer's units, row-major; a unit's output channels share an entry when they
// depend on the same channels at every map (all of them but for groups).
std::vector<UnitField> unit_fields(const NetworkTrace& trace);

}  // namespace convanim
