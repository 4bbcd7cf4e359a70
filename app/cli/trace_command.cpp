// `convanim trace CONFIG.json`: the simulator's record as JSON on stdout.
#include <memory>

#include <fmt/core.h>

#include "app/cli/commands.hpp"
#include "app/cli/render_flags.hpp"
#include "src/simulate/network_trace.hpp"
#include "src/simulate/simulator.hpp"
#include "src/simulate/trace_json.hpp"

namespace convanim::cli {
namespace {
constexpr int max_indent = 16;  // deeper indentation reads no better and only makes the record larger
}  // namespace

void add_trace_command(CLI::App& app, Runner& run) {
  auto config = std::make_shared<std::string>();
  auto indent = std::make_shared<int>(2);
  CLI::App* trace = app.add_subcommand(
      "trace", "Print every kernel application of a scenario (grid, windows, inputs, values) as JSON; for a "
               "network, every layer's and the receptive fields of its top units");
  trace->add_option("config", *config, "Scenario or network config (JSON)")->required();
  trace->add_option("--indent", *indent, "JSON indentation, 0 to 16; -1 for one line")
      ->check(CLI::Range(-1, max_indent))
      ->capture_default_str();
  trace->callback([config, indent, &run] {
    run = [config, indent] {
      const Config loaded = load_checked_config(*config);
      const std::string text = loaded.network() ? network_trace_to_json(simulate_network(*loaded.network())).dump(*indent)
                                                : trace_to_json(simulate(*loaded.scenario())).dump(*indent);
      fmt::print("{}\n", text);
      return exit_ok;
    };
  });
}

}  // namespace convanim::cli
