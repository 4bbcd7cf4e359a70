#include "src/cli/commands.hpp"
namespace convanim::cli {
void add_batch_command(CLI::App& app, Runner& run) {
  app.add_subcommand("batch", "batch");
  (void)run;
}
}  // namespace convanim::cli
