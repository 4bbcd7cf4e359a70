#include "src/simulate/elementwise_values.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace convanim {
namespace {

double sigmoid(double x) { return 1 / (1 + std::exp(-x)); }
double softplus(double x, double beta, double threshold) {
  return beta * x > threshold ? x : std::log1p(std::exp(beta * x)) / beta;  // linear above the threshold
}
// SELU's constants (Klambauer et al. 2017), to PyTorch's digits.
constexpr double selu_alpha = 1.6732632423543772848170429916717;
constexpr double selu_scale = 1.0507009873554804934193349852946;
constexpr double gelu_tanh_cubic = 0.044715;

}  // namespace

double apply_elementwise(const ElementwiseCall& call, double x) {
  const auto [a, b] = call.parameters;
  using F = ElementwiseFunction;
  switch (call.function) {
    case F::identity:
    case F::normalization: return x;
    case F::relu: return std::max(x, 0.0);
    case F::relu6: return std::clamp(x, 0.0, 6.0);
    case F::leaky_relu: return x > 0 ? x : a * x;
    case F::elu: return x > 0 ? x : a * std::expm1(x);
    case F::celu: return std::max(x, 0.0) + std::min(0.0, a * std::expm1(x / a));
    case F::selu: return selu_scale * (x > 0 ? x : selu_alpha * std::expm1(x));
    case F::gelu: return 0.5 * x * (1 + std::erf(x / std::numbers::sqrt2));
    case F::gelu_tanh:
      return 0.5 * x * (1 + std::tanh(std::sqrt(2 / std::numbers::pi) * (x + gelu_tanh_cubic * x * x * x)));
    case F::silu: return x * sigmoid(x);
    case F::mish: return x * std::tanh(softplus(x, 1, 20));
    case F::sigmoid: return sigmoid(x);
    case F::tanh: return std::tanh(x);
    case F::hardtanh: return std::clamp(x, a, b);
    case F::hardsigmoid: return std::clamp(x / 6 + 0.5, 0.0, 1.0);
    case F::hardswish: return x * std::clamp(x + 3, 0.0, 6.0) / 6;
    case F::softplus: return softplus(x, a, b);
    case F::softsign: return x / (1 + std::abs(x));
    case F::tanhshrink: return x - std::tanh(x);
  }
  return x;
}

void apply_elementwise(const std::vector<ElementwiseCall>& calls, Tensor& tensor) {
  for (const ElementwiseCall& call : calls)
    for (double& value : tensor.data) value = apply_elementwise(call, value);
}

}  // namespace convanim
