// `convanim render CONFIG.json -o OUT [-o OUT2 ...]`: one scenario or network to GIF, MP4, PNG, SVG or
// PDF; or `convanim render --layer "nn.Conv2d(...)" -i CxHxW -o OUT` without a config.
#include <charconv>
#include <memory>
#include <stdexcept>

#include <fmt/core.h>

#include "renderer/outputs/pending_file.hpp"
#include "renderer/render.hpp"
#include "app/cli/commands.hpp"
#include "app/cli/flag_values.hpp"
#include "app/cli/render_flags.hpp"

namespace convanim::cli {
namespace {

struct RenderOptions {
  std::string config;
  std::string layer, input;
  std::vector<std::string> outputs;
  std::string frames;
  RenderOverrides flags;
};

// "A-B" (inclusive, 0-based) or "A".
FrameRange parse_frames(const std::string& text, std::size_t step_count) {
  const auto bad = [&] {
    return ConfigError("command line", "--frames",
                       fmt::format("expected A-B or A with 0 <= A <= B < {} (the step count), got \"{}\"",
                                   step_count, text));
  };
  const auto number = [&](std::string_view part) {
    std::size_t value = 0;
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (error != std::errc{} || end != part.data() + part.size() || part.empty()) throw bad();
    return value;
  };
  const auto dash = text.find('-');
  const std::string_view view = text;
  const FrameRange range = dash == std::string::npos
                               ? FrameRange{number(view), number(view)}
                               : FrameRange{number(view.substr(0, dash)), number(view.substr(dash + 1))};
  if (range.first > range.last || range.last >= step_count) throw bad();
  return range;
}

// The config, or the layer and its input's shape: exactly one of them.
Config config_of(const RenderOptions& options, const CLI::App& app) {
  const bool config = app.count("config") > 0, layer = app.count("--layer") > 0;
  if (config == layer)
    throw ConfigError(flags_source, config ? "--layer" : "config",
                      "give a config file, or --layer with -i, but not both; see convanim render --help");
  if (config) {
    if (app.count("-i") > 0) throw ConfigError(flags_source, "-i", "the config gives the input; -i goes with --layer");
    return load_checked_config(options.config);
  }
  if (app.count("-i") == 0)
    throw ConfigError(flags_source, "-i", "--layer needs the input's shape: -i CxHxW or HxW (CxL or L in 1-D)");
  return config_from_layer(options.layer, parse_shape(options.input, "-i"), std::string(flags_source), "--layer", "-i");
}

// The outputs, as the command's help lists them.
std::string formats_help() {
  std::string help;
  for (const OutputType* type : output_types()) help += fmt::format("\n  {:<11} {}", type->extension, type->summary);
  return help;
}

}  // namespace

void add_render_command(CLI::App& app, Runner& run) {
  auto options = std::make_shared<RenderOptions>();
  CLI::App* render_app = app.add_subcommand(
      "render", "Render a scenario's or a network's animation, each output's format from its extension:" + formats_help());
  render_app->add_option("config", options->config, "Scenario config (JSON); or give --layer and -i instead");
  render_app->add_option("--layer", options->layer,
                         "A PyTorch layer to render without a config, e.g. \"nn.Conv2d(3, 2, 3)\"; needs -i");
  render_app->add_option("-i,--input", options->input,
                         "With --layer: the input's shape, CxHxW or HxW (CxL or L for a 1-D layer)");
  render_app->add_option("-o,--output", options->outputs, "Output file; repeat for several formats")
      ->required();
  render_app->add_option("--frames", options->frames, "Render only steps A-B (0-based, inclusive)");
  add_render_flags(*render_app, options->flags);
  render_app->callback([options, render_app, &run] {
    run = [options, render_app] {
      // Checked before anything is drawn; an output failure, so exit status 1 like the others.
      for (const std::string& output : options->outputs)
        if (!find_output_type(output))
          throw OutputError(output, fmt::format("unknown output extension {}; allowed: {}",
                                                quote_excerpt(std::filesystem::path(output).extension().string()),
                                                supported_extensions()));
      const Config config = config_of(*options, *render_app);
      FrameRange range;
      {
        // Every limit checked before a value is computed: values can take gigabytes.
        const FigurePlan plan(config, options->flags);
        if (render_app->count("--frames") != 0) range = parse_frames(options->frames, plan.steps());
        check_render_plan(plan, range);
      }
      const Figure figure(config, options->flags);
      // Each frame drawn once, for every output.
      std::vector<OutputTarget> targets;
      for (const std::string& output : options->outputs) targets.push_back(OutputTarget::at(output));
      render_files(figure, targets, range);
      return exit_ok;
    };
  });
}

}  // namespace convanim::cli
