#include "app/cli/render_flags.hpp"

#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "renderer/outputs/output.hpp"
#include "renderer/views/view_type.hpp"

namespace convanim::cli {
namespace {

std::string help_of(const RenderOption& option) {
  std::string help(option.help);
  help[0] = char(std::toupper(static_cast<unsigned char>(help[0])));
  if (option.form == RenderOption::Form::toggle) return fmt::format("{} (default {})", help, option.default_text == "true" ? "on" : "off");
  std::string allowed(option.allowed);
  if (option.key == "view") {  // the registered views, by name
    std::vector<std::string_view> names;
    for (const ViewType* type : view_types()) names.push_back(type->name);
    allowed = fmt::format("{}", fmt::join(names, ", "));
  }
  return fmt::format("{}: {} (default {})", help, allowed, option.default_text);
}

}  // namespace

void add_render_flags(CLI::App& app, RenderOverrides& overrides) {
  for (const RenderOption& option : render_option_table()) {
    const std::string key(option.key);
    switch (option.form) {
      case RenderOption::Form::none: break;
      case RenderOption::Form::toggle: {
        // A --name/--no-name pair; unset unless given, so the config's value stands.
        const std::string flag(option.flag);
        app.add_flag_callback(flag, [&overrides, key] { overrides.set(key, true); }, help_of(option));
        app.add_flag_callback("--no-" + flag.substr(2), [&overrides, key] { overrides.set(key, false); },
                              "Turn " + flag + " off");
        break;
      }
      default:
        app.add_option_function<std::string>(
               std::string(option.flag),
               [&overrides, &option](const std::string& text) { overrides.set(option.key, flag_value(option, text)); },
               help_of(option))
            ->option_text(std::string(option.value_name));
    }
  }
}

Config load_checked_config(const std::filesystem::path& path) {
  Config config = load_config(path);
  read_render_options(config);
  return config;
}

}  // namespace convanim::cli
