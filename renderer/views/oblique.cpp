// The oblique view: the guide's arithmetic figures.
#include "renderer/views/plane_shapes.hpp"
#include "renderer/views/step_equation.hpp"
#include "renderer/views/view_type.hpp"
#include "renderer/views/views.hpp"
#include "src/config/describe.hpp"

namespace convanim {
namespace {

constexpr double plane_gap_cells = 1.2;      // between the output plane and the input below
constexpr double label_offset_cells = 0.3;   // labels stand this far left of a plane's corner

class ObliqueView final : public View {
 public:
  ObliqueView(const Trace& trace, const RenderSettings& settings, Build build)
      : View(trace.steps.size()), trace_(trace), theme_(*settings.theme), p_(settings.cell_size), decimals_(settings.decimals) {
    const double cell = p_.cell;
    Plane input = projected_plane("input", trace.grid.size[0], trace.grid.size[1], Projection::oblique, cell);
    Plane output = projected_plane("output", trace.output_size[0], trace.output_size[1], Projection::oblique, cell);
    // The output floats above the input, centred over it, its lowest corner above the input's highest.
    const Box in = input.box(), out = output.box();
    output.origin = {(in.x0 + in.x1) / 2 - (out.x0 + out.x1) / 2, in.y0 - plane_gap_cells * cell - out.y1};
    planes_ = {input, output};
    std::vector<Text> texts;
    if (settings.labels)
      for (const Plane& plane : planes_)
        texts.push_back({plane.name, plane.at(0, 0) + Point{-label_offset_cells * cell, 0}, Text::Align::right,
                         p_.label_size, theme_.text});
    const Framed size = frame_figure(planes_, texts, settings.caption ? caption_text(trace.scenario) : "",
                                     p_, theme_.text);
    width_ = size.width;
    height_ = size.height;
    background_ = settings.transparent ? std::nullopt : std::optional(theme_.background);
    if (build == Build::size_only) return;

    const Plane& grid = planes_[0];
    const auto is_unit = [&](Cell at) { return trace_.grid.kind(at) == CellKind::input; };
    std::vector<Shape> base;
    add_fills(base, grid, theme_.input, is_unit);
    base.insert(base.end(), texts.begin(), texts.end());
    // Asked for, the zeros are written even without values: padding and inserted zeros are what the
    // oblique view is about (not a max pooling's padding, which is -inf there).
    if (settings.show_zeros && trace.scenario.operation != Operation::max_pooling)
      for (int r = 0; r < grid.rows; ++r)
        for (int c = 0; c < grid.cols; ++c)
          if (trace.grid.kind({r, c}) != CellKind::input)
            base.push_back(Text{value_text(0, decimals_), grid.point({r, c}), Text::Align::centre, p_.value_size,
                                theme_.text});
    base_ = Layer::make(Layer::Kind::fixed, std::move(base));
    std::vector<Shape> shapes;
    add_outlines(shapes, grid, p_, theme_.grid_line, is_unit);
    input_outlines_ = Layer::make(Layer::Kind::fixed, std::move(shapes));
    shapes.clear();
    add_fills(shapes, planes_[1], theme_.output);
    output_fills_ = Layer::make(Layer::Kind::fixed, std::move(shapes));
    shapes.clear();
    add_outlines(shapes, planes_[1], p_, theme_.grid_line);
    output_outlines_ = Layer::make(Layer::Kind::fixed, std::move(shapes));
  }

  bool glides(std::size_t from, std::size_t to) const override {
    return next_in_row(trace_.steps.at(from), trace_.steps.at(to));
  }

  std::optional<Equation> equation(std::size_t frame) const override {
    return step_equation(trace_, trace_.steps.at(frame), decimals_);
  }

  Scene scene(std::size_t index) const override {
    const Step& step = trace_.steps.at(index);
    const Plane &grid = planes_[0], &output = planes_[1];
    // A dilated kernel shades only its taps, which is what the window lists.
    std::vector<Shape> footprint, lines, target;
    add_shaded(footprint, grid, step.window, theme_.shade);
    // The output plane floats above the footprint lines and hides them where it passes over them.
    lines.push_back(footprint_connectors(grid, step.window, trace_.scenario.width().kernel, output, step.output, p_,
                                         theme_.grid_line));
    add_shaded(target, output, {step.output}, theme_.shade);
    return {width_, height_, background_,
            {base_, Layer::make(Layer::Kind::moving, std::move(footprint)), input_outlines_,
             Layer::make(Layer::Kind::moving, std::move(lines)), output_fills_,
             Layer::make(Layer::Kind::moving, std::move(target)), output_outlines_}};
  }

 private:
  const Trace& trace_;
  const Theme theme_;
  Proportions p_;
  std::optional<Colour> background_;
  Layer base_, input_outlines_, output_fills_, output_outlines_;
  std::optional<int> decimals_;
};

}  // namespace

std::unique_ptr<View> make_oblique_view(const Trace& trace, const RenderSettings& settings, Build build) {
  return std::make_unique<ObliqueView>(trace, settings, build);
}

extern const ViewType oblique_view{
    .name = "oblique",
    .summary = "the input plane below, the output floating above, lines from the kernel's footprint to the "
               "output cell: padding, strides, dilation and output sizes, as the guide draws them",
    .cell_size = [](const Config& config) { return depth_cell_size(config); },
    .make = make_depth_view,
};

}  // namespace convanim
