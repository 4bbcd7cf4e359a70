// The render settings as command-line flags, shared by `render` and `batch`; each overrides the
// scenario's "render" object.
#pragma once

#include <CLI/CLI.hpp>

#include "renderer/render_settings.hpp"

namespace convanim::cli {

inline void add_render_flags(CLI::App& app, RenderOverrides& flags) {
  app.add_option("--view", flags.view,
                 "oblique (input below, output above), flat (side by side, values), stack (channels), scatter "
                 "(a transposed convolution's stamps), pair (a convolution and its transpose), matrix (y = C x)");
  app.add_option("--theme", flags.theme,
                 "solarized (the guide's), colorblind, dark, or print (for greyscale: cells differ in lightness)");
  app.add_option("--background", flags.background, "white, transparent (PNG, SVG, PDF) or a colour #RRGGBB");
  app.add_option("--canvas", flags.canvas, "WIDTHxHEIGHT: the image exactly this size, the figure scaled to fit");
  app.add_option("--title", flags.title, "A line of text above the figure");
  // A --name/--no-name pair per switch; unset unless given, so the config's value stands.
  const auto add_switch = [&app](const std::string& name, std::optional<bool>& value, const std::string& help) {
    app.add_flag_callback("--" + name, [&value] { value = true; }, help);
    app.add_flag_callback("--no-" + name, [&value] { value = false; }, "Turn --" + name + " off");
  };
  add_switch("labels", flags.labels, "Label the input and output planes (default on)");
  add_switch("caption", flags.caption, "Write the parameters and output size below (default off)");
  add_switch("loop", flags.loop, "Loop the GIF forever (default on)");
  add_switch("show-zeros", flags.show_zeros, "Write 0 in padding and inserted zeros (default off)");
  add_switch("equation", flags.equation, "Write each step's arithmetic under the figure (default off)");
  app.add_option("--decimals", flags.decimals, "Digits after the point in values (default: as many as needed)");
  app.add_option("--cell-size", flags.cell_size, "Pixels per cell (default 31 oblique, 44 flat)");
  app.add_option("--frame-duration", flags.frame_duration_ms, "Milliseconds each step is shown (default 1000)");
  app.add_option("--motion", flags.motion, "step (jump from step to step) or smooth (glide; GIF and MP4)");
  app.add_option("--fps", flags.fps, "Frames a second of smooth motion, and of MP4s (1 to 60, default 30)");
  app.add_option("--transition", flags.transition_ms,
                 "Smooth motion: milliseconds of each step spent moving (default 300, less than a step)");
}

}  // namespace convanim::cli
