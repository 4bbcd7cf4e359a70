// A dense tensor of doubles in row-major order, shaped as PyTorch shapes it (without the batch
// dimension): an input [C, H, W], a weight [C_out, C_in / groups, kh, kw], a bias [C_out].
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <vector>

namespace convanim {

struct Tensor {
  std::vector<int> shape;
  std::vector<double> data;

  Tensor() = default;
  explicit Tensor(std::vector<int> dims, double fill = 0) : shape(std::move(dims)), data(element_count(shape), fill) {}

  static std::size_t element_count(const std::vector<int>& dims) {
    std::size_t n = 1;
    for (int d : dims) n *= std::size_t(d);
    return n;
  }
  // The element at `index` (one coordinate per dimension, outermost first).
  double& at(std::initializer_list<int> index) { return data[offset(index)]; }
  double at(std::initializer_list<int> index) const { return data[offset(index)]; }
  std::size_t offset(std::initializer_list<int> index) const {
    std::size_t o = 0, d = 0;
    for (int i : index) o = o * std::size_t(shape[d++]) + std::size_t(i);
    return o;
  }
  bool operator==(const Tensor&) const = default;
};

// "[2][3][3]": a shape as the error messages write it.
inline std::string shape_text(const std::vector<int>& shape) {
  std::string text;
  for (int d : shape) text += "[" + std::to_string(d) + "]";
  return text;
}

}  // namespace convanim
