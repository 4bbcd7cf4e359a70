// The numbers of the element-wise layers that pass through a network (ReLU, Sigmoid, Dropout, ...),
// as PyTorch computes them in evaluation mode.
#pragma once

#include <vector>

#include "src/config/layer_string.hpp"
#include "src/tensor.hpp"

namespace convanim {

// One value through one layer; the layer has values (ElementwiseCall::has_values).
double apply_elementwise(const ElementwiseCall& call, double x);
// Every value of `tensor` through each of `calls`, in order.
void apply_elementwise(const std::vector<ElementwiseCall>& calls, Tensor& tensor);

}  // namespace convanim
