// What the view files share among themselves: the builders a registered view picks among, the
// check the pair and matrix views make, and the canvas around any view. Not for use outside views/.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "renderer/views/render_settings.hpp"
#include "renderer/views/view.hpp"
#include "src/simulate/network_trace.hpp"

namespace convanim {

// The guide's arithmetic figures: the grid as a plane below, the output floating above, four lines
// from the kernel's footprint to the output cell.
std::unique_ptr<View> make_oblique_view(const Trace& trace, const RenderSettings& settings, Build build);
// The guide's numerical figures: grid and output side by side, values in the cells, the kernel's
// weights in the corner of the cells it covers, outputs appearing as they are computed.
std::unique_ptr<View> make_flat_view(const Trace& trace, const RenderSettings& settings, Build build);
// A layer with channels: the input's channels as planes stacked in depth, the output's above, the
// kernel a box through the channels its filter reads.
std::unique_ptr<View> make_stack_view(const Trace& trace, const RenderSettings& settings, Build build);
// A layer with channels and values, flat: a grid per channel, the input's in a column on the left
// with the kernel's slice and each channel's partial sum, the output's on the right.
std::unique_ptr<View> make_channel_columns_view(const Trace& trace, const RenderSettings& settings, Build build);
// A 1-D layer: a strip of cells per channel, the input's below and the output's above.
std::unique_ptr<View> make_strips_view(const Trace& trace, const RenderSettings& settings, Build build);

// The planes of a layer in depth: strips in 1-D (a row of cells draws best flat), the stack with
// channels, the oblique view without.
std::unique_ptr<View> make_depth_view(const Trace& trace, const RenderSettings& settings, Build build);

// Cell sizes that make the guide's figures about the size of the published ones (about 31 px along a
// cell edge in the oblique figures at 150 dpi), and leave room for values when flat.
inline constexpr int default_oblique_cell_size = 31;
inline constexpr int default_flat_cell_size = 44;
// Flat in 1-D (strips), oblique otherwise.
int depth_cell_size(const Config& config);

// Why the pair or matrix view (`view`) cannot draw a layer: they need one channel of a convolution
// or a transposed convolution that has an exact twin; none when they can.
std::optional<std::string> refuses_twin(const Scenario& scenario, std::string_view view);

// `inner` with a title above, the step's equation under it, fitted into the canvas asked for; `inner`
// itself when the settings ask for none of them.
std::unique_ptr<View> frame_on_canvas(std::unique_ptr<View> inner, const RenderSettings& settings, Build build);

}  // namespace convanim
