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

// Terms written in order, at most most_equation_terms of them: past that, the middle ones make way
// for a single "…" term, so that a huge window costs no more than a readable one.
class Terms {
 public:
  explicit Terms(std::size_t total) : total_(total) {}
  // Whether term `i` is kept (call add() for it then); the first skipped one becomes "…".
  bool keeps(std::size_t i) {
    const std::size_t half = most_equation_terms / 2;
    if (total_ <= most_equation_terms || i < half || i >= total_ - half) return true;
    if (i == half) list.emplace_back("…");
    return false;
  }
  std::vector<RichText> list;

 private:
  std::size_t total_;
};

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
    Terms terms(step.inputs.size());
    std::size_t i = 0;
    for (std::size_t tap = 0; tap < taps; ++tap)
      if (const auto x = input(first, tap))
        if (terms.keeps(i++)) terms.list.push_back(*x);
    e.terms = std::move(terms.list);
    return e;
  }
  if (s.operation == Operation::average_pooling) {
    const std::size_t divisor = pooling_divisor(s, step);
    e.open = "(";
    e.close = fmt::format(") / {}", divisor);
    Terms terms(divisor);
    std::size_t i = 0;
    for (std::size_t tap = 0; tap < taps; ++tap) {
      const auto x = input(first, tap);
      if (!x && !s.count_include_pad) continue;
      if (terms.keeps(i++)) terms.list.push_back(x.value_or("0"));
    }
    e.terms = std::move(terms.list);
    return e;
  }
  // A convolution, transposed or not: every tap of every input channel of the filter, then the bias.
  const bool bias = s.bias && (symbolic || (trace.values && trace.values->bias));
  Terms terms(std::size_t(per_filter) * taps + (bias ? 1 : 0));
  std::size_t i = 0;
  for (int k = 0; k < per_filter; ++k)
    for (std::size_t tap = 0; tap < taps; ++tap)
      if (terms.keeps(i++))
        terms.list.push_back(input(first + k, tap).value_or("0") + "·" +
                             (symbolic ? weight_symbol(trace, oc, k, tap)
                                       : RichText(number(trace.applied_weight(oc, k, tap)))));
  if (bias && terms.keeps(i++))
    terms.list.push_back(symbolic ? (s.out_channels > 1 ? subscripted("b", {oc}) : RichText("b"))
                                  : RichText(number(trace.values->bias->data[std::size_t(oc)])));
  e.terms = std::move(terms.list);
  return e;
}

}  // namespace convanim
