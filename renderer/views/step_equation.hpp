// The equation of one step, the same in every view whose frame is a kernel application, and the
// symbols a figure with "values": "symbolic" writes in its cells.
//
// The terms follow the drawing: the whole window, row-major, input channel by input channel, with
// the padding and the zeros a transposed convolution inserts written as 0·w. PyTorch skips them (they
// add nothing), but the reader sees those cells under the kernel and counts them. Max pooling lists
// only the input cells (its padding is -inf, never picked); average pooling lists what it divides:
// every cell of the window with count_include_pad (PyTorch's default), only the input cells without.
#pragma once

#include <optional>
#include <string>

#include "renderer/views/equation.hpp"
#include "src/simulate/simulator.hpp"

namespace convanim {

// Beyond this many terms an equation counts its zero terms and keeps the first and last halves of the
// others around one "…" term: no line could show more, and a step may have millions of taps.
inline constexpr std::size_t most_equation_terms = 200;

// What step `step` computes, numbers written by value_text with `decimals`; symbols when the
// scenario's values are symbolic; none without values or symbols.
std::optional<Equation> step_equation(const Trace& trace, const Step& step, std::optional<int> decimals);

// The tap (index into step.window) a max pooling picks: its input cell holding the largest value of
// the window, the first of equal ones in row-major order, as PyTorch picks; none without values.
std::optional<std::size_t> picked_tap(const Trace& trace, const Step& step);
// What an average pooling divides by: the window's cells with count_include_pad, else its inputs.
std::size_t pooling_divisor(const Scenario& scenario, const Step& step);

// The symbols, indices 0-based as PyTorch's and subscripted, a channel index only where there are
// several channels: x_{1,2} (input cell), w_{0,1} (the stored weight a tap of output channel `oc`'s
// `k`-th input channel applies, flipped back for a transposed convolution), y_{1,2}.
RichText input_symbol(const Trace& trace, int channel, Cell input);
RichText weight_symbol(const Trace& trace, int oc, int k, std::size_t tap);
RichText output_symbol(const Trace& trace, int channel, Cell output);

}  // namespace convanim
