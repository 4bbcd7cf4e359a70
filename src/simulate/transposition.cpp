#include "src/simulate/transposition.hpp"

namespace convanim {

std::vector<Stamp> scatter(const Trace& trace) {
  const Scenario& s = trace.scenario;
  const Axis &h = s.height(), &w = s.width();
  std::vector<Stamp> stamps;
  for (int oc = 0; oc < s.out_channels; ++oc) {
    const int first = s.first_input_channel(oc);
    for (int k = 0; k < s.input_channels_per_filter(); ++k)
      for (int r = 0; r < h.input; ++r)
        for (int c = 0; c < w.input; ++c) {
          Stamp stamp{first + k, {r, c}, oc, {}};
          stamp.writes.reserve(std::size_t(h.kernel) * std::size_t(w.kernel));
          for (int a = 0; a < h.kernel; ++a)
            for (int b = 0; b < w.kernel; ++b) {
              // out[i*s - p_begin + t*d] += in[i] * weight[t], per axis.
              const Cell out{r * h.stride - h.padding_begin + a * h.dilation,
                             c * w.stride - w.padding_begin + b * w.dilation};
              const bool inside = out.row >= 0 && out.row < trace.output_size[0] && out.col >= 0 &&
                                  out.col < trace.output_size[1];
              stamp.writes.push_back({out, {a, b}, !inside});
            }
          stamps.push_back(std::move(stamp));
        }
  }
  return stamps;
}

Scenario paired_scenario(const Scenario& s) {
  Scenario pair = s;
  pair.values.reset();
  pair.layer.clear();
  pair.padding = PaddingSpec{std::nullopt,
                             {s.height().padding_begin, s.height().padding_end, s.width().padding_begin,
                              s.width().padding_end}};
  for (std::size_t a = 0; a < 2; ++a) {
    const Axis& axis = s.axes[a];
    Axis& other = pair.axes[a];
    if (s.operation == Operation::transposed_convolution) {
      other.input = output_size(s.operation, axis);
      other.output_padding = 0;
    } else {
      other.input = output_size(s.operation, axis);
      // The output_padding that brings the transposed convolution's output back to i.
      other.output_padding = 0;
      other.output_padding = axis.input - output_size(Operation::transposed_convolution, other);
    }
  }
  pair.operation = s.operation == Operation::transposed_convolution ? Operation::convolution
                                                                    : Operation::transposed_convolution;
  std::swap(pair.in_channels, pair.out_channels);
  return pair;
}

std::optional<ValuesSpec> paired_values(const Trace& t) {
  const Scenario& s = t.scenario;
  if (!t.has_numbers() || s.operation != Operation::transposed_convolution || s.in_channels != 1 || s.out_channels != 1)
    return std::nullopt;
  const Scenario pair = paired_scenario(s);
  ValuesSpec spec;
  spec.input = t.values->output;
  spec.input->shape = pair.input_shape();
  spec.kernel = t.values->kernel;
  spec.kernel->shape = pair.weight_shape();  // [1, 1, kh, kw] either way: the same numbers
  spec.bias = t.values->bias;
  return spec;
}

ConvolutionMatrix convolution_matrix(const Trace& t) {
  ConvolutionMatrix m;
  m.rows = int(t.steps.size());
  m.cols = t.grid.input_size[0] * t.grid.input_size[1];
  m.row_entries.reserve(t.steps.size());
  for (const Step& step : t.steps) {
    std::vector<ConvolutionMatrix::Entry> entries;
    for (std::size_t tap = 0; tap < step.window.size(); ++tap)
      if (const auto input = t.grid.input_at(step.window[tap]))
        entries.push_back({input->row * t.grid.input_size[1] + input->col, int(tap)});
    m.row_entries.push_back(std::move(entries));
  }
  return m;
}

}  // namespace convanim
