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
  if (!spec.seed) return {*spec.input, spec.kernel};
  SplitMix64 generator(*spec.seed);
  const auto draw = [&](int rows, int cols, ValueRange range) {
    Matrix m(rows, cols);
    for (double& value : m.data) value = generator.uniform(range.low, range.high);
    return m;
  };
  ScenarioValues values{draw(s.height().input, s.width().input, spec.input_range), std::nullopt};
  if (!is_pooling(s.operation)) values.kernel = draw(s.height().kernel, s.width().kernel, spec.kernel_range);
  return values;
}

}  // namespace convanim
