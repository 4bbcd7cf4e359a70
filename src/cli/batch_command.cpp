// `convanim batch PATH... -o OUTDIR`: every config under the paths, rendered in parallel.
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "convanim/version.hpp"
#include "renderer/sinks/pending_file.hpp"
#include "renderer/render.hpp"
#include "src/batch/batch_plan.hpp"
#include "src/cli/commands.hpp"
#include "src/cli/progress.hpp"
#include "src/cli/render_flags.hpp"

namespace convanim::cli {
namespace {
namespace fs = std::filesystem;

struct BatchOptions {
  std::vector<std::string> paths;
  std::string outdir;
  std::vector<std::string> formats{"gif"};
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  std::string shard = "1/1";
  std::string manifest;
  bool force = false, quiet = false;
  RenderOverrides flags;
};

const std::vector<std::string> known_formats{"gif", "mp4", "png", "svg", "pdf"};

std::pair<int, int> parse_shard(const std::string& text) {
  int k = 0, n = 0;
  char slash = 0, extra = 0;
  std::istringstream in(text);
  if (!(in >> k >> slash >> n) || slash != '/' || in >> extra || n < 1 || k < 1 || k > n)
    throw ConfigError("command line", "--shard", fmt::format("expected K/N with 1 <= K <= N, got \"{}\"", text));
  return {k, n};
}

std::string file_hash(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::uint64_t hash = 0xcbf29ce484222325ull;  // FNV-1a 64
  for (char c; in.get(c);) hash = (hash ^ std::uint8_t(c)) * 0x100000001b3ull;
  return fmt::format("{:016x}", hash);
}

// Every file a format writes for a figure: one, or one per step for PNG and SVG.
std::vector<fs::path> files_of(const fs::path& output, const std::string& format, std::size_t steps) {
  if (format != "png" && format != "svg") return {output};
  std::vector<fs::path> files;
  for (std::size_t step = 0; step < steps; ++step) files.push_back(per_step_path(output, step, steps));
  return files;
}

class Batch {
 public:
  Batch(const BatchOptions& options, std::vector<BatchItem> items)
      : options_(options), items_(std::move(items)),
        progress_(options.quiet ? Progress::Mode::quiet
                  : isatty(STDERR_FILENO) ? Progress::Mode::bar
                                          : Progress::Mode::lines,
                  items_.size()) {}

  int run() {
    std::vector<std::jthread> workers;
    const unsigned jobs = std::min<unsigned>(options_.jobs, unsigned(std::max<std::size_t>(items_.size(), 1)));
    for (unsigned j = 0; j < jobs; ++j)
      workers.emplace_back([this] {
        for (std::size_t i = next_++; i < items_.size(); i = next_++) render_item(items_[i], i);
      });
    workers.clear();  // joins
    if (!options_.manifest.empty()) write_manifest();
    progress_.finish();
    return progress_.failures() > 0 ? exit_failure : exit_ok;
  }

 private:
  void render_item(const BatchItem& item, std::size_t index) {
    const std::string name = item.name.generic_string();
    const auto start = std::chrono::steady_clock::now();
    progress_.started(name);
    try {
      const Figure figure = prepare_figure(load_scenario(item.config), options_.flags);
      std::vector<fs::path> outputs, files;
      for (const std::string& format : options_.formats) {
        outputs.push_back(output_path(options_.outdir, item, format));
        for (fs::path& file : files_of(outputs.back(), format, figure.trace.steps.size())) files.push_back(file);
      }
      if (!options_.force && is_up_to_date(files, item.config, "/proc/self/exe")) {
        progress_.skipped(name);
      } else {
        fs::create_directories(outputs.front().parent_path());
        for (const fs::path& output : outputs) render_file(figure, output);
        progress_.rendered(name, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      }
      if (!options_.manifest.empty()) {
        nlohmann::ordered_json entry{{"config", item.config.generic_string()},
                                     {"config_hash", file_hash(item.config)}};
        entry["frames"] = figure.trace.steps.size();
        entry["size"] = {figure.layout.width, figure.layout.height};
        entry["frames_hash"] = frames_hash(figure);
        entry["formats"] = options_.formats;
        std::lock_guard lock(manifest_mutex_);
        manifest_entries_[index] = {name, std::move(entry)};
      }
    } catch (const std::exception& e) {
      progress_.failed(name, e.what());
    }
  }

  void write_manifest() {
    nlohmann::ordered_json entries = nlohmann::ordered_json::object();
    for (const auto& [index, named] : manifest_entries_) entries[named.first] = named.second;
    const nlohmann::ordered_json manifest{{"program", "convanim"}, {"version", convanim::version}, {"figures", entries}};
    try {
      PendingFile file(options_.manifest);
      std::ofstream out(file.temp_path());
      out << manifest.dump(2) << "\n";
      if (!out.flush()) throw std::runtime_error(fmt::format("cannot write {}", options_.manifest));
      file.commit();
    } catch (const std::exception& e) {
      progress_.failed(options_.manifest, e.what());
    }
  }

  const BatchOptions& options_;
  std::vector<BatchItem> items_;
  Progress progress_;
  std::atomic<std::size_t> next_ = 0;
  std::mutex manifest_mutex_;
  std::map<std::size_t, std::pair<std::string, nlohmann::ordered_json>> manifest_entries_;  // in list order
};

}  // namespace

void add_batch_command(CLI::App& app, Runner& run) {
  auto options = std::make_shared<BatchOptions>();
  CLI::App* batch = app.add_subcommand(
      "batch", "Render every config under the given files and directories (recursively, *.json) in parallel");
  batch->add_option("paths", options->paths, "Config files or directories")->required();
  batch->add_option("-o,--outdir", options->outdir, "Output directory: OUTDIR/<config stem>.<format>, keeping "
                                                    "subdirectories")->required();
  batch->add_option("--format", options->formats, "Formats to write, comma-separated: gif, mp4, png, svg, pdf")
      ->delimiter(',')
      ->check(CLI::IsMember(known_formats))
      ->capture_default_str();
  batch->add_option("-j,--jobs", options->jobs, "Configs rendered at once (default: one per core)")
      ->check(CLI::Range(1u, 256u));
  batch->add_option("--shard", options->shard,
                    "Render only the K-th of N deterministic slices of the sorted config list (K/N, 1 <= K <= N), "
                    "for job arrays")
      ->capture_default_str();
  batch->add_flag("--force", options->force, "Render even when the outputs are newer than config and program");
  batch->add_flag("-q,--quiet", options->quiet, "Print nothing but errors");
  batch->add_option("--manifest", options->manifest,
                    "Also write a manifest (config hash, program version, hash of the drawn frames) to this file");
  add_render_flags(*batch, options->flags);
  batch->callback([options, &run] {
    run = [options] {
      const auto [k, n] = parse_shard(options->shard);
      std::vector<fs::path> paths(options->paths.begin(), options->paths.end());
      Batch batch_run(*options, shard(collect_configs(paths), k, n));
      return batch_run.run();
    };
  });
}

}  // namespace convanim::cli
