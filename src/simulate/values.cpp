#include "src/simulate/values.hpp"

namespace convanim {

std::uint64_t SplitMix64::next() {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

int SplitMix64::uniform(int low, int high) {
  const auto span = std::uint64_t(std::int64_t(high) - low + 1);
  return int(std::int64_t(low) + std::int64_t(next() % span));
}

ScenarioValues resolve_values(const Scenario& s) {
  const ValuesSpec& spec = *s.values;
  if (!spec.seed) return {*spec.input, spec.kernel, spec.bias};
  SplitMix64 generator(*spec.seed);
  const auto draw = [&](std::vector<int> shape, ValueRange range) {
    Tensor t(std::move(shape));
    for (double& value : t.data) value = generator.uniform(range.low, range.high);
    return t;
  };
  ScenarioValues values{draw(s.input_shape(), spec.input_range), std::nullopt, std::nullopt};
  if (!is_pooling(s.operation)) values.kernel = draw(s.weight_shape(), spec.kernel_range);
  if (s.bias) values.bias = draw({s.out_channels}, spec.bias_range);
  return values;
}

}  // namespace convanim
