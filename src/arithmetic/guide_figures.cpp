#include "src/arithmetic/guide_figures.hpp"

#include <array>

namespace convanim {
namespace {
constexpr auto conv = Operation::convolution;
constexpr auto transposed = Operation::transposed_convolution;

constexpr std::array figures{
    // stem                                   numerical  i  o  p  k  s  d
    GuideFigure{"no_padding_no_strides", false, 4, 2, 0, 3, 1, 1, conv},
    GuideFigure{"no_padding_no_strides_transposed", false, 4, 2, 0, 3, 1, 1, transposed},
    GuideFigure{"arbitrary_padding_no_strides", false, 5, 6, 2, 4, 1, 1, conv},
    GuideFigure{"arbitrary_padding_no_strides_transposed", false, 5, 6, 2, 4, 1, 1, transposed},
    GuideFigure{"same_padding_no_strides", false, 5, 5, 1, 3, 1, 1, conv},
    GuideFigure{"same_padding_no_strides_transposed", false, 5, 5, 1, 3, 1, 1, transposed},
    GuideFigure{"full_padding_no_strides", false, 5, 7, 2, 3, 1, 1, conv},
    GuideFigure{"full_padding_no_strides_transposed", false, 5, 7, 2, 3, 1, 1, transposed},
    GuideFigure{"no_padding_strides", false, 5, 2, 0, 3, 2, 1, conv},
    GuideFigure{"no_padding_strides_transposed", false, 5, 2, 0, 3, 2, 1, transposed},
    GuideFigure{"padding_strides", false, 5, 3, 1, 3, 2, 1, conv},
    GuideFigure{"padding_strides_transposed", false, 5, 3, 1, 3, 2, 1, transposed},
    GuideFigure{"padding_strides_odd", false, 6, 3, 1, 3, 2, 1, conv},
    GuideFigure{"padding_strides_odd_transposed", false, 6, 3, 1, 3, 2, 1, transposed},
    GuideFigure{"dilation", false, 7, 3, 0, 3, 1, 2, conv},
    GuideFigure{"numerical_no_padding_no_strides", true, 5, 3, 0, 3, 1, 1, conv},
    GuideFigure{"numerical_padding_strides", true, 5, 3, 1, 3, 2, 1, conv},
    GuideFigure{"numerical_average_pooling", true, 5, 3, 0, 3, 1, 1, Operation::average_pooling},
    GuideFigure{"numerical_max_pooling", true, 5, 3, 0, 3, 1, 1, Operation::max_pooling},
};
}  // namespace

Axis GuideFigure::axis() const {
  if (operation == transposed)
    return Axis{.input = o, .kernel = k, .stride = s, .dilation = d, .padding_begin = p,
                .padding_end = p, .output_padding = (i + 2 * p - k) % s};
  return Axis{.input = i, .kernel = k, .stride = s, .dilation = d, .padding_begin = p,
              .padding_end = p, .output_padding = 0};
}

std::span<const GuideFigure> guide_figures() { return figures; }

}  // namespace convanim
