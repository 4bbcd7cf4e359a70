// Every input the fuzzer found (and the reproducers of issue 7's hostile configs) replayed through
// the same check as the fuzz targets: no crash, no exception but the one-line errors, so that what
// was fixed stays fixed. scripts/fuzz.sh explains how a finding gets here.
#include <filesystem>
#include <map>
#include <string>

#include <catch2/catch.hpp>

#include "src/config/layer_string.hpp"
#include "tests/decode.hpp"
#include "tests/fuzz/check_config.hpp"

namespace fs = std::filesystem;

namespace {
const fs::path fuzz_dir = fs::path(CONVANIM_SOURCE_DIR) / "tests/fuzz";
}  // namespace

TEST_CASE("fuzz regressions: each config input is read without a crash, or refused in one line", "[fuzz]") {
  // What the reproducers of issue 7 must be refused for (a new finding needs no entry here).
  const std::map<std::string, std::string> refused_for{
      {"deep_arrays.json", "/name/0/0/0"},
      {"deep_objects.json", "nested deeper than 32 levels"},
      {"number_overflow.json", "/values/input/0/0: a number out of range"},
      {"product_overflow.json", "/values/input/0/0: expected a number from -1e+06 to 1e+06"},
      {"text_after_nul.json", "a NUL byte at byte 53"},
      {"duplicate_key.json", "/kernel: duplicate key \"kernel\""},
      {"control_characters_in_key.json", "unknown key \"ke\\ny\\u001B[31m\\u009B\""},
      {"too_many_taps.json", "272646144 taps to record"},
      {"bad_render_object.json", "/render/theme: expected one of"},
      {"max_pooling_window_of_padding.json", "covers only padding"},
  };
  std::size_t replayed = 0;
  for (const auto& entry : fs::directory_iterator(fuzz_dir / "regressions")) {
    const std::string name = entry.path().filename().string();
    INFO(name);
    const std::string message = fuzz::check_config(test::read_bytes(entry.path()));
    if (const auto expected = refused_for.find(name); expected != refused_for.end())
      CHECK_THAT(message, Catch::StartsWith("fuzz.json: ") && Catch::Contains(expected->second));
    ++replayed;
  }
  CHECK(replayed >= refused_for.size());
}

TEST_CASE("fuzz regressions: each layer string is parsed or refused in one line", "[fuzz]") {
  for (const char* directory : {"layer_seeds", "layer_regressions"})
    for (const auto& entry : fs::directory_iterator(fuzz_dir / directory)) {
      INFO(entry.path());
      try {
        const convanim::LayerCall call = convanim::parse_layer_call(test::read_bytes(entry.path()));
        CHECK(call.kernel[1] >= 1);
      } catch (const convanim::LayerStringError& e) {
        CHECK(std::string(e.what()).find('\n') == std::string::npos);
      }
    }
}
