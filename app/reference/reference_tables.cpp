#include "app/reference/reference_tables.hpp"

#include <fmt/format.h>

#include "renderer/render.hpp"
#include "renderer/views/render_options.hpp"
#include "renderer/views/view_type.hpp"

namespace convanim {
namespace {

// A cell of a Markdown table: a '|' would end it.
std::string cell(std::string_view text) {
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

std::string quoted_view_names() {
  std::string names;
  for (const ViewType* type : view_types()) names += fmt::format("{}`\"{}\"`", names.empty() ? "" : ", ", type->name);
  return names;
}

std::string flag_cell(const RenderOption& option) {
  if (option.form == RenderOption::Form::none) return "";
  if (option.form == RenderOption::Form::toggle) return fmt::format("`{}`/`--no-{}`", option.flag, option.flag.substr(2));
  return fmt::format("`{} {}`", option.flag, option.value_name);
}

std::string render_keys() {
  std::string out = "| key | flag | default | allowed | what it does |\n|---|---|---|---|---|\n";
  for (const RenderOption& option : render_option_table()) {
    const std::string allowed = option.key == "view" ? quoted_view_names() : cell(option.allowed);
    out += fmt::format("| `{}` | {} | {} | {} | {} |\n", option.key, flag_cell(option), cell(option.default_text),
                       allowed, cell(option.help));
  }
  return out;
}

std::string views() {
  std::string out = "| view | draws |\n|---|---|\n";
  for (const ViewType* type : view_types()) out += fmt::format("| `{}` | {} |\n", type->name, cell(type->summary));
  return out;
}

std::string outputs() {
  std::string out = "| extension | what is written |\n|---|---|\n";
  for (const OutputType* type : output_types())
    out += fmt::format("| `{}` | {} |\n", type->extension, cell(type->summary));
  return out;
}

}  // namespace

std::vector<ReferenceTable> reference_tables() {
  return {{"render-keys", render_keys()}, {"views", views()}, {"outputs", outputs()}};
}

}  // namespace convanim
