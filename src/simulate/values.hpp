// The numbers of a numerical figure: explicit, or drawn from a seed the same way everywhere.
#pragma once

#include <cstdint>
#include <optional>

#include "src/config/scenario.hpp"

namespace convanim {

// SplitMix64 (Steele, Lea, Flood 2014): fully specified, so a seed gives the same numbers on every
// platform and compiler, which std::uniform_int_distribution does not promise.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  // An integer in [low, high]: low + next() mod (high - low + 1). The modulo bias (< 2^-40 for the
  // ranges allowed) is irrelevant here; being specified is what matters.
  int uniform(int low, int high);

 private:
  std::uint64_t state_;
};

// Tensors in PyTorch's full shapes (scenario.hpp): input [C_in, H, W] (H = 1 in 1-D, stored so),
// weight as PyTorch stores it, bias [C_out].
struct ScenarioValues {
  Tensor input;
  std::optional<Tensor> kernel;  // none for pooling
  std::optional<Tensor> bias;    // when the layer has one
};

// The scenario's values; requires scenario.values. A seed fills the input, then the weight, then the
// bias, each row-major in its PyTorch layout.
ScenarioValues resolve_values(const Scenario& scenario);

}  // namespace convanim
