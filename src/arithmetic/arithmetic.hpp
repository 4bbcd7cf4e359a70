// Convolution arithmetic per axis, in the frameworks' terms (PyTorch, TensorFlow).
//
// Everything here is one axis at a time: a scenario has a height axis and a width axis that never
// interact. The guide's square formulas are the special case p_begin == p_end on equal axes.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace convanim {

enum class Operation { convolution, transposed_convolution, max_pooling, average_pooling };

std::string_view to_string(Operation operation);
std::optional<Operation> operation_from_string(std::string_view name);
bool is_pooling(Operation operation);

// One axis of a scenario, resolved to numbers.
struct Axis {
  int input = 1;
  int kernel = 1;
  int stride = 1;
  int dilation = 1;
  int padding_begin = 0;  // top or left
  int padding_end = 0;    // bottom or right
  int output_padding = 0;

  // The span of the dilated kernel, the guide's k^ = k + (k - 1)(d - 1).
  int effective_kernel() const { return dilation * (kernel - 1) + 1; }
  int total_padding() const { return padding_begin + padding_end; }
};

using Axes = std::array<Axis, 2>;  // [height, width]

// o = floor((i + p_begin + p_end - d(k - 1) - 1) / s) + 1 for convolution and pooling;
// o = (i - 1)s - p_begin - p_end + d(k - 1) + output_padding + 1 for a transposed convolution.
// Assumes an axis checked by the scenario rules (scenario.cpp); the result may be < 1 otherwise.
int output_size(Operation operation, const Axis& axis);

// The direct convolution a transposed convolution is drawn as: s - 1 zeros between input units,
// d(k - 1) - p zeros on each side (negative: that many stretched cells are cropped), output_padding
// more on the end side, stride 1, kernel flipped.
struct EquivalentConvolution {
  int stretched_input = 0;  // (i - 1)s + 1
  int padding_begin = 0;    // d(k - 1) - p_begin, the guide's p'
  int padding_end = 0;      // d(k - 1) - p_end + output_padding
  int extra = 0;            // output_padding, the guide's a
  int grid = 0;             // stretched input plus both paddings
};
EquivalentConvolution equivalent_convolution(const Axis& transposed);

// The largest output_padding a transposed convolution accepts: max(s, d) - 1.
int max_output_padding(const Axis& axis);

}  // namespace convanim
