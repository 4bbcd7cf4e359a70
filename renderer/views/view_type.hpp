// The list of views, open as FFmpeg's codec list is: each view is a file of this folder that defines
// one `const ViewType NAME_view`, and one word on the `convanim_register` line of CMakeLists.txt registers
// it; nothing else knows its name. `--view`, "render": {"view"}, --help and the README's view table
// all come from this list. Tests and other programs may add views at run time (register_view_type).
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "renderer/views/view.hpp"
#include "src/config/config.hpp"

namespace convanim {

struct ViewType {
  std::string_view name;     // what `--view` takes
  std::string_view summary;  // what it draws, for --help and the README
  // Why it cannot draw this layer, in the config's words ("the scatter view draws a transposed
  // convolution, and this is a convolution"); none when it can. Null: it draws every layer.
  std::optional<std::string> (*refuses)(const Scenario&) = nullptr;
  // The cell size when none is asked for: views with numbers in their cells take larger cells.
  int (*cell_size)(const Config&) = nullptr;
  // Builders of its scenes: from one layer's record, or a network's. A view without one does not
  // draw that kind of config.
  std::unique_ptr<View> (*make)(const Trace&, const RenderSettings&, Build) = nullptr;
  std::unique_ptr<View> (*make_network)(const NetworkTrace&, const RenderSettings&, Build) = nullptr;
};

// Every view: the built-in ones in the order CMakeLists.txt lists them, then those registered.
std::span<const ViewType* const> view_types();
const ViewType* find_view_type(std::string_view name);
// Adds a view (a test's, or a program's own); the type must outlive every use. Throws
// std::invalid_argument when its name is taken.
void register_view_type(const ViewType& type);

// The view a config gets when it names none: flat with values (the guide's numerical figures), the
// stack with channels, oblique otherwise (the guide's arithmetic figures); a network its own.
const ViewType& default_view_type(const Config& config);

// Throws ConfigError (named by `source` and `key`) when `type` cannot draw the config, saying which
// views can.
void check_view_draws(const ViewType& type, const Config& config, std::string_view source, std::string_view key);

}  // namespace convanim
