// Where scenes go. An output consumes the scenes of a figure, frame by frame, and nothing else: it
// never sees the simulator, the view or the config. Outputs are an open list, as Cairo's backends
// and FFmpeg's muxers are: each is a file that defines one `const OutputType`, and one word on the
// `convanim_register` line of a CMakeLists.txt registers it; the render loop asks an output's traits and
// never its type. Tests and other programs may add outputs at run time (register_output_type).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <typeindex>
#include <unordered_map>

#include "renderer/outputs/pending_file.hpp"
#include "renderer/scene/scene.hpp"
#include "renderer/views/figure.hpp"

namespace convanim {

// One frame as the render loop hands it over: which frame of the timeline, the step it shows, and
// when and for how long, in ticks of OutputOptions::ticks_per_second. A frame between two steps
// (smooth motion) is not a step's image; the per-step formats take only those that are.
struct FrameInfo {
  std::size_t index = 0;  // in the timeline: the same frame has the same index for every output
  std::size_t step = 0;
  std::int64_t start = 0;
  std::int64_t duration = -1;  // -1: the options' default_duration
  bool step_image = true;
};

// What every output of one render is told before its first frame.
struct OutputOptions {
  FrameSize size;                        // of every scene
  std::int64_t ticks_per_second = 1000;
  std::int64_t default_duration = 1000;  // ticks, for a frame given without one
  std::int64_t last_duration = 1000;     // ticks: the last frame's, which GIF must know ahead
  bool loop = true;
  std::size_t step_count = 0;   // of the whole animation, for numbering per-step files
  std::size_t frame_count = 0;  // frames this output will be given
  std::string title;            // the figure's name, where the format has a title (PDF)
};

class Output {
 public:
  virtual ~Output() = default;
  // Before the frames, a sample of them, for an output that builds something from all (a GIF's
  // palette). Only outputs whose type says wants_preview are given one.
  virtual void preview(const Scene&, const FrameInfo&) {}
  virtual void end_preview() {}
  virtual void frame(const Scene& scene, const FrameInfo& info) = 0;
  // Flushes and puts the output in place; may throw. Without finish() nothing is left behind.
  virtual void finish() = 0;
  // The file it writes, for messages; empty for an output that keeps its frames in memory.
  virtual std::filesystem::path target() const { return {}; }
  // What its library said while it worked ("; libav: ..."), added to the message of a failure.
  virtual std::string failure_notes() const { return {}; }
};

// What the outputs of one render share, made by the first that asks (the raster that GIF, MP4 and
// PNG take their pixels from, drawn once for all of them), by type.
class OutputSession {
 public:
  template <typename T>
  T& shared() {
    auto& slot = shared_[std::type_index(typeid(T))];
    if (!slot) slot = std::make_shared<T>();
    return *std::static_pointer_cast<T>(slot);
  }

 private:
  std::unordered_map<std::type_index, std::shared_ptr<void>> shared_;
};

struct OutputTraits {
  bool per_step = false;            // an image per step (PNG, SVG, PDF), not every frame (GIF, MP4)
  bool file_per_step = false;       // and each in a file of its own (OUT_07.png; step_path.hpp)
  bool keeps_transparency = true;   // else it is given scenes on the theme's background
  bool wants_preview = false;       // a sample of the frames first (see Output::preview)
};

struct OutputType {
  std::string_view extension;  // ".gif"; the longest that ends a file's name wins (".cairo.svg")
  std::string_view summary;    // for --help and the README
  OutputTraits traits;
  std::unique_ptr<Output> (*make)(const OutputTarget& target, const OutputOptions& options, OutputSession& session);
};

// Every output: the built-in ones in the order their CMakeLists.txt list them, then those registered.
std::span<const OutputType* const> output_types();
// The type that writes `path`, by the longest extension its name ends with; none for another.
const OutputType* find_output_type(const std::filesystem::path& path);
// Adds an output; the type must outlive every use. Throws std::invalid_argument for a taken extension.
void register_output_type(const OutputType& type);
// ".gif, .mp4, ...", for messages.
std::string supported_extensions();

}  // namespace convanim
