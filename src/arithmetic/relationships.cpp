#include "src/arithmetic/relationships.hpp"

#include <fmt/format.h>

namespace convanim {
namespace {

Relationship make(int number, std::string formula, std::string worked, int output) {
  // A worked form that already ends in the value ("o = i = 5") is not repeated.
  const bool ends_in_value = worked.ends_with(fmt::format("= {}", output));
  return {number, std::move(formula), ends_in_value ? worked : fmt::format("{} = {}", worked, output), output};
}

std::optional<Relationship> direct(Operation operation, const Axis& a) {
  const int i = a.input, k = a.kernel, s = a.stride, p = a.padding_begin, d = a.dilation;
  if (is_pooling(operation)) {
    if (p != 0 || d != 1) return std::nullopt;
    return make(7, "o = floor((i - k)/s) + 1", fmt::format("o = floor(({} - {})/{}) + 1", i, k, s),
                (i - k) / s + 1);
  }
  if (d != 1) {
    const int k_hat = k + (k - 1) * (d - 1);
    return make(15, "o = floor((i + 2p - k - (k - 1)(d - 1))/s) + 1",
                fmt::format("o = floor(({} + 2*{} - {} - ({} - 1)({} - 1))/{}) + 1", i, p, k, k, d, s),
                (i + 2 * p - k_hat) / s + 1);
  }
  if (s == 1) {
    if (p == 0)
      return make(1, "o = i - k + 1", fmt::format("o = {} - {} + 1", i, k), i - k + 1);
    if (k % 2 == 1 && p == k / 2)
      return make(3, "o = i (half padding, p = floor(k/2))", fmt::format("o = i = {}", i), i);
    if (p == k - 1)
      return make(4, "o = i + k - 1 (full padding, p = k - 1)", fmt::format("o = {} + {} - 1", i, k),
                  i + k - 1);
    return make(2, "o = i - k + 2p + 1", fmt::format("o = {} - {} + 2*{} + 1", i, k, p),
                i - k + 2 * p + 1);
  }
  if (p == 0)
    return make(5, "o = floor((i - k)/s) + 1", fmt::format("o = floor(({} - {})/{}) + 1", i, k, s),
                (i - k) / s + 1);
  return make(6, "o = floor((i + 2p - k)/s) + 1",
              fmt::format("o = floor(({} + 2*{} - {})/{}) + 1", i, p, k, s), (i + 2 * p - k) / s + 1);
}

// A transposed convolution with input i' is the transpose of a direct convolution with the same
// k, s, p whose input is this one's output; the guide's primed quantities describe it.
std::optional<Relationship> transposed(const Axis& a) {
  const int ip = a.input, k = a.kernel, s = a.stride, p = a.padding_begin, extra = a.output_padding;
  if (a.dilation != 1 || p > k - 1) return std::nullopt;  // the guide covers neither
  if (s == 1) {
    if (p == 0)
      return make(8, "o' = i' + (k - 1), with k' = k, s' = 1, p' = k - 1",
                  fmt::format("o' = {} + ({} - 1)", ip, k), ip + (k - 1));
    if (k % 2 == 1 && p == k / 2)
      return make(10, "o' = i', with k' = k, s' = 1, p' = p (half padding)",
                  fmt::format("o' = i' = {}", ip), ip);
    if (p == k - 1)
      return make(11, "o' = i' - (k - 1), with k' = k, s' = 1, p' = 0 (full padding)",
                  fmt::format("o' = {} - ({} - 1)", ip, k), ip - (k - 1));
    return make(9, "o' = i' + (k - 1) - 2p, with k' = k, s' = 1, p' = k - p - 1",
                fmt::format("o' = {} + ({} - 1) - 2*{}", ip, k, p), ip + (k - 1) - 2 * p);
  }
  if (extra == 0 && p == 0)
    return make(12, "o' = s(i' - 1) + k, with stretched i', k' = k, s' = 1, p' = k - 1",
                fmt::format("o' = {}({} - 1) + {}", s, ip, k), s * (ip - 1) + k);
  if (extra == 0)
    return make(13, "o' = s(i' - 1) + k - 2p, with stretched i', k' = k, s' = 1, p' = k - p - 1",
                fmt::format("o' = {}({} - 1) + {} - 2*{}", s, ip, k, p), s * (ip - 1) + k - 2 * p);
  return make(14,
              "o' = s(i' - 1) + a + k - 2p, with stretched i', k' = k, s' = 1, p' = k - p - 1, "
              "a = (i + 2p - k) mod s",
              fmt::format("o' = {}({} - 1) + {} + {} - 2*{}", s, ip, extra, k, p),
              s * (ip - 1) + extra + k - 2 * p);
}

}  // namespace

std::optional<Relationship> guide_relationship(Operation operation, const Axis& axis) {
  if (axis.padding_begin != axis.padding_end) return std::nullopt;
  if (operation == Operation::transposed_convolution) return transposed(axis);
  return direct(operation, axis);
}

}  // namespace convanim
