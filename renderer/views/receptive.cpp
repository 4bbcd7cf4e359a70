// The receptive view: a network as a tower of maps, the input at the bottom and each layer's output
// above the one below (oblique, as the guide's planes; 1-D maps as strips, the classic picture of a
// WaveNet). A frame is one unit of the top layer: it is shaded, the cells it reads in the map below
// are shaded, and so on down to the input, the field growing cone-like; cells of the field that fall
// into a layer's padding are marked apart. Each map below the top is drawn as the grid the layer above
// slides over (padded; stretched for a transposed convolution).
#include <cmath>

#include <fmt/format.h>

#include "renderer/views/plane_shapes.hpp"
#include "renderer/views/view_type.hpp"
#include "renderer/views/views.hpp"
#include "src/config/describe.hpp"

namespace convanim {
namespace {

constexpr double tower_gap_cells = 1.2;     // oblique: between a map and the one above
constexpr double strip_gap_cells = 2.0;     // strips: between a map and the one above (room for the cone)
constexpr double label_offset_cells = 0.3;
constexpr double tallest_default_px = 1400; // without a cell size given, a tower taller than this shrinks
constexpr double padding_mark_ratio = 0.55; // the field's padding cells: a smaller square of shade

// "conv 3x3, d=2", "max pool 2x2, s=2", "transposed 3x3, s=2, p=1": a layer as a label says it.
std::string layer_text(const Scenario& s) {
  const Axis &h = s.height(), &w = s.width();
  const auto axes = [&](int a, int b) { return axes_text(s, a, b); };
  std::string text = s.operation == Operation::convolution            ? "conv"
                     : s.operation == Operation::transposed_convolution ? "transposed"
                     : s.operation == Operation::max_pooling            ? "max pool"
                                                                         : "avg pool";
  text += " " + (s.dims == 1 ? fmt::format("k={}", w.kernel) : fmt::format("{}x{}", h.kernel, w.kernel));
  if (h.stride != 1 || w.stride != 1) text += ", s=" + axes(h.stride, w.stride);
  if (h.dilation != 1 || w.dilation != 1) text += ", d=" + axes(h.dilation, w.dilation);
  if (s.padding.scheme == PaddingScheme::causal) text += ", causal";
  else if (h.total_padding() + w.total_padding() > 0) text += ", p=" + axes(h.padding_begin, w.padding_begin);
  return text;
}

class ReceptiveView final : public View {
 public:
  ReceptiveView(const NetworkTrace& trace, const RenderSettings& settings, Build build)
      : View(0), trace_(trace), theme_(*settings.theme), p_(cell_size(trace, settings)),
        strips_(trace.network.dims() == 1) {
    const Trace& top = trace.layers.back();
    if (settings.cells.empty())
      for (int r = 0; r < top.output_size[0]; ++r)
        for (int c = 0; c < top.output_size[1]; ++c) units_.push_back({r, c});
    for (const auto& [r, c] : settings.cells) units_.push_back({std::max(r, 0), c});  // -1: a 1-D unit's row
    frames_ = units_.size();
    place();
    std::vector<Text> texts;
    if (settings.labels)
      for (std::size_t m = 0; m < planes_.size(); ++m) texts.push_back(label(m));
    const Framed size = frame_figure(planes_, texts, settings.caption ? caption() : "", p_, theme_.text);
    width_ = size.width;
    height_ = size.height;
    background_ = settings.transparent ? std::nullopt : std::optional(theme_.background);
    if (build == Build::size_only) return;
    for (std::size_t m = 0; m < planes_.size(); ++m) {
      std::vector<Shape> shapes;
      add_map(shapes, m);
      if (m == 0) shapes.insert(shapes.end(), texts.begin(), texts.end());
      maps_.push_back(Layer::make(Layer::Kind::fixed, std::move(shapes)));
    }
  }

  bool glides(std::size_t from, std::size_t to) const override {
    return next_in_row(0, units_.at(from), 0, units_.at(to));
  }

  Scene scene(std::size_t index) const override {
    const Cell unit = units_.at(index);
    const std::vector<MapField> field = field_of(trace_, 0, unit);  // maps from the top's down to 0
    // The cells lit on each map, in the coordinates of the plane it is drawn as, and each map's
    // field extent (for the cone): the top map's unit, then each field below.
    const std::size_t count = planes_.size();
    std::vector<std::vector<Cell>> lit(count), padding(count);
    lit[count - 1] = {unit};
    for (const MapField& map : field) {
      const Grid& grid = trace_.layers[std::size_t(map.map)].grid;
      for (Cell cell : map.cells)
        lit[std::size_t(map.map)].push_back({grid.input_origin[0] + cell.row * grid.input_spacing[0],
                                             grid.input_origin[1] + cell.col * grid.input_spacing[1]});
      padding[std::size_t(map.map)] = map.padding;
    }
    Scene scene{width_, height_, background_, {}};
    for (std::size_t m = 0; m < count; ++m) {
      scene.layers.push_back(maps_[m]);
      std::vector<Shape> marks;
      add_shaded(marks, planes_[m], lit[m], theme_.shade);
      for (Cell cell : padding[m]) marks.push_back(padding_mark(planes_[m], cell));
      // The cone from this map's field up to the map above's: drawn before the map above, which hides it.
      if (m + 1 < count) marks.push_back(cone(m, lit[m], padding[m], lit[m + 1]));
      scene.layers.push_back(Layer::make(Layer::Kind::moving, std::move(marks)));
    }
    return scene;
  }

 private:
  // The cell size: as given, or the default shrunk until the tower fits a slide.
  static double cell_size(const NetworkTrace& trace, const RenderSettings& settings) {
    if (settings.cell_size_given) return settings.cell_size;
    double cells = 0;  // the tower's height in cells, roughly: each map's depth and a gap
    for (const Trace& layer : trace.layers) cells += 1.1 * (layer.grid.size[0] + layer.grid.size[1]) / 2 + tower_gap_cells;
    const Trace& top = trace.layers.back();
    cells += 1.1 * (top.output_size[0] + top.output_size[1]) / 2;
    if (trace.network.dims() == 1) cells = double(trace.layers.size() + 1) * (1 + strip_gap_cells);
    return std::max<double>(min_cell_size, std::min<double>(settings.cell_size, tallest_default_px / cells));
  }

  // Map m's plane: the grid the layer above slides over, or the top layer's output.
  void place() {
    const Projection projection = strips_ ? Projection::flat : Projection::oblique;
    const std::size_t count = trace_.layers.size() + 1;
    for (std::size_t m = 0; m < count; ++m) {
      const bool top = m + 1 == count;
      const auto& size = top ? trace_.layers.back().output_size : trace_.layers[m].grid.size;
      planes_.push_back(projected_plane(top ? "output" : m == 0 ? "input" : fmt::format("layer {}", m), size[0],
                                        size[1], projection, p_.cell));
    }
    // Each map above the one below, centred on it.
    for (std::size_t m = 1; m < count; ++m) {
      const Box below = planes_[m - 1].box(), self = planes_[m].box();
      const double gap = (strips_ ? strip_gap_cells : tower_gap_cells) * p_.cell;
      planes_[m].origin = planes_[m].origin +
                          Point{(below.x0 + below.x1) / 2 - (self.x0 + self.x1) / 2, below.y0 - gap - self.y1};
    }
    if (strips_) align_strips();
  }

  // Strips: each map's units above the middle of the windows that compute them (above the last input
  // a causal layer sees), as in the pictures of WaveNet, where one can then follow a field by eye.
  void align_strips() {
    for (std::size_t m = 1; m < planes_.size(); ++m) {
      const Trace& layer = trace_.layers[m - 1];  // from map m - 1 to map m
      const Axis& a = layer.scenario.width();
      if (a.stride != 1 || layer.scenario.operation == Operation::transposed_convolution) continue;
      const double span = a.effective_kernel() - 1;
      const double offset = layer.scenario.padding.scheme == PaddingScheme::causal ? span : span / 2;
      // Unit 0 of map m (at its plane's column `origin`, after the padding of the layer above) over
      // grid column `offset` of map m - 1, where its window starts at column 0.
      const int origin = m + 1 < planes_.size() ? trace_.layers[m].grid.input_origin[1] : 0;
      planes_[m].origin.x += planes_[m - 1].at(0, offset).x - planes_[m].at(0, origin).x;
    }
  }

  Text label(std::size_t m) const {
    const Plane& plane = planes_[m];
    const auto& after = m == 0 ? trace_.network.on_input : trace_.layers[m - 1].scenario.after;
    std::string text = m == 0 ? "input" : fmt::format("layer {}: {}", m, layer_text(trace_.layers[m - 1].scenario));
    for (const ElementwiseCall& call : after) text += ", " + call.class_name;  // they pass through
    const Point at = strips_ ? plane.at(0.5, 0) : plane.at(0, 0);
    return {std::move(text), at + Point{-label_offset_cells * p_.cell, 0}, Text::Align::right, p_.label_size,
            theme_.text};
  }

  // "receptive field r = 5x5, jump 1x1, first centre at 1x1"
  std::string caption() const {
    const auto& f = trace_.field_arithmetic.back();
    const auto number = [](double v) { return fmt::format("{:g}", v); };
    const auto both = [&](double h, double w) {
      return trace_.network.dims() == 1 || h == w ? number(w) : number(h) + "x" + number(w);
    };
    return fmt::format("receptive field r = {}, jump j = {}, start = {} (input cells)", both(f[0].size, f[1].size),
                       both(f[0].jump, f[1].jump), both(f[0].start, f[1].start));
  }

  // A map: its units filled, outlines dashed for the padding and inserted zeros around and between them.
  void add_map(std::vector<Shape>& out, std::size_t m) const {
    const Plane& plane = planes_[m];
    const bool top = m + 1 == planes_.size();
    const auto is_unit = [&](Cell cell) { return top || trace_.layers[m].grid.kind(cell) == CellKind::input; };
    add_fills(out, plane, top ? theme_.output : theme_.input, is_unit);
    add_outlines(out, plane, p_, theme_.grid_line, is_unit);
  }

  // A padding cell the field reaches: a smaller shaded square inside the dashed cell.
  Shape padding_mark(const Plane& plane, Cell cell) const {
    const double inset = (1 - padding_mark_ratio) / 2;
    Path path = quad_path({plane.point(cell, inset, inset), plane.point(cell, 1 - inset, inset),
                           plane.point(cell, 1 - inset, 1 - inset), plane.point(cell, inset, 1 - inset)});
    path.fill = theme_.shade;
    path.stroke = Stroke{theme_.grid_line, std::max(1.0, p_.line_width / 2), p_.line_width * 2};
    return path;
  }

  // Lines from the corners of the field's extent on map m to those of its extent on map m + 1.
  Shape cone(std::size_t m, const std::vector<Cell>& cells, const std::vector<Cell>& padding,
             const std::vector<Cell>& above) const {
    const auto extent = [](const std::vector<Cell>& a, const std::vector<Cell>& b) {
      int r0 = 1 << 30, c0 = 1 << 30, r1 = -1, c1 = -1;
      for (const auto* list : {&a, &b})
        for (Cell cell : *list) r0 = std::min(r0, cell.row), c0 = std::min(c0, cell.col), r1 = std::max(r1, cell.row),
                                c1 = std::max(c1, cell.col);
      return std::array<int, 4>{r0, c0, r1 + 1, c1 + 1};
    };
    const auto low = extent(cells, padding), high = extent(above, {});
    const Plane &a = planes_[m], &b = planes_[m + 1];
    Path path;
    path.closed = false;
    path.stroke = Stroke{theme_.grid_line, std::min(p_.line_width * 0.6, 1.0), 0, false};
    if (low[2] < 0 || high[2] < 0) return path;
    const auto line = [&](Point from, Point to) {
      path.points.insert(path.points.end(), {from, to});
      path.contours.push_back(2);
    };
    if (strips_) {  // from the top edge of the field's cells to the bottom edge of the unit above
      line(a.at(low[0], low[1]), b.at(high[2], high[1]));
      line(a.at(low[0], low[3]), b.at(high[2], high[3]));
      return path;
    }
    for (const auto& [r, c] : {std::pair{0, 1}, std::pair{0, 3}, std::pair{2, 3}, std::pair{2, 1}})
      line(a.at(low[std::size_t(r)], low[std::size_t(c)]), b.at(high[std::size_t(r)], high[std::size_t(c)]));
    return path;
  }

  const NetworkTrace& trace_;
  const Theme theme_;
  Proportions p_;
  bool strips_;
  std::vector<Cell> units_;  // the top units, one a frame
  std::optional<Colour> background_;
  std::vector<Layer> maps_;
};

std::unique_ptr<View> make_receptive_view(const NetworkTrace& trace, const RenderSettings& settings, Build build) {
  return std::make_unique<ReceptiveView>(trace, settings, build);
}

}  // namespace

extern const ViewType receptive_view{
    .name = "receptive",
    .summary = "a network (a config with \"layers\") as a tower of maps; one top unit a frame and its receptive "
               "field, down to the input",
    .cell_size = [](const Config& config) { return depth_cell_size(config); },
    .make_network = make_receptive_view,
};

}  // namespace convanim
