// convanim._convanim: the C++ core and renderer in process, for the Python package (python/convanim).
// Thin on purpose: configs go in as JSON text, records come out as JSON text, frames as NumPy arrays;
// everything Python-shaped (modules, tensors, keyword arguments, notebooks) is in the package.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "renderer/render.hpp"
#include "src/config/json_file.hpp"
#include "src/simulate/network_trace.hpp"
#include "src/simulate/simulator.hpp"
#include "src/simulate/trace_json.hpp"
#include "convanim/version.hpp"

namespace py = pybind11;
using namespace convanim;

namespace {

Config parse_text(const std::string& text, const std::string& source, const std::string& name) {
  return parse_config(parse_config_text(text, source), source, name);
}

// What `convanim trace` prints.
std::string config_trace_json(const Config& config) {
  py::gil_scoped_release unlocked;
  return config.network() ? network_trace_to_json(simulate_network(*config.network())).dump()
                          : trace_to_json(simulate(*config.scenario())).dump();
}

// The output shape, and for a network each layer's shape and receptive field (as `convanim shape`).
std::string config_shape_json(const Config& config) {
  nlohmann::ordered_json out;
  if (const Scenario* s = config.scenario()) {
    out["output_shape"] = s->output_shape();
    return out.dump();
  }
  const Network& n = *config.network();
  out["input_shape"] = n.input_shape;
  out["output_shape"] = n.layers.back().output_shape();
  auto layers = nlohmann::ordered_json::array();
  std::array<FieldAxis, 2> field{};
  for (const Scenario& layer : n.layers) {
    for (std::size_t a = 0; a < 2; ++a) field[a] = next_field(field[a], layer.operation, layer.axes[a]);
    const auto axes = [&](auto member) {
      return n.dims() == 1 ? nlohmann::ordered_json::array({field[1].*member})
                           : nlohmann::ordered_json::array({field[0].*member, field[1].*member});
    };
    layers.push_back({{"name", layer.name},
                      {"output_shape", layer.output_shape()},
                      {"receptive_field", {{"size", axes(&FieldAxis::size)},
                                           {"jump", axes(&FieldAxis::jump)},
                                           {"start", axes(&FieldAxis::start)}}}});
  }
  out["layers"] = std::move(layers);
  return out.dump();
}

// A figure with the config it was made from; it stays where it is built (its view refers to it).
struct PyFigure {
  PyFigure(std::shared_ptr<Config> config_, const std::string& overrides_json)
      : config(std::move(config_)) {
    RenderOverrides overrides{"convanim.figure", false, {}};
    const nlohmann::json values = nlohmann::json::parse(overrides_json);  // kept alive for the loop
    for (const auto& [key, value] : values.items()) overrides.set(key, value);
    py::gil_scoped_release unlocked;
    figure = std::make_unique<Figure>(*config, overrides);
  }

  void save(const std::vector<std::string>& paths, std::size_t first, std::size_t last) const {
    std::vector<OutputTarget> targets;
    for (const std::string& path : paths) targets.push_back(OutputTarget::at(path));
    py::gil_scoped_release unlocked;
    render_files(*figure, targets, {first, last});
  }

  // One RGBA image per step (straight alpha, as a PNG holds it): shape (N, H, W, 4), uint8.
  py::array_t<std::uint8_t> frames(std::size_t first, std::size_t last) const {
    MemoryOutput memory;
    {
      py::gil_scoped_release unlocked;
      render(*figure, memory, {.per_step = true, .file_per_step = true}, {first, last});
    }
    const auto size = figure->size();
    const auto& drawn = memory.frames();
    py::array_t<std::uint8_t> out({py::ssize_t(drawn.size()), py::ssize_t(size.height), py::ssize_t(size.width),
                                   py::ssize_t(4)});
    std::uint8_t* pixel = out.mutable_data();
    for (const MemoryOutput::Frame& frame : drawn)
      for (const std::uint32_t argb : frame.pixels) {
        const std::uint32_t alpha = argb >> 24;
        // Cairo's premultiplied channels back to straight ones, rounding as its PNG writer does.
        const auto channel = [&](int shift) {
          const std::uint32_t c = (argb >> shift) & 0xff;
          return std::uint8_t(alpha == 0 ? 0 : (c * 255 + alpha / 2) / alpha);
        };
        *pixel++ = channel(16);
        *pixel++ = channel(8);
        *pixel++ = channel(0);
        *pixel++ = std::uint8_t(alpha);
      }
    return out;
  }

  std::shared_ptr<Config> config;
  std::unique_ptr<Figure> figure;
};

}  // namespace

PYBIND11_MODULE(_convanim, m) {
  m.doc() = "convanim's C++ core and renderer (use the convanim package)";
  m.attr("__version__") = std::string(version);
  auto value_error = py::register_exception<ConfigError>(m, "ConfigError", PyExc_ValueError);
  py::register_exception<OutputError>(m, "OutputError", PyExc_OSError);
  (void)value_error;

  py::class_<Config, std::shared_ptr<Config>>(m, "Config")
      .def_property_readonly("name", &Config::name)
      .def_property_readonly("is_network", [](const Config& c) { return c.network() != nullptr; })
      .def("trace", &config_trace_json)
      .def("shape", &config_shape_json);
  m.def("parse", [](const std::string& text, const std::string& source, const std::string& name) {
    return std::make_shared<Config>(parse_text(text, source, name));
  }, py::arg("text"), py::arg("source"), py::arg("name"));
  m.def("load", [](const std::string& path) { return std::make_shared<Config>(load_config(path)); }, py::arg("path"));

  m.def("split_sequential", [](const std::string& text) {
    try {
      return split_sequential(text);
    } catch (const LayerStringError& e) {
      throw ConfigError("convanim.figure", "obj", e.what());
    }
  }, py::arg("text"));

  py::class_<PyFigure>(m, "Figure")
      .def(py::init<std::shared_ptr<Config>, const std::string&>(), py::arg("config"), py::arg("render"))
      .def_property_readonly("name", [](const PyFigure& f) { return f.figure->name; })
      .def_property_readonly("size", [](const PyFigure& f) {
        return std::pair{f.figure->size().width, f.figure->size().height};
      })
      .def_property_readonly("step_count", [](const PyFigure& f) { return f.figure->frames(); })
      .def_property_readonly("frame_duration_ms", [](const PyFigure& f) { return f.figure->settings.frame_duration_ms; })
      .def("save", &PyFigure::save, py::arg("paths"), py::arg("first"), py::arg("last"))
      .def("frames", &PyFigure::frames, py::arg("first"), py::arg("last"));
  m.def("extensions", [] {
    std::vector<std::string> out;
    for (const OutputType* type : output_types()) out.emplace_back(type->extension);
    return out;
  });
}
