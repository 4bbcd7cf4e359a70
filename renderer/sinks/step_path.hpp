// How the per-step formats name their files: one file per step, the step number after the stem.
#pragma once

#include <cstddef>
#include <filesystem>

namespace convanim {

// OUT.png -> OUT_07.png, zero-padded to the width of the step count (the last step's number has no
// leading zero), so that the files of one figure sort in step order.
std::filesystem::path per_step_path(const std::filesystem::path& path, std::size_t step, std::size_t step_count);

}  // namespace convanim
