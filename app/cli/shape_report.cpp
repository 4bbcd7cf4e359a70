#include "app/cli/shape_report.hpp"

#include <fmt/format.h>

#include "src/config/describe.hpp"
#include "src/arithmetic/guide_figures.hpp"
#include "src/arithmetic/receptive_field.hpp"
#include "src/arithmetic/relationships.hpp"

namespace convanim::cli {
namespace {

// The guide's relationship, when both axes are the same case (in 1-D, the one axis).
std::optional<Relationship> square_relationship(const Scenario& s) {
  const Axis &h = s.height(), &w = s.width();
  if (s.dims == 1) return guide_relationship(s.operation, w);
  const bool square = h.input == w.input && h.kernel == w.kernel && h.stride == w.stride &&
                      h.dilation == w.dilation && h.padding_begin == w.padding_begin &&
                      h.padding_end == w.padding_end && h.output_padding == w.output_padding;
  return square ? guide_relationship(s.operation, h) : std::nullopt;
}

nlohmann::ordered_json padding_json(const Scenario& s, int top, int bottom, int left, int right) {
  if (s.dims == 1) return {{"left", left}, {"right", right}};
  return {{"top", top}, {"bottom", bottom}, {"left", left}, {"right", right}};
}

// [height, width], or [length] in 1-D.
nlohmann::ordered_json axes(const Scenario& s, int height, int width) {
  return s.dims == 1 ? nlohmann::ordered_json::array({width}) : nlohmann::ordered_json::array({height, width});
}

// Weights and bias, as PyTorch's sum(p.numel() for p in layer.parameters()).
std::int64_t parameter_count(const Scenario& s) {
  std::int64_t count = 1;
  for (int d : s.weight_shape()) count *= d;
  return count + (s.bias ? s.out_channels : 0);
}

}  // namespace

nlohmann::ordered_json shape_json(const Scenario& s) {
  const Axis &h = s.height(), &w = s.width();
  const int oh = output_size(s.operation, h), ow = output_size(s.operation, w);
  nlohmann::ordered_json out{{"operation", std::string(to_string(s.operation))}};
  if (!s.layer.empty()) out["layer"] = s.layer;
  if (s.dims == 1 || s.in_channels > 1 || s.out_channels > 1 || !s.layer.empty()) {
    // A layer's shapes as PyTorch gives them, and what it learns.
    out["dims"] = s.dims;
    out["in_channels"] = s.in_channels;
    out["out_channels"] = s.out_channels;
    out["groups"] = s.groups;
    out["input_shape"] = s.input_shape();
    out["output_shape"] = s.output_shape();
    if (!is_pooling(s.operation)) {
      out["weight_shape"] = s.weight_shape();
      out["bias"] = s.bias;
      out["parameters"] = parameter_count(s);
    }
  }
  out.update(nlohmann::ordered_json{
      {"input", axes(s, h.input, w.input)},
      {"kernel", axes(s, h.kernel, w.kernel)},
      {"stride", axes(s, h.stride, w.stride)},
      {"dilation", axes(s, h.dilation, w.dilation)},
      {"padding", padding_json(s, h.padding_begin, h.padding_end, w.padding_begin, w.padding_end)},
      {"output_padding", axes(s, h.output_padding, w.output_padding)},
      {"output", axes(s, oh, ow)},
      {"steps", s.step_count()},
      {"relationship", nullptr},
  });
  if (auto rel = square_relationship(s))
    out["relationship"] = {{"number", rel->number}, {"formula", rel->formula}, {"worked", rel->worked}};
  if (s.operation == Operation::transposed_convolution) {
    const auto eh = equivalent_convolution(h), ew = equivalent_convolution(w);
    out["equivalent_convolution"] = {
        {"stretched_input", axes(s, eh.stretched_input, ew.stretched_input)},
        {"zeros_between_units", axes(s, h.stride - 1, w.stride - 1)},
        {"padding", padding_json(s, eh.padding_begin, eh.padding_end - eh.extra, ew.padding_begin,
                                 ew.padding_end - ew.extra)},  // p', without the extra a
        {"extra", axes(s, eh.extra, ew.extra)},
        {"grid", axes(s, eh.grid, ew.grid)},
        {"stride", axes(s, 1, 1)},
        {"kernel_flipped", true},
    };
  }
  return out;
}

std::string shape_text(const Scenario& s) {
  const Axis &h = s.height(), &w = s.width();
  std::string out = describe_parameters(s) + "\n";
  if (!s.layer.empty()) out += fmt::format("layer: {}\n", s.layer);
  if (s.dims == 1 || s.in_channels > 1 || s.out_channels > 1 || !s.layer.empty()) {
    const auto shape = [](const std::vector<int>& dims) {
      std::string text;
      for (int d : dims) text += (text.empty() ? "" : ", ") + std::to_string(d);
      return "[" + text + "]";
    };
    out += fmt::format("shapes: input {} -> output {}", shape(s.input_shape()), shape(s.output_shape()));
    if (!is_pooling(s.operation))
      out += fmt::format("; weight {}{} ({} parameters)", shape(s.weight_shape()),
                         s.bias ? fmt::format(", bias [{}]", s.out_channels) : "", parameter_count(s));
    out += "\n";
  }
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
        "  padding p' = d(k - 1) - p: {}{}\n"
        "  extra a = output_padding: {} (on the {})\n"
        "  grid {}, stride 1, kernel flipped\n",
        axes_text(s, eh.stretched_input, ew.stretched_input), axes_text(s, h.stride - 1, w.stride - 1),
        s.dims == 1 ? fmt::format("left {} right {}", ew.padding_begin, ew.padding_end - ew.extra)
                    : fmt::format("top {} bottom {} left {} right {}", eh.padding_begin, eh.padding_end - eh.extra,
                                  ew.padding_begin, ew.padding_end - ew.extra),
        (eh.padding_begin < 0 || ew.padding_begin < 0 || eh.padding_end < 0 || ew.padding_end < 0)
            ? " (negative: that many stretched cells are cropped)"
            : "",
        axes_text(s, eh.extra, ew.extra), s.dims == 1 ? "right" : "bottom and right", axes_text(s, eh.grid, ew.grid));
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

namespace convanim::cli {
namespace {

// Per layer and axis, from the input up.
std::vector<std::array<FieldAxis, 2>> fields_of(const Network& n) {
  std::vector<std::array<FieldAxis, 2>> fields;
  std::array<FieldAxis, 2> field{};
  for (const Scenario& layer : n.layers) {
    for (std::size_t a = 0; a < 2; ++a) field[a] = next_field(field[a], layer.operation, layer.axes[a]);
    fields.push_back(field);
  }
  return fields;
}

std::string shape_list(const std::vector<int>& dims) {
  std::string text;
  for (int d : dims) text += (text.empty() ? "" : ", ") + std::to_string(d);
  return "[" + text + "]";
}

}  // namespace

nlohmann::ordered_json network_json(const Network& n) {
  const auto fields = fields_of(n);
  auto layers = nlohmann::ordered_json::array();
  for (std::size_t l = 0; l < n.layers.size(); ++l) {
    const Scenario& layer = n.layers[l];
    const auto axis = [&](double FieldAxis::*member) {
      return n.dims() == 1 ? nlohmann::ordered_json::array({fields[l][1].*member})
                           : nlohmann::ordered_json::array({fields[l][0].*member, fields[l][1].*member});
    };
    nlohmann::ordered_json entry{{"layer", l + 1}, {"name", layer.name}, {"description", describe_parameters(layer)}};
    if (!layer.layer.empty()) entry["pytorch"] = layer.layer;
    entry["output_shape"] = layer.output_shape();
    entry["receptive_field"] = {{"size", axis(&FieldAxis::size)},
                                {"jump", axis(&FieldAxis::jump)},
                                {"start", axis(&FieldAxis::start)}};
    layers.push_back(std::move(entry));
  }
  return {{"name", n.name}, {"input_shape", n.input_shape}, {"layers", std::move(layers)}};
}

std::string network_text(const Network& n) {
  const auto fields = fields_of(n);
  const auto both = [&](double h, double w) {
    return n.dims() == 1 || h == w ? fmt::format("{:g}", w) : fmt::format("{:g}x{:g}", h, w);
  };
  std::string out = fmt::format("network {}: input {}\n", n.name, shape_list(n.input_shape));
  out += fmt::format("{:<5} {:<58} {:<16} {:>9} {:>9} {:>9}\n", "layer", "", "output", "r", "jump", "start");
  for (std::size_t l = 0; l < n.layers.size(); ++l) {
    const auto& f = fields[l];
    out += fmt::format("{:<5} {:<58} {:<16} {:>9} {:>9} {:>9}\n", l + 1, describe_parameters(n.layers[l]),
                       shape_list(n.layers[l].output_shape()), both(f[0].size, f[1].size), both(f[0].jump, f[1].jump),
                       both(f[0].start, f[1].start));
  }
  out += "r: the receptive field's size, jump: between adjacent units' fields, start: the centre of the first "
         "unit's field; all in input cells (Araujo, Norris and Sim, Distill 2019)\n";
  return out;
}

}  // namespace convanim::cli
