// A view turns the simulator's record into one scene per step: where each plane of cells goes, what
// is fixed and what moves. Each view is a file of its own in this folder, listed by the view registry
// (view_type.hpp); make_view() builds the one the settings name.
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "renderer/views/render_settings.hpp"
#include "renderer/views/equation.hpp"
#include "renderer/scene/scene.hpp"
#include "src/simulate/network_trace.hpp"
#include "src/simulate/simulator.hpp"

namespace convanim {

class View {
 public:
  virtual ~View() = default;
  // The scene of one frame: the view's fixed layers, shared from frame to frame, with this frame's
  // marks. A frame is a kernel application in most views; a scatter's frame is a stamp.
  virtual Scene scene(std::size_t frame) const = 0;

  std::size_t frame_count() const { return frames_; }
  // Whether the marks move from frame `from` to frame `to` by gliding (to a neighbouring position),
  // rather than fading out and in (smooth motion; see renderer/motion.hpp).
  virtual bool glides(std::size_t from, std::size_t to) const {
    (void)from, (void)to;
    return false;
  }
  // What frame `frame` computes, for the equation line; none where a frame is not one sum.
  virtual std::optional<Equation> equation(std::size_t frame) const {
    (void)frame;
    return std::nullopt;
  }
  int width() const { return width_; }
  int height() const { return height_; }
  // Every plane the view placed, by name: "input", "output", ...
  const std::vector<Plane>& planes() const { return planes_; }
  // Throws std::out_of_range for a name the view has no plane of.
  const Plane& plane(std::string_view name) const;

 protected:
  explicit View(std::size_t frames) : frames_(frames) {}
  std::size_t frames_;
  int width_ = 0, height_ = 0;
  std::vector<Plane> planes_;
};

// Whether the marks glide from one position to the next: the same plane and row, a cell along.
inline bool next_in_row(int channel_a, Cell a, int channel_b, Cell b) {
  return channel_a == channel_b && a.row == b.row && (a.col - b.col == 1 || b.col - a.col == 1);
}
inline bool next_in_row(const Step& a, const Step& b) {
  return next_in_row(a.output_channel, a.output, b.output_channel, b.output);
}

// What a view builds: everything, or only where its planes go and how large the image is (cheap, for
// checking limits before any shape is made).
enum class Build { scenes, size_only };

// The view the settings name (settings.view), built for this record, on its canvas.
std::unique_ptr<View> make_view(const Trace& trace, const RenderSettings& settings, Build build = Build::scenes);
std::unique_ptr<View> make_view(const NetworkTrace& trace, const RenderSettings& settings,
                                Build build = Build::scenes);

}  // namespace convanim
