#include "src/config/describe.hpp"

#include <algorithm>

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

namespace {

// The operation as the guide says it: "transposed convolution", "max pooling".
std::string in_words(Operation operation) {
  std::string words(to_string(operation));
  std::replace(words.begin(), words.end(), '_', ' ');
  return words;
}

// One axis's output size with its numbers: the general formulas of src/arithmetic/arithmetic.hpp in
// the guide's notation, leaving out the terms that are zero.
//   direct:     o = ⌊(i + 2p − k − (k − 1)(d − 1)) / s⌋ + 1   (no floor nor division when s = 1)
//   transposed: o = (i − 1)·s − 2p + d(k − 1) + op + 1
std::string worked(Operation operation, const Axis& a) {
  const bool even = a.padding_begin == a.padding_end;
  std::string text;
  if (operation == Operation::transposed_convolution) {
    text = a.stride == 1 ? fmt::format("{} − 1", a.input) : fmt::format("({} − 1)·{}", a.input, a.stride);
    if (even && a.padding_begin > 0) text += fmt::format(" − 2·{}", a.padding_begin);
    if (!even) text += fmt::format(" − {} − {}", a.padding_begin, a.padding_end);
    text += a.dilation == 1 ? fmt::format(" + ({} − 1)", a.kernel)
                            : fmt::format(" + {}·({} − 1)", a.dilation, a.kernel);
    if (a.output_padding > 0) text += fmt::format(" + {}", a.output_padding);
    return text + " + 1";
  }
  text = fmt::format("{}", a.input);
  if (even && a.padding_begin > 0) text += fmt::format(" + 2·{}", a.padding_begin);
  if (!even) text += fmt::format(" + {} + {}", a.padding_begin, a.padding_end);
  text += fmt::format(" − {}", a.kernel);
  if (a.dilation != 1) text += fmt::format(" − ({} − 1)({} − 1)", a.kernel, a.dilation);
  return a.stride == 1 ? text + " + 1" : fmt::format("⌊({}) / {}⌋ + 1", text, a.stride);
}

bool same_case(const Axis& a, const Axis& b) {
  return a.input == b.input && a.kernel == b.kernel && a.stride == b.stride && a.dilation == b.dilation &&
         a.padding_begin == b.padding_begin && a.padding_end == b.padding_end && a.output_padding == b.output_padding;
}

}  // namespace

std::string caption_text(const Scenario& s) {
  std::string line = in_words(s.operation);
  if (is_pooling(s.operation) && s.in_channels > 1) line += fmt::format(", {} channels", s.in_channels);
  if (!is_pooling(s.operation) && (s.in_channels > 1 || s.out_channels > 1))
    line += fmt::format(", {} → {} channels", s.in_channels, s.out_channels);
  if (s.groups > 1) line += fmt::format(", {} groups", s.groups);
  const Axis &h = s.height(), &w = s.width();
  const auto axis = [&](const Axis& a) {
    return fmt::format("{} = {}", worked(s.operation, a), output_size(s.operation, a));
  };
  if (s.dims == 1) return line + ": o = " + axis(w);
  if (same_case(h, w)) return line + ": o = " + axis(h);
  return line + fmt::format(": o = {} (height), {} (width)", axis(h), axis(w));
}

}  // namespace convanim
