// Receptive fields through a stack of layers, per axis, as in Araujo, Norris and Sim, "Computing
// receptive fields of convolutional neural networks" (Distill, 2019): for the units of each layer,
//   r     the size of the field, in input cells (padding included);
//   jump  the distance, in input cells, between the fields of adjacent units;
//   start the input coordinate of the centre of the first unit's field (input cell centres are at
//         0, 1, 2, ...).
// The input itself has r = 1, jump = 1, start = 0. A convolution or pooling layer of kernel k,
// dilation d (k' = d(k - 1) + 1), stride s and padding p_begin gives
//   r += (k' - 1) jump,  start += ((k' - 1) / 2 - p_begin) jump,  jump *= s.
// A transposed convolution is the direct convolution over its stretched input (s - 1 zeros between
// units, padding d(k - 1) - p_begin): the jump becomes a fraction, jump / s, before the same steps.
#pragma once

#include <array>
#include <vector>

#include "src/arithmetic/arithmetic.hpp"

namespace convanim {

struct FieldAxis {
  double size = 1;   // r
  double jump = 1;   // j
  double start = 0;  // centre of the first unit's field
};

// The field of a layer's units from the field of its input's units.
FieldAxis next_field(const FieldAxis& below, Operation operation, const Axis& axis);

}  // namespace convanim
