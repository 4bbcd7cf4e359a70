// How the per-step formats name their files: one file per step, the step number after the stem.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

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

// The files of an output that writes one a step (PNG, SVG): each made when its step comes, all put in
// place together by commit_all(), so that a failure part-way leaves none of them behind.
class StepFiles {
 public:
  StepFiles(OutputTarget target, std::size_t step_count, std::string_view extension = {})
      : target_(std::move(target)), step_count_(step_count), extension_(extension) {}
  const OutputTarget& target() const { return target_; }
  // A new pending file for `step`.
  PendingFile& add(std::size_t step) {
    return files_.emplace_back(per_step_target(target_, step, step_count_, extension_));
  }
  void commit_all() {
    for (PendingFile& file : files_) file.commit();
  }

 private:
  OutputTarget target_;
  std::size_t step_count_;
  std::string extension_;
  std::vector<PendingFile> files_;
};

}  // namespace convanim
