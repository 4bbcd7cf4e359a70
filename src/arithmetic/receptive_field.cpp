#include "src/arithmetic/receptive_field.hpp"

namespace convanim {

FieldAxis next_field(const FieldAxis& below, Operation operation, const Axis& a) {
  FieldAxis input = below;
  double padding = a.padding_begin;
  double stride = a.stride;
  if (operation == Operation::transposed_convolution) {
    // Over the stretched input: a cell every 1/s of an input cell, padded by d(k - 1) - p, stride 1.
    input.jump = below.jump / a.stride;
    padding = a.dilation * (a.kernel - 1) - a.padding_begin;
    stride = 1;
  }
  const double span = a.effective_kernel() - 1;
  return {input.size + span * input.jump, input.jump * stride, input.start + (span / 2 - padding) * input.jump};
}

}  // namespace convanim
