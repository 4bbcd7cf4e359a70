// The gallery's web page (`convanim batch --page`): every figure of the manifest on it, in its
// section, with its animation, config and command; text from configs escaped; every link and source
// a file that exists. The browser check (tests/browser/) opens such a page in Chromium.
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/gallery/gallery_page.hpp"
#include "tests/cli_run.hpp"
#include "tests/decode.hpp"

namespace fs = std::filesystem;

namespace {

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

std::string read_text(const fs::path& path) {
  const auto bytes = test::read_bytes(path);
  return std::string(bytes.begin(), bytes.end());
}

// Every value of an attribute on the page, in order.
std::vector<std::string> attributes(const std::string& html, const std::string& name) {
  std::vector<std::string> values;
  const std::regex pattern(" " + name + "=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), pattern); it != std::sregex_iterator(); ++it)
    values.push_back((*it)[1]);
  return values;
}

// %XX back to bytes, and the five entities back to characters: a link as the browser follows it.
std::string unescape_link(const std::string& href) {
  std::string text = std::regex_replace(href, std::regex("&amp;"), "&");
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '%' && i + 2 < text.size()) {
      out += char(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  return out;
}

// A name that is HTML in disguise, in a config's name and in its title.
const std::string hostile = R"x(<img src=x onerror="alert('x')"> & <b>)x";

// A small gallery of one config per section, and one in a folder the page does not know.
struct SmallGallery {
  test::TempDir dir;
  fs::path page() const { return dir.path() / "gallery/index.html"; }

  SmallGallery() {
    const fs::path c = dir.path() / "configs";
    write_file(c / "guide/no_padding_no_strides.json", R"({"operation": "convolution", "input": 4, "kernel": 3})");
    write_file(c / "guide/numerical_no_padding_no_strides.json",
               R"({"operation": "convolution", "input": 4, "kernel": 3, "values": {"seed": 1}})");
    write_file(c / "guide/two_maps.json",
               R"({"operation": "convolution", "input": 3, "kernel": 2, "in_channels": 2, "out_channels": 2})");
    write_file(c / "transposed/no_padding_no_strides_matrix.json",
               R"({"operation": "convolution", "input": 3, "kernel": 2, "render": {"view": "matrix"}})");
    write_file(c / "1d/conv1d.json", R"({"operation": "convolution", "input": [6], "kernel": 3, "stride": 2})");
    write_file(c / "layers/two.json", R"({"input": [1, 5, 5], "layers": [{"operation": "convolution", "kernel": 3},
                                          {"operation": "convolution", "kernel": 3}]})");
    write_file(c / "mine/pool it.json",
               R"({"operation": "max_pooling", "input": 4, "kernel": 2, "stride": 2, "values": {"seed": 2}})");
    write_file(c / "examples/hostile.json",
               nlohmann::json{{"name", hostile},
                              {"operation", "convolution"},
                              {"input", 3},
                              {"kernel", 2},
                              {"render", {{"title", hostile}}}}
                   .dump());
    const test::CliResult run = test::run_cli({"batch", "configs", "-o", "gallery", "--format", "gif,mp4,pdf", "-q",
                                               "--manifest", "gallery/manifest.json", "--page", "gallery/index.html"},
                                              dir.path());
    INFO(run.err);
    REQUIRE(run.status == 0);
  }
};

}  // namespace

TEST_CASE("page: every figure of the manifest, in its section, with its animation, config and command",
          "[page]") {
  SmallGallery gallery;
  const std::string html = read_text(gallery.page());
  const auto manifest = nlohmann::json::parse(read_text(gallery.dir.path() / "gallery/manifest.json"));
  REQUIRE(manifest.at("figures").size() == 8);

  // A figure element per manifest entry, none more.
  const std::regex figure_pattern("<figure id=\"");
  CHECK(std::distance(std::sregex_iterator(html.begin(), html.end(), figure_pattern), std::sregex_iterator()) == 8);
  for (const auto& [name, entry] : manifest.at("figures").items()) {
    INFO(name);
    // Its MP4 played, its GIF as the fallback, its PDF and its config linked.
    const std::string href = std::regex_replace(name, std::regex(" "), "%20");
    CHECK(html.find("<video src=\"" + href + ".mp4\"") != std::string::npos);
    CHECK(html.find("data-gif=\"" + href + ".gif\"") != std::string::npos);
    CHECK(html.find("<a href=\"" + href + ".pdf\">PDF</a>") != std::string::npos);
    CHECK(html.find("<a href=\"../configs/" + href + ".json\">config</a>") != std::string::npos);
    // Its size, as the manifest records it.
    CHECK(html.find(fmt::format("width=\"{}\" height=\"{}\"", entry.at("size")[0].get<int>(),
                                entry.at("size")[1].get<int>())) != std::string::npos);
  }
  // The command to render one, relative to where the batch ran; shell-quoted where the path needs it.
  CHECK(html.find("<code>convanim render configs/1d/conv1d.json -o conv1d.gif -o conv1d.mp4 -o conv1d.pdf</code>") !=
        std::string::npos);
  CHECK(html.find("<code>convanim render &#39;configs/mine/pool it.json&#39; -o &#39;pool it.gif&#39;") !=
        std::string::npos);

  // Sections in the page's order, each figure in its own: by folder, or by content for guide/ and
  // for a folder the page does not know (mine/: max pooling with values is numerical).
  const std::vector<std::pair<std::string, std::vector<std::string>>> expected{
      {"arithmetic", {"guide/no_padding_no_strides"}},
      {"numerical", {"guide/numerical_no_padding_no_strides", "mine/pool%20it"}},
      {"transposed", {"transposed/no_padding_no_strides_matrix"}},
      {"channels", {"guide/two_maps"}},
      {"one-d", {"1d/conv1d"}},
      {"layers", {"layers/two"}},
      {"examples", {"examples/hostile"}},
  };
  std::size_t previous = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto& [id, names] = expected[i];
    INFO(id);
    const std::size_t start = html.find("<section id=\"" + id + "\"");
    REQUIRE(start != std::string::npos);
    CHECK(start > previous);
    previous = start;
    const std::size_t end = html.find("</section>", start);
    CHECK(html.find("<li><a href=\"#" + id + "\">") != std::string::npos);  // in the contents
    for (const std::string& name : names) {
      INFO(name);
      const std::size_t at = html.find("<video src=\"" + name + ".mp4\"");
      CHECK((at > start && at < end));
    }
  }

  // Steps of one second (the default), four of them: the step buttons seek to 0, 1, 2 and 3 s.
  CHECK(html.find("data-steps=\"0 1000 2000 3000\">\n<div class=\"media\"><video src=\"guide/no_padding_no_strides.mp4\"") !=
        std::string::npos);
}

TEST_CASE("page: text from configs is escaped, and every link is a file that exists", "[page]") {
  SmallGallery gallery;
  const std::string html = read_text(gallery.page());
  // The hostile name and title never reach the page as markup, but as text.
  CHECK(html.find("<img src=x") == std::string::npos);
  CHECK(html.find("<b>") == std::string::npos);
  CHECK(html.find("&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt; &amp; &lt;b&gt;") != std::string::npos);
  // The config's own text, shown under the figure, escaped too.
  CHECK(html.find(R"(&quot;name&quot;:&quot;&lt;img src=x onerror=\&quot;alert(&#39;x&#39;)\&quot;&gt; &amp; &lt;b&gt;&quot;)") !=
        std::string::npos);

  // Every href and src, as a browser resolves it from the page's folder, is a file, and every
  // #fragment an id on the page; nothing is fetched from anywhere else.
  const fs::path folder = gallery.page().parent_path();
  const auto ids = attributes(html, "id");
  std::size_t files = 0;
  for (const char* name : {"href", "src", "data-gif"})
    for (const std::string& link : attributes(html, name)) {
      INFO(link);
      CHECK(link.find("://") == std::string::npos);
      if (link.starts_with("#")) {
        CHECK(std::find(ids.begin(), ids.end(), link.substr(1)) != ids.end());
      } else {
        CHECK(fs::is_regular_file(folder / unescape_link(link)));
        ++files;
      }
    }
  CHECK(files == 1 + 8 * 6);  // the style; per figure its video, GIF, and links to GIF, MP4, PDF, config
  CHECK(read_text(folder / "gallery.css") == convanim::gallery_page_css());
  // Ids are unique.
  CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == ids.size());
}

TEST_CASE("page: not with a shard, which renders only part of the set", "[page]") {
  test::TempDir dir;
  write_file(dir.path() / "configs/a.json", R"({"operation": "convolution", "input": 4, "kernel": 3})");
  const test::CliResult run =
      test::run_cli({"batch", "configs", "-o", "out", "--shard", "1/2", "--page", "out/index.html"}, dir.path());
  CHECK(run.status == 2);
  CHECK(run.err.find("--page") != std::string::npos);
  CHECK(!fs::exists(dir.path() / "out/index.html"));
}
