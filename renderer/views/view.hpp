// A view turns the simulator's record into one scene per step: where each plane of cells goes, what
// is fixed and what moves. Each view is a file of its own in this folder; make_view() picks one.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "renderer/render_settings.hpp"
#include "renderer/scene/scene.hpp"
#include "src/simulate/simulator.hpp"

namespace convanim {

class View {
 public:
  virtual ~View() = default;
  // The scene of one step (one kernel application): the view's fixed layers, shared from step to
  // step, with this step's marks.
  virtual Scene scene(std::size_t step) const = 0;

  int width() const { return width_; }
  int height() const { return height_; }
  // Every plane the view placed, by name: "input", "output", ...
  const std::vector<Plane>& planes() const { return planes_; }
  // Throws std::out_of_range for a name the view has no plane of.
  const Plane& plane(std::string_view name) const;

 protected:
  int width_ = 0, height_ = 0;
  std::vector<Plane> planes_;
};

// What a view builds: everything, or only where its planes go and how large the image is (cheap, for
// checking limits before any shape is made).
enum class Build { scenes, size_only };

// The view the settings ask for (settings.view), built for this record.
std::unique_ptr<View> make_view(const Trace& trace, const RenderSettings& settings, Build build = Build::scenes);

}  // namespace convanim
