// Padding as a scenario gives it: numbers per side, or one of the named schemes.
#pragma once

#include <array>
#include <optional>
#include <string_view>

#include "src/arithmetic/arithmetic.hpp"

namespace convanim {

// "valid": none. "same": output = ceil(i / s), the odd cell of the total going to the end side (as
// TensorFlow does). "full": d(k - 1) on each side. "half": floor(k / 2) on each side (the guide's).
// "causal": d(k - 1) on the begin side only, so no output sees a later input (WaveNet; Keras' name).
enum class PaddingScheme { valid, same, full, half, causal };

std::optional<PaddingScheme> padding_scheme_from_string(std::string_view name);
std::string_view to_string(PaddingScheme scheme);
inline constexpr std::string_view padding_scheme_names = "\"valid\", \"same\", \"full\", \"half\", \"causal\"";

struct PaddingSpec {
  std::optional<PaddingScheme> scheme;
  std::array<int, 4> sides{};  // top, bottom, left, right, when no scheme is named

  static PaddingSpec uniform(int p) { return {std::nullopt, {p, p, p, p}}; }
};

// Fills padding_begin and padding_end of both axes. For a transposed convolution a scheme names the
// padding of the transposed convolution itself; "same" is the one of TensorFlow's conv2d_transpose
// (the padding of the forward convolution whose gradient it is: max(d(k - 1) + 1 - s, 0) in total).
void resolve_padding(Operation operation, const PaddingSpec& spec, Axes& axes);

}  // namespace convanim
