// The renderer's front door: a config into a figure (renderer/views/figure.hpp), a figure into files
// by their extensions, each frame drawn once for all of them. The list of outputs is here: the
// outputs of every folder (outputs/, cairo/, libav/) register in renderer/CMakeLists.txt.
#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include "renderer/cairo/raster.hpp"
#include "renderer/outputs/output.hpp"
#include "renderer/outputs/render_loop.hpp"
#include "renderer/views/figure.hpp"

namespace convanim {

// The figure into files, their formats from the extensions, each frame drawn once for all of them;
// every error names the file. Checks the cost of the render before any file is created.
void render_files(const Figure& figure, const std::vector<OutputTarget>& targets, FrameRange range = {});
inline void render_file(const Figure& figure, const OutputTarget& target, FrameRange range = {}) {
  render_files(figure, {target}, range);
}
inline void render_file(const Figure& figure, const std::filesystem::path& path, FrameRange range = {}) {
  render_file(figure, OutputTarget::at(path), range);
}

// One output made by hand (a test's), drawn as an output of `traits` would be.
void render(const Figure& figure, Output& output, OutputTraits traits = {}, FrameRange range = {});

// The output for a file, by its extension; throws OutputError naming the file for an extension no
// output writes.
std::unique_ptr<Output> make_output(const OutputTarget& target, const OutputOptions& options, OutputSession& session);

}  // namespace convanim
