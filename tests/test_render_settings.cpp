// resolve_render_settings: the defaults (the guide's look), the scenario's "render" object over them,
// the command-line overrides over both, and errors naming the config file and the key.
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "renderer/views/render_settings.hpp"
#include "renderer/views/views.hpp"
#include "src/config/scenario.hpp"

using namespace convanim;
using nlohmann::json;

namespace {

constexpr const char* source = "configs/some_figure.json";

json arithmetic_config() { return {{"operation", "convolution"}, {"input", 5}, {"kernel", 3}}; }
json numerical_config() {
  return {{"operation", "convolution"}, {"input", 5}, {"kernel", 3}, {"values", {{"seed", 1}}}};
}

// The config as `render`'s commands take it: read, its render object checked.
Config with_render(json config, const json& render) {
  config["render"] = render;
  Config c = parse_config(config, source, "figure");
  read_render_options(c);
  return c;
}

RenderSettings resolve(json config, const json& render, const RenderOverrides& overrides = {}) {
  return resolve_render_settings(with_render(std::move(config), render), overrides);
}

// The message of the ConfigError that resolving throws ("" if none is thrown).
std::string error_of(const Config& config, const RenderOverrides& overrides = {}) {
  try {
    resolve_render_settings(config, overrides);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("Render settings: the defaults are the guide's look", "[renderer][settings]") {
  SECTION("arithmetic: oblique") {
    const RenderSettings s = resolve_render_settings(parse_config(arithmetic_config(), source, "figure"));
    CHECK(s.view == "oblique");
    CHECK(s.cell_size == 31);
    CHECK(s.cell_size == default_oblique_cell_size);
    CHECK(s.frame_duration_ms == 1000);
    CHECK(s.labels);
    CHECK_FALSE(s.caption);
    CHECK(s.loop);
    CHECK_FALSE(s.transparent);
    REQUIRE(s.theme != nullptr);
    CHECK(s.theme->name == "solarized");
    CHECK(s.theme.get() == find_theme("solarized"));
  }
  SECTION("numerical: flat") {
    const RenderSettings s = resolve_render_settings(parse_config(numerical_config(), source, "figure"));
    CHECK(s.view == "flat");
    CHECK(s.cell_size == 44);
    CHECK(s.cell_size == default_flat_cell_size);
    CHECK(s.frame_duration_ms == 1000);
    CHECK(s.labels);
    CHECK_FALSE(s.caption);
    CHECK(s.loop);
    REQUIRE(s.theme != nullptr);
    CHECK(s.theme->name == "solarized");
  }
  SECTION("an empty render object changes nothing") {
    const RenderSettings s = resolve(arithmetic_config(), json::object());
    CHECK(s.view == "oblique");
    CHECK(s.cell_size == 31);
  }
}

TEST_CASE("Render settings: the solarized theme is the guide's palette", "[renderer][settings]") {
  const Theme* theme = find_theme("solarized");
  REQUIRE(theme != nullptr);
  const auto same = [](const Colour& c, int r, int g, int b, double a) {
    return c.r == Approx(r / 255.0) && c.g == Approx(g / 255.0) && c.b == Approx(b / 255.0) && c.a == Approx(a);
  };
  // The guide's blue (38, 139, 210) and cyan (42, 161, 152), a shade darker so that white values
  // read on them at 4.5:1 (tests/test_themes.cpp).
  CHECK(same(theme->input, 31, 122, 186, 1.0));
  CHECK(same(theme->output, 30, 128, 120, 1.0));
  CHECK(same(theme->shade, 7, 54, 66, 0.4));
  CHECK(same(theme->background, 255, 255, 255, 1.0));
  CHECK(find_theme("colorblind") != nullptr);
  CHECK(find_theme("dark") != nullptr);
  CHECK(find_theme("print") != nullptr);
  CHECK(find_theme("solarised") == nullptr);
  // Colour::over: 40% of the shade over the input blue.
  const Colour over = theme->shade.over(theme->input);
  CHECK(over.r == Approx((0.4 * 7 + 0.6 * 31) / 255));
  CHECK(over.g == Approx((0.4 * 54 + 0.6 * 122) / 255));
  CHECK(over.b == Approx((0.4 * 66 + 0.6 * 186) / 255));
  CHECK(over.a == 1.0);
}

TEST_CASE("Render settings: each key of the render object overrides its default", "[renderer][settings]") {
  CHECK(resolve(arithmetic_config(), {{"view", "flat"}}).view == "flat");
  CHECK(resolve(arithmetic_config(), {{"view", "flat"}}).cell_size == 44);  // the flat default
  CHECK(resolve(numerical_config(), {{"view", "oblique"}}).view == "oblique");
  CHECK(resolve(numerical_config(), {{"view", "oblique"}}).cell_size == 31);
  CHECK(resolve(arithmetic_config(), {{"theme", "dark"}}).theme.get() == find_theme("dark"));
  CHECK(resolve(arithmetic_config(), {{"theme", "colorblind"}}).theme.get() == find_theme("colorblind"));
  CHECK_FALSE(resolve(arithmetic_config(), {{"labels", false}}).labels);
  CHECK(resolve(arithmetic_config(), {{"caption", true}}).caption);
  CHECK(resolve(arithmetic_config(), {{"cell_size", 20}}).cell_size == 20);
  CHECK(resolve(numerical_config(), {{"cell_size", 60}}).cell_size == 60);
  CHECK(resolve(arithmetic_config(), {{"frame_duration", 250}}).frame_duration_ms == 250);
  CHECK(resolve(arithmetic_config(), {{"background", "transparent"}}).transparent);
  CHECK_FALSE(resolve(arithmetic_config(), {{"background", "white"}}).transparent);
  CHECK_FALSE(resolve(arithmetic_config(), {{"loop", false}}).loop);
  // The bounds themselves are allowed.
  CHECK(resolve(arithmetic_config(), {{"cell_size", min_cell_size}}).cell_size == 8);
  CHECK(resolve(arithmetic_config(), {{"cell_size", max_cell_size}}).cell_size == 200);
  CHECK(resolve(arithmetic_config(), {{"frame_duration", 10}}).frame_duration_ms == 10);
  CHECK(resolve(arithmetic_config(), {{"frame_duration", 60000}}).frame_duration_ms == 60000);

  SECTION("all at once") {
    const RenderSettings s = resolve(numerical_config(), {{"view", "oblique"},
                                                          {"theme", "dark"},
                                                          {"labels", false},
                                                          {"caption", true},
                                                          {"cell_size", 17},
                                                          {"frame_duration", 400},
                                                          {"background", "transparent"},
                                                          {"loop", false}});
    CHECK(s.view == "oblique");
    CHECK(s.theme.get() == find_theme("dark"));
    CHECK_FALSE(s.labels);
    CHECK(s.caption);
    CHECK(s.cell_size == 17);
    CHECK(s.frame_duration_ms == 400);
    CHECK(s.transparent);
    CHECK_FALSE(s.loop);
  }
}

TEST_CASE("Render settings: command-line overrides win over the config", "[renderer][settings]") {
  const json render{{"view", "flat"},       {"theme", "dark"},         {"labels", false},
                    {"caption", true},      {"cell_size", 17},         {"frame_duration", 400},
                    {"background", "transparent"}, {"loop", false}};
  RenderOverrides o;
  o.set("view", "oblique").set("theme", "colorblind").set("background", "white").set("labels", true);
  o.set("caption", false).set("loop", true).set("cell_size", 25).set("frame_duration", 150);
  const RenderSettings s = resolve(arithmetic_config(), render, o);
  CHECK(s.view == "oblique");
  CHECK(s.theme.get() == find_theme("colorblind"));
  CHECK_FALSE(s.transparent);
  CHECK(s.labels);
  CHECK_FALSE(s.caption);
  CHECK(s.loop);
  CHECK(s.cell_size == 25);
  CHECK(s.frame_duration_ms == 150);

  SECTION("an unset override leaves the config's value") {
    RenderOverrides only_view;
    only_view.set("view", "oblique");
    const RenderSettings t = resolve(arithmetic_config(), render, only_view);
    CHECK(t.view == "oblique");
    CHECK(t.theme.get() == find_theme("dark"));
    CHECK_FALSE(t.labels);
    CHECK(t.caption);
    CHECK(t.cell_size == 17);
    CHECK(t.frame_duration_ms == 400);
    CHECK(t.transparent);
    CHECK_FALSE(t.loop);
  }
  SECTION("the view override picks its own default cell size") {
    RenderOverrides flat;
    flat.set("view", "flat");
    CHECK(resolve_render_settings(parse_config(arithmetic_config(), source, "figure"), flat).cell_size == 44);
    RenderOverrides oblique;
    oblique.set("view", "oblique");
    CHECK(resolve_render_settings(parse_config(numerical_config(), source, "figure"), oblique).cell_size == 31);
  }
}

TEST_CASE("Render settings: a bad render object names the file and the key", "[renderer][settings]") {
  struct Bad {
    json render;
    std::string path;          // the JSON pointer the message names
    std::vector<std::string> says;  // and what else it must say
  };
  const std::vector<Bad> bad{
      {{{"them", "dark"}}, "/render/them", {"unknown key", "did you mean \"theme\"", "\"frame_duration\""}},
      {{{"cell_szie", 20}}, "/render/cell_szie", {"did you mean \"cell_size\""}},
      {{{"frame_durations", 20}}, "/render/frame_durations", {"did you mean \"frame_duration\""}},
      {{{"labels", "yes"}}, "/render/labels", {"expected true or false", "\"yes\""}},
      {{{"loop", 1}}, "/render/loop", {"expected true or false"}},
      {{{"caption", nullptr}}, "/render/caption", {"expected true or false"}},
      {{{"cell_size", 7}}, "/render/cell_size", {"8 to 200", "7"}},
      {{{"cell_size", 201}}, "/render/cell_size", {"8 to 200", "201"}},
      {{{"cell_size", -31}}, "/render/cell_size", {"8 to 200"}},
      {{{"cell_size", 20.5}}, "/render/cell_size", {"8 to 200"}},
      {{{"cell_size", "20"}}, "/render/cell_size", {"8 to 200"}},
      {{{"cell_size", 4294967327ull}}, "/render/cell_size", {"8 to 200"}},
      {{{"frame_duration", 9}}, "/render/frame_duration", {"10 to 60000"}},
      {{{"frame_duration", 60001}}, "/render/frame_duration", {"10 to 60000"}},
      {{{"theme", "solarised"}}, "/render/theme", {"\"solarized\"", "\"colorblind\"", "\"dark\"", "\"solarised\""}},
      {{{"theme", 1}}, "/render/theme", {"\"solarized\""}},
      {{{"view", "isometric"}}, "/render/view", {"\"oblique\"", "\"flat\""}},
      {{{"background", "black"}}, "/render/background", {"\"white\"", "\"transparent\""}},
  };
  for (const Bad& b : bad) {
    INFO("render: " << b.render.dump());
    // Refused when the scenario is read, before any command uses it.
    std::string message;
    try {
      with_render(arithmetic_config(), b.render);
    } catch (const ConfigError& e) {
      message = e.what();
    }
    INFO("message: " << message);
    REQUIRE_FALSE(message.empty());
    CHECK(message.rfind(std::string(source) + ": " + b.path + ": ", 0) == 0);
    for (const std::string& part : b.says) CHECK(contains(message, part));
    CHECK_FALSE(contains(message, "\n"));
  }
}

TEST_CASE("Render settings: a render value that is not an object is refused when parsing", "[renderer][settings]") {
  json config = arithmetic_config();
  config["render"] = 3;
  try {
    read_render_options(parse_config(config, source, "figure"));
    FAIL("read_render_options accepted \"render\": 3");
  } catch (const ConfigError& e) {
    INFO(e.what());
    CHECK(std::string(e.what()).rfind(std::string(source) + ": /render: ", 0) == 0);
  }
}

TEST_CASE("Render settings: bad overrides name the flag", "[renderer][settings]") {
  const Config scenario = parse_config(arithmetic_config(), source, "figure");
  const auto message = [&](auto set) {
    RenderOverrides o;
    set(o);
    return error_of(scenario, o);
  };
  const std::string view = message([](RenderOverrides& o) { o.set("view", "sideways"); });
  CHECK(contains(view, "command line"));
  CHECK(contains(view, "--view"));
  CHECK(contains(view, "\"oblique\""));
  const std::string theme = message([](RenderOverrides& o) { o.set("theme", "neon"); });
  CHECK(contains(theme, "--theme"));
  CHECK(contains(theme, "\"solarized\""));
  CHECK(contains(message([](RenderOverrides& o) { o.set("background", "black"); }), "--background"));
  const std::string cell = message([](RenderOverrides& o) { o.set("cell_size", 300); });
  CHECK(contains(cell, "--cell-size"));
  CHECK(contains(cell, "300"));
  CHECK(contains(message([](RenderOverrides& o) { o.set("cell_size", 7); }), "--cell-size"));
  const std::string duration = message([](RenderOverrides& o) { o.set("frame_duration", 0); });
  CHECK(contains(duration, "--frame-duration"));
  CHECK(contains(message([](RenderOverrides& o) { o.set("frame_duration", 60001); }), "--frame-duration"));
}
