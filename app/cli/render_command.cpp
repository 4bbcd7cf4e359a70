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

// "A-B" (inclusive, 0-based), "A", or a list of them: "0,4-6,10", shown in that order, no step twice.
FrameRange parse_frames(const std::string& text, std::size_t step_count) {
  const auto bad = [&](std::string_view why) {
    return ConfigError("command line", "--frames",
                       fmt::format("expected steps A, A-B or a list of them (0,4-6,10), each step once, with "
                                   "0 <= A <= B < {} (the step count); {} in \"{}\"",
                                   step_count, why, text));
  };
  const auto number = [&](std::string_view part) {
    std::size_t value = 0;
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (error != std::errc{} || end != part.data() + part.size() || part.empty())
      throw bad(fmt::format("\"{}\" is not a step", part));
    if (value >= step_count) throw bad(fmt::format("step {} is past the last", value));
    return value;
  };
  std::vector<std::size_t> steps;
  std::vector<bool> seen(step_count);
  std::string_view rest = text;
  while (true) {
    const std::size_t comma = rest.find(',');
    const std::string_view part = rest.substr(0, comma);
    const std::size_t dash = part.find('-');
    const std::size_t first = number(part.substr(0, dash)), last = dash == part.npos ? first : number(part.substr(dash + 1));
    if (first > last) throw bad(fmt::format("{} runs backwards", part));
    for (std::size_t step = first; step <= last; ++step) {
      if (seen[step]) throw bad(fmt::format("step {} is given twice", step));
      seen[step] = true;
      steps.push_back(step);
    }
    if (comma == rest.npos) break;
    rest.remove_prefix(comma + 1);
  }
  return FrameRange(std::move(steps));
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
  render_app->add_option("--frames", options->frames, "Render only these steps (0-based): A, A-B, or a list, 0,4-6,10");
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
