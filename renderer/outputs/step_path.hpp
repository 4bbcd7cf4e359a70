// How the per-step formats name their files: one file per step, the step number after the stem.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string_view>

#include "renderer/outputs/pending_file.hpp"

namespace convanim {

// OUT.png -> OUT_07.png, zero-padded to the width of the step count (the last step's number has no
// leading zero), so that the files of one figure sort in step order. The number goes before
// `extension` (fig.cairo.svg -> fig_07.cairo.svg); by default, the path's last one.
std::filesystem::path per_step_path(const std::filesystem::path& path, std::size_t step, std::size_t step_count,
                                    std::string_view extension = {});
// The same for a target in its directory.
OutputTarget per_step_target(const OutputTarget& target, std::size_t step, std::size_t step_count,
                             std::string_view extension = {});

}  // namespace convanim
