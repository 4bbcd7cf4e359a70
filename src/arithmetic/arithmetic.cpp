#include "src/arithmetic/arithmetic.hpp"

#include <algorithm>

#include "src/name_table.hpp"

namespace convanim {
namespace {
constexpr NameTable<Operation, 4> operation_names{{
    {Operation::convolution, "convolution"},
    {Operation::transposed_convolution, "transposed_convolution"},
    {Operation::max_pooling, "max_pooling"},
    {Operation::average_pooling, "average_pooling"},
}};

// Floor division that rounds toward negative infinity, as the formulas mean it.
int floor_div(int numerator, int denominator) {
  int quotient = numerator / denominator;
  if ((numerator % denominator != 0) && ((numerator < 0) != (denominator < 0))) --quotient;
  return quotient;
}
}  // namespace

std::string_view to_string(Operation operation) { return name_of(operation_names, operation); }

std::optional<Operation> operation_from_string(std::string_view name) { return value_of(operation_names, name); }

bool is_pooling(Operation operation) {
  return operation == Operation::max_pooling || operation == Operation::average_pooling;
}

int output_size(Operation operation, const Axis& a) {
  if (operation == Operation::transposed_convolution)
    return (a.input - 1) * a.stride - a.total_padding() + a.dilation * (a.kernel - 1) +
           a.output_padding + 1;
  return floor_div(a.input + a.total_padding() - a.effective_kernel(), a.stride) + 1;
}

EquivalentConvolution equivalent_convolution(const Axis& a) {
  EquivalentConvolution e;
  e.stretched_input = (a.input - 1) * a.stride + 1;
  e.padding_begin = a.dilation * (a.kernel - 1) - a.padding_begin;
  e.padding_end = a.dilation * (a.kernel - 1) - a.padding_end + a.output_padding;
  e.extra = a.output_padding;
  e.grid = e.stretched_input + e.padding_begin + e.padding_end;
  return e;
}

int max_output_padding(const Axis& a) { return std::max(a.stride, a.dilation) - 1; }

}  // namespace convanim
