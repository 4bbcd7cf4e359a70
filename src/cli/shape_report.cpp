#include "src/cli/shape_report.hpp"

#include <fmt/format.h>

#include "src/arithmetic/describe.hpp"
#include "src/arithmetic/guide_figures.hpp"
#include "src/arithmetic/relationships.hpp"

namespace convanim::cli {
namespace {

// The guide's relationship, when both axes are the same case.
std::optional<Relationship> square_relationship(const Scenario& s) {
  const Axis &h = s.height(), &w = s.width();
  const bool square = h.input == w.input && h.kernel == w.kernel && h.stride == w.stride &&
                      h.dilation == w.dilation && h.padding_begin == w.padding_begin &&
                      h.padding_end == w.padding_end && h.output_padding == w.output_padding;
  return square ? guide_relationship(s.operation, h) : std::nullopt;
}

nlohmann::ordered_json padding_json(int top, int bottom, int left, int right) {
  return {{"top", top}, {"bottom", bottom}, {"left", left}, {"right", right}};
}

}  // namespace

nlohmann::ordered_json shape_json(const Scenario& s) {
  const Axis &h = s.height(), &w = s.width();
  const int oh = output_size(s.operation, h), ow = output_size(s.operation, w);
  nlohmann::ordered_json out{
      {"operation", std::string(to_string(s.operation))},
      {"input", {h.input, w.input}},
      {"kernel", {h.kernel, w.kernel}},
      {"stride", {h.stride, w.stride}},
      {"dilation", {h.dilation, w.dilation}},
      {"padding", padding_json(h.padding_begin, h.padding_end, w.padding_begin, w.padding_end)},
      {"output_padding", {h.output_padding, w.output_padding}},
      {"output", {oh, ow}},
      {"steps", oh * ow},
      {"relationship", nullptr},
  };
  if (auto rel = square_relationship(s))
    out["relationship"] = {{"number", rel->number}, {"formula", rel->formula}, {"worked", rel->worked}};
  if (s.operation == Operation::transposed_convolution) {
    const auto eh = equivalent_convolution(h), ew = equivalent_convolution(w);
    out["equivalent_convolution"] = {
        {"stretched_input", {eh.stretched_input, ew.stretched_input}},
        {"zeros_between_units", {h.stride - 1, w.stride - 1}},
        {"padding", padding_json(eh.padding_begin, eh.padding_end - eh.extra, ew.padding_begin,
                                 ew.padding_end - ew.extra)},  // p', without the extra a
        {"extra", {eh.extra, ew.extra}},
        {"grid", {eh.grid, ew.grid}},
        {"stride", {1, 1}},
        {"kernel_flipped", true},
    };
  }
  return out;
}

std::string shape_text(const Scenario& s) {
  const Axis &h = s.height(), &w = s.width();
  std::string out = describe_parameters(s) + "\n";
  if (auto rel = square_relationship(s))
    out += fmt::format("relationship {}: {}\n  {}\n", rel->number, rel->formula, rel->worked);
  else
    out += "relationship: none of the guide's 15 covers this case (uneven axes or padding, or a dilated "
           "transposed convolution)\n";
  if (s.operation == Operation::transposed_convolution) {
    const auto eh = equivalent_convolution(h), ew = equivalent_convolution(w);
    out += fmt::format(
        "equivalent direct convolution (what is drawn):\n"
        "  stretched input (i - 1)s + 1 = {} ({} zero(s) inserted between units)\n"
        "  padding p' = d(k - 1) - p: top {} bottom {} left {} right {}{}\n"
        "  extra a = output_padding: {} (on the bottom and right)\n"
        "  grid {}, stride 1, kernel flipped\n",
        pair_text(eh.stretched_input, ew.stretched_input), pair_text(h.stride - 1, w.stride - 1),
        eh.padding_begin, eh.padding_end - eh.extra, ew.padding_begin,
        ew.padding_end - ew.extra,
        (eh.padding_begin < 0 || ew.padding_begin < 0 || eh.padding_end < 0 || ew.padding_end < 0)
            ? " (negative: that many stretched cells are cropped)"
            : "",
        pair_text(eh.extra, ew.extra), pair_text(eh.grid, ew.grid));
  }
  return out;
}

nlohmann::ordered_json guide_table_json() {
  auto table = nlohmann::ordered_json::array();
  for (const GuideFigure& figure : guide_figures()) {
    Scenario s;
    s.name = figure.stem;
    s.operation = figure.operation;
    s.axes = {figure.axis(), figure.axis()};
    nlohmann::ordered_json row = shape_json(s);
    row["figure"] = figure.stem;
    row["kind"] = figure.numerical ? "numerical" : "arithmetic";
    table.push_back(std::move(row));
  }
  return table;
}

std::string guide_table_text() {
  std::string out = fmt::format("{:<40} {:<23} {:>2} {:>2} {:>2} {:>2} {:>2} {:>2} {:>2} {:>6} {}\n", "figure",
                                "operation", "i", "k", "s", "p", "d", "a", "o", "frames", "relationship");
  for (const nlohmann::ordered_json& row : guide_table_json()) {
    const auto rel = row["relationship"];
    out += fmt::format("{:<40} {:<23} {:>2} {:>2} {:>2} {:>2} {:>2} {:>2} {:>2} {:>6} {}\n",
                       row["figure"].get<std::string>(), row["operation"].get<std::string>(),
                       row["input"][0].get<int>(), row["kernel"][0].get<int>(), row["stride"][0].get<int>(),
                       row["padding"]["top"].get<int>(), row["dilation"][0].get<int>(),
                       row["output_padding"][0].get<int>(), row["output"][0].get<int>(),
                       row["steps"].get<int>(),
                       rel.is_null() ? std::string("-")
                                     : fmt::format("{}: {}", rel["number"].get<int>(), rel["worked"].get<std::string>()));
  }
  return out;
}

}  // namespace convanim::cli
