#include "src/arithmetic/padding.hpp"

#include <algorithm>

#include "src/name_table.hpp"

namespace convanim {
namespace {
constexpr NameTable<PaddingScheme, 5> scheme_names{{
    {PaddingScheme::valid, "valid"},
    {PaddingScheme::same, "same"},
    {PaddingScheme::full, "full"},
    {PaddingScheme::half, "half"},
    {PaddingScheme::causal, "causal"},
}};

int same_total(Operation operation, const Axis& a) {
  if (operation == Operation::transposed_convolution)
    return std::max(a.effective_kernel() - a.stride, 0);
  const int output = (a.input + a.stride - 1) / a.stride;  // ceil(i / s)
  return std::max((output - 1) * a.stride + a.effective_kernel() - a.input, 0);
}

void resolve_axis(Operation operation, PaddingScheme scheme, Axis& a) {
  switch (scheme) {
    case PaddingScheme::valid: a.padding_begin = a.padding_end = 0; break;
    case PaddingScheme::full: a.padding_begin = a.padding_end = a.dilation * (a.kernel - 1); break;
    case PaddingScheme::half: a.padding_begin = a.padding_end = a.kernel / 2; break;
    case PaddingScheme::causal:
      a.padding_begin = a.dilation * (a.kernel - 1);
      a.padding_end = 0;
      break;
    case PaddingScheme::same: {
      const int total = same_total(operation, a);
      a.padding_begin = total / 2;
      a.padding_end = total - a.padding_begin;
      break;
    }
  }
}
}  // namespace

std::optional<PaddingScheme> padding_scheme_from_string(std::string_view name) {
  return value_of(scheme_names, name);
}

std::string_view to_string(PaddingScheme scheme) { return name_of(scheme_names, scheme); }

void resolve_padding(Operation operation, const PaddingSpec& spec, Axes& axes) {
  if (spec.scheme) {
    for (Axis& axis : axes) resolve_axis(operation, *spec.scheme, axis);
    return;
  }
  axes[0].padding_begin = spec.sides[0];
  axes[0].padding_end = spec.sides[1];
  axes[1].padding_begin = spec.sides[2];
  axes[1].padding_end = spec.sides[3];
}

}  // namespace convanim
