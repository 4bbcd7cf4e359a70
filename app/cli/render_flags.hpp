// The render options as command-line flags, shared by `render` and `batch`, made from the option
// table (renderer/views/render_options.cpp): each overrides the config's "render" object.
#pragma once

#include <filesystem>

#include <CLI/CLI.hpp>

#include "renderer/views/render_options.hpp"
#include "src/config/config.hpp"

namespace convanim::cli {

void add_render_flags(CLI::App& app, RenderOverrides& overrides);

// A config file, its "render" object checked too: every command refuses the same bad configs.
Config load_checked_config(const std::filesystem::path& path);

}  // namespace convanim::cli
