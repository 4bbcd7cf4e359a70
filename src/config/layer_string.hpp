// A PyTorch layer as users paste it from their model, read the way its constructor reads it:
//   nn.ConvTranspose2d(3, 8, kernel_size=4, stride=2, padding=1) -> operation, kernel, stride, ...
// Only literals are understood (no variables, no expressions): the text is data, never evaluated.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "src/arithmetic/arithmetic.hpp"
#include "src/arithmetic/padding.hpp"

namespace convanim {

// One line naming the argument and what is allowed; the caller prefixes the file and key.
class LayerStringError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What a PyTorch layer constructor call says, resolved to numbers per axis [height, width].
// A 1-D layer (Conv1d, ...) has dims == 1 and its one axis in index 1 (width); index 0 is then the
// trivial axis: kernel 1, stride 1, padding 0, dilation 1, output_padding 0.
struct LayerCall {
  Operation operation = Operation::convolution;
  int dims = 2;                           // 1 or 2
  std::string class_name;                 // "Conv2d", as written (without "nn." / "torch.nn.")
  int in_channels = 1, out_channels = 1;  // convolutions only; pooling leaves them 1
  bool has_channels = false;              // true for Conv*/ConvTranspose* (they fix C_in)
  std::array<int, 2> kernel{1, 1}, stride{1, 1}, dilation{1, 1}, padding{0, 0}, output_padding{0, 0};
  std::optional<PaddingScheme> padding_scheme;  // "valid" or "same" given as a string; padding is then 0
  int groups = 1;
  bool bias = true;               // PyTorch's default for convolutions; false for pooling
  bool count_include_pad = true;  // AvgPool only
};

// A layer that acts on each value alone and keeps the shape (ReLU and the other activations,
// BatchNorm, Dropout, Identity): it changes no receptive field, so in a network it passes through,
// named beside the layer below it. Its numbers: Dropout is the identity (evaluation mode); the
// normalisations' statistics are not in their strings, so they have no values.
enum class ElementwiseFunction {
  identity, relu, relu6, leaky_relu, elu, celu, selu, gelu, gelu_tanh, silu, mish, sigmoid, tanh,
  hardtanh, hardsigmoid, hardswish, softplus, softsign, tanhshrink, normalization
};

struct ElementwiseCall {
  std::string text;        // the call as written, trimmed: "nn.LeakyReLU(0.2)"
  std::string class_name;  // "LeakyReLU"
  ElementwiseFunction function = ElementwiseFunction::identity;
  std::array<double, 2> parameters{};  // negative_slope; alpha; min_val, max_val; beta, threshold

  bool has_values() const { return function != ElementwiseFunction::normalization; }
};

// Longer text is refused before it is read: a layer call is a line, not a file.
inline constexpr std::size_t max_layer_string_length = 1000;

// Throws LayerStringError when the text is not a call PyTorch would accept or convanim cannot draw.
LayerCall parse_layer_call(std::string_view text);
// The element-wise layer `text` calls, or nullopt when it calls another class (a drawn layer, or an
// unknown one: parse_layer_call words that error). Throws LayerStringError for bad arguments.
std::optional<ElementwiseCall> parse_elementwise_call(std::string_view text);

// The layers of `text` when it is a container, nn.Sequential(...) as written in code or as
// print(model) shows it ("Sequential(\n  (0): Conv2d(...)\n  (1): ReLU()\n)"), nested ones
// flattened; nullopt when it is not a Sequential. Throws LayerStringError when it is malformed.
std::optional<std::vector<std::string>> split_sequential(std::string_view text);
inline constexpr std::size_t max_sequential_length = 20'000;

}  // namespace convanim
