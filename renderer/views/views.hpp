// The views, one file each; make_view() (view.cpp) picks among them.
#pragma once

#include <memory>

#include "renderer/views/view.hpp"

namespace convanim {

// The guide's arithmetic figures: the grid as a plane below, the output floating above, four lines
// from the kernel's footprint to the output cell.
std::unique_ptr<View> make_oblique_view(const Trace& trace, const RenderSettings& settings, Build build);
// The guide's numerical figures: grid and output side by side, values in the cells, the kernel's
// weights in the corner of the cells it covers, outputs appearing as they are computed.
std::unique_ptr<View> make_flat_view(const Trace& trace, const RenderSettings& settings, Build build);

}  // namespace convanim
