// nn.Sequential strings (src/config/sequential.cpp), the element-wise layers that pass through a
// network (layer_string.cpp, network.cpp) and their values (simulate/elementwise_values.cpp).
#include <cmath>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "src/config/config.hpp"
#include "src/simulate/elementwise_values.hpp"
#include "src/simulate/network_trace.hpp"

using namespace convanim;
using nlohmann::json;
using test::CliResult;
using test::run_cli;
using test::TempDir;

namespace {
// What print(nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))) shows in 1.13.
constexpr const char* printed = R"(Sequential(
  (0): Conv2d(1, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
  (1): ReLU(inplace=True)
  (pool): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
))";
}  // namespace

TEST_CASE("sequential: code and print(model) split into the same calls", "[sequential]") {
  CHECK(split_sequential("nn.Conv2d(1, 1, 3)") == std::nullopt);
  CHECK(*split_sequential(printed) ==
        std::vector<std::string>{"Conv2d(1, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))",
                                 "ReLU(inplace=True)",
                                 "MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)"});
  CHECK(*split_sequential("torch.nn.Sequential(nn.Conv1d(1, 2, 3), nn.Sequential(nn.ReLU(), "
                          "nn.AvgPool1d((2,), padding=(1,))),)") ==
        std::vector<std::string>{"nn.Conv1d(1, 2, 3)", "nn.ReLU()", "nn.AvgPool1d((2,), padding=(1,))"});
  for (const char* bad : {"nn.Sequential(", "nn.Sequential()", "nn.Sequential(nn.ReLU() x", "Sequential((0) Conv2d(1, 1, 1))",
                          "nn.Sequential(nn.Conv2d(1, 1, 'x)", "nn.Sequential(3)"}) {
    INFO(bad);
    CHECK_THROWS_AS(split_sequential(bad), LayerStringError);
  }
}

TEST_CASE("sequential: element-wise calls are read with PyTorch's signatures", "[sequential]") {
  const auto leaky = parse_elementwise_call(" nn.LeakyReLU(negative_slope=0.2, inplace=True) ");
  REQUIRE(leaky);
  CHECK(leaky->text == "nn.LeakyReLU(negative_slope=0.2, inplace=True)");
  CHECK(leaky->parameters[0] == 0.2);
  CHECK(parse_elementwise_call("nn.Conv2d(1, 1, 3)") == std::nullopt);
  CHECK(parse_elementwise_call("nn.Nope()") == std::nullopt);
  CHECK(parse_elementwise_call("GELU(approximate='tanh')")->function == ElementwiseFunction::gelu_tanh);
  CHECK(!parse_elementwise_call("nn.BatchNorm2d(8, eps=1e-05, momentum=0.1, affine=True)")->has_values());
  CHECK_THROWS_WITH(parse_elementwise_call("nn.Hardtanh(2.0, 1.0)"),
                    Catch::Contains("max_val must be greater than min_val"));
  CHECK_THROWS_WITH(parse_elementwise_call("nn.Dropout(p=2)"), Catch::Contains("a number from 0 to 1"));
  CHECK_THROWS_WITH(parse_layer_call("nn.ReLU()"), Catch::Contains("ReLU acts on each value alone"));
}

TEST_CASE("sequential: activations pass through the drawing and act on the values", "[sequential]") {
  const Config config = config_from_layer("nn.Sequential(nn.Conv2d(1, 1, 2), nn.ReLU(), nn.Tanh(), "
                                          "nn.MaxPool2d(2, stride=1))", {3, 3}, "test", "--layer", "-i");
  const Network& n = *config.network();
  REQUIRE(n.layers.size() == 2);
  CHECK(n.input_shape == std::vector{1, 3, 3});
  CHECK(n.layers[0].after.size() == 2);

  json network = {{"input", {1, 3, 3}},
                  {"layers", {{{"layer", "nn.Sigmoid()"}}, {{"layer", "nn.Conv2d(1, 1, 2, bias=False)"}},
                              {{"layer", "nn.LeakyReLU(0.5)"}}}},
                  {"values", {{"input", {{{0, 1, -2}, {3, 4, 5}, {6, -7, 8}}}}, {"layers", {{{"kernel", {{{{1, -1}, {0, 0}}}}}}}}}}};
  const NetworkTrace trace = simulate_network(parse_network(network, "test", "n"));
  const auto s = [](double x) { return 1 / (1 + std::exp(-x)); };
  const std::vector<double> raw{s(0) - s(1), s(1) - s(-2), s(3) - s(4), s(4) - s(5)};
  const auto& out = trace.layers[0].values->output.data;
  REQUIRE(out.size() == 4);
  for (std::size_t i = 0; i < 4; ++i) CHECK(out[i] == Approx(raw[i] > 0 ? raw[i] : 0.5 * raw[i]));
}

TEST_CASE("sequential: bad networks of element-wise layers are refused naming the entry", "[sequential]") {
  const auto refuse = [](const json& layers, const char* message) {
    INFO(layers.dump());
    CHECK_THROWS_WITH(parse_network({{"input", {4, 5, 5}}, {"layers", layers}}, "t", "n"), Catch::Contains(message));
  };
  refuse({{{"layer", "nn.ReLU()"}}}, "only element-wise layers");
  refuse({{{"layer", "nn.BatchNorm2d(3)"}}, {{"layer", "nn.Conv2d(4, 1, 3)"}}}, "num_features is 3");
  refuse({{{"layer", "nn.ReLU()"}, {"kernel", 3}}}, "/layers/0/kernel");
  CHECK_THROWS_WITH(parse_network({{"input", {4, 5, 5}},
                                   {"layers", {{{"layer", "nn.Conv2d(4, 4, 3)"}}, {{"layer", "nn.BatchNorm2d(4)"}}}},
                                   {"values", {{"seed", 1}}}},
                                  "t", "n"),
                    Catch::Contains("/layers/1/layer: BatchNorm2d has no values"));
}

TEST_CASE("sequential: --layer takes what print(model) shows", "[sequential][cli]") {
  const CliResult shape = run_cli({"shape", "--layer", printed, "-i", "1x8x8", "--json"});
  REQUIRE(shape.status == 0);
  CHECK(json::parse(shape.out)["layers"].size() == 2);
  TempDir dir;
  const CliResult render = run_cli({"render", "--layer", printed, "-i", "8x8", "-o", (dir.path() / "s.gif").string()});
  CHECK(render.status == 0);
  CHECK(std::filesystem::file_size(dir.path() / "s.gif") > 0);
  const CliResult refused = run_cli({"render", "--layer", "nn.Sequential(nn.Linear(3, 4))", "-i", "1x8x8", "-o", "x.gif"});
  CHECK(refused.status == 2);
  CHECK_THAT(refused.err, Catch::Contains("--layer: unknown layer class \"nn.Linear\""));
}
