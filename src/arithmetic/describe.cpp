#include "src/arithmetic/describe.hpp"

#include <fmt/format.h>

namespace convanim {

std::string pair_text(int height, int width) {
  return height == width ? fmt::format("{}", height) : fmt::format("{}x{}", height, width);
}

std::string describe_parameters(const Scenario& s) {
  const Axis &h = s.height(), &w = s.width();
  const std::string padding =
      h.padding_begin == h.padding_end && w.padding_begin == w.padding_end
          ? pair_text(h.padding_begin, w.padding_begin)
          : fmt::format("({},{},{},{})", h.padding_begin, h.padding_end, w.padding_begin, w.padding_end);
  std::string line = fmt::format("{}: i={} k={} s={} p={}", to_string(s.operation), pair_text(h.input, w.input),
                                 pair_text(h.kernel, w.kernel), pair_text(h.stride, w.stride), padding);
  if (h.dilation != 1 || w.dilation != 1) line += fmt::format(" d={}", pair_text(h.dilation, w.dilation));
  if (s.operation == Operation::transposed_convolution)
    line += fmt::format(" a={}", pair_text(h.output_padding, w.output_padding));
  return line + fmt::format(" -> o={}", pair_text(output_size(s.operation, h), output_size(s.operation, w)));
}

}  // namespace convanim
