#include "src/config/describe.hpp"

#include <fmt/format.h>

namespace convanim {

std::string pair_text(int height, int width) {
  return height == width ? fmt::format("{}", height) : fmt::format("{}x{}", height, width);
}

std::string axes_text(const Scenario& s, int height, int width) {
  return s.dims == 1 ? fmt::format("{}", width) : pair_text(height, width);
}

std::string describe_parameters(const Scenario& s) {
  const Axis &h = s.height(), &w = s.width();
  const auto axes = [&](int height, int width) { return axes_text(s, height, width); };
  const bool even = h.padding_begin == h.padding_end && w.padding_begin == w.padding_end;
  const std::string padding = even          ? axes(h.padding_begin, w.padding_begin)
                              : s.dims == 1 ? fmt::format("({},{})", w.padding_begin, w.padding_end)
                                            : fmt::format("({},{},{},{})", h.padding_begin, h.padding_end,
                                                          w.padding_begin, w.padding_end);
  std::string line(to_string(s.operation));
  if (is_pooling(s.operation) && s.in_channels > 1) line += fmt::format(", {} channels", s.in_channels);
  if (!is_pooling(s.operation) && (s.in_channels > 1 || s.out_channels > 1))
    line += fmt::format(", {} -> {} channels, groups={}", s.in_channels, s.out_channels, s.groups);
  line += fmt::format(": i={} k={} s={} p={}", axes(h.input, w.input), axes(h.kernel, w.kernel),
                      axes(h.stride, w.stride), padding);
  if (h.dilation != 1 || w.dilation != 1) line += fmt::format(" d={}", axes(h.dilation, w.dilation));
  if (s.operation == Operation::transposed_convolution)
    line += fmt::format(" a={}", axes(h.output_padding, w.output_padding));
  return line + fmt::format(" -> o={}", axes(s.output_height(), s.output_width()));
}

}  // namespace convanim
