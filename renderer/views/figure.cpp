#include "renderer/views/figure.hpp"

namespace convanim {

namespace {
// The view of a record, or the size of the one it would have.
std::unique_ptr<View> view_of(const Trace& trace, const std::optional<NetworkTrace>& network,
                              const RenderSettings& settings, Build build) {
  return network ? make_view(*network, settings, build) : make_view(trace, settings, build);
}

// What a view's size depends on: whether there are numbers and weights, never which (empty tensors).
TraceValues present_values(const Scenario& s) {
  TraceValues values;
  if (!is_pooling(s.operation)) values.kernel = Tensor{};
  if (s.bias) values.bias = Tensor{};
  return values;
}

// A scenario's record without computing its values.
Trace geometry_of(const Scenario& scenario) {
  Scenario bare = scenario;
  bare.values.reset();
  Trace trace = simulate(bare);
  if (scenario.values) trace.values = present_values(scenario);
  trace.scenario = scenario;
  return trace;
}

NetworkTrace geometry_of(const Network& network) {
  Network bare = network;
  bare.values.reset();
  for (Scenario& layer : bare.layers) layer.values.reset();  // a layer's own spec is the network's
  NetworkTrace trace = simulate_network(bare);
  if (network.values)
    for (Trace& layer : trace.layers) layer.values = present_values(layer.scenario);
  trace.network = network;
  return trace;
}

RenderCost cost_of(const std::string& source, const RenderSettings& settings, bool cell_size_from_flag,
                   bool canvas_from_flag, const Trace& trace, const std::optional<NetworkTrace>& network) {
  return {source, settings, cell_size_from_flag, canvas_from_flag, [&](int cell_size) {
            RenderSettings at = settings;
            at.cell_size = cell_size;
            at.canvas.reset();
            const auto view = view_of(trace, network, at, Build::size_only);
            return std::pair{view->width(), view->height()};
          }};
}
}  // namespace

FigurePlan::FigurePlan(const Config& config, const RenderOverrides& overrides)
    : source(config.source), settings(resolve_render_settings(config, overrides)),
      cell_size_from_flag(overrides.has("cell_size")), canvas_from_flag(overrides.has("canvas")) {
  if (const Network* n = config.network()) network = geometry_of(*n);
  else trace = geometry_of(*config.scenario());
  // No cell size asked for: the view's default, or the largest below it whose frame fits the limits
  // (a long 1-D network is wider than a frame may be at the default).
  if (!settings.cell_size_given)
    while (settings.cell_size > min_cell_size && !frame_size_broken(cost().size_at(settings.cell_size)).empty())
      --settings.cell_size;
}

std::size_t FigurePlan::steps() const { return view_of(trace, network, settings, Build::size_only)->frame_count(); }

RenderCost FigurePlan::cost() const {
  return cost_of(source, settings, cell_size_from_flag, canvas_from_flag, trace, network);
}

Figure::Figure(const Config& config, const RenderOverrides& overrides)
    : name(config.name()), source(config.source), settings(resolve_render_settings(config, overrides)),
      cell_size_from_flag(overrides.has("cell_size")), canvas_from_flag(overrides.has("canvas")) {
  {
    const FigurePlan plan(config, overrides);
    settings = plan.settings;  // its cell size, should the default not fit
    check_frame_size(plan.cost());  // before any value is computed
  }
  if (const Network* n = config.network()) network = simulate_network(*n);
  else trace = simulate(*config.scenario());
  check_frame_size(render_cost(*this));  // the view's own size, should it differ
  view = view_of(trace, network, settings, Build::scenes);
}

std::size_t frame_count(const Config& config, const RenderOverrides& overrides) {
  return FigurePlan(config, overrides).steps();
}

RenderCost render_cost(const Figure& figure) {
  return cost_of(figure.source, figure.settings, figure.cell_size_from_flag, figure.canvas_from_flag, figure.trace,
                 figure.network);
}

}  // namespace convanim
