// The stack view: a layer with channels, in the guide's oblique projection. The input's channels are
// planes stacked in depth (channel 1 in front, on top), the output's a stack above; the kernel is a
// box as deep as the channels its filter reads, standing on its footprint in each of them. The
// planes are opaque (padding is drawn in the background's colour), so the channels the filter reads
// are brought forward, the first on top, and its footprint lies on a plane that is seen; the box runs
// from there through the other channels it reads as if they were glass. The current output
// channel's plane is brought forward too.
#include <map>
#include <mutex>

#include <fmt/format.h>

#include "renderer/views/channel_slots.hpp"
#include "renderer/views/plane_shapes.hpp"
#include "renderer/views/step_equation.hpp"
#include "renderer/views/view_type.hpp"
#include "renderer/views/views.hpp"
#include "src/config/describe.hpp"

namespace convanim {
namespace {

constexpr double depth_gap_cells = 0.8;     // between stacked planes: enough to see each one's front edge
constexpr double stack_gap_cells = 1.6;     // between the input stack and the output stack above it
constexpr double label_offset_cells = 0.3;  // labels stand this far left of a plane's corner
constexpr double face_alpha_ratio = 0.5;    // the box's sides: fainter than the shaded taps on its top
constexpr double swatch_cells = 0.4;        // grouped layers: a square of the group's colour by each label

class StackView final : public View {
 public:
  StackView(const Trace& trace, const RenderSettings& settings, Build build)
      : View(trace.steps.size()), trace_(trace), s_(trace.scenario), theme_(*settings.theme), p_(settings.cell_size),
        in_slots_(s_.in_channels), out_slots_(s_.out_channels), decimals_(settings.decimals) {
    const double cell = p_.cell;
    const Point depth{0, depth_gap_cells * cell};
    const auto add_stack = [&](const std::string& role, const ChannelSlots& slots, int rows, int cols) {
      for (int slot = 0; slot < slots.slots(); ++slot) {
        planes_.push_back(projected_plane(slot_name(role, slots, slot), rows, cols, Projection::oblique, cell));
        planes_.back().origin = depth * slot;
      }
    };
    add_stack("input", in_slots_, trace.grid.size[0], trace.grid.size[1]);
    add_stack("output", out_slots_, trace.output_size[0], trace.output_size[1]);
    // The output stack floats above the input stack, centred over it.
    Box in, out;
    for (int slot = 0; slot < in_slots_.slots(); ++slot) in.add(planes_[std::size_t(slot)].box());
    for (std::size_t i = std::size_t(in_slots_.slots()); i < planes_.size(); ++i) out.add(planes_[i].box());
    const Point lift{(in.x0 + in.x1) / 2 - (out.x0 + out.x1) / 2, in.y0 - stack_gap_cells * cell - out.y1};
    for (std::size_t i = std::size_t(in_slots_.slots()); i < planes_.size(); ++i)
      planes_[i].origin = planes_[i].origin + lift;

    std::vector<Text> texts;
    if (settings.labels) {
      for (std::size_t i = 0; i < planes_.size(); ++i) {
        const bool output = i >= std::size_t(in_slots_.slots());
        const ChannelSlots& slots = output ? out_slots_ : in_slots_;
        const int slot = output ? int(i) - in_slots_.slots() : int(i);
        texts.push_back(label(planes_[i], slots, slot, output ? "output" : "input", slots.channel_in(slot)));
      }
      // Room for the widest filter label, beside the output stack's front plane, and for the label of
      // a channel brought into an elision slot.
      texts.push_back(filter_label(s_.out_channels - 1));
      if (out_slots_.elides()) {
        int slot = 0;  // the elision slot
        while (out_slots_.channel_in(slot) >= 0) ++slot;
        texts.push_back(label(output_plane(slot), out_slots_, slot, "output", s_.out_channels - 3));
      }
      if (in_slots_.elides()) {
        int slot = 0;
        while (in_slots_.channel_in(slot) >= 0) ++slot;
        texts.push_back(label(input_plane(slot), in_slots_, slot, "input", s_.in_channels - 3));
      }
    }
    const Framed size =
        frame_figure(planes_, texts, settings.caption ? caption_text(s_) : "", p_, theme_.text);
    width_ = size.width;
    height_ = size.height;
    background_ = settings.transparent ? std::nullopt : std::optional(theme_.background);
    labelled_ = settings.labels;
    if (labelled_) filter_anchor_ = texts[planes_.size()].anchor;
    if (build == Build::size_only) return;

    std::vector<Shape> base;
    if (settings.caption) base.push_back(texts.back());
    base_ = Layer::make(Layer::Kind::fixed, std::move(base));
  }

  bool glides(std::size_t from, std::size_t to) const override {
    return next_in_row(trace_.steps.at(from), trace_.steps.at(to));
  }

  std::optional<Equation> equation(std::size_t frame) const override {
    return step_equation(trace_, trace_.steps.at(frame), decimals_);
  }

  Scene scene(std::size_t index) const override {
    const Step& step = trace_.steps.at(index);
    const int oc = step.output_channel;
    const int first = s_.first_input_channel(oc), count = s_.input_channels_per_filter();
    const Plane& top = input_plane(in_slots_.slot_of(first));
    const Plane& bottom = input_plane(in_slots_.slot_of(first + count - 1));
    const Plane& target = output_plane(out_slots_.slot_of(oc));

    std::vector<Shape> box, lines, marks;
    add_box(box, top, bottom, step.window);
    lines.push_back(footprint_connectors(top, step.window, s_.width().kernel, target, step.output, p_,
                                         theme_.grid_line));
    add_shaded(marks, target, {step.output}, theme_.shade);
    if (filter_anchor_) marks.push_back(filter_label(oc));
    return {width_, height_, background_,
            {base_, input_stack(first), Layer::make(Layer::Kind::moving, std::move(box)), Layer::make(Layer::Kind::moving, std::move(lines)),
             output_stack(oc), Layer::make(Layer::Kind::moving, std::move(marks))}};
  }

 private:
  static std::string slot_name(const std::string& role, const ChannelSlots& slots, int slot) {
    const int channel = slots.channel_in(slot);
    return channel < 0 ? role + " elided" : fmt::format("{} channel {}", role, channel);
  }

  const Plane& input_plane(int slot) const { return planes_[std::size_t(slot)]; }
  const Plane& output_plane(int slot) const { return planes_[std::size_t(in_slots_.slots() + slot)]; }

  Text label(const Plane& plane, const ChannelSlots& slots, int slot, const std::string& role, int channel) const {
    std::string text = channel >= 0 ? channel_label(role, channel, slots.channels())
                                    : fmt::format("… {} more {} channels …", slots.elided(), role);
    // A channel brought into the elision slot stands among the elided ones.
    if (channel >= 0 && slots.channel_in(slot) < 0) text += fmt::format(" (of {} elided)", slots.elided());
    const double offset = label_offset_cells + (grouped() ? swatch_cells + label_offset_cells : 0);
    return {text, plane.at(0, 0) + Point{-offset * p_.cell, 0}, Text::Align::right, p_.label_size, theme_.text};
  }

  bool grouped() const { return s_.groups > 1; }

  // Between a grouped plane's label and its corner: a square of the plane's colour, a key to groups.
  void add_swatch(std::vector<Shape>& out, const Plane& plane, const Colour& colour) const {
    if (!grouped()) return;
    const double size = swatch_cells * p_.cell;
    const Point corner = plane.at(0, 0) + Point{-(label_offset_cells * p_.cell + size), -size / 2};
    Path square = quad_path({corner, corner + Point{size, 0}, corner + Point{size, size}, corner + Point{0, size}});
    square.fill = colour;
    square.stroke = Stroke{theme_.grid_line, p_.line_width};
    out.push_back(std::move(square));
  }

  Text filter_label(int oc) const {
    const Plane& front = output_plane(0);
    std::string text = is_pooling(s_.operation) ? fmt::format("window on channel {} of {}", oc + 1, s_.in_channels)
                                                : fmt::format("filter {} of {}", oc + 1, s_.out_channels);
    // Which input channels it reads, when that is not simply all of them.
    const int first = s_.first_input_channel(oc), count = s_.input_channels_per_filter();
    if (!is_pooling(s_.operation) && s_.groups > 1)
      text += count == 1 ? fmt::format(", reads input channel {}", first + 1)
                         : fmt::format(", reads input channels {}–{}", first + 1, first + count);
    const Point anchor = filter_anchor_ ? *filter_anchor_
                                        : front.at(front.rows / 2.0, front.cols) + Point{label_offset_cells * p_.cell, 0};
    return {text, anchor, Text::Align::left, p_.label_size, theme_.text};
  }

  int group_of_input(int channel) const { return channel / std::max(1, s_.in_channels / s_.groups); }
  int group_of_output(int channel) const { return channel / std::max(1, s_.out_channels / s_.groups); }

  // One plane of a stack, opaque so that the planes in front hide those behind: units in the plane's
  // colour, padding and inserted zeros in the background's, outlines over both. Channel -1 is the
  // elision mark: an empty dashed plane.
  void add_sheet(std::vector<Shape>& out, const Plane& plane, bool output, int channel) const {
    if (channel < 0) {
      add_outlines(out, plane, p_, theme_.grid_line, [](Cell) { return false; });
      return;
    }
    const auto is_unit = [&](Cell cell) { return output || trace_.grid.kind(cell) == CellKind::input; };
    const Colour& fill = plane_colour(theme_, output, output ? group_of_output(channel) : group_of_input(channel),
                                      s_.groups);
    add_fills(out, plane, fill, is_unit);
    add_fills(out, plane, theme_.background, [&](Cell cell) { return !is_unit(cell); });
    add_outlines(out, plane, p_, theme_.grid_line, is_unit);
  }

  // The kernel: its taps shaded on the front plane it reads, and a box from there back to the last.
  void add_box(std::vector<Shape>& out, const Plane& top, const Plane& bottom, const std::vector<Cell>& window) const {
    add_shaded(out, top, window, theme_.shade);
    const std::size_t per_row = std::size_t(s_.width().kernel);
    const auto corners = [&](const Plane& plane) {
      return std::array<Point, 4>{plane.quad(window.front())[0], plane.quad(window[per_row - 1])[1],
                                  plane.quad(window.back())[2], plane.quad(window[window.size() - per_row])[3]};
    };
    const auto t = corners(top), b = corners(bottom);
    Path face_edges = quad_path(t);  // the top of the box: its footprint on the front plane
    face_edges.stroke = Stroke{theme_.grid_line, p_.line_width};
    out.push_back(std::move(face_edges));
    if (&top == &bottom) return;
    // The two sides that face the viewer, then the edges that can be seen.
    Colour face = theme_.shade;
    face.a *= face_alpha_ratio;
    for (auto [from, to] : {std::pair{0u, 3u}, std::pair{3u, 2u}}) {
      Path side = quad_path({t[from], t[to], b[to], b[from]});
      side.fill = face;
      out.push_back(std::move(side));
    }
    Path edges;
    edges.closed = false;
    edges.stroke = Stroke{theme_.grid_line, p_.line_width};
    for (std::size_t corner : {0u, 3u, 2u}) {
      edges.points.insert(edges.points.end(), {t[corner], b[corner]});
      edges.contours.push_back(2);
    }
    edges.points.insert(edges.points.end(), {b[0], b[3], b[2]});
    edges.contours.push_back(3);
    out.push_back(std::move(edges));
  }

  // The input stack with the channels a filter reads from `first` on brought forward, `first` on top,
  // made once per such channel: with padding, the ring of a plane in front would hide them.
  Layer input_stack(int first) const {
    std::lock_guard lock(mutex_);
    if (const auto found = input_stacks_.find(first); found != input_stacks_.end()) return found->second;
    const int reads = s_.input_channels_per_filter();
    const int top = in_slots_.slot_of(first), bottom = in_slots_.slot_of(first + reads - 1);
    // The channel a slot shows: its own; in the elision slot, the first read channel that falls there
    // (drawn and labelled, as it is read), else the elision mark (-1).
    const auto shown = [&](int slot) {
      if (in_slots_.channel_in(slot) >= 0) return in_slots_.channel_in(slot);
      for (int channel = first; channel < first + reads; ++channel)
        if (in_slots_.slot_of(channel) == slot) return channel;
      return -1;
    };
    std::vector<Shape> shapes;
    for (int slot = in_slots_.slots() - 1; slot >= 0; --slot)
      if (slot < top || slot > bottom) add_sheet(shapes, input_plane(slot), false, shown(slot));
    for (int slot = bottom; slot >= top; --slot) add_sheet(shapes, input_plane(slot), false, shown(slot));
    if (labelled_)
      for (int slot = 0; slot < in_slots_.slots(); ++slot) {
        shapes.push_back(label(input_plane(slot), in_slots_, slot, "input", shown(slot)));
        if (shown(slot) >= 0)
          add_swatch(shapes, input_plane(slot), plane_colour(theme_, false, group_of_input(shown(slot)), s_.groups));
      }
    const Layer layer = Layer::make(Layer::Kind::fixed, std::move(shapes));
    input_stacks_.emplace(first, layer);
    return layer;
  }

  // The output stack with channel `oc` brought forward, made once per output channel.
  Layer output_stack(int oc) const {
    std::lock_guard lock(mutex_);
    if (const auto found = output_stacks_.find(oc); found != output_stacks_.end()) return found->second;
    const int current = out_slots_.slot_of(oc);
    std::vector<Shape> shapes;
    for (int slot = out_slots_.slots() - 1; slot >= 0; --slot)
      if (slot != current) add_sheet(shapes, output_plane(slot), true, out_slots_.channel_in(slot));
    add_sheet(shapes, output_plane(current), true, oc);
    if (labelled_)
      for (int slot = 0; slot < out_slots_.slots(); ++slot) {
        const int channel = slot == current ? oc : out_slots_.channel_in(slot);
        shapes.push_back(label(output_plane(slot), out_slots_, slot, "output", channel));
        if (channel >= 0)
          add_swatch(shapes, output_plane(slot), plane_colour(theme_, true, group_of_output(channel), s_.groups));
      }
    const Layer layer = Layer::make(Layer::Kind::fixed, std::move(shapes));
    output_stacks_.emplace(oc, layer);
    return layer;
  }

  const Trace& trace_;
  const Scenario& s_;
  const Theme theme_;
  Proportions p_;
  ChannelSlots in_slots_, out_slots_;
  std::optional<int> decimals_;
  std::optional<Colour> background_;
  bool labelled_ = true;
  std::optional<Point> filter_anchor_;
  Layer base_;
  mutable std::mutex mutex_;
  mutable std::map<int, Layer> input_stacks_, output_stacks_;
};

}  // namespace

std::unique_ptr<View> make_stack_view(const Trace& trace, const RenderSettings& settings, Build build) {
  return std::make_unique<StackView>(trace, settings, build);
}

extern const ViewType stack_view{
    .name = "stack",
    .summary = "channels as planes stacked in depth, the kernel a box as deep as the channels its filter reads: "
               "in and out channels, groups, depthwise and pointwise convolutions",
    .cell_size = [](const Config& config) { return depth_cell_size(config); },
    .make = make_depth_view,
};

}  // namespace convanim
