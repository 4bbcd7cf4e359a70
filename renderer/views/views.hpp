// The views, one file each; make_view() (view.cpp) picks among them.
#pragma once

#include <memory>

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

// A transposed convolution by its direct definition: each input unit stamps the kernel onto the
// output, drawn at its full, uncropped extent.
std::unique_ptr<View> make_scatter_view(const Trace& trace, const RenderSettings& settings, Build build);
// A convolution and the transposed convolution that goes back, side by side, the same cells lit.
std::unique_ptr<View> make_pair_view(const Trace& trace, const RenderSettings& settings, Build build);
// The guide's matrix view: y = C x for a convolution, C^T for a transposed one.
std::unique_ptr<View> make_matrix_view(const Trace& trace, const RenderSettings& settings, Build build);

// A network: a tower of maps, the input at the bottom, and the receptive field of a top unit growing
// down through it, frame by frame.
std::unique_ptr<View> make_receptive_view(const NetworkTrace& trace, const RenderSettings& settings, Build build);

// `inner` with a title above, the step's equation under it, fitted into the canvas asked for; `inner`
// itself when the settings ask for none of them.
std::unique_ptr<View> frame_on_canvas(std::unique_ptr<View> inner, const RenderSettings& settings, Build build);

}  // namespace convanim
