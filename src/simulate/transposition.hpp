// The transposed convolution explained three ways, as records the views draw:
//   - its direct definition, the scatter: each input unit stamps the kernel, scaled, onto the output;
//   - its pair: the convolution it is the transpose of (and the transposed one of a convolution);
//   - the guide's matrix view: a convolution is y = C x, its transpose maps back with C^T.
#pragma once

#include <optional>
#include <vector>

#include "src/simulate/simulator.hpp"

namespace convanim {

// One kernel tap's write in a stamp: where it lands (output coordinates, before the padding crops:
// outside [0, size) when cropped) and which tap (a, b) of the kernel, as stored, it carries.
struct ScatterWrite {
  Cell output;
  Cell tap;
  bool cropped = false;
};

// One input unit of one input channel stamping one filter's kernel onto its output channel.
struct Stamp {
  int input_channel = 0;
  Cell input;
  int output_channel = 0;
  std::vector<ScatterWrite> writes;  // row-major by tap
};

// The stamps of a transposed convolution, filter by filter, each filter's input channels in order,
// each channel's units row-major. Summing input x weight over them (and adding the bias) gives
// exactly trace.values->output. Requires a transposed convolution's trace.
std::vector<Stamp> scatter(const Trace& trace);

// The other member of a scenario's pair: for a convolution (i, k, s, p, d), the transposed
// convolution from its output size back to i (the same k, s, p, d, and the output_padding that
// restores i); for a transposed convolution, the convolution it is the transpose of. Values are not
// carried over.
Scenario paired_scenario(const Scenario& scenario);

// The values of a one-channel transposed convolution's paired convolution: the same kernel and bias
// (the convolution C whose transpose it applies) on the transposed convolution's output as input (a
// tensor of the convolution's input size, and the figure's own numbers). None without values, for a
// convolution (its twin draws no numbers), or with channels.
std::optional<ValuesSpec> paired_values(const Trace& transposed);

// The guide's matrix C of a single-channel convolution: y = C x with the input unrolled row-major.
// Row j is step j; its entries are the input units (columns) under the kernel and the tap (row-major
// index into the kernel) that multiplies each.
struct ConvolutionMatrix {
  int rows = 0, cols = 0;
  struct Entry {
    int column;
    int tap;
  };
  std::vector<std::vector<Entry>> row_entries;
};
ConvolutionMatrix convolution_matrix(const Trace& convolution);

}  // namespace convanim
