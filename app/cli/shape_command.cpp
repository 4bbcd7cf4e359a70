// `convanim shape`: the arithmetic of one case from flags, or the table of the guide's figures.
#include <charconv>
#include <memory>

#include <fmt/core.h>

#include "app/cli/commands.hpp"
#include "app/cli/render_flags.hpp"
#include "app/cli/flag_values.hpp"
#include "app/cli/shape_report.hpp"

namespace convanim::cli {
namespace {

struct ShapeOptions {
  std::string config;
  std::string input = "5", kernel = "3", stride = "1", padding = "0", dilation = "1", output_padding = "0";
  std::string operation = "convolution";
  std::string layer;
  bool transposed = false, guide = false, json = false;
};

// A scheme name, "P", "HxW", or "TOP,BOTTOM,LEFT,RIGHT".
PaddingSpec parse_padding(std::string_view text) {
  if (auto scheme = padding_scheme_from_string(text)) return {scheme, {}};
  if (text.find(',') == std::string_view::npos) {
    const auto [h, w] = parse_pair(text, "-p", 0);
    return {std::nullopt, {h, h, w, w}};
  }
  PaddingSpec spec;
  std::size_t start = 0;
  for (int side = 0; side < 4; ++side) {
    const auto comma = text.find(',', start);
    if ((side < 3) == (comma == std::string_view::npos))
      throw ConfigError(flags_source, "-p", fmt::format("expected four sides TOP,BOTTOM,LEFT,RIGHT, got \"{}\"", text));
    const int value = parse_int(text.substr(start, comma - start), "-p");
    if (value < 0 || value > max_parameter)
      throw ConfigError(flags_source, "-p", fmt::format("each side must be 0 to {}, got \"{}\"", max_parameter, text));
    spec.sides[std::size_t(side)] = value;
    start = comma + 1;
  }
  return spec;
}

Scenario scenario_from(const ShapeOptions& o) {
  Scenario s;
  s.source = std::string(flags_source);
  s.name = "shape";
  const auto operation = operation_from_string(o.operation);
  if (!operation)
    throw ConfigError(flags_source, "--operation",
                      fmt::format("expected one of convolution, transposed_convolution, max_pooling, "
                                  "average_pooling, got \"{}\"", o.operation));
  s.operation = o.transposed ? Operation::transposed_convolution : *operation;
  const auto input = parse_pair(o.input, "-i", 1), kernel = parse_pair(o.kernel, "-k", 1);
  const auto stride = parse_pair(o.stride, "-s", 1), dilation = parse_pair(o.dilation, "-d", 1);
  const auto output_padding = parse_pair(o.output_padding, "--output-padding", 0);
  for (std::size_t a = 0; a < 2; ++a)
    s.axes[a] = Axis{.input = input[a], .kernel = kernel[a], .stride = stride[a], .dilation = dilation[a],
                     .output_padding = output_padding[a]};
  s.padding = parse_padding(o.padding);
  resolve_padding(s.operation, s.padding, s.axes);
  check_geometry(s);
  return s;
}

}  // namespace

void add_shape_command(CLI::App& app, Runner& run) {
  auto options = std::make_shared<ShapeOptions>();
  CLI::App* shape = app.add_subcommand(
      "shape", "Print the output size of a convolution, the guide's relationship that gives it, and "
               "for a transposed convolution the equivalent direct convolution");
  shape->add_option("config", options->config,
                    "A scenario or network config (JSON): its arithmetic; for a network, each layer's output shape "
                    "and receptive field");
  shape->add_option("-i,--input", options->input, "Input size: N or HxW")->capture_default_str();
  shape->add_option("-k,--kernel", options->kernel, "Kernel size: N or HxW")->capture_default_str();
  shape->add_option("-s,--stride", options->stride, "Stride: N or HxW")->capture_default_str();
  shape->add_option("-p,--padding", options->padding,
                    "Padding: N, HxW, TOP,BOTTOM,LEFT,RIGHT, or valid|same|full|half")
      ->capture_default_str();
  shape->add_option("-d,--dilation", options->dilation, "Dilation: N or HxW")->capture_default_str();
  shape->add_option("--output-padding", options->output_padding,
                    "Transposed convolution only: extra output rows/columns, N or HxW")
      ->capture_default_str();
  shape->add_option("--operation", options->operation,
                    "convolution, transposed_convolution, max_pooling or average_pooling")
      ->capture_default_str();
  shape->add_flag("-t,--transposed", options->transposed, "Same as --operation transposed_convolution");
  shape->add_option("--layer", options->layer,
                    "A PyTorch layer, e.g. \"nn.Conv2d(3, 16, 3, stride=2)\", with -i as its input's shape "
                    "(CxHxW or HxW; CxL or L for a 1-D layer)");
  shape->add_flag("--guide", options->guide, "Print the table of the guide's 19 figures instead");
  shape->add_flag("--json", options->json, "Print JSON instead of text");
  shape->callback([options, shape, &run] {
    run = [options, shape] {
      if (options->guide) {
        fmt::print("{}", options->json ? guide_table_json().dump(2) + "\n" : guide_table_text());
        return exit_ok;
      }
      if (shape->count("config") > 0) {
        // A config's own numbers: no flag may add to them.
        for (const char* flag : {"-i", "-k", "-s", "-p", "-d", "--output-padding", "--operation", "-t", "--layer"})
          if (shape->count(flag) > 0)
            throw ConfigError(flags_source, flag, "a config gives every number; give the config or the flags");
        const Config config = load_checked_config(options->config);
        if (const Network* n = config.network())
          fmt::print("{}", options->json ? network_json(*n).dump(2) + "\n" : network_text(*n));
        else
          fmt::print("{}", options->json ? shape_json(*config.scenario()).dump(2) + "\n" : shape_text(*config.scenario()));
        return exit_ok;
      }
      const bool layer = shape->count("--layer") > 0;  // an empty --layer "" is a layer, and refused as one
      if (layer) {
        // The layer gives every parameter; only its input's shape may come with it.
        for (const char* flag : {"-k", "-s", "-p", "-d", "--output-padding", "--operation", "-t"})
          if (shape->count(flag) > 0)
            throw ConfigError(flags_source, flag, "--layer gives the operation and its parameters; give -i only");
      }
      const Config config = !layer ? config_of(scenario_from(*options))
                                   : config_from_layer(options->layer, parse_shape(options->input, "-i"),
                                                       std::string(flags_source), "--layer", "-i");
      if (const Network* n = config.network())
        fmt::print("{}", options->json ? network_json(*n).dump(2) + "\n" : network_text(*n));
      else
        fmt::print("{}", options->json ? shape_json(*config.scenario()).dump(2) + "\n" : shape_text(*config.scenario()));
      return exit_ok;
    };
  });
}

}  // namespace convanim::cli
