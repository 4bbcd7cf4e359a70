#include "renderer/views/step_equation.hpp"

#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "renderer/views/value_text.hpp"

namespace convanim {
namespace {

std::string joined(const std::vector<int>& indices) { return fmt::format("{}", fmt::join(indices, ",")); }
RichText subscripted(const char* name, const std::vector<int>& indices) {
  return convanim::subscripted(name, joined(indices));
}

// A cell's indices, with its channel in front when the plane has several; 1-D cells have no row.
std::vector<int> cell_indices(const Trace& trace, int channels, int channel, Cell cell) {
  std::vector<int> out;
  if (channels > 1) out.push_back(channel);
  if (trace.scenario.dims == 2) out.push_back(cell.row);
  out.push_back(cell.col);
  return out;
}

// Writes `total` terms into e, `zero(i)` telling which add nothing and `text(i)` writing one. Past
// most_equation_terms, so that a huge window costs no more than a readable one, the zero terms are
// only counted and the middle of the others makes way for a single "…" term.
template <class Zero, class Write>
void fill_terms(Equation& e, std::size_t total, Zero&& zero, Write&& text) {
  if (total <= most_equation_terms) {
    for (std::size_t i = 0; i < total; ++i) {
      e.terms.push_back(text(i));
      e.zero.push_back(zero(i));
    }
    return;
  }
  std::size_t counting = 0;
  for (std::size_t i = 0; i < total; ++i) counting += !zero(i);
  e.zeros_left_out = total - counting;
  const std::size_t half = most_equation_terms / 2;
  for (std::size_t i = 0, j = 0; i < total; ++i) {
    if (zero(i)) continue;
    if (counting <= most_equation_terms || j < half || j >= counting - half) e.terms.push_back(text(i));
    else if (j == half) e.terms.emplace_back("…");
    ++j;
  }
}

}  // namespace

RichText input_symbol(const Trace& trace, int channel, Cell input) {
  return subscripted("x", cell_indices(trace, trace.scenario.in_channels, channel, input));
}

RichText output_symbol(const Trace& trace, int channel, Cell output) {
  return subscripted("y", cell_indices(trace, trace.scenario.out_channels, channel, output));
}

RichText weight_symbol(const Trace& trace, int oc, int k, std::size_t tap) {
  const Scenario& s = trace.scenario;
  const int kh = s.height().kernel, kw = s.width().kernel;
  int a = int(tap) / kw, b = int(tap) % kw, outer = oc, inner = k;
  if (s.operation == Operation::transposed_convolution) {
    // Stored [C_in][C_out / groups][kh][kw] and applied flipped (as Trace::applied_weight).
    outer = s.first_input_channel(oc) + k;
    inner = oc % (s.out_channels / s.groups);
    a = kh - 1 - a;
    b = kw - 1 - b;
  }
  std::vector<int> indices;
  if (s.in_channels > 1 || s.out_channels > 1) indices = {outer, inner};
  if (s.dims == 2) indices.push_back(a);
  indices.push_back(b);
  return subscripted("w", indices);
}

std::optional<std::size_t> picked_tap(const Trace& trace, const Step& step) {
  if (!trace.values || trace.scenario.operation != Operation::max_pooling) return std::nullopt;
  const int channel = trace.scenario.first_input_channel(step.output_channel);
  std::optional<std::size_t> best;
  double largest = 0;
  for (std::size_t tap = 0; tap < step.window.size(); ++tap)
    if (const auto unit = trace.grid.input_at(step.window[tap])) {
      const double x = trace.input_value(channel, *unit);
      if (!best || x > largest) best = tap, largest = x;  // strictly larger: the first maximum stays
    }
  return best;
}

std::size_t pooling_divisor(const Scenario& s, const Step& step) {
  return s.count_include_pad ? step.window.size() : step.inputs.size();
}

std::optional<Equation> step_equation(const Trace& trace, const Step& step, std::optional<int> decimals) {
  const Scenario& s = trace.scenario;
  const bool symbolic = s.symbolic;
  if (!trace.values && !symbolic) return std::nullopt;
  // A figure's plan (figure.hpp) knows there are values but has not computed them: no numbers yet.
  // Its equation band is then the figure's width; the figure checks its own size again.
  if (trace.values && !trace.has_numbers()) return std::nullopt;
  const int oc = step.output_channel;
  // A factor of a product or a term of a sum: negative numbers in parentheses, "3·(-1)".
  const auto number = [&](double v) {
    std::string text = value_text(v, decimals);
    return text.front() == '-' ? "(" + text + ")" : text;
  };
  const auto input = [&](int channel, std::size_t tap) -> std::optional<RichText> {
    const std::optional<Cell> unit = trace.grid.input_at(step.window[tap]);
    if (!unit) return std::nullopt;
    return symbolic ? input_symbol(trace, channel, *unit) : RichText(number(trace.input_value(channel, *unit)));
  };
  // Padding and inserted zeros are 0, and so is an input cell holding 0.
  const auto input_is_zero = [&](int channel, std::size_t tap) {
    const std::optional<Cell> unit = trace.grid.input_at(step.window[tap]);
    return !unit || (!symbolic && trace.input_value(channel, *unit) == 0);
  };

  Equation e;
  e.lhs = symbolic ? output_symbol(trace, oc, step.output)
                   : RichText("y[" + joined(cell_indices(trace, s.out_channels, oc, step.output)) + "]");
  if (!symbolic) e.result = value_text(trace.output_value(oc, step.output), decimals);
  const int first = s.first_input_channel(oc), per_filter = s.input_channels_per_filter();
  const std::size_t taps = step.window.size();

  if (s.operation == Operation::max_pooling) {
    e.open = "max(";
    e.close = ")";
    e.separator = ", ";
    // Its terms are compared, not added: a zero among them is not a term to leave out.
    std::vector<std::size_t> inputs;  // the taps on input cells
    for (std::size_t tap = 0; tap < taps; ++tap)
      if (trace.grid.input_at(step.window[tap])) inputs.push_back(tap);
    fill_terms(e, inputs.size(), [](std::size_t) { return false; },
               [&](std::size_t i) { return *input(first, inputs[i]); });
    return e;
  }
  if (s.operation == Operation::average_pooling) {
    const std::size_t divisor = pooling_divisor(s, step);
    e.open = "(";
    e.close = fmt::format(") / {}", divisor);
    std::vector<std::size_t> divided;  // the taps it adds up
    for (std::size_t tap = 0; tap < taps; ++tap)
      if (s.count_include_pad || trace.grid.input_at(step.window[tap])) divided.push_back(tap);
    fill_terms(e, divided.size(), [&](std::size_t i) { return input_is_zero(first, divided[i]); },
               [&](std::size_t i) { return input(first, divided[i]).value_or("0"); });
    return e;
  }
  // A convolution, transposed or not: every tap of every input channel of the filter, then the bias.
  const bool bias = s.bias && (symbolic || (trace.values && trace.values->bias));
  const std::size_t products = std::size_t(per_filter) * taps;
  const auto zero = [&](std::size_t i) {
    if (i == products) return !symbolic && trace.values->bias->data[std::size_t(oc)] == 0;
    const int k = int(i / taps);
    const std::size_t tap = i % taps;
    return input_is_zero(first + k, tap) || (!symbolic && trace.applied_weight(oc, k, tap) == 0);
  };
  const auto term = [&](std::size_t i) -> RichText {
    if (i == products)
      return symbolic ? (s.out_channels > 1 ? subscripted("b", {oc}) : RichText("b"))
                      : RichText(number(trace.values->bias->data[std::size_t(oc)]));
    const int k = int(i / taps);
    const std::size_t tap = i % taps;
    return input(first + k, tap).value_or("0") + "·" +
           (symbolic ? weight_symbol(trace, oc, k, tap) : RichText(number(trace.applied_weight(oc, k, tap))));
  };
  fill_terms(e, products + (bias ? 1 : 0), zero, term);
  return e;
}

}  // namespace convanim
